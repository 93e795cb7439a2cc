"""`manage.py muat_demo [--reset]`: load (or rebuild) the demo city. Safe to run again."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from perangkat_daerah import demo
from perangkat_daerah.demo import PASSWORD_DEMO, PENGGUNA_DEMO


def _modul_demo_aplikasi():
    """Each later app's `demo` module, in INSTALLED_APPS order (dependencies point one way)."""
    for config in apps.get_app_configs():
        if config.name == "perangkat_daerah":
            continue
        nama = f"{config.name}.demo"
        if find_spec(config.name) and find_spec(nama):
            yield import_module(nama)


class Command(BaseCommand):
    help = "Memuat data demo Kota Tangerang Selatan (aman dijalankan ulang; --reset membangun ulang)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Hapus data demo lalu bangun ulang.")
        parser.add_argument("--jika-kosong", action="store_true", help="Muat hanya jika belum ada pemda.")

    def handle(self, *args, reset: bool = False, jika_kosong: bool = False, **options):
        from perangkat_daerah.models import Pemda

        if jika_kosong and Pemda.objects.exists():
            self.stdout.write("Data sudah ada; data demo tidak dimuat ulang.")
            return
        modul = [*_modul_demo_aplikasi(), import_module("dasbor.demo_wilayah")]  # + the group dashboard (issue 18)
        with transaction.atomic():
            if reset:
                for m in reversed(modul):
                    m.hapus()
                demo.hapus()
            konteks = demo.muat()
            for m in modul:
                m.muat(konteks)
        self.stdout.write(
            self.style.SUCCESS(f"Data demo dimuat: {konteks.pemda.nama}, {len(konteks.pd)} perangkat daerah.")
        )
        self.stdout.write(f"Akun demo (kata sandi semuanya: {PASSWORD_DEMO}):")
        for username, _nama, peran, _kode in PENGGUNA_DEMO:
            self.stdout.write(f"  {username:<18} {peran.label}")
