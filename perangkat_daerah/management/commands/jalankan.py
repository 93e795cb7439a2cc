"""`manage.py jalankan`: the web server and a Celery worker together; Ctrl-C, SIGTERM or SIGHUP stops both.

Each child runs in its own process group, so that stopping it also reaches what it started (Celery's pool
processes, runserver's autoreloader child): the child is asked to stop (SIGTERM, Celery's warm shutdown),
given `BATAS_HENTI` seconds, then killed; what is left of its group is killed after it. On Linux each child
also gets SIGTERM from the kernel if this command dies without cleaning up (SIGKILL), by
PR_SET_PDEATHSIG. A supervisor, a closed terminal or a test's `terminate()` leaves no process behind
(issue 11 point 8).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from perangkat_daerah.demo import PASSWORD_DEMO, PENGGUNA_DEMO

SINYAL_HENTI = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
BATAS_HENTI = 20  # seconds a child gets to stop by itself before it is killed
PR_SET_PDEATHSIG = 1
ANTREAN_SEMUA = "interaktif,batch,celery,laporan"  # docs/ARCHITECTURE.md "Batch work and queues"


class _Berhenti(BaseException):
    """A stop signal arrived (a BaseException, so no `except Exception` on the way can swallow it)."""


def _tangkap(signum, _frame):
    for sinyal in SINYAL_HENTI:  # a second Ctrl-C must not cut the clean-up short
        signal.signal(sinyal, signal.SIG_IGN)
    raise _Berhenti(signum)


def siapkan_anak(induk: int):
    """What runs in each child between fork and exec: signals back to normal, and die with the parent
    (PR_SET_PDEATHSIG: the kernel sends SIGTERM when the thread that started the child ends). Also the
    `preexec_fn` of the processes the tests start (live server, worker, import child), so that a killed
    pytest leaves nothing behind."""

    libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None

    def siapkan() -> None:
        for sinyal in SINYAL_HENTI:
            signal.signal(sinyal, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SINYAL_HENTI)
        if libc is not None:
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
            if os.getppid() != induk:  # the parent died before prctl: nobody would stop us
                os._exit(1)

    return siapkan


def _mulai(perintah: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        perintah, process_group=0, preexec_fn=siapkan_anak(os.getpid())
    )  # children only start here, before any thread


def _tunggu_web(alamat: str, server: subprocess.Popen, batas: float = 30) -> None:
    """Until the web server accepts connections (it prints its own lines before it listens), it stops, or
    `batas` seconds pass (the summary is printed all the same)."""
    host, _, port = alamat.rpartition(":")
    akhir = time.monotonic() + batas
    while server.poll() is None and time.monotonic() < akhir:
        try:
            with socket.create_connection((host or "127.0.0.1", int(port)), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)


def _bunuh_grup(proses: subprocess.Popen, sinyal: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is already empty
        os.killpg(proses.pid, sinyal)


def hentikan(daftar: list[subprocess.Popen], batas: float = BATAS_HENTI) -> None:
    """Ask every child to stop, wait up to `batas` seconds, kill the stragglers, then clear their groups."""
    for proses in daftar:
        if proses.poll() is None:
            proses.send_signal(signal.SIGTERM)
    akhir = time.monotonic() + batas
    for proses in daftar:
        try:
            proses.wait(timeout=max(0.0, akhir - time.monotonic()))
        except subprocess.TimeoutExpired:
            _bunuh_grup(proses, signal.SIGKILL)
            proses.wait()
    for proses in daftar:
        _bunuh_grup(proses, signal.SIGKILL)  # pool or reloader children left by a child that stopped


class Command(BaseCommand):
    help = "Menjalankan server web dan worker Celery sekaligus (Ctrl-C, SIGTERM atau SIGHUP menghentikan keduanya)."

    def add_arguments(self, parser):
        parser.add_argument("--alamat", default="127.0.0.1:8000")

    def handle(self, *args, alamat: str, **options):
        python = sys.executable
        anak: list[subprocess.Popen] = []
        # A signal that arrives while the children start waits until both are in `anak`, then stops them.
        signal.pthread_sigmask(signal.SIG_BLOCK, SINYAL_HENTI)
        semula = {sinyal: signal.signal(sinyal, _tangkap) for sinyal in SINYAL_HENTI}
        try:
            # -B: the worker runs Celery beat too (the stuck-report sweep, the daily notifications and e-mail digest).
            # Every queue, `interaktif` first (settings.CELERY_TASK_ROUTES; `laporan`: messages of older versions).
            anak.append(_mulai([python, "-m", "celery", "-A", "sakip", "-q", "worker", "-B", "-Q", ANTREAN_SEMUA,
                                "-c", "2", "-l", "warning"]))  # fmt: skip
            # Quiet children (no Celery banner, warnings only, no second system check): the terminal ends with
            # the summary below, not 40 lines of banners (issue 17 point 7).
            anak.append(_mulai([python, "manage.py", "runserver", "--noreload", "--skip-checks", alamat]))
            signal.pthread_sigmask(signal.SIG_UNBLOCK, SINYAL_HENTI)
            pekerja = self._status_pekerja()
            _tunggu_web(alamat, anak[-1])  # runserver's own lines come before the summary, not after it
            self._cetak_ringkasan(alamat, pekerja)
            while all(p.poll() is None for p in anak):
                time.sleep(0.5)
            self.stdout.write(self.style.WARNING("Server web atau worker berhenti sendiri; yang lain dihentikan."))
        except _Berhenti as berhenti:
            nama = signal.Signals(berhenti.args[0]).name
            self.stdout.write(f"\nMenerima {nama}: menghentikan server web dan worker ...")
        finally:
            for sinyal in SINYAL_HENTI:  # a second Ctrl-C must not cut the clean-up short
                signal.signal(sinyal, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, SINYAL_HENTI)
            hentikan(anak)
            for sinyal, penangan in semula.items():
                signal.signal(sinyal, penangan)
        self.stdout.write("Server web dan worker sudah berhenti.")

    def _status_pekerja(self) -> str:
        """Send a ping through the broker; one line saying whether a worker answered."""
        from sakip.celery import ping

        try:
            jawab = ping.delay().get(timeout=60)
        except Exception as exc:  # the app still serves pages without a worker
            return self.style.WARNING(f"Worker Celery belum menjawab ({exc}). Laporan PDF akan antre.")
        broker = settings.CELERY_BROKER_URL.split("://")[0]
        return self.style.SUCCESS(f"Worker Celery terhubung (broker: {broker}, jawaban: {jawab}).")

    def _cetak_ringkasan(self, alamat: str, pekerja: str) -> None:
        """The last lines of the terminal: the address, the demo logins and the worker's status."""
        self.stdout.write(self.style.SUCCESS(f"\nSAKIP Kota berjalan di http://{alamat}/"))
        self.stdout.write(f"Akun demo (kata sandi: {PASSWORD_DEMO}): " + ", ".join(u[0] for u in PENGGUNA_DEMO))
        self.stdout.write(pekerja)
        self.stdout.write("Port lain: make run ALAMAT=127.0.0.1:8080. Tekan Ctrl-C untuk berhenti.\n")
