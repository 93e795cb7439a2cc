"""`manage.py muat_demo [--reset] [--hari-ini YYYY-MM-DD]`: load (or rebuild) the demo city as of today (the
clock, or the given date: issue 17 point 9, kinerja/demo_jam.py). Safe to run again."""

from __future__ import annotations

import datetime
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
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
        parser.add_argument(
            "--hari-ini", metavar="YYYY-MM-DD", help="Bangun data demo seolah-olah hari ini tanggal ini (bawaan: jam)."
        )

    def handle(self, *args, reset: bool = False, jika_kosong: bool = False, hari_ini=None, **options):
        from perangkat_daerah.models import Pemda

        if isinstance(hari_ini, str):
            try:
                hari_ini = datetime.date.fromisoformat(hari_ini)
            except ValueError:
                raise CommandError("Tanggal --hari-ini harus berformat YYYY-MM-DD.") from None

        if jika_kosong and Pemda.objects.exists():
            self.stdout.write("Data sudah ada; data demo tidak dimuat ulang.")
            return
        modul = [*_modul_demo_aplikasi(), import_module("dasbor.demo_wilayah")]  # + the group dashboard (issue 18)
        with transaction.atomic():
            if reset:
                for m in reversed(modul):
                    m.hapus()
                demo.hapus()
            konteks = demo.muat(hari_ini)
            for m in modul:
                m.muat(konteks)
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo dimuat: {konteks.pemda.nama}, {len(konteks.pd)} perangkat daerah, per "
                f"{konteks.hari_ini.isoformat()}."
            )
        )
        self.stdout.write(f"Akun demo (kata sandi semuanya: {PASSWORD_DEMO}):")
        for username, _nama, peran, _kode in PENGGUNA_DEMO:
            self.stdout.write(f"  {username:<18} {peran.label}")
