"""`manage.py buat_pemda <workbook.xlsx> [--kirim-surel] [--oleh USERNAME]`: create (or bring up to date) one
pemda from one workbook (evaluasi/onboarding). `manage.py buat_pemda --templat out.xlsx` writes the empty
template. New users' initial passwords are printed once, in a table, and never stored in plain text."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from evaluasi.onboarding import BerkasDitolak, buat_pemda, templat_onboarding
from kinerja.excel import BATAS_UKURAN


class Command(BaseCommand):
    help = "Membuat pemda dari satu workbook (Pemda, Perangkat Daerah, Instrumen, Periode, Pengguna)."

    def add_arguments(self, parser):
        parser.add_argument("berkas", nargs="?", help="Workbook .xlsx yang diisi dari templat.")
        parser.add_argument("--templat", metavar="KELUARAN", help="Tulis templat workbook kosong ke berkas ini.")
        parser.add_argument(
            "--kirim-surel",
            action="store_true",
            help="Kirim kata sandi awal lewat surel ke pengguna baru yang punya alamat surel (selain itu dicetak).",
        )
        parser.add_argument("--oleh", metavar="USERNAME", help="Pengguna yang dicatat di riwayat (bawaan: kosong).")

    def handle(self, *args, berkas=None, templat=None, kirim_surel=False, oleh=None, **options):
        if templat:
            Path(templat).write_bytes(templat_onboarding())
            self.stdout.write(_("Templat ditulis ke %s.") % templat)
            return
        if not berkas:
            raise CommandError(_("Sebutkan workbook .xlsx, atau --templat KELUARAN untuk templatnya."))
        jalur = Path(berkas)
        if not jalur.is_file():
            raise CommandError(_("Berkas %s tidak ditemukan.") % berkas)
        if jalur.stat().st_size > BATAS_UKURAN:
            raise CommandError(_("Berkas lebih dari 10 MiB."))
        pengguna = None
        if oleh:
            pengguna = get_user_model().objects.filter(username=oleh).first()
            if pengguna is None:
                raise CommandError(_("Pengguna %s tidak ditemukan.") % oleh)
        try:
            hasil = buat_pemda(jalur.read_bytes(), oleh=pengguna, kirim_surel=kirim_surel)
        except BerkasDitolak as exc:
            raise CommandError(str(exc)) from None
        if not hasil.berhasil:
            for g in hasil.galat:
                self.stderr.write(str(g))
            raise CommandError(_("%s kesalahan; tidak ada yang disimpan.") % len(hasil.galat))
        self.stdout.write(hasil.ringkasan())
        for s in hasil.terkirim:
            self.stdout.write(_("Kata sandi awal %(u)s dikirim ke %(e)s.") % {"u": s.username, "e": s.email})
        if hasil.sandi:
            self.stdout.write(_("Kata sandi awal (ditampilkan sekali ini saja dan tidak disimpan; serahkan langsung "
                                "kepada penggunanya):"))  # fmt: skip
            lebar = max(len(_("Username")), *(len(s.username) for s in hasil.sandi))
            self.stdout.write(f"{_('Username'):<{lebar}}  {_('Kata sandi'):<16}  {_('Peran')}")
            for s in hasil.sandi:
                self.stdout.write(f"{s.username:<{lebar}}  {s.sandi:<16}  {s.peran}")
