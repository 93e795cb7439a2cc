"""Exports are safe against the text they carry (issue 11 points 13 and 14): a note or name that begins
like a formula stays text in every workbook, and rows stored with control characters (before the input
rule, written here straight to the database) never break a workbook or a PDF report."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from openpyxl import Workbook, load_workbook

from evaluasi.models import Jawaban
from kinerja import impor
from kinerja.models import Indikator, Realisasi, Sasaran
from laporan import grafik, konteks, services
from laporan.models import Laporan, Narasi
from laporan.sistem import masalah_pdf
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.teks import KENDALI
from sakip.lib.xlsx import tambah_baris, tulis_sel
from tests.evaluasi.factories import evaluasi_final
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target
from tests.kinerja.test_dokumen_rencana import buat_rencana

pytestmark = pytest.mark.django_db

SEPERTI_RUMUS = ['=HYPERLINK("http://contoh.invalid/","klik")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx", "=1+1"]
DENGAN_KENDALI = "awal\x01tengah\x0bakhir\x7f"


def _buku(isi: bytes):
    return load_workbook(io.BytesIO(isi))


def _periksa_buku(buku) -> list[str]:
    """Every text cell of every sheet: no formula cell, no control character; returns the texts."""
    teks = []
    for lembar in buku.worksheets:
        for baris in lembar.iter_rows():
            for sel in baris:
                assert sel.data_type != "f", f"{lembar.title}!{sel.coordinate} adalah rumus: {sel.value!r}"
                if isinstance(sel.value, str):
                    assert sel.data_type == "s", sel.coordinate
                    assert not KENDALI.search(sel.value), f"{sel.coordinate}: {sel.value!r}"
                    teks.append(sel.value)
    return teks


# --- the helper ------------------------------------------------------------------------------------


def test_helper_writes_formula_like_text_as_string_cells_and_numbers_as_numbers():
    buku = Workbook()
    lembar = buku.active
    tambah_baris(lembar, [*SEPERTI_RUMUS, DENGAN_KENDALI, "#N/A", 3, 2.5, None])
    tulis_sel(lembar["A2"], "=SUM(1,2)")
    keluaran = io.BytesIO()
    buku.save(keluaran)
    dibaca = _buku(keluaran.getvalue()).active
    for i, asli in enumerate(SEPERTI_RUMUS, start=1):
        sel = dibaca.cell(row=1, column=i)
        assert sel.data_type == "s" and sel.quotePrefix, asli
    assert dibaca.cell(row=1, column=1).value == SEPERTI_RUMUS[0]
    assert dibaca.cell(row=1, column=8).value == "awaltengahakhir"
    assert dibaca.cell(row=1, column=9).data_type == "s"  # not an error cell
    assert dibaca.cell(row=1, column=10).value == 3 and dibaca.cell(row=1, column=10).data_type == "n"
    assert dibaca.cell(row=1, column=11).value == 2.5
    assert dibaca["A2"].value == "=SUM(1,2)" and dibaca["A2"].data_type == "s"


# --- the realisasi template ------------------------------------------------------------------------


@pytest.fixture
def realisasi_berbahaya(pemeran):
    """One indicator per formula-like penjelasan, and one whose stored penjelasan has control characters."""
    daftar = []
    for teks in [*SEPERTI_RUMUS, DENGAN_KENDALI]:
        ind = buat_indikator(pemeran.pd_a)
        buat_target(ind, 2025)
        r = buat_realisasi(ind, 2025, 1, nilai="10", penjelasan="sementara")
        Realisasi.objects.filter(pk=r.pk).update(penjelasan=teks, alasan_belum_tersedia="=2+2")
        daftar.append(ind)
    return daftar


def test_template_with_formula_like_and_control_text_downloads_as_plain_text(client, pemeran, realisasi_berbahaya):
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/templat.xlsx")
    assert resp.status_code == 200
    teks = _periksa_buku(_buku(resp.content))
    assert SEPERTI_RUMUS[0] in teks and "+1+1" in teks and "-2" in teks and "@SUM(A1)" in teks
    assert "awaltengahakhir" in teks and "=2+2" in teks


def test_our_template_reimports_without_formula_complaint(pemeran, realisasi_berbahaya):
    isi = impor.templat_realisasi(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1)
    hasil = impor.impor_realisasi(
        data=isi, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a
    )
    assert hasil.berhasil, [g.pesan for g in hasil.galat]
    penjelasan = dict(Realisasi.objects.values_list("indikator__kode", "penjelasan"))
    for ind, asli in zip(realisasi_berbahaya, SEPERTI_RUMUS, strict=False):
        assert penjelasan[ind.kode].strip() == asli.strip()  # still the text, never a computed value


# --- completeness and dashboard workbooks ------------------------------------------------------------


@pytest.fixture
def pd_bernama_rumus(pemeran):
    PerangkatDaerah.objects.filter(pk=pemeran.pd_a.pk).update(
        nama='=HYPERLINK("http://x.invalid")\x01', singkatan="@A1"
    )
    return pemeran


def test_completeness_export_writes_names_as_text(client, pd_bernama_rumus):
    pemeran = pd_bernama_rumus
    buat_indikator(pemeran.pd_a)
    client.force_login(pemeran.organisasi)
    resp = client.get("/kinerja/kelengkapan/2025/xlsx/")
    assert resp.status_code == 200
    assert '=HYPERLINK("http://x.invalid")' in _periksa_buku(_buku(resp.content))


def test_dashboard_export_writes_names_as_text(client, pd_bernama_rumus):
    client.force_login(pd_bernama_rumus.organisasi)
    resp = client.get("/dasbor/organisasi/xlsx/")
    assert resp.status_code == 200
    teks = _periksa_buku(_buku(resp.content))
    assert '=HYPERLINK("http://x.invalid")' in teks and "@A1" in teks


# --- the LKE workbook --------------------------------------------------------------------------------


def test_lke_with_formula_notes_and_control_characters_is_made(pemeran, django_capture_on_commit_callbacks):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    jawaban = list(Jawaban.objects.filter(evaluasi=e).order_by("pk")[: len(SEPERTI_RUMUS) + 1])
    for j, teks in zip(jawaban, [*SEPERTI_RUMUS, "catatan\x0bdengan tab vertikal"], strict=True):
        Jawaban.objects.filter(pk=j.pk).update(catatan=teks)
    with django_capture_on_commit_callbacks(execute=False):
        laporan = services.laporan_minta(user=pemeran.inspektorat, jenis="lke_xlsx", tahun=2024, evaluasi_id=e.pk)
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    teks = _periksa_buku(_buku(laporan.berkas.open("rb").read()))
    assert SEPERTI_RUMUS[0] in teks and "@SUM(A1)" in teks and "catatandengan tab vertikal" in teks


def test_renja_e81_writes_formula_like_node_indicator_and_explanation_texts_as_text(client, pemeran):
    """The E.81 workbook (issue 16 point 3): node and indicator texts and verified explanations that begin like
    a formula, or carry control characters, stay plain text."""
    r = buat_rencana(pemeran)
    Sasaran.objects.filter(pk=r.program.pk).update(uraian=SEPERTI_RUMUS[0], kode_nomenklatur="@A1")
    ind = Indikator.objects.get(kode="I-SP1")
    Indikator.objects.filter(pk=ind.pk).update(uraian=DENGAN_KENDALI, satuan="+1")
    for tw, teks in enumerate(("-2", "@SUM(A1)"), start=1):
        buat_realisasi(ind, 2025, tw, nilai="20", status="diverifikasi", penjelasan=teks)
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/perencanaan/renja/pd/{pemeran.pd_a.pk}/2025/e81.xlsx")
    assert resp.status_code == 200
    teks = _periksa_buku(_buku(resp.content))
    assert SEPERTI_RUMUS[0] in teks and "@A1" in teks and "awaltengahakhir (+1)" in teks
    assert any("TW I: -2." in t and "TW II: @SUM(A1)." in t for t in teks)


# --- PDF reports -------------------------------------------------------------------------------------


def _laporan(pemeran, jenis) -> Laporan:
    return Laporan.objects.create(
        pemda=pemeran.pemda, tahun=2024, perangkat_daerah=pemeran.pd_a, diminta_oleh=pemeran.operator_a, jenis=jenis
    )


@pytest.fixture
def kinerja_kotor(pemeran):
    """PD A's 2024 data whose stored texts carry control characters (and a chart label matplotlib would
    read as mathematics)."""
    ind = buat_indikator(pemeran.pd_a, kode="IK-K1", uraian="Cakupan\x01 layanan $x^$ dasar\x0b", agregasi="akhir")
    Sasaran.objects.filter(pk=ind.sasaran_id).update(uraian="Sasaran\x1b[31m merah")
    # NUL only where the database can hold it (PostgreSQL text refuses it outright); U+0002 elsewhere.
    nul = "\x02" if connection.vendor == "postgresql" else "\x00"
    Indikator.objects.filter(pk=ind.pk).update(satuan=f"%{nul}")
    buat_target(ind, 2024, nilai="90")
    buat_realisasi(ind, 2024, 4, nilai="92", status="diverifikasi")
    PerangkatDaerah.objects.filter(pk=pemeran.pd_a.pk).update(kepala_nama="Kepala\x0c Dinas")
    Narasi.objects.create(
        pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=2024, bab=Narasi.Bab.BAB1, teks="Bab\x01 satu\x0b."
    )
    pemeran.pd_a.refresh_from_db()
    return pemeran


def _teks_dalam(nilai):
    if isinstance(nilai, dict):
        for v in nilai.values():
            yield from _teks_dalam(v)
    elif isinstance(nilai, list | tuple):
        for v in nilai:
            yield from _teks_dalam(v)
    elif isinstance(nilai, str):
        yield nilai


def test_report_context_has_no_control_characters(kinerja_kotor):
    for jenis, buat in ((Laporan.Jenis.LKJIP_PD, konteks.konteks_lkjip), (Laporan.Jenis.PK, konteks.konteks_pk)):
        data = buat(_laporan(kinerja_kotor, jenis))
        kotor = [t for t in _teks_dalam(data) if KENDALI.search(t)]
        assert kotor == [], jenis
    data = konteks.konteks_lkjip(_laporan(kinerja_kotor, Laporan.Jenis.LKJIP_PD))
    assert data["narasi"][Narasi.Bab.BAB1] == "Bab satu."


@pytest.mark.skipif(masalah_pdf() is not None, reason="Pango tidak tersedia: PDF tidak dapat dibuat")
@pytest.mark.parametrize("jenis", [Laporan.Jenis.LKJIP_PD, Laporan.Jenis.PK])
def test_pdf_reports_are_made_from_rows_with_control_characters(kinerja_kotor, jenis):
    laporan = _laporan(kinerja_kotor, jenis)
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI, Laporan.objects.get(pk=laporan.pk).pesan
    laporan.refresh_from_db()
    assert laporan.berkas.open("rb").read().startswith(b"%PDF")


def test_chart_labels_are_never_read_as_mathematics():
    batang = grafik.batang_capaian(["Biaya $x^$ naik", "Rp $5 dan $6 juta"], [Decimal("50"), None], "Capaian")
    assert [b["label"] for b in batang["baris"]] == ["Biaya $x^$ naik", "Rp $5 dan $6 juta"]  # as written
    uri = grafik.garis_tren([2023, 2024], [Decimal("60"), None], Decimal("70"), "Nilai $x^$ naik")
    assert uri.startswith("data:image/svg+xml;base64,")
