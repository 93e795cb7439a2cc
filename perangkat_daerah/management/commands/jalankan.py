"""`manage.py jalankan`: the web server and a Celery worker together; Ctrl-C stops both."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from perangkat_daerah.demo import PASSWORD_DEMO, PENGGUNA_DEMO


class Command(BaseCommand):
    help = "Menjalankan server web dan worker Celery sekaligus (Ctrl-C menghentikan keduanya)."

    def add_arguments(self, parser):
        parser.add_argument("--alamat", default="127.0.0.1:8000")

    def handle(self, *args, alamat: str, **options):
        python = sys.executable
        pekerja = subprocess.Popen(
            [python, "-m", "celery", "-A", "sakip", "worker", "-Q", "celery,laporan", "-c", "2", "-l", "info"]
        )
        web = subprocess.Popen([python, "manage.py", "runserver", "--noreload", alamat])
        try:
            self._laporkan_pekerja()
            self._cetak_akun(alamat)
            while pekerja.poll() is None and web.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("\nMenghentikan server web dan worker ...")
        finally:
            for proses in (web, pekerja):
                if proses.poll() is None:
                    proses.send_signal(signal.SIGTERM)
            for proses in (web, pekerja):
                try:
                    proses.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proses.kill()

    def _laporkan_pekerja(self) -> None:
        """Send a ping through the broker and say whether a worker answered."""
        from sakip.celery import ping

        try:
            jawab = ping.delay().get(timeout=60)
        except Exception as exc:  # the app still serves pages without a worker
            self.stdout.write(self.style.WARNING(f"Worker Celery belum menjawab ({exc}). Laporan PDF akan antre."))
            return
        broker = settings.CELERY_BROKER_URL.split("://")[0]
        self.stdout.write(self.style.SUCCESS(f"Worker Celery terhubung (broker: {broker}, jawaban: {jawab})."))

    def _cetak_akun(self, alamat: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nSAKIP Kota berjalan di http://{alamat}/"))
        self.stdout.write(f"Akun demo (kata sandi: {PASSWORD_DEMO}): " + ", ".join(u[0] for u in PENGGUNA_DEMO))
        self.stdout.write("Tekan Ctrl-C untuk berhenti.\n")
