"""The LKjIP as Word (issue 14 point 10): it opens with python-docx, has the PDF template's headings in the
PDF's order (PD and city), Bab III's tables carry the context's values cell by cell, and its rights are the
PDF kinds' (another PD's is refused or 404)."""

from __future__ import annotations

import io

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from docx import Document

from laporan import services
from laporan.docx_lkjip import TEMPLATE
from laporan.jenis import ambil
from laporan.konteks import konteks_lkjip
from laporan.models import Laporan
from tests.laporan.test_analisis import rencana  # noqa: F401  (the small PD plan with all seven analyses)

pytestmark = pytest.mark.django_db


def _laporan(p, jenis: str, pd) -> Laporan:
    return Laporan.objects.create(pemda=p.pemda, tahun=2024, jenis=jenis, perangkat_daerah=pd,
                                  diminta_oleh=p.organisasi)  # fmt: skip


def _docx(laporan: Laporan):
    dok = ambil(laporan.jenis).buat(laporan, lambda p, s: None)
    assert dok.nama_berkas.endswith(".docx") and dok.jumlah_halaman is None
    return Document(io.BytesIO(dok.isi))


def _judul_pdf(data: dict) -> list[tuple[int, str]]:
    """The headings of the PDF's page (its template rendered from the same context), in order."""
    akar = lxml.html.document_fromstring(render_to_string(TEMPLATE, data))
    return [(int(h.tag[1]), " ".join(h.text_content().split())) for h in akar.iter("h1", "h2", "h3", "h4")]


def _judul_docx(doc) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in doc.paragraphs
        if p.style.name.startswith("Heading")
    ]


@pytest.mark.parametrize("jenis", ["lkjip_pd_docx", "lkjip_pemda_docx"])
def test_the_docx_has_the_pdf_headings_in_the_same_order(rencana, jenis):  # noqa: F811
    laporan = _laporan(rencana, jenis, rencana.pd_a if jenis == "lkjip_pd_docx" else None)
    judul = _judul_docx(_docx(laporan))
    assert judul == _judul_pdf(konteks_lkjip(laporan))
    teks = [t for _n, t in judul]
    for bab in ("Kata Pengantar", "Ikhtisar Eksekutif", "Bab I Pendahuluan", "Bab II Perencanaan Kinerja",
                "A. Capaian Kinerja Organisasi", "B. Realisasi Anggaran", "C. Hasil Evaluasi Akuntabilitas Kinerja",
                "Bab IV Penutup"):  # fmt: skip
        assert bab in teks
    if jenis == "lkjip_pemda_docx":
        return  # the city report has no PD sasaran in this plan
    sasaran = teks.index("Sasaran A.S1: Derajat kesehatan naik")
    assert [t[:2] for t in teks[sasaran + 1 : sasaran + 8]] == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]


def _baris_tabel(doc) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def test_bab3_tables_carry_the_context_values(rencana):  # noqa: F811
    laporan = _laporan(rencana, "lkjip_pd_docx", rencana.pd_a)
    data = konteks_lkjip(laporan)
    baris = _baris_tabel(_docx(laporan))
    (s,) = [s for s in data["sasaran"] if s["kode"] == "A.S1"]
    for b in s["baris"]:  # analysis 1: one row per indicator, every cell the context's formatted value
        capaian = b["capaian"] + (f"\n{b['rumus']}" if b["rumus"] else "")
        harap = [b["kode"], b["uraian"], b["satuan"], b["target"], b["realisasi"], capaian, b["kategori"]]
        assert harap in baris, harap
    a = s["analisis"]
    for r in a["akhir"]["baris"]:  # analysis 3
        assert [f"{r['kode']} {r['uraian']}", f"{r['target_akhir']} ({r['tahun_akhir']})", r["realisasi"],
                r["capaian"]] in baris  # fmt: skip
    e = a["efisiensi"]  # analysis 6
    assert [e["pagu"], e["realisasi"], e["serapan"], e["capaian"], e["efisiensi"]] in baris
    for p in a["program"]:  # analysis 7
        assert [p["jenis"], p["kode"], p["uraian"], p["pagu"], p["realisasi"], p["serapan"], p["capaian"]] in baris
    assert "Rp1.000.000.000" in [c for r in baris for c in r]  # the figure the PDF test reads, formatted alike


def test_a_two_level_header_is_merged_not_shifted(rencana):  # noqa: F811
    """Analysis 2's header spans two rows (Indikator) and two columns per year: the body rows stay aligned."""
    laporan = _laporan(rencana, "lkjip_pd_docx", rencana.pd_a)
    lalu = konteks_lkjip(laporan)["sasaran"][0]["analisis"]["lalu"]
    doc = _docx(laporan)
    (tabel,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Indikator" and len(t.rows[1].cells) > 4]
    atas, bawah = [c.text for c in tabel.rows[0].cells], [c.text for c in tabel.rows[1].cells]
    assert atas == ["Indikator", *[str(th) for th in lalu["tahun"] for _ in (0, 1)], "2024", "2024"]
    assert bawah == ["Indikator", *["Realisasi", "Capaian"] * (len(lalu["tahun"]) + 1)]
    r = lalu["baris"][0]
    isi = [c.text for c in tabel.rows[2].cells]
    assert isi == [f"{r['kode']} {r['uraian']}", *[v for sel in r["tahun"] for v in (sel["realisasi"], sel["capaian"])],
                   r["ini"]["realisasi"], r["ini"]["capaian"]]  # fmt: skip


def test_the_docx_is_requested_downloaded_and_refused_as_the_pdf(client, rencana, monkeypatch):  # noqa: F811
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    p = rencana
    laporan = services.laporan_minta(user=p.operator_a, jenis="lkjip_pd_docx", tahun=2024, perangkat_daerah=p.pd_a)
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    assert laporan.nama_berkas.endswith(".docx")
    client.force_login(p.operator_a)
    resp = client.get(f"/laporan/{laporan.pk}/unduh/")
    assert resp.status_code == 200
    Document(io.BytesIO(b"".join(resp.streaming_content)))  # opens
    client.force_login(p.operator_b)
    assert client.get(f"/laporan/{laporan.pk}/unduh/").status_code == 404  # another PD's
    with pytest.raises(PermissionDenied):
        services.laporan_minta(user=p.operator_a, jenis="lkjip_pd_docx", tahun=2024, perangkat_daerah=p.pd_b)
    with pytest.raises(PermissionDenied):
        services.laporan_minta(user=p.operator_a, jenis="lkjip_pemda_docx", tahun=2024)
    client.force_login(p.organisasi)
    halaman = client.get("/laporan/?tahun=2024").content.decode()
    assert 'value="lkjip_pd_docx"' in halaman and 'value="lkjip_pemda_docx"' in halaman  # the form offers it


def test_the_api_offers_the_docx_and_refuses_another_pd(pemeran, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(pemeran.operator_a)
    with django_capture_on_commit_callbacks(execute=False):
        data = {"jenis": "lkjip_pd_docx", "tahun": 2024, "perangkat_daerah": pemeran.pd_a.pk, "konfirmasi": True}
        resp = c.post("/api/v1/laporan/", data)
    assert resp.status_code == 202, resp.content
    services.laporan_proses(resp.data["id"])
    berkas = c.get(f"/api/v1/laporan/{resp.data['id']}/unduh/")
    assert berkas.status_code == 200 and Document(io.BytesIO(b"".join(berkas.streaming_content))).paragraphs
    lain = c.post("/api/v1/laporan/", {"jenis": "lkjip_pd_docx", "tahun": 2024, "perangkat_daerah": pemeran.pd_b.pk})
    assert lain.status_code in (403, 404)
    c.force_authenticate(pemeran.operator_b)
    assert c.get(f"/api/v1/laporan/{resp.data['id']}/unduh/").status_code == 404


def _blok(doc) -> list[tuple[str, object]]:
    """The body in order: ("p", paragraph text) and ("t", rows of cell texts)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    hasil = []
    for el in doc.element.body.iterchildren():
        if el.tag.endswith("}p"):
            hasil.append(("p", Paragraph(el, doc).text))
        elif el.tag.endswith("}tbl"):
            hasil.append(("t", [[c.text for c in r.cells] for r in Table(el, doc).rows]))
    return hasil


def test_the_capaian_charts_data_stands_where_the_chart_is_as_a_captioned_table(rencana):  # noqa: F811
    """The PDF draws the capaian bars after Bab III A's heading; the Word copy has their data there: every
    indicator of every sasaran with the value its bar is labelled with."""
    from sakip.lib.angka import format_persen

    laporan = _laporan(rencana, "lkjip_pd_docx", rencana.pd_a)
    data = konteks_lkjip(laporan)
    blok = _blok(_docx(laporan))
    i = len(blok) - 1 - blok[::-1].index(("p", "A. Capaian Kinerja Organisasi"))  # the heading, not the contents
    assert blok[i + 1] == ("p", "Data grafik: Capaian indikator kinerja tahun 2024")
    jenis, baris = blok[i + 2]
    harap = [[b["kode"], b["uraian"], format_persen(b["persen"]) if b["persen"] is not None else "belum dilaporkan"]
             for s in data["sasaran"] for b in s["baris"]]  # fmt: skip
    assert jenis == "t" and baris == [["Kode", "Indikator", "Capaian (%)"], *harap]
    assert len(harap) >= 2 and any(r[2].endswith("%") for r in harap)


def test_the_trend_charts_data_goes_before_bab_iv_and_a_table_without_its_anchor_is_kept(settings):
    from decimal import Decimal

    from laporan.docx_lkjip import docx_dari_html, tabel_grafik

    settings.SAKIP_TARGET_NILAI_KOTA = "70"
    data = {"tahun": "2024", "sasaran": [], "evaluasi": {"tren": [(2022, Decimal("61.5")), (2023, Decimal("65.04"))]}}
    sisipan = tabel_grafik(data)
    assert set(sisipan) == {"sebelum:bab4"}  # no indicator: no capaian table
    html = "<html><body><h2 id='bab3c'>C. Hasil Evaluasi</h2><p>Isi</p><h1 id='bab4'>Bab IV Penutup</h1></body></html>"
    blok = _blok(Document(io.BytesIO(docx_dari_html(html, sisipan))))
    teks = [isi for _j, isi in blok]
    i = teks.index("Data grafik: Nilai SAKIP resmi (KemenPANRB) dan target")
    assert teks[i + 1] == [
        ["Tahun", "Nilai SAKIP resmi", "Target"],
        ["2022", "61,50", "70,00"],
        ["2023", "65,04", "70,00"],
    ]
    assert teks.index("Isi") < i < teks.index("Bab IV Penutup")
    blok = _blok(Document(io.BytesIO(docx_dari_html("<html><body><p>Tanpa jangkar</p></body></html>", sisipan))))
    assert ("p", "Data grafik: Nilai SAKIP resmi (KemenPANRB) dan target") in blok  # at the end, not lost


def test_the_supporting_programmes_total_row_is_in_the_docx(rencana):  # noqa: F811
    laporan = _laporan(rencana, "lkjip_pd_docx", rencana.pd_a)
    total = konteks_lkjip(laporan)["sasaran"][0]["analisis"]["program_total"]
    baris = _baris_tabel(_docx(laporan))
    assert ["Jumlah"] * 3 + [total["pagu"], total["realisasi"], total["serapan"], ""] in baris
    assert total["pagu"] == "Rp1.000.000.000"  # the programme's, not programme + kegiatan
