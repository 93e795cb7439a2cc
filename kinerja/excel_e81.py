"""The Renja evaluation workbook, Permendagri 86/2017 Tabel E.81 (issue 16 point 3), from the table that
`kinerja/selectors/e81.py` reads (its docstring names the source of the layout and how each column is filled).

One sheet laid out as the official table: the title rows, a three-row header with merged cells (columns 6–15
each split into K and Rp, 9–12 under "Realisasi Kinerja pada Triwulan" I–IV), the row of column numbers with
the table's formulas ("13 = 9+10+11+12" …), one row per indicator, then the summary rows (rata-rata capaian,
predikat), the factor and follow-up rows and a note saying that only verified realisations count. Numbers are
number cells (K with two decimals, a count's whole value without as `format_nilai` prints it, % with two
decimals, Rp whole) whose format Excel shows in the reader's locale (1.234.567
in Indonesian); every text goes through `sakip.lib.xlsx.tulis_sel`, so a stored text is never a formula.
Landscape A3, fitted to the page width, the header repeated on every printed page and frozen on screen.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sakip.lib.xlsx import tulis_sel

from .excel import _JUDUL, _LATAR_JUDUL
from .selectors.e81 import RP_KOLOM, BarisE81, TabelE81

BARIS_KEPALA = 6  # the first header row; the title rows are above it
BARIS_DATA = BARIS_KEPALA + 4  # after the header (3 rows) and the row of column numbers
KOLOM_TERAKHIR = 27  # AA
FORMAT_K = "#,##0.00"
FORMAT_CACAH = "#,##0"  # a count's whole value (THE format of values, `sakip.lib.angka.format_nilai`): 12, never 12,00
FORMAT_RP = "#,##0"
FORMAT_PERSEN = "#,##0.00"
_TIPIS = Side(style="thin", color="808080")
_BINGKAI = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_TENGAH = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ATAS = Alignment(vertical="top", wrap_text=True)
_TEBAL = Font(bold=True)
LEBAR = [5, 28, 18, 36, 36] + [11, 16] * 10 + [20, 44]

# Columns 6–15: (first column, number, header text); each spans K and Rp.
_PASANGAN = [
    (6, "6", "Target Renstra Perangkat Daerah pada Tahun {akhir} (Akhir Periode Renstra Perangkat Daerah)"),
    (8, "7", "Realisasi Capaian Kinerja Renstra Perangkat Daerah s.d. Renja Perangkat Daerah Tahun Lalu ({lalu})"),
    (10, "8", "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan ({tahun}) yang Dievaluasi"),
    (20, "13 = 9+10+11+12", "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi"),
    (22, "14 = 7+13", "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s.d. Tahun {tahun} "
                      "(Akhir Tahun Pelaksanaan Renja Perangkat Daerah)"),
    (24, "15 = 14/6 × 100%", "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah "
                             "s.d. Tahun {tahun} (%)"),
]  # fmt: skip
_TUNGGAL = [
    (1, "1", "No"), (2, "2", "Sasaran"), (3, "3", "Kode"),
    (4, "4", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan"),
    (5, "5", "Indikator Kinerja Program (outcome)/Kegiatan (output)"),
    (26, "16", "Unit Perangkat Daerah Penanggung Jawab"), (27, "17", "Keterangan"),
]  # fmt: skip
ROMAWI = ("I", "II", "III", "IV")


def _angka(nilai):
    """A Decimal as a number cell's value (int when whole); text (a range target) and None unchanged."""
    if isinstance(nilai, Decimal):
        return int(nilai) if nilai == nilai.to_integral_value() else float(nilai)
    return nilai


def format_k(nilai, *, bulat: bool) -> str:
    """The number format of a K cell: whole for a count's whole value, two decimals otherwise (as the pages
    print the same value, `Indikator.format_nilai`)."""
    return FORMAT_CACAH if bulat and isinstance(_angka(nilai), int) else FORMAT_K


def _sel(ws: Worksheet, baris: int, kolom: int, nilai, *, format_angka: str = "", gaya=_ATAS):
    sel = tulis_sel(ws.cell(row=baris, column=kolom), _angka(nilai))
    sel.alignment, sel.border = gaya, _BINGKAI
    if format_angka and not isinstance(sel.value, str):
        sel.number_format = format_angka
    return sel


def _gabung(ws: Worksheet, baris: int, kolom: int, nilai, *, sampai_baris: int, sampai_kolom: int) -> None:
    """A header cell merged over the given area, every cell of it framed."""
    for r in range(baris, sampai_baris + 1):
        for c in range(kolom, sampai_kolom + 1):
            sel = ws.cell(row=r, column=c)
            sel.border, sel.font, sel.fill, sel.alignment = _BINGKAI, _JUDUL, _LATAR_JUDUL, _TENGAH
    tulis_sel(ws.cell(row=baris, column=kolom), nilai)
    if (baris, kolom) != (sampai_baris, sampai_kolom):
        ws.merge_cells(start_row=baris, start_column=kolom, end_row=sampai_baris, end_column=sampai_kolom)


def _judul(ws: Worksheet, t: TabelE81) -> None:
    periode = f"{t.periode.tahun_mulai}–{t.periode.tahun_akhir}" if t.periode else "–"
    baris = [
        _("Tabel E.81"),
        _("Evaluasi terhadap Hasil Renja Perangkat Daerah Lingkup %(p)s") % {"p": t.perangkat_daerah.pemda.nama},
        _("Renja Perangkat Daerah %(pd)s") % {"pd": t.perangkat_daerah.nama},
        _("Periode Pelaksanaan: %(t)s (Renstra %(r)s)") % {"t": t.tahun, "r": periode},
    ]
    for i, teks in enumerate(baris, start=1):
        tulis_sel(ws.cell(row=i, column=1), teks).font = Font(bold=True, size=13 if i == 1 else 11)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=KOLOM_TERAKHIR)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")


def _kepala(ws: Worksheet, t: TabelE81) -> None:
    """The three header rows and the row of column numbers, merged as in the official table."""
    r, nomor = BARIS_KEPALA, BARIS_KEPALA + 3
    isi = {"akhir": t.periode.tahun_akhir if t.periode else "–", "lalu": t.tahun - 1, "tahun": t.tahun}
    for kolom, angka, teks in _TUNGGAL:
        _gabung(ws, r, kolom, teks, sampai_baris=r + 2, sampai_kolom=kolom)
        _gabung(ws, nomor, kolom, angka, sampai_baris=nomor, sampai_kolom=kolom)
    for kolom, angka, teks in _PASANGAN:
        _gabung(ws, r, kolom, teks.format(**isi), sampai_baris=r + 1, sampai_kolom=kolom + 1)
        _gabung(ws, nomor, kolom, angka, sampai_baris=nomor, sampai_kolom=kolom + 1)
    _gabung(ws, r, 12, "Realisasi Kinerja pada Triwulan", sampai_baris=r, sampai_kolom=19)
    for i, romawi in enumerate(ROMAWI):
        kolom = 12 + 2 * i
        _gabung(ws, r + 1, kolom, romawi, sampai_baris=r + 1, sampai_kolom=kolom + 1)
        _gabung(ws, nomor, kolom, str(9 + i), sampai_baris=nomor, sampai_kolom=kolom + 1)
    for kolom in range(6, 26, 2):
        _gabung(ws, r + 2, kolom, "K", sampai_baris=r + 2, sampai_kolom=kolom)
        _gabung(ws, r + 2, kolom + 1, "Rp", sampai_baris=r + 2, sampai_kolom=kolom + 1)
    ws.row_dimensions[r].height = 78


def _isi_baris(ws: Worksheet, r: int, b: BarisE81) -> None:
    tebal = b.no is not None and b.tingkat == "sasaran_program"
    teks = [(1, b.no), (2, b.sasaran), (3, b.kode), (4, b.uraian), (5, b.indikator), (26, b.unit), (27, b.keterangan)]
    for kolom, nilai in teks:
        sel = _sel(ws, r, kolom, nilai if nilai != "" else None)
        if tebal and kolom in (3, 4):
            sel.font = _TEBAL
    k = [b.target_renstra, b.realisasi_lalu, b.target, *(b.triwulan.get(tw) for tw in (1, 2, 3, 4))]
    k += [b.realisasi, b.renstra, b.tingkat_capaian]
    for i, nilai in enumerate(k):
        _sel(ws, r, 6 + 2 * i, nilai, format_angka=FORMAT_PERSEN if i == 9 else format_k(nilai, bulat=b.bulat))
    for i, kunci in enumerate(RP_KOLOM):
        _sel(ws, r, 7 + 2 * i, b.rp.get(kunci), format_angka=FORMAT_PERSEN if kunci == "tingkat" else FORMAT_RP)
    ws.row_dimensions[r].height = 15 * max(2, b.keterangan.count("\n") + 1, len(b.indikator) // 34 + 1)


def _baris_teks(ws: Worksheet, r: int, label: str, butir: list[str], kosong: str) -> None:
    """A row of the bottom: its label over columns 1–5, its text over 6–17."""
    _sel(ws, r, 1, label).font = _TEBAL
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    _sel(ws, r, 6, "\n".join(f"{i}. {x}" for i, x in enumerate(butir, start=1)) if butir else kosong)
    ws.merge_cells(start_row=r, start_column=6, end_row=r, end_column=KOLOM_TERAKHIR)
    ws.row_dimensions[r].height = 15 * max(1, len(butir))


def _bawah(ws: Worksheet, r: int, t: TabelE81) -> None:
    """The summary, factor and follow-up rows and the note, from row `r`."""
    _sel(ws, r, 1, _("Rata-rata capaian kinerja (%)")).font = _TEBAL
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=23)
    _sel(ws, r, 24, t.rata_capaian, format_angka=FORMAT_PERSEN)
    _sel(ws, r, 25, t.rata_serapan, format_angka=FORMAT_PERSEN)
    _sel(ws, r + 1, 1, _("Predikat kinerja")).font = _TEBAL
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=23)
    _sel(ws, r + 1, 24, t.predikat or None)
    kosong = _("Tidak ada (belum ada penjelasan realisasi terverifikasi).")
    _baris_teks(ws, r + 2, _("Faktor pendorong keberhasilan pencapaian"), t.pendorong, kosong)
    _baris_teks(ws, r + 3, _("Faktor penghambat pencapaian kinerja"), t.penghambat, kosong)
    _baris_teks(ws, r + 4, _("Tindak lanjut yang diperlukan dalam triwulan berikutnya"),
                t.tindak_lanjut_triwulan, _("Tidak ada indikator di bawah target tahun ini."))  # fmt: skip
    _baris_teks(ws, r + 5, _("Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya"),
                t.tindak_lanjut_renja, _("Tidak ada indikator di bawah target akhir Renstra."))  # fmt: skip
    catatan = _(
        "Catatan: realisasi kinerja (K) hanya yang telah diverifikasi; anggaran (Rp) dari pagu dan realisasi sub "
        "kegiatan, dijumlahkan ke kegiatan dan program. Faktor pendorong dan penghambat disusun dari penjelasan "
        "realisasi terverifikasi: indikator yang mencapai target tahun ini (pendorong) dan yang belum (penghambat)."
    )
    tulis_sel(ws.cell(row=r + 7, column=1), catatan).alignment = _ATAS
    ws.merge_cells(start_row=r + 7, start_column=1, end_row=r + 7, end_column=KOLOM_TERAKHIR)
    ws.row_dimensions[r + 7].height = 30


def _cetak(ws: Worksheet) -> None:
    for i, lebar in enumerate(LEBAR, start=1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    ws.freeze_panes = f"F{BARIS_DATA}"  # a coordinate: with no rows the cell is part of a merged message
    ws.print_title_rows = f"{BARIS_KEPALA}:{BARIS_DATA - 1}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def buku_e81(t: TabelE81) -> bytes:
    """The workbook bytes of the table `t` (no query)."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"E.81 {t.tahun}"
    _judul(ws, t)
    _kepala(ws, t)
    for r, b in enumerate(t.baris, start=BARIS_DATA):
        _isi_baris(ws, r, b)
    if not t.baris:
        pesan = _("Belum ada program, kegiatan atau sub kegiatan perangkat daerah ini pada periode tahun ini.")
        _sel(ws, BARIS_DATA, 1, pesan)
        ws.merge_cells(start_row=BARIS_DATA, start_column=1, end_row=BARIS_DATA, end_column=KOLOM_TERAKHIR)
    _bawah(ws, BARIS_DATA + max(len(t.baris), 1), t)
    _cetak(ws)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
