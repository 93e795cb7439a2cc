"""Excel files of the kinerja app: the guard every upload passes, reading a sheet, and the files we write
(realisasi and target templates, the completeness matrix).

The guard runs before any spreadsheet library touches the upload: at most 10 MiB, a real zip (an .xlsx
that is really HTML or CSV is refused), then `perangkat_daerah.berkas.Arsip`: at most 1,000 entries and
200 MiB inflated, stored or deflate only, no encryption, no archive inside, every entry inflated by us in
64 KiB pieces and refused the moment it outgrows its declared size. The XML parts are fed, piece by piece,
to defusedxml (no DTD, no entities); a worksheet may hold no formula and span at most 2,000,000 cells (the
dense area calamine allocates). Only then is the sheet read with calamine.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook

from perangkat_daerah.berkas import Arsip
from sakip.lib.xlsx import tambah_baris, tulis_sel

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATAS_UKURAN = 10 * 1024 * 1024
BATAS_ENTRI = 1000
BATAS_TERURAI = 200 * 1024 * 1024
BATAS_SEL = 2_000_000  # rows × columns from A1: calamine allocates the whole rectangle (100,000 rows × 20)


class BerkasDitolak(Exception):
    """An upload refused by the guard, with the reason in Indonesian for the user."""


def _mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")


def wajib_xlsx_aman(data: bytes) -> None:
    """Refuse anything but a plain, safe .xlsx (see the module docstring); BerkasDitolak says why."""
    if len(data) > BATAS_UKURAN:
        raise BerkasDitolak(
            _("Berkas berukuran %s MiB; batasnya 10 MiB. Pecah menjadi beberapa berkas.") % _mib(len(data))
        )
    if not data.startswith(b"PK\x03\x04"):
        raise BerkasDitolak(
            _("Berkas ini bukan berkas Excel .xlsx (isinya bukan arsip XLSX; mungkin HTML atau CSV yang diberi "
              "nama .xlsx). Simpan ulang dari Excel sebagai “Excel Workbook (.xlsx)”.")
        )  # fmt: skip
    try:
        arsip = Arsip(io.BytesIO(data), batas_entri=BATAS_ENTRI, batas_terurai=BATAS_TERURAI, sisipan=0)
        _wajib_arsip_aman(arsip)
    except ValidationError as exc:
        raise BerkasDitolak(" ".join(exc.messages)) from None
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise BerkasDitolak(_("Berkas .xlsx rusak atau tidak dapat dibaca (%s).") % exc) from None


periksa_xlsx = wajib_xlsx_aman  # the former name, for callers outside kinerja (tests, bench)


def _wajib_arsip_aman(arsip: Arsip) -> None:
    nama = {e.filename for e in arsip.anggota}
    if "[Content_Types].xml" not in nama or "xl/workbook.xml" not in nama:
        raise BerkasDitolak(_("Berkas ini bukan buku kerja Excel (.xlsx)."))
    for e in arsip.anggota:
        if e.filename.endswith((".xml", ".rels", ".vml")):
            _wajib_xml_aman(arsip, e)
        else:
            for _potong in arsip.isi(e):
                pass


def _nomor_kolom(huruf: str) -> int:
    nomor = 0
    for h in huruf.upper():
        nomor = nomor * 26 + ord(h) - 64
    return nomor


class _CariRumus(ContentHandler):
    """Finds the first formula (<f>) in a worksheet, remembering the cell it belongs to; and refuses a sheet
    whose cells span more than BATAS_SEL from A1 (two cells at A1 and XFD1048576 fit in 5 KB of xlsx, and
    calamine would allocate 17 billion cells for them)."""

    def __init__(self):
        super().__init__()
        self.sel = ""
        self.baris = self.kolom = self.kolom_maks = 0

    def startElement(self, name, attrs):  # noqa: N802 - the SAX interface
        lokal = name.rpartition(":")[2]
        if lokal == "row":
            r = attrs.get("r", "")
            self.baris, self.kolom = (int(r) if r.isascii() and r.isdigit() else self.baris + 1), 0
        elif lokal == "c":
            self.sel = attrs.get("r", "")
            huruf = self.sel.rstrip("0123456789")
            angka = self.sel[len(huruf) :]
            self.kolom = _nomor_kolom(huruf) if huruf.isascii() and huruf.isalpha() else self.kolom + 1
            self.baris = int(angka) if angka else self.baris
            self.kolom_maks = max(self.kolom_maks, self.kolom)
            if self.baris * self.kolom_maks > BATAS_SEL:
                raise BerkasDitolak(
                    _("Lembar kerja terlalu luas (sel %(sel)s; batasnya %(b)s sel dihitung dari A1). Hapus "
                      "baris dan kolom kosong di luar tabel, lalu unggah lagi.")
                    % {"sel": self.sel or f"baris {self.baris}", "b": f"{BATAS_SEL:,}".replace(",", ".")}
                )  # fmt: skip
        elif lokal == "f":
            raise BerkasDitolak(
                _("Sel %(sel)s berisi rumus. Tempel nilainya saja (Tempel Spesial → Nilai), lalu unggah lagi.")
                % {"sel": self.sel or "?"}
            )


def _wajib_xml_aman(arsip: Arsip, entri: zipfile.ZipInfo) -> None:
    """Parse one XML part with defusedxml's expat reader (no DTD, no entities, no external references),
    fed the pieces `Arsip.isi` inflates; in worksheets, refuse formula cells and oversized areas. SAX keeps
    no tree, so a large sheet costs little memory."""
    pengurai = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    pengurai.setContentHandler(_CariRumus() if entri.filename.startswith("xl/worksheets/") else ContentHandler())
    try:
        for potong in arsip.isi(entri):
            pengurai.feed(potong)
        pengurai.close()
    except DefusedXmlException:
        raise BerkasDitolak(
            _("Berkas berisi deklarasi XML yang tidak diizinkan (DTD/entitas, pola “XML bomb”): %s") % entri.filename
        ) from None
    except SAXParseException as exc:
        raise BerkasDitolak(
            _("Bagian %(nama)s tidak terbaca: %(err)s") % {"nama": entri.filename, "err": exc}
        ) from None


def baca_lembar(data: bytes, nama_lembar: str) -> list[list]:
    """The rows of one sheet (values only) of an upload that passed `wajib_xlsx_aman`."""
    try:
        buku = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if nama_lembar not in buku.sheet_names:
            raise BerkasDitolak(
                _("Lembar “%(nama)s” tidak ditemukan. Gunakan templat yang diunduh dari aplikasi.")
                % {"nama": nama_lembar}
            )
        return buku.get_sheet_by_name(nama_lembar).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise BerkasDitolak(_("Isi berkas tidak dapat dibaca: %s") % exc) from None


# --- writing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kolom:
    """One column of a template: header, width, whether the user fills it, and its validation."""

    judul: str
    lebar: int
    diisi: bool = False
    validasi: DataValidation | None = None


_JUDUL = Font(bold=True, color="FFFFFF")
_LATAR_JUDUL = PatternFill("solid", fgColor="0B4F8A")
_LATAR_ISIAN = PatternFill("solid", fgColor="FFF6DC")
BARIS_JUDUL = 4  # the header row; rows above hold the title and instructions


def _validasi_angka() -> DataValidation:
    # "warning", not "stop": Indonesian text such as "87,25" must still be typeable in any Excel locale.
    return DataValidation(
        type="decimal", operator="between", formula1="-1000000000000000", formula2="1000000000000000",
        errorStyle="warning", showErrorMessage=True, errorTitle=_("Bukan angka"),
        error=_("Isi angka, misalnya 87,25 atau 1.234,5."),
    )  # fmt: skip


def _validasi_ya() -> DataValidation:
    return DataValidation(type="list", formula1='"Ya,Tidak"', allow_blank=True, showErrorMessage=True)


def tulis_templat(
    *, judul: str, keterangan: str, nama_lembar: str, kolom: Sequence[Kolom], baris: Sequence[Sequence]
) -> bytes:
    """A protected sheet: title, instructions, locked header and given columns; the user's columns unlocked
    and shaded, with data validation."""
    buku = Workbook()
    lembar = buku.active
    lembar.title = nama_lembar
    tulis_sel(lembar["A1"], judul)
    tulis_sel(lembar["A2"], keterangan)
    lembar["A1"].font = Font(bold=True, size=13)
    lembar["A2"].alignment = Alignment(wrap_text=False)
    for i, k in enumerate(kolom, start=1):
        sel = tulis_sel(lembar.cell(row=BARIS_JUDUL, column=i), k.judul)
        sel.font, sel.fill = _JUDUL, _LATAR_JUDUL
        lembar.column_dimensions[get_column_letter(i)].width = k.lebar
    for r, nilai in enumerate(baris, start=BARIS_JUDUL + 1):
        for i, (k, v) in enumerate(zip(kolom, nilai, strict=True), start=1):
            sel = tulis_sel(lembar.cell(row=r, column=i), v)  # stored text may begin with "=" (issue 11)
            if k.diisi:
                sel.protection, sel.fill = Protection(locked=False), _LATAR_ISIAN
    akhir = BARIS_JUDUL + max(len(baris), 1)
    for i, k in enumerate(kolom, start=1):
        if k.validasi is not None:
            huruf = get_column_letter(i)
            k.validasi.add(f"{huruf}{BARIS_JUDUL + 1}:{huruf}{akhir}")
            lembar.add_data_validation(k.validasi)
    lembar.freeze_panes = lembar.cell(row=BARIS_JUDUL + 1, column=3)
    lembar.protection.sheet = True
    lembar.protection.formatColumns = lembar.protection.formatRows = False
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def ekspor_kelengkapan(matriks, *, tahun: int) -> bytes:
    """The completeness matrix: one row per PD, and per quarter one column per status."""
    from .selectors import ROMAWI, STATUS_KELENGKAPAN

    buku = Workbook()
    lembar = buku.active
    lembar.title = f"Kelengkapan {tahun}"
    judul = [_("Kode"), _("Perangkat daerah"), _("Jumlah indikator")]
    judul += [f"TW {ROMAWI[tw]} {s}" for tw in ROMAWI for s in STATUS_KELENGKAPAN]
    tambah_baris(lembar, judul)
    for sel in lembar[1]:
        sel.font, sel.fill = _JUDUL, _LATAR_JUDUL
    for b in matriks:
        isi = [b.perangkat_daerah.kode, b.perangkat_daerah.nama, b.indikator]
        isi += [s.jumlah[st] for s in b.sel for st in STATUS_KELENGKAPAN]
        tambah_baris(lembar, isi)
    lembar.column_dimensions["B"].width = 48
    lembar.freeze_panes = "D2"
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()
