"""Benchmark: what one hostile upload costs the web process (issue 11, point 9).

    .venv/bin/python bench/unggah.py            # every bomb kind, both paths, and honest baselines
    .venv/bin/python bench/unggah.py --besar    # also a real 1 GiB bzip2 member (its making takes ~25 s)

Each file is checked in a fresh child process that has loaded Django and read the upload: "RSS +MiB" is
that process's peak resident set during the check (VmHWM, reset just before) minus its resident set
before it, "detik" the wall time of the
check alone (`jenis_bukti` for evidence, `periksa_xlsx` for imports). Goal: every bomb refused in < 2 s
with < +100 MiB. The archives are made at run time (tests/test_bom_unggahan.py) in a temporary folder.
"""

from __future__ import annotations

import argparse
import bz2
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def _django() -> None:
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.test")
    import django

    django.setup()


def _status(kunci: str) -> int:
    """A size from /proc/self/status, in KiB."""
    status = Path("/proc/self/status").read_text()
    return int(next(b for b in status.splitlines() if b.startswith(kunci + ":")).split()[1])


def _rss_sekarang() -> int:
    """The current resident set in KiB, after resetting the peak (VmHWM, Linux), so that the peak after
    the check is the check's own, not one left by django.setup()."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def _anak(jalur: str, berkas: str) -> None:
    """In the child: check one file and print its figures as JSON."""
    _django()
    from tests.test_bom_unggahan import periksa

    data = Path(berkas).read_bytes()
    sebelum = _rss_sekarang()
    mulai = time.perf_counter()
    pesan = periksa(jalur, data)
    detik = time.perf_counter() - mulai
    tumbuh = (_status("VmHWM") - sebelum) / 1024
    print(json.dumps({"detik": detik, "rss_mib": tumbuh, "pesan": pesan}))


def _bzip2_nol(mib: int) -> bytes:
    c = bz2.BZ2Compressor(9)
    nol = bytes(MIB)
    return b"".join(c.compress(nol) for _ in range(mib)) + c.flush()


def _templat(n: int) -> bytes:
    from kinerja import excel, impor

    baris = [
        [f"B.{k:06d}", f"Indikator {k}", "%", "100", 2025, 1, f"{50 + k % 50},{k % 100:02d}", "", "", "Laporan"]
        for k in range(n)
    ]
    return excel.tulis_templat(
        judul="Bench", keterangan="", nama_lembar=impor.LEMBAR_REALISASI, kolom=impor._kolom_realisasi(), baris=baris
    )


def _kasus(besar: bool) -> list[tuple[str, str, bytes]]:
    """(label, path, file) for every bomb kind and the honest baselines."""
    _django()
    from tests.test_bom_unggahan import DOCX, bom, buat_zip, dokumen, tambal, zip_mentah

    acak = random.Random(11).randbytes(5 * MIB)  # incompressible, like the photos in a report
    bzip2 = _bzip2_nol(1024 if besar else 64)
    kasus = [
        ("bukti: ODF, mimetype 1 GiB nol (deflate, jujur)", "bukti", bom("bukti", 1024, bohong=False, nama="mimetype")),
        ("bukti: docx, anggota bohong 100 B → 1 GiB (deflate)", "bukti", bom("bukti", 1024, bohong=True)),
        ("bukti: docx, anggota bohong (stored, 8 MiB)", "bukti",
         tambal(dokumen("bukti", {"x/a.bin": bytes(8 * MIB)}, zipfile.ZIP_STORED), "x/a.bin", ukuran=100)),
        (f"bukti: ODF, mimetype {len(bzip2)} B bzip2 → {1024 if besar else 64} MiB", "bukti",
         zip_mentah([("mimetype", bzip2, zipfile.ZIP_BZIP2, 1024 * MIB if besar else 64 * MIB, 0)])),
        ("bukti: docx, lzma 64 MiB nol", "bukti", dokumen("bukti", {"x/a.bin": bytes(64 * MIB)}, zipfile.ZIP_LZMA)),
        ("bukti: docx berisi xlsx bohong 1 GiB (bersarang)", "bukti",
         dokumen("bukti", {"word/embeddings/a.xlsx": bom("impor", 1024, bohong=True)})),
        ("bukti: zip 120.000 entri kosong", "bukti",
         buat_zip({f"{i:x}": b"" for i in range(120_000)}, zipfile.ZIP_STORED)),
        ("bukti: docx jujur 199 MiB nol (diterima, batas)", "bukti", bom("bukti", 199, bohong=False)),
        ("impor: xlsx, anggota bohong 100 B → 1 GiB", "impor", bom("impor", 1024, bohong=True)),
        ("impor: xlsx, bzip2 64 MiB", "impor", dokumen("impor", {"x/a.bin": bytes(64 * MIB)}, zipfile.ZIP_BZIP2)),
        ("impor: xlsx berisi docx (bersarang)", "impor", dokumen("impor", {"xl/embeddings/a.docx": buat_zip(DOCX)})),
        ("impor: lembar A1 + XFD1048576 (luas sel)", "impor", dokumen("impor", {"xl/worksheets/sheet1.xml":
         b'<worksheet><sheetData><row r="1"><c r="A1"/></row>'
         b'<row r="1048576"><c r="XFD1048576"/></row></sheetData></worksheet>'})),
        ("dasar: xlsx templat 10.000 baris (diterima)", "impor", _templat(10_000)),
        ("dasar: docx jujur 5 MiB (diterima)", "bukti", dokumen("bukti", {"word/media/foto.jpeg": acak})),
        ("dasar: xlsx jujur 5 MiB (diterima)", "impor", dokumen("impor", {"xl/media/foto.jpeg": acak})),
    ]  # fmt: skip
    return kasus


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--besar", action="store_true")
    p.add_argument("--anak", nargs=2, metavar=("JALUR", "BERKAS"), help=argparse.SUPPRESS)
    arg = p.parse_args()
    if arg.anak:
        _anak(*arg.anak)
        return
    with tempfile.TemporaryDirectory(prefix="sakip-unggah-") as folder:
        print(f"{'kasus':58} {'berkas':>10} {'detik':>7} {'RSS +MiB':>9}  pesan")
        for i, (label, jalur, data) in enumerate(_kasus(arg.besar)):
            berkas = Path(folder) / f"{i}.zip"
            berkas.write_bytes(data)
            keluar = subprocess.run(
                [sys.executable, __file__, "--anak", jalur, str(berkas)], capture_output=True, text=True, check=True
            )
            h = json.loads(keluar.stdout.splitlines()[-1])
            ukuran = f"{len(data) / 1024:.0f} KiB"
            print(f"{label:58} {ukuran:>10} {h['detik']:7.3f} {h['rss_mib']:9.1f}  {h['pesan'][:70] or 'diterima'}")


if __name__ == "__main__":
    main()
