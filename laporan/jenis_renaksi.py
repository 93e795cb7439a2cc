"""Report kinds of the Monev Renaksi (issue 16 point 2): the quarterly print of the action plans, as PDF and as
Word, per PD and for the city. Entries of the one registry in `laporan/jenis.py`, kept here so that module stays
short; `jenis.py` imports this module last, so the registry's order (and the migration's choices) is unchanged."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah.access import Aksi

from .jenis import Dokumen, Jendela, JenisLaporan, JenisPdf, Lingkup, Progres, daftarkan

if TYPE_CHECKING:
    from .models import Laporan


class _MonevRenaksi(JenisPdf):
    """Laporan Monev Renaksi (the document type 16 of the SAKIP catalogue): one quarter of the action plans,
    each action's monthly targets against its verified realisations, factors and follow-up
    (laporan/monev_renaksi.py). A read-only print of the plans, so whoever may see them may request it
    (`Aksi.LIHAT`): a PD's users their PD's, the city roles (pimpinan and Inspektorat too) any PD's and the
    city's."""

    aksi = Aksi.LIHAT
    awalan = "Monev-Renaksi"
    template = "laporan/pdf/monev_renaksi.html"  # monev_renaksi.TEMPLATE
    per_triwulan = True
    # no regulation sets the day; a quarter's monev is dated in the month after the quarter (the month its last
    # month is reported in): `monev_renaksi.jendela_triwulan`; the year's window bounds a chosen date
    jendela = Jendela((4, 1, 0), (1, 31, 1), "Monev rencana aksi: bulan setelah triwulan berakhir")

    def tanggal_bawaan(
        self, *, tahun: int, perangkat_daerah, hari_ini: datetime.date, triwulan: int | None = None
    ) -> datetime.date | None:
        """Today when it falls in the month after the quarter; otherwise that month's nearer end."""
        if triwulan is None:
            return super().tanggal_bawaan(tahun=tahun, perangkat_daerah=perangkat_daerah, hari_ini=hari_ini)
        from .monev_renaksi import jendela_triwulan

        mulai, akhir = jendela_triwulan(tahun, triwulan)
        return min(max(hari_ini, mulai), akhir)

    def konteks(self, laporan: Laporan, progres: Progres) -> dict:
        from .monev_renaksi import konteks_monev_renaksi

        progres(20, _("Mengumpulkan rencana aksi dan realisasi bulanan terverifikasi"))
        return konteks_monev_renaksi(laporan)


@daftarkan
class MonevRenaksiPd(_MonevRenaksi):
    """One PD's quarter: that PD's users and the city roles."""

    kode = "monev_renaksi_pd"
    label = gettext_lazy("Laporan Monev Renaksi Perangkat Daerah")
    lingkup = Lingkup.PD


@daftarkan
class MonevRenaksiKota(_MonevRenaksi):
    """The city's quarter, every PD: the city roles (Bagian Organisasi, pimpinan, Inspektorat, admin)."""

    kode = "monev_renaksi_kota"
    label = gettext_lazy("Laporan Monev Renaksi Kota")
    lingkup = Lingkup.KOTA
    pesan_tolak = gettext_lazy(
        "Monev rencana aksi seluruh kota dibuat oleh peran tingkat kota. Buat monev rencana aksi perangkat daerah Anda."
    )


class _MonevRenaksiDocx(JenisLaporan):
    """The Monev Renaksi as an editable Word file, as the LKjIP has one: the same context as the PDF kind and
    the same template's headings and tables (`monev_renaksi.docx_monev_renaksi`), requested by whoever may
    request that PDF, for the same quarter and date."""

    aksi = _MonevRenaksi.aksi
    awalan = _MonevRenaksi.awalan
    akhiran = "docx"
    jendela = _MonevRenaksi.jendela
    per_triwulan = True
    tanggal_bawaan = _MonevRenaksi.tanggal_bawaan

    def buat(self, laporan: Laporan, progres: Progres) -> Dokumen:
        from .konteks import hash_konteks
        from .monev_renaksi import docx_monev_renaksi, konteks_monev_renaksi

        progres(20, _("Mengumpulkan rencana aksi dan realisasi bulanan terverifikasi"))
        data = konteks_monev_renaksi(laporan)
        progres(60, _("Menyusun dokumen Word"))
        isi = docx_monev_renaksi(data)
        progres(95, _("Menyimpan berkas"))
        return Dokumen(isi, self.nama_berkas(laporan), None, hash_konteks(data))


@daftarkan
class MonevRenaksiPdDocx(_MonevRenaksiDocx):
    """One PD's quarter as Word: that PD's users and the city roles, as the PDF."""

    kode = "renaksi_pd_docx"  # the column holds 20 characters
    label = gettext_lazy("Laporan Monev Renaksi Perangkat Daerah (Word)")
    lingkup = Lingkup.PD
    salinan_dari = MonevRenaksiPd.kode


@daftarkan
class MonevRenaksiKotaDocx(_MonevRenaksiDocx):
    """The city's quarter as Word: the city roles, as the PDF."""

    kode = "renaksi_kota_docx"
    label = gettext_lazy("Laporan Monev Renaksi Kota (Word)")
    lingkup = Lingkup.KOTA
    salinan_dari = MonevRenaksiKota.kode
    pesan_tolak = MonevRenaksiKota.pesan_tolak
