"""The onboarding workbook's template: one sheet per part (title, a note, the header on row BARIS_JUDUL as every
import's template) and a Petunjuk sheet listing each column's rule and the instruments and scales that exist.
`isi` fills rows (the tests' example workbook; nothing binary is committed)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.excel import BARIS_JUDUL
from perangkat_daerah.access import Peran
from perangkat_daerah.models import Pemda, PerangkatDaerah
from sakip.lib.xlsx import tulis_sel

from ..models import Instrumen, SkalaPredikat
from ..selectors.pilihan import metode_untuk
from .kolom import LEMBAR, LEMBAR_INSTRUMEN, LEMBAR_PD, LEMBAR_PEMDA, LEMBAR_PENGGUNA, LEMBAR_PERIODE, LEMBAR_PETUNJUK

_JUDUL = Font(bold=True, color="FFFFFF")
_LATAR_JUDUL = PatternFill("solid", fgColor="0B4F8A")
_BARIS_KOSONG = 200  # rows formatted as text below the header, so codes and NIPs stay text in Excel


def _daftar(pilihan) -> str:
    return ", ".join(f"{v} ({label})" for v, label in pilihan)


def _petunjuk() -> list[tuple[str, str]]:
    instrumen = Instrumen.objects.filter(pemda__isnull=True, aktif=True).order_by("metode", "kode", "-versi")
    kota = sorted({i.kode for i in instrumen if i.metode == metode_untuk(kota=True)})
    pd = sorted({i.kode for i in instrumen if i.metode == metode_untuk(kota=False)})
    skala = list(SkalaPredikat.objects.filter(pemda__isnull=True).values_list("versi", flat=True))
    return [
        ("", _("Satu workbook membuat satu pemda: perangkat daerah dengan kepalanya, instrumen dan skala bawaan, "
               "periode RPJMD, dan pengguna. Semua baris disimpan bersama, atau tidak sama sekali bila ada kesalahan; "
               "kesalahan disebut per lembar, baris dan kolom. Judul kolom di baris %s jangan diubah.") % BARIS_JUDUL),
        ("", _("Menjalankan workbook yang sama dua kali tidak mengubah apa pun. Baris yang berubah diperbarui dengan "
               "riwayat. Tidak ada yang dihapus: perangkat daerah, periode atau pengguna yang tidak tercantum "
               "dibiarkan.")),
        (LEMBAR_PEMDA, _("Tepat satu baris. Kode: huruf kecil, angka dan tanda hubung (mis. kota-bogor). Jenis: "
                         "%(j)s. Jabatan Kepala Daerah kosong: jabatan baku dari jenis pemda. Grup: kode grup pemda "
                         "(boleh beberapa, dipisah koma); pemda ditambahkan ke grup itu.")
         % {"j": _daftar(Pemda.Jenis.choices)}),
        (LEMBAR_PD, _("Satu baris per perangkat daerah; kode unik di pemda ini. Jenis: %(j)s. Bila salah satu kolom "
                      "kepala diisi, Nama Kepala wajib; NIP 18 digit (spasi pengelompokan boleh).")
         % {"j": _daftar(PerangkatDaerah.Jenis.choices)}),
        (LEMBAR_INSTRUMEN, _("Paling banyak satu baris; kosong: instrumen aktif terbaru. Instrumen Kota (metode A): "
                             "%(k)s. Instrumen PD (metode B): %(p)s. Versi kosong: versi aktif terbaru. Skala Predikat "
                             "kosong: skala instrumen kota; bila diisi harus skala instrumennya (%(s)s).")
         % {"k": ", ".join(kota) or "–", "p": ", ".join(pd) or "–", "s": ", ".join(skala) or "–"}),
        (LEMBAR_PERIODE, _("Satu baris per periode RPJMD (mis. 2025–2029). Misi: satu misi per baris dalam sel "
                           "(Alt+Enter). Periode yang sudah final tidak diubah lewat workbook.")),
        (LEMBAR_PENGGUNA, _("Satu baris per pengguna. Peran: %(p)s. Kode PD wajib untuk operator dan kepala PD, kosong "
                            "untuk peran tingkat kota. Pengguna baru mendapat kata sandi awal acak yang ditampilkan "
                            "sekali (atau dikirim lewat surel); pengguna yang sudah ada tidak diubah kata sandinya.")
         % {"p": _daftar(Peran.choices)}),
    ]  # fmt: skip


def templat_onboarding(isi: dict[str, list[list]] | None = None) -> bytes:
    """The template workbook, with the rows of `isi` (sheet name → rows) filled in."""
    buku = Workbook()
    petunjuk = buku.active
    petunjuk.title = LEMBAR_PETUNJUK
    petunjuk.column_dimensions["A"].width = 18
    petunjuk.column_dimensions["B"].width = 120
    tulis_sel(petunjuk["A1"], _("Petunjuk workbook pemda baru")).font = Font(bold=True, size=13)
    for r, (nama, teks) in enumerate(_petunjuk(), start=3):
        tulis_sel(petunjuk.cell(row=r, column=1), nama).font = Font(bold=True)
        tulis_sel(petunjuk.cell(row=r, column=2), teks)
    for nama, kolom in LEMBAR.items():
        lembar = buku.create_sheet(nama)
        tulis_sel(lembar["A1"], _("Workbook pemda baru: %s") % nama).font = Font(bold=True, size=13)
        tulis_sel(lembar["A2"], _("Lihat lembar Petunjuk. Isi mulai baris %s.") % (BARIS_JUDUL + 1))
        for i, k in enumerate(kolom, start=1):
            sel = tulis_sel(lembar.cell(row=BARIS_JUDUL, column=i), k.judul)
            sel.font, sel.fill = _JUDUL, _LATAR_JUDUL
            lembar.column_dimensions[get_column_letter(i)].width = k.lebar
        baris = (isi or {}).get(nama, [])
        for r in range(BARIS_JUDUL + 1, BARIS_JUDUL + 1 + max(_BARIS_KOSONG, len(baris))):
            for i in range(1, len(kolom) + 1):
                lembar.cell(row=r, column=i).number_format = "@"
        for r, nilai in enumerate(baris, start=BARIS_JUDUL + 1):
            for i, v in enumerate(nilai, start=1):
                tulis_sel(lembar.cell(row=r, column=i), v)
        lembar.freeze_panes = lembar.cell(row=BARIS_JUDUL + 1, column=1)
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()
