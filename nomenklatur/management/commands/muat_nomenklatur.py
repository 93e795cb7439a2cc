"""`manage.py muat_nomenklatur <berkas.csv|berkas.xlsx> --sumber "<keputusan>" [--cabut-yang-hilang]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from nomenklatur.berkas import BerkasTidakValid, baca_baris
from nomenklatur.services import NomenklaturTidakValid, nomenklatur_muat


class Command(BaseCommand):
    help = (
        "Memuat nomenklatur (urusan s.d. sub kegiatan) dari ekspor lampiran Kepmendagri (csv/xlsx; kolom kode, "
        "nama, kinerja, indikator, satuan, sumber opsional). Aman dijalankan ulang; semua-atau-tidak-sama-sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="Berkas .csv atau .xlsx.")
        parser.add_argument("--sumber", required=True, help='Nomor keputusan, mis. "Kepmendagri 050-5889/2021".')
        parser.add_argument(
            "--cabut-yang-hilang",
            action="store_true",
            help="Berkas adalah pengganti penuh: kode berlaku yang tidak tercantum dicabut.",
        )

    def handle(self, *args, berkas: str, sumber: str, cabut_yang_hilang: bool = False, **options):
        try:
            r = nomenklatur_muat(baris=baca_baris(berkas), sumber=sumber, cabut_yang_hilang=cabut_yang_hilang)
        except BerkasTidakValid as exc:
            raise CommandError(str(exc)) from None
        except NomenklaturTidakValid as exc:
            raise CommandError(
                "Tidak ada yang disimpan. Perbaiki kesalahan berikut:\n" + "\n".join(exc.galat)
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Nomenklatur dimuat dari {sumber}: {r.ditambah} ditambahkan, {r.diubah} diubah, "
                f"{r.dipulihkan} diberlakukan kembali, {r.dicabut} dicabut, {r.tetap} tetap."
            )
        )
