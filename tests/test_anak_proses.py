"""The processes the tests start die with pytest, even a pytest killed with SIGKILL (issue 17): the live
server, the workers and the import child get `siapkan_anak` (PR_SET_PDEATHSIG) as their `preexec_fn`, and
Playwright's browser goes with its driver, whose pipe to pytest closes. A stand-in "pytest" process starts
both, is killed, and /proc is searched afterwards for anything carrying its marker."""

from __future__ import annotations

import ast
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from perangkat_daerah.management.commands.jalankan import siapkan_anak

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl dan /proc (Linux)")

ROOT = Path(__file__).resolve().parents[1]
PENANDA = "SAKIP_UJI_ANAK"
PR_GET_PDEATHSIG = 2


def _bertanda(penanda: str) -> list[int]:
    cari = f"{PENANDA}={penanda}".encode()
    hasil = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            isi = environ.read_bytes()
            keadaan = (environ.parent / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if cari in isi.split(b"\0") and keadaan not in ("Z", "X"):
            hasil.append(int(environ.parent.name))
    return hasil


def _tunggu(kondisi, detik: float) -> bool:
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        if kondisi():
            return True
        time.sleep(0.3)
    return False


def test_the_preexec_sets_the_parent_death_signal():
    kode = (
        "import ctypes, signal; v = ctypes.c_int(); "
        f"ctypes.CDLL(None).prctl({PR_GET_PDEATHSIG}, ctypes.byref(v), 0, 0, 0); print(v.value)"
    )
    dengan = subprocess.run(
        [sys.executable, "-c", kode], preexec_fn=siapkan_anak(os.getpid()), capture_output=True, text=True
    )
    tanpa = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True)
    assert int(dengan.stdout) == signal.SIGTERM
    assert int(tanpa.stdout) == 0  # the check can fail: without the preexec nothing is set


def test_every_popen_in_the_tests_dies_with_its_parent():
    """Each subprocess.Popen under tests/ passes a preexec_fn (siapkan_anak), so none outlives pytest."""
    tanpa = []
    for berkas in (ROOT / "tests").rglob("*.py"):
        pohon = ast.parse(berkas.read_text())
        for simpul in ast.walk(pohon):
            if (
                isinstance(simpul, ast.Call)
                and isinstance(simpul.func, ast.Attribute)
                and simpul.func.attr == "Popen"
                and not any(k.arg == "preexec_fn" for k in simpul.keywords)
            ):
                tanpa.append(f"{berkas.relative_to(ROOT)}:{simpul.lineno}")
    assert not tanpa, tanpa


PYTEST_PALSU = """
import os, subprocess, sys, time
import django
django.setup()
from perangkat_daerah.management.commands.jalankan import siapkan_anak
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"], start_new_session=True,
                 preexec_fn=siapkan_anak(os.getpid()))
if sys.argv[1] == "browser":
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    pw.chromium.launch(executable_path=sys.argv[2], args=["--no-sandbox", "--disable-gpu"])
print("siap", flush=True)
time.sleep(300)
"""


def _bunuh_induk_palsu(penanda: str, *argumen: str) -> None:
    env = {**os.environ, PENANDA: penanda, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "sakip.settings.test"}
    induk = subprocess.Popen(
        [sys.executable, "-c", PYTEST_PALSU, *argumen],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=siapkan_anak(os.getpid()),
    )
    try:
        assert induk.stdout.readline().strip() == "siap"
        assert len(_bertanda(penanda)) >= 2
        induk.kill()  # as `kill -9` of a pytest run
        induk.wait(timeout=10)
        assert _tunggu(lambda: not _bertanda(penanda), 20), f"proses tersisa: {_bertanda(penanda)}"
    finally:
        induk.kill()
        for pid in _bertanda(penanda):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_killed_parent_leaves_no_child():
    _bunuh_induk_palsu(uuid.uuid4().hex, "anak")


def test_a_killed_parent_leaves_no_browser():
    from tests.e2e.conftest import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("Chromium tidak ditemukan")
    _bunuh_induk_palsu(uuid.uuid4().hex, "browser", CHROMIUM)
