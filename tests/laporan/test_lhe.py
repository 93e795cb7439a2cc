"""The LHE (Laporan Hasil Evaluasi) PDF of an internal evaluation (issue 14 point 11): its text carries the
evaluation's total as the result page formats it, the predicate, the findings with the evaluator's notes and
each recommendation with its due date; only a scored or final internal evaluation is printed; rights are the
LKE workbook's (whoever may see the evaluation)."""

from __future__ import annotations

import datetime
import html as html_lib
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from pypdf import PdfReader
from rest_framework.test import APIClient

from evaluasi import selectors as ev
from evaluasi import tampilan
from evaluasi.models import Evaluasi, Jawaban, NilaiSubKomponen, Rekomendasi
from evaluasi.services import evaluasi_tandai_dinilai
from laporan import jenis as jenis_laporan
from laporan import services
from laporan.models import Laporan
from sakip.lib.angka import format_angka
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final, instrumen_a
from tests.factories import buat_pd

pytestmark = pytest.mark.django_db


def _pola(kr):
    """Every third criterion answered below the top of its scale, the others full."""
    return kr.pilihan[-1] if kr.nomor % 3 == 0 else kr.pilihan[0]


def _minta_dan_buat(user, evaluasi, capture) -> Laporan:
    with capture(execute=False):
        laporan = services.laporan_minta(user=user, jenis="lhe", tahun=evaluasi.tahun, evaluasi_id=evaluasi.pk)
    services.laporan_proses(laporan.pk)
    laporan.refresh_from_db()
    return laporan


def _teks(laporan: Laporan) -> str:
    halaman = PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages
    return " ".join(" ".join(p.extract_text() for p in halaman).split())


def _rekomendasi(e: Evaluasi, uraian: str, batas: datetime.date, status=Rekomendasi.Status.BELUM) -> Rekomendasi:
    return Rekomendasi.objects.create(
        pemda=e.pemda, evaluasi=e, uraian=uraian, perangkat_daerah=e.perangkat_daerah, batas_waktu=batas, status=status
    )


def test_the_lhe_pdf_carries_the_total_predicate_findings_and_recommendations(
    pemeran, django_capture_on_commit_callbacks
):
    buat_pd(pemeran.pemda, nama="Inspektorat Kota Uji", jenis="inspektorat", kepala_nama="Ir. Inspektur Uji",
            kepala_nip="197501012000031001")  # fmt: skip
    e = evaluasi_final(pemeran, pd=pemeran.pd_a, pola=_pola)
    siap = ev.instrumen_siap(e.instrumen)
    hasil = ev.hitung(siap, ev.masukan_evaluasi(e, siap))
    kurang = next(k for kom in hasil.komponen for s in kom.subkomponen for k in s.kriteria if k.poin_hilang)
    Jawaban.objects.filter(evaluasi=e, kriteria__kode=kurang.kode).update(catatan="Dokumen belum ditandatangani")
    _rekomendasi(e, "Tetapkan IKU dengan surat keputusan", datetime.date(2025, 6, 30))
    _rekomendasi(e, "Susun rencana aksi triwulanan", datetime.date(2025, 3, 31), Rekomendasi.Status.SELESAI)

    laporan = _minta_dan_buat(pemeran.inspektorat, e, django_capture_on_commit_callbacks)

    assert laporan.status == Laporan.Status.SELESAI, laporan.galat
    assert laporan.nama_berkas == "LHE-2024-Dinas-A.pdf" and laporan.status_sumber == "final"
    teks = _teks(laporan)
    # the total exactly as the result page prints it (evaluasi.tampilan → format_angka: 69,04)
    total = tampilan.ringkasan_hasil(siap, hasil)["total"]
    assert total == format_angka(hasil.total) and "," in total and total in teks
    assert f"{hasil.predikat.kode} {hasil.predikat.nama}" in teks or hasil.predikat.nama in teks
    for kom in hasil.komponen:  # every component's value and its weight from the instrument data
        assert format_angka(kom.nilai) in teks and format_angka(kom.bobot) in teks
    assert kurang.kode in teks and "Dokumen belum ditandatangani" in teks
    assert "Tetapkan IKU dengan surat keputusan" in teks and "30 Juni 2025" in teks
    assert "Susun rencana aksi triwulanan" in teks and "31 Maret 2025" in teks and "Selesai" in teks
    assert "Inspektorat Kota Uji" in teks and "Ir. Inspektur Uji" in teks and "NIP 197501012000031001" in teks
    assert tampilan.tanggal(e.hasil.dihitung_pada) in teks  # dated on the day it was made final
    assert "KONSEP" not in teks and "2.024" not in teks


def test_a_scored_evaluation_prints_as_an_undated_draft(pemeran, django_capture_on_commit_callbacks):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, terisi=True)
    evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    laporan = _minta_dan_buat(pemeran.inspektorat, e, django_capture_on_commit_callbacks)
    assert laporan.status == Laporan.Status.SELESAI, laporan.galat
    teks = _teks(laporan)
    assert "KONSEP" in teks and "belum bertanggal" in teks
    assert laporan.status_sumber == "dinilai"  # hidden from the PD, like the LKE made from a draft


@pytest.mark.parametrize(
    ("jenis", "status", "pesan"),
    [
        ("internal", "draf", "status evaluasi ini draf"),
        ("internal", "diajukan", "status evaluasi ini diajukan"),
        ("mandiri", "final", "LHE hanya dibuat dari evaluasi internal Inspektorat"),
    ],
)
def test_an_evaluation_not_scored_or_not_internal_is_refused_when_requested(client, pemeran, jenis, status, pesan):
    e = buat_evaluasi(pemeran.inspektorat if jenis == "internal" else pemeran.operator_a, jenis=jenis,
                      pd=pemeran.pd_a, terisi=True)  # fmt: skip
    Evaluasi.objects.filter(pk=e.pk).update(status=status)
    with pytest.raises(ValidationError) as exc:
        services.laporan_minta(user=pemeran.inspektorat, jenis="lhe", tahun=e.tahun, evaluasi_id=e.pk)
    assert pesan in exc.value.message_dict["evaluasi"][0]
    client.force_login(pemeran.inspektorat)  # the page: the error page with the reason, nothing queued
    resp = client.post(f"/laporan/buat/?tahun={e.tahun}", {"jenis": "lhe", "evaluasi": str(e.pk)})
    assert resp.status_code == 400 and pesan in resp.content.decode()
    resp = APIClient()  # the API: a 400 in the one error body, the reason under `evaluasi`
    resp.force_authenticate(pemeran.inspektorat)
    r = resp.post("/api/v1/laporan/", {"jenis": "lhe", "evaluasi": e.pk}, format="json")
    assert r.status_code == 400 and pesan in r.json()["errors"]["evaluasi"][0]
    assert not Laporan.objects.exists()


def test_the_job_checks_again_an_evaluation_that_changed_after_the_request(pemeran, django_capture_on_commit_callbacks):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, terisi=True)
    evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    with django_capture_on_commit_callbacks(execute=False):
        laporan = services.laporan_minta(user=pemeran.inspektorat, jenis="lhe", tahun=e.tahun, evaluasi_id=e.pk)
    Evaluasi.objects.filter(pk=e.pk).update(status="diajukan")  # sent back before the job ran
    services.laporan_proses(laporan.pk)
    laporan.refresh_from_db()
    assert laporan.status == Laporan.Status.GAGAL and not laporan.berkas
    assert "status evaluasi ini diajukan" in laporan.galat


def test_another_pds_user_gets_404(pemeran):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    with pytest.raises(Http404):
        services.laporan_minta(user=pemeran.operator_b, jenis="lhe", tahun=2024, evaluasi_id=e.pk)
    with pytest.raises(Http404):
        services.laporan_minta(user=pemeran.operator_lain, jenis="lhe", tahun=2024, evaluasi_id=e.pk)
    assert not Laporan.objects.exists()


def test_the_pd_does_not_get_the_lhe_of_the_inspektorats_unfinished_evaluation(pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, terisi=True)
    evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    with pytest.raises(Http404):
        services.laporan_minta(user=pemeran.operator_a, jenis="lhe", tahun=2024, evaluasi_id=e.pk)


def test_the_pd_gets_its_final_lhe(pemeran, django_capture_on_commit_callbacks):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    laporan = _minta_dan_buat(pemeran.operator_a, e, django_capture_on_commit_callbacks)
    assert laporan.status == Laporan.Status.SELESAI and laporan.perangkat_daerah == pemeran.pd_a
    assert Laporan.objects.for_user(pemeran.operator_a).filter(pk=laporan.pk).exists()
    assert not Laporan.objects.for_user(pemeran.operator_b).filter(pk=laporan.pk).exists()


def test_the_kind_is_in_the_registry_the_choices_and_the_api_schema(client, pemeran):
    lhe = jenis_laporan.ambil("lhe")
    assert lhe.lingkup is jenis_laporan.Lingkup.EVALUASI and lhe.aksi == jenis_laporan.ambil("lke_xlsx").aksi
    assert lhe.jendela is None and lhe.akhiran == "pdf"
    assert "lhe" in Laporan.Jenis.values
    client.force_login(pemeran.pimpinan)
    assert "'lhe'" in str(client.get("/api/schema/?format=json").json()["components"]["schemas"])


def test_the_result_page_button_requests_the_lhe(client, pemeran):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    client.force_login(pemeran.inspektorat)
    html = client.get(f"/evaluasi/{e.pk}/hasil/").content.decode()
    assert "Cetak LHE (PDF)" in html and 'name="jenis" value="lhe"' in html
    r = client.post(f"/laporan/buat/?tahun={e.tahun}", {"jenis": "lhe", "evaluasi": str(e.pk)})
    laporan = Laporan.objects.get(jenis="lhe")
    assert r.status_code == 302 and r["Location"].startswith(f"/laporan/{laporan.pk}/")
    assert laporan.evaluasi_id == e.pk and laporan.tahun == e.tahun and laporan.diminta_oleh == pemeran.inspektorat


def test_the_button_is_not_offered_before_the_evaluation_is_scored_and_says_the_requests_reason(client, pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, terisi=True)
    client.force_login(pemeran.inspektorat)
    html = html_lib.unescape(client.get(f"/evaluasi/{e.pk}/hasil/").content.decode())
    alasan = "LHE hanya dapat dicetak dari evaluasi yang sudah dinilai (dicetak sebagai konsep) atau final"
    assert "Cetak LHE (PDF)" not in html and alasan in html
    r = client.post(f"/laporan/buat/?tahun={e.tahun}", {"jenis": "lhe", "evaluasi": str(e.pk)})
    assert alasan in html_lib.unescape(r.content.decode()) and not Laporan.objects.filter(jenis="lhe").exists()


def test_the_button_and_the_request_read_one_rule(client, pemeran, monkeypatch):
    # the page shows the button exactly when the request-time rule lets the LHE print: bend the rule, both follow
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    monkeypatch.setattr(ev, "alasan_lhe_tidak_dicetak", lambda _e: "Dicegah oleh aturan uji.")
    client.force_login(pemeran.inspektorat)
    html = client.get(f"/evaluasi/{e.pk}/hasil/").content.decode()
    assert "Cetak LHE (PDF)" not in html and "Dicegah oleh aturan uji." in html
    r = client.post(f"/laporan/buat/?tahun={e.tahun}", {"jenis": "lhe", "evaluasi": str(e.pk)})
    assert "Dicegah oleh aturan uji." in r.content.decode() and not Laporan.objects.filter(jenis="lhe").exists()


def test_a_method_a_evaluation_prints_each_sub_components_grade_and_its_note(
    pemeran, django_capture_on_commit_callbacks
):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, instrumen=instrumen_a(), pola=_pola)
    NilaiSubKomponen.objects.filter(evaluasi=e, subkomponen__kode="1a").update(catatan="Reviu renstra belum ada")
    # every third criterion is below the top, so BB is above what the criteria support: it needs its reason
    NilaiSubKomponen.objects.filter(evaluasi=e).update(alasan="Praktik berjalan penuh; dokumen menyusul.")
    evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    laporan = _minta_dan_buat(pemeran.inspektorat, e, django_capture_on_commit_callbacks)
    assert laporan.status == Laporan.Status.SELESAI, laporan.galat
    teks = _teks(laporan)
    siap = ev.instrumen_siap(e.instrumen)
    hasil = ev.hitung(siap, ev.masukan_evaluasi(e, siap))
    assert format_angka(hasil.total) in teks and "Nilai (usulan)" in teks
    assert "Catatan subkomponen: Reviu renstra belum ada" in teks


def test_the_context_takes_a_fixed_number_of_queries(pemeran, django_assert_max_num_queries):
    from laporan.lhe import konteks_lhe

    e = evaluasi_final(pemeran, pd=pemeran.pd_a, pola=_pola)
    ev.instrumen_siap(e.instrumen)  # the instrument cache warm, as in a worker
    _rekomendasi(e, "Satu", datetime.date(2025, 1, 31))
    with django_assert_max_num_queries(12) as sedikit:
        konteks_lhe(e.pk, e.pemda_id)
    for n in range(15):
        _rekomendasi(e, f"Rekomendasi {n}", datetime.date(2025, 2, 1))
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        data = konteks_lhe(e.pk, e.pemda_id)
    assert len(data["rekomendasi"]) == 16
