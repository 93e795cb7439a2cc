"""Report jobs: context values, a real PDF, idempotent claims, failure and retry, stuck workers, access."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from laporan import services
from laporan.konteks import konteks_lkjip
from laporan.models import Laporan
from laporan.renderer import UrlDitolak, url_fetcher
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db
S = Laporan.Status


@pytest.fixture
def data_kinerja(pemeran):
    """PD A with one naik and one turun indicator, verified 2024 values, and one unverified."""
    naik = buat_indikator(pemeran.pd_a, kode="IK-A1", uraian="Cakupan imunisasi dasar lengkap", agregasi="akhir")
    turun = buat_indikator(pemeran.pd_a, kode="IK-A2", uraian="Angka kematian bayi", arah="turun", agregasi="akhir")
    buat_target(naik, 2024, nilai="90")
    buat_target(turun, 2024, lo="7", hi="8")
    buat_target(naik, 2026, nilai="95")
    buat_realisasi(naik, 2024, 4, nilai="92", status="diverifikasi")
    buat_realisasi(turun, 2024, 4, nilai="6.5", status="diverifikasi")
    buat_realisasi(naik, 2023, 4, nilai="85", status="diverifikasi")
    lain = buat_indikator(pemeran.pd_a, kode="IK-A3", uraian="Indikator belum diverifikasi")
    buat_target(lain, 2024, nilai="10")
    buat_realisasi(lain, 2024, 4, nilai="5", status="diajukan")
    return pemeran


def _laporan(pemeran, **kw) -> Laporan:
    kw.setdefault("jenis", Laporan.Jenis.LKJIP_PD)
    kw.setdefault("perangkat_daerah", pemeran.pd_a)
    return Laporan.objects.create(pemda=pemeran.pemda, tahun=2024, diminta_oleh=pemeran.operator_a, **kw)


def test_context_has_exact_verified_values(data_kinerja):
    data = konteks_lkjip(_laporan(data_kinerja))
    baris = {b["kode"]: b for s in data["sasaran"] for b in s["baris"]}
    assert baris["IK-A1"]["capaian"] == "102,22%"
    assert baris["IK-A1"]["realisasi"] == "92,00"
    assert baris["IK-A1"]["tahun_lalu"] == ["–", "85,00"]
    assert baris["IK-A1"]["target_renstra"] == "95 (2026)"
    assert baris["IK-A2"]["capaian"] == "107,14%"
    assert baris["IK-A2"]["kategori"] == "Sangat Tinggi"
    # the unverified value is not counted, and is listed as such
    assert baris["IK-A3"]["realisasi"] == "–" and baris["IK-A3"]["capaian"] == "Belum dilaporkan"
    assert [b["kode"] for b in data["belum_terverifikasi"]] == ["IK-A3"]
    assert data["ikhtisar"]["jumlah_indikator"] == 3 and data["ikhtisar"]["jumlah_tercapai"] == 2
    assert data["ikhtisar"]["persen_tercapai"] == "100,00"


def test_task_renders_a_real_pdf_with_name_year_and_capaian(data_kinerja, django_capture_on_commit_callbacks):
    laporan = _laporan(data_kinerja)
    assert services.laporan_proses(laporan.pk) == S.SELESAI
    laporan.refresh_from_db()
    assert laporan.status == S.SELESAI and laporan.progres == 100
    assert laporan.nama_berkas == "LKjIP-2024-Dinas-A.pdf"
    isi = laporan.berkas.open("rb").read()
    assert isi.startswith(b"%PDF")
    teks = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(isi)).pages)
    assert "Dinas A" in teks and "2024" in teks and "102,22" in teks
    assert laporan.jumlah_halaman == len(PdfReader(io.BytesIO(isi)).pages) >= 5


def test_running_twice_leaves_one_file_and_selesai(data_kinerja):
    laporan = _laporan(data_kinerja)
    services.laporan_proses(laporan.pk)
    laporan.refresh_from_db()
    berkas_pertama = laporan.berkas.name
    folder = Path(laporan.berkas.storage.path(berkas_pertama)).parent
    sebelum = sorted(folder.iterdir())
    assert services.laporan_proses(laporan.pk) == "dilewati"
    laporan.refresh_from_db()
    assert laporan.status == S.SELESAI and laporan.berkas.name == berkas_pertama
    assert sorted(folder.iterdir()) == sebelum


def test_renderer_failure_marks_gagal_and_retry_works(data_kinerja, monkeypatch, django_capture_on_commit_callbacks):
    laporan = _laporan(data_kinerja)

    def rusak(html):
        raise RuntimeError("font rusak")

    monkeypatch.setattr("laporan.pembuat.html_ke_pdf", rusak)
    assert services.laporan_proses(laporan.pk) == S.GAGAL
    laporan.refresh_from_db()
    assert laporan.status == S.GAGAL and "font rusak" in laporan.galat and laporan.galat.startswith("Laporan gagal")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=False) as antre:
        services.laporan_ulangi(user=data_kinerja.operator_a, laporan=laporan)
    assert len(antre) == 1
    assert services.laporan_proses(laporan.pk) == S.SELESAI


def test_stuck_job_is_failed_after_hard_limit_and_can_be_retried(data_kinerja, django_capture_on_commit_callbacks):
    laporan = _laporan(data_kinerja)
    assert services.laporan_klaim(laporan.pk) is not None  # the worker claims it, then dies
    assert services.laporan_pulihkan_macet() == 0  # not yet past the limit
    Laporan.objects.filter(pk=laporan.pk).update(
        mulai_pada=timezone.now() - services.batas_waktu_keras() - timedelta(1)
    )
    assert services.laporan_pulihkan_macet() == 1
    laporan.refresh_from_db()
    assert laporan.status == S.GAGAL and "Pekerja berhenti" in laporan.galat
    with django_capture_on_commit_callbacks(execute=False):
        services.laporan_ulangi(user=data_kinerja.operator_a, laporan=laporan)
    assert services.laporan_proses(laporan.pk) == S.SELESAI


def test_request_is_enqueued_after_commit(pemeran, django_capture_on_commit_callbacks, monkeypatch):
    dikirim = []
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: dikirim.append(i))
    with django_capture_on_commit_callbacks(execute=True):
        laporan = services.laporan_minta(
            user=pemeran.operator_a, jenis="lkjip_pd", tahun=2024, perangkat_daerah=pemeran.pd_a
        )
        assert dikirim == []  # nothing is sent before the row is committed
    assert dikirim == [laporan.pk]


def test_url_fetcher_allows_only_own_static_files():
    ambil = url_fetcher()
    assert ambil.fetch("sakip-static:/static/css/laporan-pdf.css").read().startswith(b"/*")
    assert ambil.fetch("data:text/plain,halo").read() == b"halo"
    for url in ["sakip-static:/static/../../etc/passwd", "sakip-static:/static/tidak-ada.css"]:
        with pytest.raises(UrlDitolak):
            ambil.fetch(url)
    for url in ["http://127.0.0.1/", "file:///etc/passwd", "https://cdn.example/x.css"]:
        with pytest.raises((UrlDitolak, ValueError)):
            ambil.fetch(url)


def test_batch_makes_one_job_per_pd(pemeran, django_capture_on_commit_callbacks, monkeypatch):
    dikirim = []
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: dikirim.append(i))
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_minta(user=pemeran.organisasi, tahun=2024)
    assert set(batch.laporan.values_list("perangkat_daerah", flat=True)) == {pemeran.pd_a.pk, pemeran.pd_b.pk}
    assert sorted(dikirim) == sorted(batch.laporan.values_list("pk", flat=True))


def test_operator_cannot_request_another_pd_or_city_report(pemeran):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.laporan_minta(user=pemeran.operator_a, jenis="lkjip_pd", tahun=2024, perangkat_daerah=pemeran.pd_b)
    with pytest.raises(PermissionDenied):
        services.laporan_minta(user=pemeran.operator_a, jenis="lkjip_pemda", tahun=2024)
    with pytest.raises(PermissionDenied):
        services.laporan_minta(user=pemeran.pimpinan, jenis="lkjip_pemda", tahun=2024)
    assert Laporan.objects.count() == 0


def test_downloads_check_access(client, data_kinerja):
    laporan = _laporan(data_kinerja)
    services.laporan_proses(laporan.pk)
    url = f"/laporan/{laporan.pk}/unduh/"
    client.force_login(data_kinerja.operator_a)
    resp = client.get(url)
    assert resp.status_code == 200
    assert 'filename="LKjIP-2024-Dinas-A.pdf"' in resp["Content-Disposition"]
    for orang in (data_kinerja.operator_b, data_kinerja.operator_lain, data_kinerja.pimpinan_lain):
        client.force_login(orang)
        assert client.get(url).status_code == 404
        assert client.get(f"/laporan/{laporan.pk}/").status_code == 404
    for orang in (data_kinerja.pimpinan, data_kinerja.organisasi):
        client.force_login(orang)
        assert client.get(url).status_code == 200


def test_list_page_shows_progress_and_request_form(client, pemeran):
    _laporan(pemeran)
    client.force_login(pemeran.organisasi)
    client.post("/tahun/", {"tahun": "2024", "next": "/laporan/"})
    html = client.get("/laporan/").content.decode()
    assert "Buat laporan" in html and "Buat semua LKjIP PD tahun 2024" in html
    assert 'hx-trigger="every 1s"' in html and "<progress" in html
    client.force_login(pemeran.operator_b)
    html = client.get("/laporan/").content.decode()
    assert "Belum ada laporan untuk tahun ini" in html


def test_pk_document_lists_targets_and_two_signature_blocks(data_kinerja):
    laporan = _laporan(data_kinerja, jenis=Laporan.Jenis.PK)
    assert services.laporan_proses(laporan.pk) == S.SELESAI
    laporan.refresh_from_db()
    assert laporan.nama_berkas == "PK-2024-Dinas-A.pdf"
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages)
    teks = " ".join(teks.split())
    assert "PERJANJIAN KINERJA TAHUN 2024" in teks
    assert "Pihak Pertama" in teks and "Pihak Kedua" in teks
    assert "Cakupan imunisasi dasar lengkap" in teks and "7–8" in teks


def test_city_report_shows_official_result_self_estimate_and_pd_share(pemeran):
    from decimal import Decimal as D

    from evaluasi import services as ev_services
    from laporan.konteks import konteks_lkjip
    from tests.evaluasi.factories import evaluasi_final

    evaluasi_final(pemeran, pd=pemeran.pd_a)  # all top answers: 100,00 AA
    ev_services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=D("69.04"), predikat="B")
    data = konteks_lkjip(_laporan(pemeran, jenis=Laporan.Jenis.LKJIP_PEMDA, perangkat_daerah=None))
    resmi = data["evaluasi"]["baris"][0]
    assert (resmi["label"], resmi["sumber"], resmi["nilai"], resmi["predikat"]) == (
        "Hasil resmi",
        "KemenPANRB",
        "69,04",
        "B",
    )
    assert "1 dari 2 perangkat daerah (50,00%)" in data["evaluasi"]["catatan"]
    # One of two PD final: the year is under way, and the report says so (issue 11 point 3).
    assert "tahun 2024 sedang berjalan: 1 dari 2 PD sudah final" in data["evaluasi"]["catatan"]
    assert data["evaluasi"]["tren"] == [(2024, D("69.04"))]
    evaluasi_final(pemeran, pd=pemeran.pd_b)
    data = konteks_lkjip(_laporan(pemeran, jenis=Laporan.Jenis.LKJIP_PEMDA, perangkat_daerah=None))
    assert "2 dari 2 perangkat daerah (100,00%)" in data["evaluasi"]["catatan"]
    assert "sedang berjalan" not in data["evaluasi"]["catatan"]


def test_pd_report_shows_its_final_internal_result(pemeran):
    from laporan.konteks import konteks_lkjip
    from tests.evaluasi.factories import evaluasi_final

    evaluasi_final(pemeran, pd=pemeran.pd_a)
    data = konteks_lkjip(_laporan(pemeran))
    assert data["evaluasi"]["baris"][0]["nilai"] == "100,00"
    assert data["evaluasi"]["baris"][0]["predikat"] == "AA"
    assert konteks_lkjip(_laporan(pemeran, perangkat_daerah=pemeran.pd_b))["evaluasi"] is None


def test_report_page_says_what_to_install_when_pango_is_missing(client, pemeran, monkeypatch):
    from laporan import sistem, views

    monkeypatch.setattr(views, "masalah_pdf", lambda: sistem.PESAN_TANPA_PANGO)
    client.force_login(pemeran.organisasi)
    resp = client.get("/laporan/")
    assert resp.status_code == 200
    assert "apt-get install libpango-1.0-0" in resp.content.decode()


def test_missing_pango_fails_the_job_readably(pemeran, monkeypatch):
    from laporan import sistem

    monkeypatch.setattr("laporan.renderer.masalah_pdf", lambda: sistem.PESAN_TANPA_PANGO)
    laporan = _laporan(pemeran)
    assert services.laporan_proses(laporan.pk) == S.GAGAL
    laporan.refresh_from_db()
    assert laporan.galat == sistem.PESAN_TANPA_PANGO
