"""The LKjIP as an editable Word file (issue 14 point 10): offices finish the report in Word.

The DOCX is written from the PDF's own page: the same context (`konteks.konteks_lkjip`) is rendered through
the same template (templates/laporan/pdf/lkjip.html) and that HTML is walked into python-docx paragraphs,
headings, lists and tables. So the Word copy has the PDF's headings in the PDF's order and the very cell
texts of its tables, and a chapter added to the template appears in the Word copy without a change here.

The charts are not drawn (python-docx places only raster images, and the PDF's are SVG or CSS): the context is
rendered without them, and each chart's data goes where the chart stands in the PDF as a captioned table
("Data grafik: …", `tabel_grafik`), so the Word copy loses no number: the capaian bars after the heading of
Bab III A (one row per indicator: code, name, capaian or "belum dilaporkan", as the bars are labelled), the
city's trend of official SAKIP scores with its target at the end of Bab III C. An image that does reach the
page becomes a one-line note pointing at the PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import lxml.html
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from sakip.lib.angka import format_angka, format_persen

TEMPLATE = "laporan/pdf/lkjip.html"
_JUDUL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# inline notes the PDF prints on their own line in a cell (the LKjIP's formulas and notes; the Monev Renaksi's
# stages, responsible person, month status, unverified value, instruction mark and factor lines)
_BARIS_BARU = {"rumus", "catatan", "kecil", "status", "dilaporkan", "instruksi", "faktor-baris"}
_DILEWATI = {"judul-berjalan", "tanggal-berjalan"}  # the PDF's running title and date: the page header's


def _kelas(el) -> set[str]:
    return set((el.get("class") or "").split())


def _teks(el) -> str:
    """An element's text with its whitespace collapsed (what the PDF shows)."""
    return " ".join(el.text_content().split())


def _isi_paragraf(par, el, tebal: bool = False) -> None:
    """Append `el`'s text to `par` as runs: <strong> bold, <br> a line break, a note on its own line."""
    if el.text:
        _run(par, el.text, tebal)
    for anak in el:
        if anak.tag == "br":
            par.add_run().add_break()
        elif isinstance(anak.tag, str):
            if _kelas(anak) & _BARIS_BARU and par.text.strip():
                par.add_run().add_break()
            _isi_paragraf(par, anak, tebal or anak.tag in ("strong", "b", "th"))
        if anak.tail:
            _run(par, anak.tail, tebal)


def _run(par, teks: str, tebal: bool) -> None:
    teks = " ".join(teks.split())
    if not teks:
        return
    if par.text and not par.text.endswith((" ", "\n")) and not teks.startswith((".", ",", ")", ":", "%")):
        teks = " " + teks
    run = par.add_run(teks)
    if tebal:  # a plain run gets no run properties at all (setting bold=None would add an empty <w:rPr/>)
        run.bold = True


def _grid(tabel_html) -> tuple[list[tuple], int, int]:
    """The table's cells as (row, column, rowspan, colspan, cell element, header?), its row and column count
    (a rowspan/colspan cell takes every grid place it covers, as in the browser)."""
    baris = list(tabel_html.iter("tr"))
    terisi: set[tuple[int, int]] = set()
    sel, lebar = [], 0
    for r, tr in enumerate(baris):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in terisi:
                c += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            terisi.update((r + i, c + j) for i in range(rs) for j in range(cs))
            sel.append((r, c, rs, cs, td, td.tag == "th" or td.getparent().getparent().tag == "thead"))
            c += cs
            lebar = max(lebar, c)
    lebar = max([lebar] + [c + 1 for _r, c in terisi])
    return sel, len(baris), lebar


def _tabel(doc, tabel_html) -> None:
    caption = tabel_html.find("caption")
    if caption is not None:
        doc.add_paragraph(_teks(caption), style="Caption")
    sel, jumlah_baris, lebar = _grid(tabel_html)
    if not sel:
        return
    tabel = doc.add_table(jumlah_baris, lebar, "Table Grid")
    tabel.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = [list(row.cells) for row in tabel.rows]  # once: `tabel.cell(r, c)` walks the whole table each call
    for r, c, rs, cs, td, kepala in sel:
        cell = grid[r][c]
        if rs > 1 or cs > 1:
            cell = cell.merge(grid[r + rs - 1][c + cs - 1])
        par = cell.paragraphs[0]
        _isi_paragraf(par, td, kepala)
        kelas = _kelas(td)
        if "angka" in kelas:
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif "tengah" in kelas or kepala:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for tr in range(jumlah_baris):
        if all(k for r, _c, _rs, _cs, _td, k in sel if r == tr):
            tabel.rows[tr].repeat_header = True  # the PDF repeats thead on each page too
    doc.add_paragraph()


def _daftar(doc, el, bernomor: bool) -> None:
    gaya = "List Number" if bernomor else "List Bullet"
    for li in el.iter("li"):
        _isi_paragraf(doc.add_paragraph(style=gaya), li)


def _ttd(doc, el) -> None:
    """A signature block, right-aligned, with room to sign between the title and the name."""
    for div in el:
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        par.paragraph_format.space_after = Pt(0)
        if "ruang" in _kelas(div):
            par.add_run().add_break()
            par.add_run().add_break()
        else:
            _isi_paragraf(par, div, "nama" in _kelas(div))


def _sampul(doc, el) -> None:
    """The cover: its lines centred, the instance's name large; the next page starts the report."""
    for div in el:
        if "logo" in _kelas(div):
            continue
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = par.add_run(_teks(div))
        run.bold = True
        run.font.size = Pt(20 if "nama" in _kelas(div) else 14)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _tulis(doc, el, sisipan: dict) -> None:
    """Write one HTML element (and its children) of the report body into the document, with the tables of
    `sisipan` ("sebelum:<id>" / "setelah:<id>" → TabelGrafik) before or after the element of that id."""
    tag, kelas = el.tag, _kelas(el)
    if not isinstance(tag, str) or kelas & _DILEWATI:
        return
    if el.get("id") and f"sebelum:{el.get('id')}" in sisipan:
        _tabel_grafik(doc, sisipan.pop(f"sebelum:{el.get('id')}"))
    _tulis_isi(doc, el, tag, kelas, sisipan)
    if el.get("id") and f"setelah:{el.get('id')}" in sisipan:
        _tabel_grafik(doc, sisipan.pop(f"setelah:{el.get('id')}"))


def _tulis_isi(doc, el, tag: str, kelas: set[str], sisipan: dict) -> None:
    if tag in _JUDUL:
        if tag == "h1" and len(doc.paragraphs) > 1 and doc.paragraphs[-1].text != "":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(_teks(el), level=_JUDUL[tag])
    elif tag == "section" and "sampul" in kelas:
        _sampul(doc, el)
    elif tag == "table":
        _tabel(doc, el)
    elif tag in ("ul", "ol"):
        _daftar(doc, el, tag == "ol")
    elif tag == "img":
        doc.add_paragraph(_("[%(alt)s: lihat versi PDF]") % {"alt": el.get("alt") or _("Grafik")})
    elif tag == "div" and "ttd" in kelas:
        _ttd(doc, el)
    elif tag == "p" or (tag == "div" and not any(isinstance(a.tag, str) and a.tag != "strong" for a in el)):
        if _teks(el):
            par = doc.add_paragraph()
            _isi_paragraf(par, el)
            if "catatan" in kelas:
                for run in par.runs:
                    run.font.size = Pt(9)
    else:
        if el.text and el.text.strip():
            doc.add_paragraph(" ".join(el.text.split()))
        for anak in el:
            _tulis(doc, anak, sisipan)
            if anak.tail and anak.tail.strip():
                doc.add_paragraph(" ".join(anak.tail.split()))


class _Penulis:
    """The document being written, with its styles resolved to their ids once: python-docx looks a style up
    by name and compares it with the type's default style on every paragraph and table it styles, which was
    some 40 % of the Word copy's time. The paragraphs, headings and tables are python-docx's own."""

    def __init__(self, doc):
        self.doc = doc
        self._id: dict[str, str | None] = {}

    def _gaya(self, nama: str, jenis: WD_STYLE_TYPE) -> str | None:
        if nama not in self._id:
            self._id[nama] = self.doc.part.get_style_id(nama, jenis)
        return self._id[nama]

    @property
    def paragraphs(self):
        return self.doc.paragraphs

    def add_paragraph(self, text: str = "", style: str | None = None):
        par = self.doc.add_paragraph(text)
        if style is not None:
            par._p.style = self._gaya(style, WD_STYLE_TYPE.PARAGRAPH)
        return par

    def add_heading(self, text: str, level: int):
        return self.add_paragraph(text, f"Heading {level}")

    def add_table(self, rows: int, cols: int, style: str):
        tabel = self.doc.add_table(rows, cols)
        tabel._tbl.tblStyle_val = self._gaya(style, WD_STYLE_TYPE.TABLE)
        return tabel


def _dokumen_kosong(judul: str, lanskap: bool = False):
    doc = Document()
    bagian = doc.sections[0]
    bagian.orientation = WD_ORIENT.LANDSCAPE if lanskap else WD_ORIENT.PORTRAIT
    lebar, tinggi = Cm(21), Cm(29.7)  # A4, as the PDF (landscape for a landscape PDF)
    bagian.page_width, bagian.page_height = (tinggi, lebar) if lanskap else (lebar, tinggi)
    tepi = Cm(1.5) if lanskap else Cm(2.5)
    bagian.left_margin = bagian.right_margin = tepi
    bagian.top_margin = bagian.bottom_margin = tepi
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = judul
    bagian.header.paragraphs[0].text = judul
    return doc


def docx_dari_html(html: str, sisipan: dict | None = None, *, lanskap: bool = False) -> bytes:
    """The report page (the PDF template's HTML) as a Word file, with the tables of `sisipan` at their anchors
    (one whose anchor is not on the page goes at the end, never lost); `lanskap` for a landscape PDF's page."""
    akar = lxml.html.document_fromstring(html)
    judul = _teks(akar.find(".//title")) if akar.find(".//title") is not None else ""
    doc = _dokumen_kosong(judul, lanskap)
    penulis = _Penulis(doc)
    sisa = dict(sisipan or {})
    for anak in akar.find("body"):
        _tulis(penulis, anak, sisa)
    for tabel in sisa.values():
        _tabel_grafik(penulis, tabel)
    keluaran = io.BytesIO()
    doc.save(keluaran)
    return keluaran.getvalue()


# --- the charts' data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TabelGrafik:
    """A chart's data as a table: its caption, the header and the rows (text), which columns are numbers."""

    judul: str
    kepala: tuple[str, ...]
    baris: tuple[tuple[str, ...], ...]
    angka: frozenset[int] = frozenset()
    catatan: str = ""


def tabel_grafik(data: dict) -> dict[str, TabelGrafik]:
    """The data of the PDF's charts (the series `konteks.grafik_lkjip` draws from the same context), by anchor:
    the capaian bars after Bab III A's heading, the city's trend of official scores before Bab IV."""
    hasil = {}
    baris = [b for s in data.get("sasaran", []) for b in s["baris"]]
    if baris:
        hasil["setelah:bab3a"] = TabelGrafik(
            judul=f"Data grafik: Capaian indikator kinerja tahun {data['tahun']}",
            kepala=("Kode", "Indikator", "Capaian (%)"),
            baris=tuple(
                (b["kode"], b["uraian"], format_persen(b["persen"]) if b["persen"] is not None else "belum dilaporkan")
                for b in baris
            ),
            angka=frozenset({2}),
            catatan="Pada PDF: batang mendatar per indikator, dengan garis capaian 100% (target tercapai).",
        )
    tren = (data.get("evaluasi") or {}).get("tren")
    if tren:
        target = format_angka(Decimal(settings.SAKIP_TARGET_NILAI_KOTA))
        hasil["sebelum:bab4"] = TabelGrafik(
            judul="Data grafik: Nilai SAKIP resmi (KemenPANRB) dan target",
            kepala=("Tahun", "Nilai SAKIP resmi", "Target"),
            baris=tuple((str(t), format_angka(n), target) for t, n in tren),
            angka=frozenset({1, 2}),
            catatan="Pada PDF: garis nilai per tahun dengan garis putus-putus target.",
        )
    return hasil


def _tabel_grafik(doc, t: TabelGrafik) -> None:
    """A chart's data: caption, a header row repeated on each page, right-aligned numbers, the chart's note."""
    doc.add_paragraph(t.judul, style="Caption")
    tabel = doc.add_table(1 + len(t.baris), len(t.kepala), "Table Grid")
    tabel.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = [list(row.cells) for row in tabel.rows]
    for c, teks in enumerate(t.kepala):
        par = grid[0][c].paragraphs[0]
        par.add_run(teks).bold = True
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tabel.rows[0].repeat_header = True
    for r, isi in enumerate(t.baris, start=1):
        for c, teks in enumerate(isi):
            par = grid[r][c].paragraphs[0]
            par.add_run(teks)
            if c in t.angka:
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if t.catatan:
        for run in doc.add_paragraph(t.catatan).runs:
            run.font.size = Pt(9)
    doc.add_paragraph()


def docx_lkjip(data: dict) -> bytes:
    """The LKjIP of this context (konteks.konteks_lkjip, not recomputed) as a Word file, with its charts' data."""
    return docx_dari_html(render_to_string(TEMPLATE, data), tabel_grafik(data))
