"""The upload guard's two passes over a worksheet (kinerja/excel.py): the quick pass (expat in C and a byte
scan of cells written `<c r="A1"`) and the exact pass (SAX) it hands a part to when it cannot vouch for it.
Each hostile sheet is refused whichever pass decides; the zip bombs and the guard's other refusals are in
tests/test_bom_unggahan.py and tests/kinerja/test_impor.py."""

from __future__ import annotations

import io
import zipfile

import pytest

from kinerja import excel
from tests.test_bom_unggahan import XLSX, periksa

pytestmark = pytest.mark.django_db

LUAS = "Lembar kerja terlalu luas"


def buku(lembar: bytes, metode: int = zipfile.ZIP_DEFLATED) -> bytes:
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", metode) as z:
        for nama, isi in {**XLSX, "xl/worksheets/sheet1.xml": lembar}.items():
            z.writestr(nama, isi)
    return keluaran.getvalue()


def lembar(isi: bytes, awalan: bytes = b"") -> bytes:
    return awalan + b"<worksheet><sheetData>" + isi + b"</sheetData></worksheet>"


def test_rows_out_of_order_cannot_hide_the_area_calamine_would_allocate():
    """A1048576 first, then XFD1: each row alone is small, together they span 17 billion cells."""
    isi = b'<row r="1048576"><c r="A1048576"/></row><row r="1"><c r="XFD1"/></row>'
    assert f"{LUAS} (sel XFD1048576;" in periksa("impor", buku(lembar(isi)))


@pytest.mark.parametrize(
    "sel",
    [
        b'<x:c r="A1048576"/><x:c r="XFD1"/>',  # a prefix
        b'<c t="n" r="A1048576"/><c t="n" r="XFD1"/>',  # r not first
        b'<c r="&#88;FD1048576"/>',  # a character reference that only an XML parser decodes
        b'<c r="a1048576"/><c r="xfd1"/>',  # lower case
    ],
)
def test_cells_written_otherwise_go_to_the_exact_pass_and_are_refused(sel):
    assert LUAS in periksa("impor", buku(lembar(b'<row r="1">' + sel + b"</row>")))


def test_cells_without_a_reference_are_counted_by_position(monkeypatch):
    monkeypatch.setattr(excel, "BATAS_SEL", 2000)
    assert periksa("impor", buku(lembar(b"<row>" + b"<c/>" * 2000 + b"</row>"))) == ""
    assert f"{LUAS} (sel baris 1;" in periksa("impor", buku(lembar(b"<row>" + b"<c/>" * 2001 + b"</row>")))


@pytest.mark.parametrize("sel", [b'<c r="B7"><f>1+1</f><v>2</v></c>', b'<c r="B7"><x:f>1+1</x:f></c>'])
def test_a_formula_is_refused_naming_its_cell(sel):
    isi = b'<row r="7"><c r="A7" t="inlineStr"><is><t>a</t></is></c>' + sel + b"</row>"
    assert "Sel B7 berisi rumus" in periksa("impor", buku(lembar(isi)))


def test_a_tag_cut_between_two_inflated_pieces_is_still_seen():
    """Stored, so the guard reads 64 KiB pieces of the XML itself: a formula and the farthest cell are
    placed across the piece boundaries."""
    isi = bytearray(b'<row r="1">')
    n = 0
    while len(isi) < 3 * 65536:
        n += 1
        isi += b'<c r="A%d" t="inlineStr"><is><t>%s</t></is></c>' % (n, b"x" * 40)
    data = lembar(bytes(isi) + b"</row>")
    batas = 65536 - 1  # the "<f>" of the formula cell straddles the first boundary
    awal = data.rindex(b"<c ", 0, batas - 20)
    rumus = data[:awal] + b'<c r="C9"><f>1</f></c>' + data[awal:]
    geser = batas - rumus.index(b"<f>")
    rumus = rumus[:awal] + b" " * geser + rumus[awal:]  # whitespace between cells is allowed
    assert rumus.index(b"<f>") == batas
    assert "Sel C9 berisi rumus" in periksa("impor", buku(rumus, zipfile.ZIP_STORED))
    luas = rumus.replace(b'<c r="C9"><f>1</f></c>', b'<c r="XFD9"/>' + b" " * 10)
    assert LUAS in periksa("impor", buku(luas, zipfile.ZIP_STORED))


def test_a_sheet_in_another_encoding_is_read_by_the_exact_pass():
    isi = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Dinas Kesehatan</t></is></c></row>'
    utf16 = lembar(isi, b'<?xml version="1.0" encoding="UTF-16"?>').decode().encode("utf-16")
    assert periksa("impor", buku(utf16)) == ""
    luas = b'<row r="1"><c r="A1"/><c r="XFD1048576"/></row>'
    assert LUAS in periksa("impor", buku(lembar(luas, b'<?xml version="1.0"?>').decode().encode("utf-16")))
    dtd = b'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + lembar(isi)
    assert "DTD/entitas" in periksa("impor", buku(dtd.decode().encode("utf-16")))


@pytest.mark.parametrize(
    "xml",
    [
        b'<!DOCTYPE worksheet SYSTEM "http://x/y.dtd"><worksheet/>',
        b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet>&e;</worksheet>',
    ],
)
def test_the_quick_pass_refuses_a_dtd_as_defusedxml_does(xml):
    assert "DTD/entitas" in periksa("impor", buku(xml))


def test_an_undefined_entity_is_not_well_formed():
    assert "tidak terbaca" in periksa("impor", buku(lembar(b'<row r="1"><c r="A1">&lol;</c></row>')))


def test_the_exported_tree_workbook_passes_the_quick_pass_alone(monkeypatch, pemeran):
    """Excel, LibreOffice and openpyxl write every cell as `<c r="A1"`: the exact pass is not needed."""
    from kinerja.excel_pohon import ekspor_pohon

    def tidak(*_a):
        raise AssertionError("the exact pass ran")

    monkeypatch.setattr(excel, "_lolos_teliti", tidak)
    excel.wajib_xlsx_aman(ekspor_pohon(user=pemeran.organisasi, tahun=2025))
