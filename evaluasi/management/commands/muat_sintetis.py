"""`manage.py muat_sintetis --pemda 550 --pd 40 --tahun 5 [--reset] [--sidik]`: the synthetic national dataset
(evaluasi/sintetis.py). Safe to run again: existing synthetic pemda are left alone."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from evaluasi import sintetis


class Command(BaseCommand):
    help = "Memuat data sintetis nasional yang deterministik (pemda sin-0001 …) untuk uji skala."

    def add_arguments(self, parser):
        parser.add_argument("--pemda", type=int, default=550, help="Jumlah pemda (bawaan 550).")
        parser.add_argument("--pd", type=int, default=40, help="Perangkat daerah per pemda (bawaan 40).")
        parser.add_argument("--tahun", type=int, default=5, help="Jumlah tahun, berakhir di --tahun-akhir.")
        parser.add_argument("--tahun-akhir", type=int, default=sintetis.TAHUN_AKHIR)
        parser.add_argument("--benih", type=int, default=sintetis.BENIH, help="Benih pembangkit acak.")
        parser.add_argument("--per-batch", type=int, default=25, help="Pemda per transaksi.")
        parser.add_argument("--reset", action="store_true", help="Hapus seluruh data sintetis dulu.")
        parser.add_argument("--sidik", action="store_true", help="Cetak sidik (sha256) isi data sintetis.")

    def handle(self, *args, **o):
        if o["pemda"] < 1 or o["pd"] < 1 or o["tahun"] < 1 or o["per_batch"] < 1:
            raise CommandError("--pemda, --pd, --tahun dan --per-batch harus bilangan bulat positif.")
        if o["pemda"] > 9999 or o["pd"] > 900:
            raise CommandError("Paling banyak 9999 pemda dan 900 PD per pemda.")
        mulai = time.perf_counter()
        if o["reset"]:
            sintetis.hapus()
            self.stdout.write(f"Data sintetis lama dihapus ({time.perf_counter() - mulai:.1f} s).")
        ukuran = sintetis.Ukuran(o["pemda"], o["pd"], o["tahun"], o["tahun_akhir"], o["benih"])
        lapor = self.stdout.write if o["verbosity"] >= 2 else None
        baris = sintetis.muat(ukuran, per_batch=o["per_batch"], lapor=lapor)
        self.stdout.write(
            self.style.SUCCESS(
                f"Data sintetis: {o['pemda']} pemda × {o['pd']} PD × {o['tahun']} tahun; {baris} baris baru dalam "
                f"{time.perf_counter() - mulai:.1f} s."
            )
        )
        if o["sidik"]:
            self.stdout.write(f"sidik {sintetis.sidik()}")
