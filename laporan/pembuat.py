"""Turn one claimed Laporan row into a document: context → HTML → PDF (or an Excel workbook)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import konteks
from .models import Laporan
from .renderer import html_ke_pdf

Progres = Callable[[int, str], None]


@dataclass(frozen=True)
class Dokumen:
    """The finished file and what it was made from."""

    isi: bytes
    nama_berkas: str
    jumlah_halaman: int | None
    hash_masukan: str
    status_sumber: str = ""  # LKE: the evaluation's status when the file was made


def nama_berkas(laporan: Laporan, akhiran: str = "pdf") -> str:
    """A readable file name: LKjIP-2024-Dinas-Kesehatan.pdf."""
    awalan = {
        Laporan.Jenis.LKJIP_PD: "LKjIP",
        Laporan.Jenis.LKJIP_PEMDA: "LKjIP",
        Laporan.Jenis.PK: "PK",
        Laporan.Jenis.LKE_XLSX: "LKE",
    }[laporan.jenis]
    pemilik = laporan.perangkat_daerah.nama if laporan.perangkat_daerah else laporan.pemda.nama
    bersih = re.sub(r"[^0-9A-Za-z]+", "-", pemilik).strip("-")
    return f"{awalan}-{laporan.tahun}-{bersih}.{akhiran}"


def _pdf(laporan: Laporan, template: str, data: dict, progres: Progres) -> Dokumen:
    progres(60, _("Menyusun halaman"))
    html = render_to_string(template, data)
    progres(75, _("Membuat PDF"))
    hasil = html_ke_pdf(html)
    progres(95, _("Menyimpan berkas"))
    return Dokumen(hasil.pdf, nama_berkas(laporan), hasil.jumlah_halaman, konteks.hash_konteks(data))


def _lkjip(laporan: Laporan, progres: Progres) -> Dokumen:
    progres(20, _("Mengumpulkan data kinerja terverifikasi"))
    data = konteks.konteks_lkjip(laporan)
    progres(40, _("Menggambar grafik"))
    data["grafik"] = konteks.grafik_lkjip(data)
    return _pdf(laporan, "laporan/pdf/lkjip.html", data, progres)


def _pk(laporan: Laporan, progres: Progres) -> Dokumen:
    progres(30, _("Mengumpulkan sasaran, indikator dan target"))
    return _pdf(laporan, "laporan/pdf/pk.html", konteks.konteks_pk(laporan), progres)


def _lke(laporan: Laporan, progres: Progres) -> Dokumen:
    from evaluasi.models import Evaluasi

    from .lke import buat_lke

    progres(30, _("Menghitung nilai dengan mesin penilaian"))
    evaluasi = Evaluasi.objects.select_related("instrumen", "perangkat_daerah", "pemda").get(
        pk=laporan.evaluasi_id, pemda_id=laporan.pemda_id
    )
    isi = buat_lke(evaluasi)
    progres(90, _("Menyimpan berkas"))
    hash_masukan = konteks.hash_konteks({"lke": isi.hex()[:64]})
    return Dokumen(isi, nama_berkas(laporan, "xlsx"), None, hash_masukan, status_sumber=evaluasi.status)


PEMBUAT: dict[str, Callable[[Laporan, Progres], Dokumen]] = {
    Laporan.Jenis.LKJIP_PD: _lkjip,
    Laporan.Jenis.LKJIP_PEMDA: _lkjip,
    Laporan.Jenis.PK: _pk,
    Laporan.Jenis.LKE_XLSX: _lke,
}


def buat_dokumen(laporan: Laporan, progres: Progres) -> Dokumen:
    """Build the document of `laporan`, reporting progress at each stage."""
    pembuat = PEMBUAT.get(laporan.jenis)
    if pembuat is None:
        raise ValueError(_("Jenis laporan %(jenis)s belum didukung.") % {"jenis": laporan.get_jenis_display()})
    return pembuat(laporan, progres)
