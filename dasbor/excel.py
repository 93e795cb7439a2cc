"""The review dashboard's PD table as an Excel workbook: numbers stay numbers (with an Indonesian-style
display format set by Excel's locale), empty values stay empty cells."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sakip.lib.xlsx import tambah_baris

from .selectors.organisasi import DasborOrganisasi

FORMAT_DESIMAL = "0.00"


def _kepala(d: DasborOrganisasi) -> list[str]:
    th, lalu = d.tahun_evaluasi_teks, d.tahun_lalu_teks
    return [
        "Kode", "Perangkat daerah", "Singkatan", "Jenis",
        f"Nilai internal {th}", f"Predikat {th}", f"Nilai internal {lalu}", f"Predikat {lalu}", "Perubahan",
        f"Penilaian mandiri {th}", "Mandiri − internal",
        f"Kelengkapan realisasi {d.tahun_teks} (%)", "Menunggu verifikasi", "Rekomendasi terlambat",
    ]  # fmt: skip


def _baris(b) -> list:
    return [
        b.pd.kode, b.pd.nama, b.pd.singkatan, b.pd.get_jenis_display(),
        b.internal.total if b.internal else None, b.internal.predikat if b.internal else None,
        b.internal_lalu.total if b.internal_lalu else None, b.internal_lalu.predikat if b.internal_lalu else None,
        b.perubahan, b.mandiri.total if b.mandiri else None, b.selisih_mandiri,
        b.kelengkapan, b.backlog, b.rekomendasi_terlambat,
    ]  # fmt: skip


def tabel_pd(d: DasborOrganisasi) -> bytes:
    """The workbook bytes: one sheet, a header row, one row per PD in the page's order."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"PD {d.tahun_evaluasi_teks}"
    tambah_baris(ws, _kepala(d))
    for sel in ws[1]:
        sel.font = Font(bold=True)
    for b in d.baris:
        tambah_baris(ws, _baris(b))  # names and predicates are stored text: never a formula (issue 11)
    for kolom in (5, 7, 9, 10, 11, 12):
        for (sel,) in ws.iter_rows(min_row=2, min_col=kolom, max_col=kolom):
            sel.number_format = FORMAT_DESIMAL
    for i, lebar in enumerate((10, 44, 14, 12, 12, 10, 12, 10, 11, 12, 12, 14, 12, 12), start=1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    ws.freeze_panes = "C2"
    keluaran = BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def tabel_wilayah(d) -> bytes:
    """The group dashboard's member table (dasbor/wilayah.py) as a workbook: one row per member pemda in the
    page's order (rank, then name), its official totals this year and last, the change, and the latest
    published LKjIP year. Official, published figures only, as on the page."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"Wilayah {d.tahun_teks}"
    th, lalu = d.tahun_teks, d.tahun_lalu_teks
    tambah_baris(ws, [
        "Peringkat", "Pemerintah daerah", "Jenis", f"Nilai resmi {th}", f"Predikat {th}", f"Nilai resmi {lalu}",
        f"Predikat {lalu}", "Perubahan nilai", f"Peringkat {lalu}", "LKjIP terbit terakhir",
    ])  # fmt: skip
    for sel in ws[1]:
        sel.font = Font(bold=True)
    for b in d.baris:
        tambah_baris(ws, [
            b.peringkat, b.pemda.nama, b.pemda.get_jenis_display(),
            b.hasil.total if b.hasil else None, b.hasil.predikat if b.hasil else None,
            b.lalu.total if b.lalu else None, b.lalu.predikat if b.lalu else None,
            b.perubahan, b.peringkat_lalu, b.lkjip_tahun,
        ])  # fmt: skip
    for kolom in (4, 6, 8):
        for (sel,) in ws.iter_rows(min_row=2, min_col=kolom, max_col=kolom):
            sel.number_format = FORMAT_DESIMAL
    for i, lebar in enumerate((10, 40, 12, 12, 10, 12, 10, 12, 12, 14), start=1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    ws.freeze_panes = "C2"
    keluaran = BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
