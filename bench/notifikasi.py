"""Benchmark of the daily notification sweep (issue 16 point 5). Prints figures; asserts nothing about time.

  .venv/bin/python bench/notifikasi.py [--ulang 5]

A fresh private SQLite database (or DATABASE_URL) with one pemda of 40 PD × 10 indicators and 2,000 users
(48 operators and heads per PD, 80 city users: Bagian Organisasi, admin, Inspektorat, pimpinan); the quarters of
2026 with deadlines so that TW I and II are overdue, TW III is due in 7 days and TW IV tomorrow; half the PD have
submitted TW I, and a submitted realisation per PD waits for verification for 10 days. Then, `--ulang` times
each, the median of:
- the baseline: the same rows read as the sweep reads them (quarters, indicator counts, submitted counts, waiting
  realisations, proposals, invitations, recommendations, reports, profiles, preferences), nothing written;
- the sweep of the day with every event new (the events and notifications deleted before each run, untimed);
- the sweep again the same day (every event already recorded: nothing new).
The queries of one sweep are counted and split into the fixed part and one INSERT per batch of notifications.
Goal (issue 16): the sweep ≤ 10 s and constant queries per batch.
"""

from __future__ import annotations

import argparse
import datetime
import math
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django import siapkan  # noqa: E402

HARI = datetime.date(2026, 10, 8)
JUMLAH_PD, PER_PD, PENGGUNA_PD, PENGGUNA_KOTA = 40, 10, 48, 80


def _pengguna(pemda, pds) -> int:
    from django.contrib.auth import get_user_model

    from perangkat_daerah.models import Profil

    User = get_user_model()
    nama = [f"pd{pd.pk}-{k}" for pd in pds for k in range(PENGGUNA_PD)] + [f"kota-{k}" for k in range(PENGGUNA_KOTA)]
    User.objects.bulk_create(User(username=n, email=f"{n}@bench.invalid") for n in nama)
    user = dict(User.objects.filter(username__in=nama).values_list("username", "pk"))
    peran_kota = ["bagian_organisasi", "admin", "inspektorat", "pimpinan"]
    Profil.objects.bulk_create(
        [Profil(user_id=user[f"pd{pd.pk}-{k}"], pemda=pemda, perangkat_daerah=pd,
                peran="operator_pd" if k % 2 else "kepala_pd") for pd in pds for k in range(PENGGUNA_PD)]
        + [Profil(user_id=user[f"kota-{k}"], pemda=pemda, peran=peran_kota[k % 4]) for k in range(PENGGUNA_KOTA)]
    )  # fmt: skip
    return len(nama)


def _isi():
    from django.utils import timezone

    from kinerja.models import Indikator, KunciTriwulan, Realisasi, Sasaran
    from perangkat_daerah.models import Pemda, PerangkatDaerah

    pemda = Pemda.objects.create(nama="Kota Bench Notifikasi", kode="bench-notifikasi")
    pds = PerangkatDaerah.objects.bulk_create(
        PerangkatDaerah(pemda=pemda, kode=f"8.{n:02d}", nama=f"Dinas {n}", singkatan=f"D{n}", jenis="dinas")
        for n in range(JUMLAH_PD)
    )
    sasaran = Sasaran.objects.bulk_create(
        Sasaran(pemda=pemda, perangkat_daerah=pd, kode=f"S{pd.kode}", uraian="s") for pd in pds
    )
    ind = Indikator.objects.bulk_create(
        Indikator(sasaran=s, pemda=pemda, perangkat_daerah=s.perangkat_daerah, kode=f"I{s.kode}-{k}", uraian="i",
                  satuan="%") for s in sasaran for k in range(PER_PD)
    )  # fmt: skip
    batas = {1: datetime.date(2026, 4, 15), 2: datetime.date(2026, 7, 15), 3: HARI + datetime.timedelta(days=7),
             4: HARI + datetime.timedelta(days=1)}  # fmt: skip
    KunciTriwulan.objects.bulk_create(
        KunciTriwulan(pemda=pemda, tahun=2026, triwulan=tw, batas_waktu=b) for tw, b in batas.items()
    )
    menunggu = timezone.make_aware(datetime.datetime.combine(HARI - datetime.timedelta(days=10), datetime.time(9)))
    Realisasi.objects.bulk_create(
        Realisasi(indikator=i, tahun=2026, triwulan=1, nilai=Decimal(5), status="diverifikasi")
        for n, i in enumerate(ind) if (n // PER_PD) % 2 == 0
    )  # fmt: skip
    Realisasi.objects.bulk_create(
        Realisasi(indikator=i, tahun=2026, triwulan=2, nilai=Decimal(5), status="diajukan", diajukan_pada=menunggu)
        for n, i in enumerate(ind) if n % PER_PD == 0
    )  # fmt: skip
    return pemda, _pengguna(pemda, pds)


def _median(fungsi, ulang: int, sebelum=None) -> float:
    waktu = []
    for _ in range(ulang):
        if sebelum:
            sebelum()
        mulai = time.perf_counter()
        fungsi()
        waktu.append(time.perf_counter() - mulai)
    return statistics.median(waktu)


def _baca(pemda_id: int):
    """The rows the sweep reads, read the same way, nothing computed or written."""
    from django.db.models import Count, Min, Q

    from evaluasi.models import Rekomendasi
    from kinerja.models import INDIKATOR_DIHITUNG, Indikator, Kontributor, KunciTriwulan, Realisasi, Usulan
    from laporan.models import Laporan
    from notifikasi.models import PengaturanNotifikasi, Peristiwa, Preferensi
    from perangkat_daerah.models import Profil

    PengaturanNotifikasi.untuk(pemda_id)
    kunci = list(KunciTriwulan.objects.filter(pemda_id=pemda_id, terkunci=False, tahun=2026))
    list(Indikator.objects.filter(pemda_id=pemda_id).exclude(INDIKATOR_DIHITUNG).values_list("perangkat_daerah")
         .annotate(n=Count("id", distinct=True)))  # fmt: skip
    periode = Q()
    for k in kunci:
        periode |= Q(tahun=k.tahun, triwulan=k.triwulan)
    list(Realisasi.objects.filter(periode, indikator__pemda_id=pemda_id, status__in=("diajukan", "diverifikasi"))
         .values_list("indikator__perangkat_daerah", "tahun", "triwulan").annotate(n=Count("id")))  # fmt: skip
    menunggu = Realisasi.objects.filter(indikator__pemda_id=pemda_id, status="diajukan")
    list(menunggu.values_list("indikator__perangkat_daerah", "tahun", "triwulan").annotate(awal=Min("diajukan_pada")))
    list(Usulan.objects.filter(pemda_id=pemda_id, status="menunggu"))
    list(Kontributor.objects.filter(sasaran__pemda_id=pemda_id, status="menunggu"))
    list(Rekomendasi.objects.filter(pemda_id=pemda_id).exclude(status="selesai"))
    list(Laporan.objects.filter(pemda_id=pemda_id, status__in=("selesai", "gagal"), diminta_oleh__isnull=False))
    list(Profil.objects.filter(pemda_id=pemda_id).values_list("user_id", "peran", "perangkat_daerah_id"))
    list(Preferensi.objects.filter(user__profil__pemda_id=pemda_id).values_list("user_id", "jenis", "tampil", "surel"))
    list(Peristiwa.objects.filter(pemda_id=pemda_id).values_list("kunci", flat=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=5)
    args = parser.parse_args()
    siapkan(muat_demo=False)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifikasi import services
    from notifikasi.models import Notifikasi, Peristiwa

    pemda, pengguna = _isi()

    def kosongkan():
        Peristiwa.objects.filter(pemda=pemda).delete()

    kosongkan()
    with CaptureQueriesContext(connection) as q:
        baru = services.sapu_pemda(pemda.pk, HARI)
    baris = Notifikasi.objects.count()
    sisip = math.ceil(baris / services.BATCH_NOTIFIKASI)
    dasar = _median(lambda: _baca(pemda.pk), args.ulang)
    sapu = _median(lambda: services.sapu_pemda(pemda.pk, HARI), args.ulang, sebelum=kosongkan)
    ulang = _median(lambda: services.sapu_pemda(pemda.pk, HARI), args.ulang)
    print(f"users {pengguna}, PD {JUMLAH_PD}, events {len(baru)}, notifications {baris}, ulang {args.ulang}")
    print(
        f"queries of one sweep: {len(q)} = {len(q) - sisip} fixed + {sisip} INSERTs of ≤ "
        f"{services.BATCH_NOTIFIKASI} notifications (event batches of {services.UKURAN_BATCH}: 1)"
    )
    print(f"baseline (read the same rows): {dasar * 1000:.1f} ms")
    print(f"sweep, every event new:        {sapu * 1000:.1f} ms ({sapu / dasar:.1f} × baseline)")
    print(f"sweep again the same day:      {ulang * 1000:.1f} ms ({ulang / dasar:.1f} × baseline)")
    print(f"goal sweep ≤ 10 s: {'met' if max(sapu, ulang) <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
