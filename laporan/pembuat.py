"""Turn one claimed Laporan row into a document: its kind's entry (laporan/jenis.py) builds the context and
renders it; the stages every PDF kind shares (HTML → PDF) live here."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import jenis as jenis_laporan
from .jenis import Dokumen, JenisPdf, Progres
from .kelengkapan import butir_tercetak
from .konteks import hash_konteks
from .models import Laporan
from .renderer import html_ke_pdf

__all__ = ["Dokumen", "Progres", "buat_dokumen", "dokumen_pdf", "nama_berkas"]


def nama_berkas(laporan: Laporan) -> str:
    """A readable file name from the kind's prefix and extension: LKjIP-2024-Dinas-Kesehatan.pdf."""
    return jenis_laporan.ambil(laporan.jenis).nama_berkas(laporan)


def dokumen_pdf(laporan: Laporan, jenis: JenisPdf, data: dict, progres: Progres) -> Dokumen:
    """The context of a PDF kind rendered through its template to a PDF."""
    progres(60, _("Menyusun halaman"))
    html = render_to_string(jenis.template, data)
    progres(75, _("Membuat PDF"))
    hasil = html_ke_pdf(html)
    progres(95, _("Menyimpan berkas"))
    return Dokumen(hasil.pdf, jenis.nama_berkas(laporan), hasil.jumlah_halaman, hash_konteks(data),
                   kurang=butir_tercetak(data))  # fmt: skip


def buat_dokumen(laporan: Laporan, progres: Progres) -> Dokumen:
    """Build the document of `laporan` with its kind's entry, reporting progress at each stage."""
    jenis = jenis_laporan.cari(laporan.jenis)
    if jenis is None:
        raise ValueError(_("Jenis laporan %(jenis)s belum didukung.") % {"jenis": laporan.get_jenis_display()})
    return jenis.buat(laporan, progres)
