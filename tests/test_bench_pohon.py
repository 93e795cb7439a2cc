"""bench/pohon.py runs to its end: a city of two PD, every phase (the pages, the import into a new pemda, the
unchanged workbook imported again into the same city), each in its own process on SQLite. The figures are not
checked (CI never asserts wall-clock time), only that every phase ran and printed them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent


def test_the_tree_benchmark_runs_every_phase_on_a_small_city():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["BENCH_POHON_PD"] = "2"
    hasil = subprocess.run([sys.executable, "bench/pohon.py", "--ulang", "1", "--satu-tahun"], cwd=AKAR, env=env,
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert hasil.returncode == 0, hasil.stdout[-2000:] + hasil.stderr[-3000:]
    for baris in ("baseline: satu kueri semua simpul", "dibangun /perencanaan/pohon/ (kota)",
                  "stlh tulis simpul tampil /perencanaan/pohon/ (kota)", "ke pemda baru:"):  # fmt: skip
        assert baris in hasil.stdout, (baris, hasil.stdout[-2000:])
    # the page phase wrote to the city: the workbook imported again is its state now, and changes nothing
    assert "0 baris ditulis" in hasil.stdout.split("ulang tanpa perubahan ke kota yang sama:")[1].splitlines()[0]
