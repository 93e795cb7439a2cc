"""Benchmark: import N realisation rows from an .xlsx (issue 4, point 11), with two baselines in the same
run: parsing the same file alone (guard + calamine), and bulk_create of the same rows alone.

    .venv/bin/python bench/impor.py              # 10,000 rows
    .venv/bin/python bench/impor.py --besar      # also 100,000 rows
    DATABASE_URL=postgres://... .venv/bin/python bench/impor.py

Each phase runs in a fresh child process against a private database prepared once, so "peak memory" is
that process's peak resident set (ru_maxrss), printed beside the same process's size before the phase
(Django loaded, rows prepared). Goals: 10,000 rows ≤ 3 s and ≤ 300 MiB end to end; 100,000 rows ≤ 25 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
TAHUN, TRIWULAN = 2025, 1


def _siapkan_django(var_dir: str) -> None:
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.test")
    os.environ["SAKIP_VAR_DIR"] = var_dir
    import django

    django.setup()


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _data(n: int):
    """The bench pemda, PD, operator, and its n indicators (created once by `siapkan`)."""
    from django.contrib.auth import get_user_model

    from kinerja.models import Indikator
    from perangkat_daerah.models import PerangkatDaerah

    pd = PerangkatDaerah.objects.get(kode=f"BENCH-{n}")
    operator = get_user_model().objects.get(username=f"bench-{n}")
    return pd, operator, Indikator.objects.filter(perangkat_daerah=pd).order_by("kode")


def _hapus_sisa(n: int) -> None:
    """Remove a previous run's bench rows (a reused PostgreSQL database)."""
    from django.contrib.auth import get_user_model

    from kinerja.models import Indikator, Realisasi, Sasaran
    from perangkat_daerah.models import Pemda, PerangkatDaerah, Profil, Riwayat

    pemda = Pemda.objects.filter(kode=f"bench-{n}")
    Realisasi.objects.filter(indikator__pemda__in=pemda).delete()
    Riwayat.objects.filter(pemda__in=pemda).delete()
    Indikator.objects.filter(pemda__in=pemda).delete()
    Sasaran.objects.filter(pemda__in=pemda).delete()
    Profil.objects.filter(pemda__in=pemda).delete()
    get_user_model().objects.filter(username=f"bench-{n}").delete()
    PerangkatDaerah.objects.filter(pemda__in=pemda).delete()
    pemda.delete()


def siapkan(n: int, berkas: Path) -> dict:
    """Create the database rows (n indicators with targets) and the filled .xlsx."""
    from django.core.management import call_command

    from kinerja import excel, impor
    from kinerja.models import Indikator, Sasaran, Target
    from perangkat_daerah.access import Peran
    from tests.factories import buat_pd, buat_pemda, buat_pengguna

    call_command("migrate", verbosity=0)
    _hapus_sisa(n)
    pemda = buat_pemda(kode=f"bench-{n}", nama=f"Kota Bench {n}")
    pd = buat_pd(pemda, kode=f"BENCH-{n}")
    buat_pengguna(pemda, Peran.OPERATOR_PD, pd, username=f"bench-{n}")
    sasaran = Sasaran.objects.create(pemda=pemda, perangkat_daerah=pd, kode="S1", uraian="Sasaran bench")
    indikator = [
        Indikator(sasaran=sasaran, pemda=pemda, perangkat_daerah=pd, kode=f"B.{i:06d}", uraian=f"Indikator {i}",
                  satuan="%", urutan=i, arah="naik" if i % 3 else "turun", agregasi="akhir" if i % 2 else "kumulatif")
        for i in range(n)
    ]  # fmt: skip
    Indikator.objects.bulk_create(indikator, batch_size=2000)
    Target.objects.bulk_create([Target(indikator=i, tahun=TAHUN, nilai=Decimal(100)) for i in indikator], 2000)
    baris = [
        [i.kode, i.uraian, i.satuan, "100", TAHUN, TRIWULAN, f"{50 + k % 50},{k % 100:02d}", "", "", "Laporan bulanan",
         0]  # Versi 0: no realisation yet
        for k, i in enumerate(indikator)
    ]  # fmt: skip
    isi = excel.tulis_templat(
        judul="Bench", keterangan="", nama_lembar=impor.LEMBAR_REALISASI, kolom=impor._kolom_realisasi(), baris=baris
    )
    berkas.write_bytes(isi)
    return {"ukuran_mib": round(len(isi) / 1024 / 1024, 2)}


def fase_parse(n: int, berkas: Path) -> dict:
    """Baseline 1: the upload guard and reading the sheet, no database."""
    from kinerja import excel, impor

    data = berkas.read_bytes()
    mulai = time.perf_counter()
    excel.periksa_xlsx(data)
    baris = excel.baca_lembar(data, impor.LEMBAR_REALISASI)
    return {"detik": time.perf_counter() - mulai, "baris": len(baris) - excel.BARIS_JUDUL}


def fase_bulk(n: int, berkas: Path) -> dict:
    """Baseline 2: bulk_create of the same n rows alone (values already parsed), then removed."""
    from django.db import transaction

    from kinerja.models import Realisasi

    pd, operator, indikator = _data(n)
    objek = [
        Realisasi(indikator=i, tahun=TAHUN, triwulan=TRIWULAN, nilai=Decimal(f"{50 + k % 50}.{k % 100:02d}"),
                  penjelasan="Laporan bulanan", diubah_oleh=operator)
        for k, i in enumerate(indikator)
    ]  # fmt: skip
    mulai = time.perf_counter()
    with transaction.atomic():
        Realisasi.objects.bulk_create(objek, batch_size=1000)
    detik = time.perf_counter() - mulai
    Realisasi.objects.filter(indikator__perangkat_daerah=pd).delete()
    return {"detik": detik, "baris": len(objek)}


def fase_impor(n: int, berkas: Path) -> dict:
    """End to end: impor_realisasi (guard, parse, validate every row, bulk write with history), then removed."""
    from kinerja import impor
    from kinerja.models import Realisasi
    from perangkat_daerah.models import Riwayat

    pd, operator, _ = _data(n)
    data = berkas.read_bytes()
    mulai = time.perf_counter()
    hasil = impor.impor_realisasi(data=data, perangkat_daerah=pd, tahun=TAHUN, triwulan=TRIWULAN, oleh=operator)
    detik = time.perf_counter() - mulai
    assert hasil.berhasil and hasil.jumlah == n, hasil.galat[:3]
    Riwayat.objects.filter(pemda_id=pd.pemda_id).delete()
    Realisasi.objects.filter(indikator__perangkat_daerah=pd).delete()
    return {"detik": detik, "baris": hasil.jumlah}


FASE = {"siapkan": siapkan, "parse": fase_parse, "bulk": fase_bulk, "impor": fase_impor}


def _anak(fase: str, n: int, berkas: Path, var_dir: str) -> dict:
    keluar = subprocess.run(
        [sys.executable, __file__, "--fase", fase, "--n", str(n), "--berkas", str(berkas), "--var", var_dir],
        capture_output=True, text=True, env={**os.environ}, check=False,
    )  # fmt: skip
    if keluar.returncode != 0:
        raise SystemExit(f"fase {fase} gagal:\n{keluar.stderr[-3000:]}")
    return json.loads(keluar.stdout.strip().splitlines()[-1])


def jalankan(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sakip-bench-") as var_dir:
        berkas = Path(var_dir) / f"realisasi-{n}.xlsx"
        siap = _anak("siapkan", n, berkas, var_dir)
        basis = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        ukuran = f"{siap['ukuran_mib']:.2f}".replace(".", ",")
        print(f"\n{n:,} baris".replace(",", ".") + f" · berkas {ukuran} MiB · {basis}")
        print(f"  {'fase':<34}{'detik':>8}{'puncak RSS':>13}{'RSS awal':>11}")
        for fase, label in (("parse", "baseline: parse saja"), ("bulk", "baseline: bulk_create saja"),
                            ("impor", "impor_realisasi (ujung ke ujung)")):  # fmt: skip
            h = _anak(fase, n, berkas, var_dir)
            print(f"  {label:<34}{h['detik']:>8.2f}{h['puncak_mib']:>9.0f} MiB{h['awal_mib']:>7.0f} MiB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--besar", action="store_true", help="juga jalankan 100.000 baris")
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--fase", choices=FASE)
    p.add_argument("--berkas", type=Path)
    p.add_argument("--var")
    a = p.parse_args()
    if a.fase:
        if "DATABASE_URL" not in os.environ:
            os.environ["DATABASE_URL"] = f"sqlite:///{a.var}/bench.sqlite3"
        _siapkan_django(a.var)
        awal = _rss_mib()
        hasil = FASE[a.fase](a.n, a.berkas)
        print(json.dumps({**hasil, "awal_mib": awal, "puncak_mib": _rss_mib()}))
        return
    jalankan(a.n)
    if a.besar:
        jalankan(100_000)


if __name__ == "__main__":
    main()
