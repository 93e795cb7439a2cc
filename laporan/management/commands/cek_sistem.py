"""`manage.py cek_sistem`: say what the machine lacks (never fail: the web app starts anyway)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from laporan.sistem import masalah_pdf
from sakip.penyimpanan import masalah_penyimpanan


class Command(BaseCommand):
    help = "Memeriksa pustaka sistem yang dibutuhkan (Pango untuk PDF) dan penyimpanan berkas."

    def handle(self, *args, **options):
        masalah = masalah_pdf()
        if masalah:
            self.stdout.write(self.style.WARNING(masalah))
            self.stdout.write(self.style.WARNING("Aplikasi tetap berjalan; hanya pembuatan PDF yang tidak tersedia."))
        else:
            self.stdout.write(self.style.SUCCESS("Pustaka PDF (WeasyPrint + Pango) tersedia."))
        masalah = masalah_penyimpanan()
        if masalah:
            self.stdout.write(self.style.WARNING(masalah))
            self.stdout.write(self.style.WARNING("Bukti dan laporan tak dapat disimpan atau diunduh sampai ini beres."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Penyimpanan berkas ({settings.SAKIP_PENYIMPANAN}) dapat dipakai."))
