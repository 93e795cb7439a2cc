"""Benchmark: import N realisation rows from an .xlsx (issue 4, point 11), with two baselines in the same
run: parsing the same file alone (guard + calamine), and bulk_create of the same rows alone.

    .venv/bin/python bench/impor.py              # 10,000 rows
    .venv/bin/python bench/impor.py --besar      # also 100,000 rows
    .venv/bin/python bench/impor.py --n 100000 --putaran 3 --banding /tmp/wt   # medians; old import beside
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
import statistics
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
    mulai, cpu = time.perf_counter(), time.process_time()
    excel.periksa_xlsx(data)
    baris = excel.baca_lembar(data, impor.LEMBAR_REALISASI)
    return {
        "detik": time.perf_counter() - mulai,
        "cpu": time.process_time() - cpu,
        "baris": len(baris) - excel.BARIS_JUDUL,
    }


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
    mulai, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        Realisasi.objects.bulk_create(objek, batch_size=1000)
    detik, cpu = time.perf_counter() - mulai, time.process_time() - cpu
    Realisasi.objects.filter(indikator__perangkat_daerah=pd).delete()
    return {"detik": detik, "cpu": cpu, "baris": len(objek)}


def fase_impor(n: int, berkas: Path) -> dict:
    """End to end: impor_realisasi (guard, parse, validate every row, bulk write with history), then removed."""
    from kinerja import impor
    from kinerja.models import Realisasi
    from perangkat_daerah.models import Riwayat

    pd, operator, _ = _data(n)
    data = berkas.read_bytes()
    mulai, cpu = time.perf_counter(), time.process_time()
    hasil = impor.impor_realisasi(data=data, perangkat_daerah=pd, tahun=TAHUN, triwulan=TRIWULAN, oleh=operator)
    detik, cpu = time.perf_counter() - mulai, time.process_time() - cpu
    assert hasil.berhasil and hasil.jumlah == n, hasil.galat[:3]
    Riwayat.objects.filter(pemda_id=pd.pemda_id).delete()
    Realisasi.objects.filter(indikator__perangkat_daerah=pd).delete()
    return {"detik": detik, "cpu": cpu, "baris": hasil.jumlah}


FASE = {"siapkan": siapkan, "parse": fase_parse, "bulk": fase_bulk, "impor": fase_impor}


def _anak(fase: str, n: int, berkas: Path, var_dir: str, skrip: str = __file__) -> dict:
    keluar = subprocess.run(
        [sys.executable, skrip, "--fase", fase, "--n", str(n), "--berkas", str(berkas), "--var", var_dir],
        capture_output=True, text=True, env={**os.environ}, check=False,
    )  # fmt: skip
    if keluar.returncode != 0:
        raise SystemExit(f"fase {fase} gagal:\n{keluar.stderr[-3000:]}")
    return json.loads(keluar.stdout.strip().splitlines()[-1])


def _angka(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def jalankan(n: int, putaran: int = 1, banding: str | None = None) -> None:
    """`putaran` rounds of the phases, alternating; with `banding` (the root of a worktree of another
    revision), that revision's import runs beside this one's in each round, on the same database and file."""
    skrip = {"impor": __file__} | ({"impor lama": str(Path(banding) / "bench" / "impor.py")} if banding else {})
    with tempfile.TemporaryDirectory(prefix="sakip-bench-") as var_dir:
        berkas = Path(var_dir) / f"realisasi-{n}.xlsx"
        siap = _anak("siapkan", n, berkas, var_dir)
        basis = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        print(f"\n{n:,} baris".replace(",", ".") + f" · berkas {_angka(siap['ukuran_mib'])} MiB · {basis}")
        print(f"  {'putaran · fase':<38}{'detik':>8}{'CPU s':>8}{'puncak RSS':>13}{'RSS awal':>11}")
        hasil: dict[str, list[dict]] = {}
        for k in range(putaran):
            urutan = [("parse", __file__), ("bulk", __file__), *skrip.items()]
            for fase, path in urutan if k % 2 == 0 else [*urutan[:2], *reversed(urutan[2:])]:
                h = _anak(fase.split()[0], n, berkas, var_dir, path)
                hasil.setdefault(fase, []).append(h)
                cpu = _angka(h["cpu"]) if "cpu" in h else "–"
                print(f"  {k + 1} · {fase:<34}{h['detik']:>8.2f}{cpu:>8}{h['puncak_mib']:>9.0f} MiB"
                      f"{h['awal_mib']:>7.0f} MiB")  # fmt: skip
        _ringkas(hasil)


def _ringkas(hasil: dict[str, list[dict]]) -> None:
    """Medians of each phase, and each import's ratio to the sum of the two baselines (wall and CPU)."""
    med = {f: statistics.median(h["detik"] for h in hs) for f, hs in hasil.items()}
    cpu = {f: statistics.median(h["cpu"] for h in hs) for f, hs in hasil.items() if all("cpu" in h for h in hs)}
    print("  median: " + " · ".join(f"{f} {_angka(d)} s" for f, d in med.items()))
    for f in [f for f in med if f.startswith("impor")]:
        rasio = med[f] / (med["parse"] + med["bulk"])
        teks = f"  {f} ÷ (parse + bulk_create): {_angka(rasio)}× wall"
        if {f, "parse", "bulk"} <= cpu.keys():
            teks += f", {_angka(cpu[f] / (cpu['parse'] + cpu['bulk']))}× CPU"
        print(teks + f"; puncak RSS {max(h['puncak_mib'] for h in hasil[f]):.0f} MiB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--besar", action="store_true", help="juga jalankan 100.000 baris")
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--fase", choices=FASE)
    p.add_argument("--berkas", type=Path)
    p.add_argument("--var")
    p.add_argument("--putaran", type=int, default=1, help="ulangi fase bergantian sebanyak ini (median)")
    p.add_argument("--banding", help="akar worktree revisi lain: impornya dijalankan bergantian dengan yang ini")
    a = p.parse_args()
    if a.fase:
        if "DATABASE_URL" not in os.environ:
            os.environ["DATABASE_URL"] = f"sqlite:///{a.var}/bench.sqlite3"
        _siapkan_django(a.var)
        awal = _rss_mib()
        hasil = FASE[a.fase](a.n, a.berkas)
        print(json.dumps({**hasil, "awal_mib": awal, "puncak_mib": _rss_mib()}))
        return
    jalankan(a.n, a.putaran, a.banding)
    if a.besar:
        jalankan(100_000, a.putaran, a.banding)


if __name__ == "__main__":
    main()
