"""Benchmark of the year-end projection (issue 16 point 4). Prints figures; asserts nothing about time.

  .venv/bin/python bench/proyeksi.py [--ulang 15]

A fresh private SQLite database (or DATABASE_URL) with one pemda of 40 PD × 10 indicators (mixed agregasi and
arah), a 2021–2026 planning period, targets for every year and verified realisations of 4 quarters × 5 years
(2021–2025), bulk-created. Then, `--ulang` times each, the median of:
- the baseline: the same rows read as the projection reads them (indicators with period and threshold, the
  targets, the values), nothing computed;
- the projection: `bahan_proyeksi` and the projection of every indicator at TW III of 2025 (seasonal pattern
  from 2022–2024, the Renstra path).
Goal (issue 16): the projection ≤ 3 × the read baseline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django import siapkan  # noqa: E402

TAHUN = 2025
JUMLAH_PD, PER_PD = 40, 10


def _isi():
    from kinerja.models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target
    from perangkat_daerah.models import Pemda, PerangkatDaerah

    pemda = Pemda.objects.create(nama="Kota Bench Proyeksi", kode="bench-proyeksi")
    periode = PeriodePerencanaan.objects.create(pemda=pemda, tahun_mulai=2021, tahun_akhir=2026)
    pds = PerangkatDaerah.objects.bulk_create(
        PerangkatDaerah(pemda=pemda, kode=f"8.{n:02d}", nama=f"Dinas {n}", singkatan=f"D{n}", jenis="dinas")
        for n in range(JUMLAH_PD)
    )
    sasaran = Sasaran.objects.bulk_create(
        Sasaran(pemda=pemda, perangkat_daerah=pd, periode=periode, kode=f"S{pd.kode}", uraian="s") for pd in pds
    )
    agregasi, arah = ("kumulatif", "akhir", "rata_rata"), ("naik", "turun")
    ind = Indikator.objects.bulk_create(
        Indikator(sasaran=s, pemda=pemda, perangkat_daerah=s.perangkat_daerah, kode=f"I{s.kode}-{k}", uraian="i",
                  satuan="%", iku=k < 3, agregasi=agregasi[k % 3], arah=arah[k % 2])
        for s in sasaran for k in range(PER_PD)
    )  # fmt: skip
    Target.objects.bulk_create(
        Target(indikator=i, tahun=th, nilai=Decimal(100 + th - 2021)) for i in ind for th in range(2021, 2027)
    )
    Realisasi.objects.bulk_create(
        Realisasi(indikator=i, tahun=th, triwulan=tw, nilai=Decimal(20 + (i.pk + tw + th) % 9), status="diverifikasi")
        for i in ind for th in range(2021, TAHUN + 1) for tw in (1, 2, 3, 4) if th < TAHUN or tw < 4
    )  # fmt: skip
    return pemda, len(ind)


def _median(fungsi, ulang: int) -> float:
    waktu = []
    for _ in range(ulang):
        mulai = time.perf_counter()
        fungsi()
        waktu.append(time.perf_counter() - mulai)
    return statistics.median(waktu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=15)
    args = parser.parse_args()
    siapkan(muat_demo=False)
    from kinerja.models import Indikator, Realisasi, Target
    from kinerja.selectors.proyeksi import RIWAYAT_TAHUN, bahan_proyeksi
    from kinerja.selectors.proyeksi import siapkan as siapkan_indikator

    pemda, jumlah = _isi()

    def baca():
        daftar = list(siapkan_indikator(Indikator.objects.filter(pemda=pemda)))
        list(Target.objects.filter(indikator_id__in=[i.pk for i in daftar], tahun__in=[2021, TAHUN, 2026]))
        rows = Realisasi.objects.filter(indikator_id__in=[i.pk for i in daftar], tahun__gte=TAHUN - RIWAYAT_TAHUN)
        list(rows.values_list("indikator_id", "tahun", "triwulan", "nilai"))

    def proyeksikan():
        daftar = list(siapkan_indikator(Indikator.objects.filter(pemda=pemda)))
        bahan = bahan_proyeksi(indikator=daftar, tahun=[TAHUN], pemda_id=pemda.pk, hanya_terajukan=True)
        return [bahan.proyeksi(i.pk, TAHUN, 3) for i in daftar]

    hasil = proyeksikan()
    dasar, proyeksi = _median(baca, args.ulang), _median(proyeksikan, args.ulang)
    print(f"indikator {jumlah}, realisasi {Realisasi.objects.count()}, ulang {args.ulang}")
    print(f"berisiko {sum(p.berisiko for p in hasil)}, musiman {sum(p.musiman for p in hasil)}")
    print(f"baseline (read the same rows): {dasar * 1000:.1f} ms")
    print(f"projection of every indicator: {proyeksi * 1000:.1f} ms ({proyeksi / dasar:.2f} × baseline)")
    print(f"goal ≤ 3 × baseline: {'met' if proyeksi <= 3 * dasar else 'NOT met'}")


if __name__ == "__main__":
    main()
