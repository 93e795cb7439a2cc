"""The LKE workbook of one evaluation (openpyxl): components, sub-components, criteria, answers, notes,
values, the total and the predicate. Every number is the engine's, written as a number (not text); every
text (criteria, answers, notes) through `sakip.lib.xlsx`, so a note is never a formula (issue 11)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evaluasi import selectors as ev
from evaluasi.models import Evaluasi
from sakip.lib.xlsx import tambah_baris

JUDUL = Font(bold=True, size=13)
TEBAL = Font(bold=True)
LATAR_KOMPONEN = PatternFill("solid", fgColor="DCE8F5")
LATAR_SUB = PatternFill("solid", fgColor="F0F4F8")
ANGKA = "#,##0.00"
KOLOM = ["Kode", "Uraian", "Skala", "Jawaban", "Nilai", "Bobot", "Poin hilang", "Catatan"]
LEBAR = [10, 70, 8, 10, 10, 10, 12, 40]


def _kepala(ws, evaluasi: Evaluasi, hasil) -> None:
    pemilik = evaluasi.perangkat_daerah.nama if evaluasi.perangkat_daerah else evaluasi.pemda.nama
    tambah_baris(ws, [_("Lembar Kerja Evaluasi (LKE) %(p)s tahun %(t)s") % {"p": pemilik, "t": evaluasi.tahun}])
    ws["A1"].font = JUDUL
    tambah_baris(ws, [_("Jenis"), evaluasi.get_jenis_display(), _("Status"), evaluasi.get_status_display()])
    tambah_baris(
        ws, [_("Nilai total"), float(hasil.total), _("Predikat"), f"{hasil.predikat.kode} ({hasil.predikat.nama})"]
    )
    ws["B3"].number_format = ANGKA
    if not hasil.lengkap:
        tambah_baris(
            ws,
            [
                _("Belum lengkap"),
                _("%(n)s dari %(m)s kriteria terjawab") % {"n": hasil.jumlah_terjawab, "m": hasil.jumlah_kriteria},
            ],
        )
    ws.append([])
    tambah_baris(ws, KOLOM)
    for sel in ws[ws.max_row]:
        sel.font = TEBAL


def _baris_kriteria(ws, info, hasil_k, catatan: str) -> None:
    tambah_baris(
        ws,
        [
            info.kode,
            info.uraian,
            info.skala,
            hasil_k.jawaban or "",
            float(hasil_k.nilai) if hasil_k.nilai is not None else None,
            None,
            float(hasil_k.poin_hilang) if hasil_k.poin_hilang is not None else None,
            catatan,
        ],
    )
    ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")


def buat_lke(evaluasi: Evaluasi) -> bytes:
    """The workbook bytes of one evaluation (a fixed number of queries)."""
    siap = ev.instrumen_siap(evaluasi.instrumen)
    hasil = ev.hitung(siap, ev.masukan_evaluasi(evaluasi, siap))
    catatan = {j.kriteria_id: j.catatan for j in evaluasi.jawaban.all()}
    wb = Workbook()
    ws = wb.active
    ws.title = "LKE"
    _kepala(ws, evaluasi, hasil)
    for info_k, hasil_kom in zip(siap.komponen, hasil.komponen, strict=True):
        tambah_baris(ws, [info_k.kode, info_k.nama, None, None, float(hasil_kom.nilai), float(info_k.bobot)])
        for sel in ws[ws.max_row]:
            sel.font, sel.fill = TEBAL, LATAR_KOMPONEN
        for info_s, hasil_s in zip(info_k.subkomponen, hasil_kom.subkomponen, strict=True):
            tambah_baris(
                ws,
                [
                    info_s.kode,
                    info_s.nama,
                    None,
                    hasil_s.nilai_a or "",
                    float(hasil_s.nilai),
                    float(info_s.bobot),
                    float(hasil_s.poin_hilang),
                ],
            )
            for sel in ws[ws.max_row]:
                sel.fill = LATAR_SUB
            for info_c, hasil_c in zip(info_s.kriteria, hasil_s.kriteria, strict=True):
                _baris_kriteria(ws, info_c, hasil_c, catatan.get(info_c.id, ""))
    tambah_baris(ws, [None, _("Total"), None, None, float(hasil.total), float(sum(k.bobot for k in siap.komponen))])
    for sel in ws[ws.max_row]:
        sel.font = TEBAL
    for i, lebar in enumerate(LEBAR, start=1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    for baris in ws.iter_rows(min_row=1, min_col=5, max_col=7):
        for sel in baris:
            sel.number_format = ANGKA
    ws.freeze_panes = "C7"
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
