# ruff: noqa: F811 (`monev`: the fixture of test_monev_renaksi, imported)
"""The Monev Renaksi as Word (issue 16 point 2, as the LKjIP has one): the same context and page as the PDF,
walked into Word by the LKjIP's writer; per PD and for the city, made by the report job, its plan against
verified realisation rows checked against the data."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from laporan import jenis as jenis_laporan
from laporan.models import Laporan
from tests.laporan.test_monev_renaksi import _tanpa_pekerja_antrean, monev  # noqa: F401

pytestmark = pytest.mark.django_db
TAHUN = 2025


def _minta_docx(client, user, data: dict, capture) -> tuple[Laporan, Document]:
    client.force_login(user)
    with capture(execute=True):
        resp = client.post(f"/laporan/buat/?tahun={TAHUN}", data)
    assert resp.status_code == 302, resp.content.decode()[:500]
    laporan = Laporan.objects.get(pk=int(resp["Location"].split("/")[2]))
    assert laporan.status == Laporan.Status.SELESAI, laporan.galat
    unduh = client.get(f"/laporan/{laporan.pk}/unduh/")
    assert unduh.status_code == 200
    return laporan, Document(io.BytesIO(b"".join(unduh.streaming_content)))


def _baris_aksi(doc: Document, uraian: str) -> list[str]:
    """The cells of the action's row in the plan table (the row whose second cell starts with `uraian`)."""
    for t in doc.tables:
        for row in t.rows:
            sel = [c.text for c in row.cells]
            if len(sel) >= 14 and sel[1].startswith(uraian):
                return sel
    raise AssertionError(f"baris {uraian} tidak ada")


def _teks(doc: Document) -> str:
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_a_pd_users_word_copy_holds_plan_against_verified_realisation_per_month(
    client, monev, monkeypatch, django_capture_on_commit_callbacks
):
    _tanpa_pekerja_antrean(monkeypatch)
    data = {"jenis": "renaksi_pd_docx", "perangkat_daerah": monev.pd_a.pk, "triwulan": "1"}
    laporan, doc = _minta_docx(client, monev.operator_a, data, django_capture_on_commit_callbacks)
    assert laporan.nama_berkas == "Monev-Renaksi-2025-TW1-Dinas-A.docx"
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    sel = _baris_aksi(doc, "Sosialisasi posyandu")
    assert sel[0] == "1"
    assert sel[1].splitlines() == [
        "Sosialisasi posyandu", "Instruksi kepala daerah", "Tahapan: Persiapan; pelaksanaan",
        "PJ: Kepala Bidang Kesmas (Kabid)",
    ]  # fmt: skip
    # January, February: target | verified realisation and status; March submitted: "–", (25,00), not counted
    assert [sel[2], sel[3].splitlines()] == ["10,00", ["12,00", "Diverifikasi"]]
    assert [sel[4], sel[5].splitlines()] == ["20,00", ["15,00", "Diverifikasi"]]
    assert [sel[6], sel[7].splitlines()] == ["30,50", ["–", "(25,00)", "Diajukan"]]
    assert [sel[8], sel[9].splitlines(), sel[10], sel[11]] == ["30,50", ["15,00", "per Februari"], "49,18%",
                                                              "Tertinggal"]  # fmt: skip
    teks = _teks(doc)
    for ada in ("Faktor pendukung: Kader posyandu aktif", "Faktor penghambat: Hujan deras di lapangan",
                "Tindak lanjut: Jadwal ulang", "LAPORAN MONEV RENCANA AKSI",
                "Triwulan I (Januari–Maret 2025)"):  # fmt: skip
        assert ada in teks, ada
    assert "Penertiban reklame" not in teks and "Aksi pemda lain" not in teks


def test_the_citys_word_copy_lists_each_pd_and_its_actions(
    client, monev, monkeypatch, django_capture_on_commit_callbacks
):
    _tanpa_pekerja_antrean(monkeypatch)
    laporan, doc = _minta_docx(client, monev.organisasi, {"jenis": "renaksi_kota_docx", "triwulan": "1"},
                               django_capture_on_commit_callbacks)  # fmt: skip
    assert laporan.perangkat_daerah is None and laporan.nama_berkas == "Monev-Renaksi-2025-TW1-Kota-Uji.docx"
    reklame = _baris_aksi(doc, "Penertiban reklame")
    assert [reklame[6], reklame[7].splitlines()[0], reklame[10], reklame[11]] == ["40,00", "41,00", "102,50%",
                                                                                  "Sesuai rencana"]  # fmt: skip
    assert _baris_aksi(doc, "Sosialisasi posyandu")[11] == "Tertinggal"
    ringkasan = next(t for t in doc.tables if t.rows[0].cells[0].text == "Perangkat daerah")
    baris = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in ringkasan.rows[1:]}
    assert baris["Dinas A"] == ["1", "0", "1", "0", "0,00%"] and baris["Dinas B"] == ["1", "1", "0", "0", "100,00%"]
    assert baris["Kota"] == ["2", "1", "1", "0", "50,00%"]
    assert "Aksi pemda lain" not in _teks(doc)


def test_a_pd_user_may_not_request_the_citys_word_copy_and_the_kinds_pair_with_their_pdf(client, monev):
    client.force_login(monev.operator_a)
    resp = client.post(f"/laporan/buat/?tahun={TAHUN}", {"jenis": "renaksi_kota_docx", "triwulan": "1"})
    assert resp.status_code in (400, 403) and not Laporan.objects.exists()
    grup = {g[0].kode: [j.kode for j in g] for g in jenis_laporan.per_dokumen(jenis_laporan.semua())}
    assert grup["monev_renaksi_pd"] == ["monev_renaksi_pd", "renaksi_pd_docx"]
    assert grup["monev_renaksi_kota"] == ["monev_renaksi_kota", "renaksi_kota_docx"]


def test_the_plan_page_offers_the_word_copy_beside_the_pdf(client, monev):
    client.force_login(monev.operator_a)
    html = client.get(f"/kinerja/renaksi/{monev.pd_a.pk}/{TAHUN}/").content.decode()
    form = html.split('class="saring cetak-monev"', 1)[1].split("</form>", 1)[0]
    assert 'name="jenis" value="monev_renaksi_pd"' in form and 'name="jenis" value="renaksi_pd_docx"' in form
    assert form.index("monev_renaksi_pd") < form.index("renaksi_pd_docx")  # Enter submits the PDF, the first
