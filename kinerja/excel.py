"""Excel files of the kinerja app: the guard every upload passes, reading a sheet, and the files we write
(realisasi and target templates, the completeness matrix).

The guard runs before any spreadsheet library touches the upload: at most 10 MiB, a real zip (an .xlsx
that is really HTML or CSV is refused), no macro part (a VBA project, an Excel 4 macro sheet, an .xlsm renamed
.xlsx: by part name or declared content type), then `perangkat_daerah.berkas.Arsip`: at most 1,000 entries and
200 MiB inflated, stored or deflate only, no encryption, no archive inside, every entry inflated by us in
64 KiB pieces and refused the moment it outgrows its declared size. The XML parts are fed, piece by piece,
to expat with defusedxml's refusals (no DTD, no entities, no external references); a worksheet may hold no
formula and span at most 2,000,000 cells from A1 (the dense area calamine allocates). Only then is the sheet
read with calamine.

Two passes check a part, the second only when the first cannot vouch for it. The quick pass lets expat check
the XML in C without a Python call per element, read as UTF-8 whatever the part declares, while a byte scan
of the same pieces (`_PindaiLembar`) finds formula elements and every cell written as `<c r="A1" ...>` (how
Excel, LibreOffice and openpyxl write them). A `<` is markup in well-formed XML (it cannot stand in text or
in an attribute value), so the scan counts every element named `c`, whatever its prefix; when any is written
otherwise (no `r`, `r` not first, lower case, a character reference), or the part declares another
encoding, the exact pass (SAX, a Python call per element, as before) reads that part again.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.parsers import expat
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
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


# Macro parts of a workbook, lower case (OPC compares part names and content types without case): the VBA
# project and its signatures (xl/vbaProject.bin, application/vnd.ms-office.vbaProject), Excel 4 macro sheets
# (xl/macrosheets/, …macrosheet+xml) and the main part of a macro-enabled workbook (an .xlsm renamed .xlsx:
# application/vnd.ms-excel.sheet.macroEnabled.main+xml).
_TANDA_MAKRO = {b"vbaproject": "vbaProject", b"macrosheet": "macrosheet", b"macroenabled": "macroEnabled"}


def _ada_makro(teks: str) -> BerkasDitolak:
    return BerkasDitolak(
        _("Berkas berisi makro (%s). Impor hanya menerima buku kerja tanpa makro: buka berkas di Excel, simpan "
          "sebagai “Excel Workbook (.xlsx)”, bukan “Excel Macro-Enabled Workbook (.xlsm)”, lalu unggah lagi.") % teks
    )  # fmt: skip


def _wajib_tanpa_makro(arsip: Arsip) -> None:
    """Refuse a workbook with a macro part, by its name or by a content type that declares one (an .xlsm
    renamed .xlsx, or a macro part under another name). The content types are scanned as they inflate."""
    for e in arsip.anggota:
        if any(t.decode() in e.filename.lower() for t in _TANDA_MAKRO):
            raise _ada_makro(e.filename)
    panjang = max(map(len, _TANDA_MAKRO)) - 1
    for jenis in (e for e in arsip.anggota if e.filename.lower() == "[content_types].xml"):  # a duplicate too
        sisa = b""
        for potong in arsip.isi(jenis):
            teks = sisa + potong.lower()
            if tanda := next((t for t in _TANDA_MAKRO if t in teks), None):
                raise _ada_makro(_("jenis isi “%s” di [Content_Types].xml") % _TANDA_MAKRO[tanda])
            sisa = teks[-panjang:]


def _wajib_arsip_aman(arsip: Arsip) -> None:
    nama = {e.filename for e in arsip.anggota}
    if "[Content_Types].xml" not in nama or "xl/workbook.xml" not in nama:
        raise BerkasDitolak(_("Berkas ini bukan buku kerja Excel (.xlsx)."))
    _wajib_tanpa_makro(arsip)
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


def _terlalu_luas(sel: str) -> BerkasDitolak:
    return BerkasDitolak(
        _("Lembar kerja terlalu luas (sel %(sel)s; batasnya %(b)s sel dihitung dari A1). Hapus baris dan kolom "
          "kosong di luar tabel, lalu unggah lagi.") % {"sel": sel, "b": f"{BATAS_SEL:,}".replace(",", ".")}
    )  # fmt: skip


def _ada_rumus(sel: str) -> BerkasDitolak:
    return BerkasDitolak(
        _("Sel %(sel)s berisi rumus. Tempel nilainya saja (Tempel Spesial → Nilai), lalu unggah lagi.")
        % {"sel": sel or "?"}
    )


class _CariRumus(ContentHandler):
    """The exact pass over a worksheet: finds the first formula (<f>), remembering the cell it belongs to;
    and refuses a sheet whose cells span more than BATAS_SEL from A1 (two cells at A1 and XFD1048576 fit in
    5 KB of xlsx, and calamine would allocate 17 billion cells for them), whatever order its rows come in."""

    def __init__(self):
        super().__init__()
        self.sel = ""
        self.baris = self.kolom = self.kolom_maks = self.baris_maks = 0

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
            self.kolom_maks, self.baris_maks = max(self.kolom_maks, self.kolom), max(self.baris_maks, self.baris)
            if self.baris_maks * self.kolom_maks > BATAS_SEL:
                raise _terlalu_luas(self.sel or f"baris {self.baris}")
        elif lokal == "f":
            raise _ada_rumus(self.sel)


# The quick pass's patterns over a worksheet's bytes. In well-formed XML a "<" is always markup, and the
# element's name follows it at once.
_SEL_LAIN = re.compile(rb"<c[>/\t\n\r]|:c[\s/>]")  # an element named c not begun `<c `, or with a prefix
_SEL_R = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"[\s/>]')  # a cell as Excel writes it
_TAG_RUMUS = re.compile(rb"<(?:[^\s<>/=!?]*:)?f[\s/>]")  # any element named f, whatever its prefix
_DEKLARASI = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_SISA_MAKS = 1024 * 1024  # a start tag longer than this is left to the exact pass


class _PindaiLembar:
    """The quick pass's scan of one worksheet, fed the pieces as they inflate. The text is scanned up to its
    last "<" and the rest kept for the next piece, so no tag is cut (a pattern holds no "<" after its first
    byte). `lanjut` turns False when the exact pass must decide: an element named c that is not written
    `<c r="A1"` (every `<c ` must be one, and no other tag may end its name in c), or a tag longer than
    _SISA_MAKS."""

    def __init__(self):
        self.sisa, self.lanjut = b"", True
        self.baris_maks = self.kolom_maks = 0
        self.sel_terakhir, self.huruf_maks = b"", b""

    def makan(self, potong: bytes) -> None:
        teks = self.sisa + potong
        akhir = teks.rfind(b"<")
        if akhir <= 0:
            self.sisa = teks
            self.lanjut = self.lanjut and len(teks) <= _SISA_MAKS
            return
        self.sisa = teks[akhir:]
        self._pindai(teks[:akhir])

    def selesai(self) -> None:
        self._pindai(self.sisa)

    def _pindai(self, teks: bytes) -> None:
        if (b"<f" in teks or b":f" in teks) and (rumus := _TAG_RUMUS.search(teks)) is not None:
            sel = [m[1] + m[2] for m in _SEL_R.finditer(teks, 0, rumus.start())]
            raise _ada_rumus((sel[-1] if sel else self.sel_terakhir).decode())
        sel = _SEL_R.findall(teks)
        if len(sel) != teks.count(b"<c ") or _SEL_LAIN.search(teks):
            self.lanjut = False
            return
        if not sel:
            return
        self.sel_terakhir = sel[-1][0] + sel[-1][1]
        huruf = max({h for h, _a in sel}, key=lambda h: (len(h), h))
        if (len(huruf), huruf) > (len(self.huruf_maks), self.huruf_maks):
            self.huruf_maks, self.kolom_maks = huruf, _nomor_kolom(huruf.decode())
        angka = {a for _h, a in sel}  # no leading zero: the longest, then the greatest, is the largest
        self.baris_maks = max(self.baris_maks, int(max(angka, key=lambda a: (len(a), a))))
        if self.baris_maks * self.kolom_maks > BATAS_SEL:
            raise _terlalu_luas(f"{self.huruf_maks.decode()}{self.baris_maks}")


def _tolak_dtd(nama, sysid, pubid, _subset):
    raise DTDForbidden(nama, sysid, pubid)


def _tolak_entitas(nama, *_lain):
    raise EntitiesForbidden(nama, None, None, None, None, None)


def _tolak_rujukan_luar(konteks, base, sysid, pubid):
    raise ExternalReferenceForbidden(konteks, base, sysid, pubid)


def _pengurai_cepat() -> expat.XMLParserType:
    """expat with defusedxml's refusals (a DTD, entity declarations, external references) and no Python
    handler per element or text, reading the part as UTF-8 whatever it declares (as the scan reads it)."""
    pengurai = expat.ParserCreate(encoding="utf-8")
    pengurai.StartDoctypeDeclHandler = _tolak_dtd
    pengurai.EntityDeclHandler = pengurai.UnparsedEntityDeclHandler = _tolak_entitas
    pengurai.ExternalEntityRefHandler = _tolak_rujukan_luar
    return pengurai


def _utf8(awal: bytes) -> bool:
    """Whether a part's first bytes are UTF-8 XML (no UTF-16/32 byte order or NUL, no other declared encoding)."""
    if awal.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in awal[:4]:
        return False
    deklarasi = _DEKLARASI.match(awal)
    return deklarasi is None or deklarasi[1].lower() in (b"utf-8", b"utf8")


def _lolos_cepat(arsip: Arsip, entri: zipfile.ZipInfo, lembar: bool) -> bool:
    """The quick pass (see the module docstring): True when it vouches for the part, BerkasDitolak for a
    formula or an oversized sheet, False when the exact pass must read the part."""
    pengurai, pindai = _pengurai_cepat(), _PindaiLembar() if lembar else None
    for n, potong in enumerate(arsip.isi(entri)):
        if n == 0 and not _utf8(potong):
            return False
        pengurai.Parse(potong, False)
        if pindai is not None:
            pindai.makan(potong)
            if not pindai.lanjut:
                return False
    pengurai.Parse(b"", True)
    if pindai is not None:
        pindai.selesai()
        return pindai.lanjut
    return True


def _lolos_teliti(arsip: Arsip, entri: zipfile.ZipInfo, lembar: bool) -> None:
    """The exact pass: defusedxml's SAX reader, fed the pieces `Arsip.isi` inflates; in worksheets
    `_CariRumus` sees every element. SAX keeps no tree, so a large sheet costs little memory."""
    pengurai = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    pengurai.setContentHandler(_CariRumus() if lembar else ContentHandler())
    for potong in arsip.isi(entri):
        pengurai.feed(potong)
    pengurai.close()


def _wajib_xml_aman(arsip: Arsip, entri: zipfile.ZipInfo) -> None:
    """One XML part: no DTD or entities, well-formed; in worksheets no formula cell and no oversized area."""
    lembar = entri.filename.startswith("xl/worksheets/")
    try:
        if not _lolos_cepat(arsip, entri, lembar):
            _lolos_teliti(arsip, entri, lembar)
    except DefusedXmlException:
        raise BerkasDitolak(
            _("Berkas berisi deklarasi XML yang tidak diizinkan (DTD/entitas, pola “XML bomb”): %s") % entri.filename
        ) from None
    except (SAXParseException, expat.ExpatError) as exc:
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
