"""`manage.py jalankan` leaves no process behind (issue 11 point 8): SIGTERM (a supervisor, the e2e
fixture's `terminate()`), SIGHUP (a closed terminal) and SIGINT (Ctrl-C) stop the web server and the
Celery worker with everything they started; if `jalankan` itself is killed, the kernel stops its children
(PR_SET_PDEATHSIG). Each run carries a unique marker in its environment, inherited by every descendant,
and /proc is searched for it afterwards."""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.e2e.conftest import aplikasi_berjalan

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="membaca /proc (Linux)")

PENANDA = "SAKIP_UJI_PENANDA"


def _bertanda(penanda: str) -> list[int]:
    """Live processes whose environment carries the marker (a zombie's environment reads empty)."""
    cari = f"{PENANDA}={penanda}".encode()
    hasil = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            isi = environ.read_bytes()
        except OSError:  # ended meanwhile, or not ours
            continue
        if cari in isi.split(b"\0"):
            hasil.append(int(environ.parent.name))
    return hasil


def _tunggu(kondisi, detik: float, pesan: str) -> None:
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        if kondisi():
            return
        time.sleep(0.3)
    raise AssertionError(pesan)


def _tunggu_pekerja(folder: str, penanda: str) -> None:
    """Until the worker answered jalankan's ping: by then the pool processes exist too."""
    log = Path(folder) / "server.log"
    _tunggu(lambda: "Worker Celery" in log.read_text(), 120, "jalankan tidak melaporkan worker")
    assert "terhubung" in log.read_text(), log.read_text()
    # jalankan, runserver, the Celery main process and its two pool processes
    assert len(_bertanda(penanda)) >= 5, log.read_text()


def _tidak_tersisa(penanda: str, folder: str) -> None:
    _tunggu(lambda: not _bertanda(penanda), 10, f"proses tersisa: {_bertanda(penanda)}")
    assert "sudah berhenti" in (Path(folder) / "server.log").read_text()


def test_the_e2e_fixtures_terminate_leaves_no_process():
    penanda = uuid.uuid4().hex
    with aplikasi_berjalan(demo=False, env_tambahan={PENANDA: penanda}) as (_url, proses, folder):
        _tunggu_pekerja(folder, penanda)
    # the fixture sent SIGTERM and waited; jalankan itself stopped everything, nothing needed killing
    assert proses.returncode == 0
    _tidak_tersisa(penanda, folder)


@pytest.mark.parametrize("sinyal", [signal.SIGHUP, signal.SIGINT], ids=["SIGHUP", "SIGINT"])
def test_hangup_and_ctrl_c_stop_web_server_and_worker(sinyal):
    penanda = uuid.uuid4().hex
    with aplikasi_berjalan(demo=False, env_tambahan={PENANDA: penanda}) as (_url, proses, folder):
        _tunggu_pekerja(folder, penanda)
        proses.send_signal(sinyal)
        assert proses.wait(timeout=40) == 0
        _tidak_tersisa(penanda, folder)


def test_children_stop_when_jalankan_is_killed():
    penanda = uuid.uuid4().hex
    with aplikasi_berjalan(demo=False, env_tambahan={PENANDA: penanda}) as (_url, proses, folder):
        _tunggu_pekerja(folder, penanda)
        os.kill(proses.pid, signal.SIGKILL)
        proses.wait(timeout=10)
        _tunggu(lambda: not _bertanda(penanda), 40, f"anak tidak ikut berhenti: {_bertanda(penanda)}")


def test_the_terminal_ends_with_the_address_the_logins_and_the_worker_status():
    """No Celery banner nor its task list; the last lines say where the app runs, who can log in and
    whether the worker answered (issue 17 point 7). Only request log lines may follow them."""
    penanda = uuid.uuid4().hex
    with aplikasi_berjalan(demo=False, env_tambahan={PENANDA: penanda}) as (url, _proses, folder):
        _tunggu_pekerja(folder, penanda)
        time.sleep(1)
        baris = [b for b in (Path(folder) / "server.log").read_text().splitlines() if b.strip()]
    assert not any("[tasks]" in b or "celery@" in b for b in baris), baris
    assert not any("No hostname was supplied" in b for b in baris), baris  # kombu, on a broker URL without a host
    awal = next(i for i, b in enumerate(baris) if "SAKIP Kota berjalan di" in b)
    assert url in baris[awal] and "Akun demo" in baris[awal + 1], baris
    assert "Worker Celery terhubung" in baris[awal + 2] and "Ctrl-C" in baris[awal + 3], baris
    assert all('"GET ' in b for b in baris[awal + 4 :]), baris
    assert awal <= 20, baris  # runserver's own lines, and Celery's superuser warning when run as root
