"""The laporan API: request (202, throttled), list scoped, download, 404 for another PD."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from laporan import services
from laporan.models import Laporan

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_request_list_and_download_through_the_api(pemeran, django_capture_on_commit_callbacks):
    c = _api(pemeran.operator_a)
    with django_capture_on_commit_callbacks(execute=False) as antre:
        resp = c.post("/api/v1/laporan/", {"jenis": "pk", "tahun": 2024, "perangkat_daerah": pemeran.pd_a.pk})
    assert resp.status_code == 202, resp.content
    assert len(antre) == 1 and resp.data["status"] == "antri" and resp.data["unduh"] is None
    assert c.get(f"/api/v1/laporan/{resp.data['id']}/unduh/").status_code == 404
    services.laporan_proses(resp.data["id"])
    detail = c.get(f"/api/v1/laporan/{resp.data['id']}/").data
    assert detail["status"] == "selesai" and detail["unduh"].endswith(f"/api/v1/laporan/{resp.data['id']}/unduh/")
    berkas = c.get(f"/api/v1/laporan/{resp.data['id']}/unduh/")
    assert berkas.status_code == 200 and b"".join(berkas.streaming_content).startswith(b"%PDF")
    assert [r["id"] for r in c.get("/api/v1/laporan/?tahun=2024").data["results"]] == [resp.data["id"]]


def test_another_pd_cannot_see_request_or_download(pemeran, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        laporan = services.laporan_minta(user=pemeran.operator_a, jenis="pk", tahun=2024, perangkat_daerah=pemeran.pd_a)
    for orang in (pemeran.operator_b, pemeran.operator_lain, pemeran.pimpinan_lain):
        c = _api(orang)
        assert c.get(f"/api/v1/laporan/{laporan.pk}/").status_code == 404
        assert c.get(f"/api/v1/laporan/{laporan.pk}/unduh/").status_code == 404
        assert c.post(f"/api/v1/laporan/{laporan.pk}/ulangi/").status_code == 404
        assert c.get("/api/v1/laporan/").data["results"] == []
    resp = _api(pemeran.operator_b).post("/api/v1/laporan/", {"jenis": "pk", "perangkat_daerah": pemeran.pd_a.pk})
    assert resp.status_code == 404 and resp.data["detail"]
    resp = _api(pemeran.operator_lain).post("/api/v1/laporan/", {"jenis": "pk", "perangkat_daerah": pemeran.pd_a.pk})
    assert resp.status_code == 404
    assert Laporan.objects.count() == 1


def test_report_requests_are_throttled_with_an_indonesian_message(
    pemeran, settings, django_capture_on_commit_callbacks
):
    settings.SAKIP_BATAS_LAJU = {**settings.SAKIP_BATAS_LAJU, "laporan": "2/hour"}
    c = _api(pemeran.organisasi)
    with django_capture_on_commit_callbacks(execute=False):
        kode = [
            c.post("/api/v1/laporan/", {"jenis": "lkjip_pemda", "tahun": t, "konfirmasi": True}).status_code
            for t in (2022, 2023, 2024)
        ]
    assert kode == [202, 202, 429]
    resp = c.post("/api/v1/laporan/", {"jenis": "lkjip_pemda", "tahun": 2025})
    assert "Terlalu banyak permintaan" in resp.data["detail"] and int(resp["Retry-After"]) > 0
    assert Laporan.objects.count() == 2


def test_an_identical_unfinished_request_returns_the_same_job(pemeran, django_capture_on_commit_callbacks):
    c = _api(pemeran.operator_a)
    data = {"jenis": "pk", "tahun": 2024, "perangkat_daerah": pemeran.pd_a.pk}
    with django_capture_on_commit_callbacks(execute=False):
        pertama = c.post("/api/v1/laporan/", data)
        kedua = c.post("/api/v1/laporan/", data)
    assert (pertama.status_code, kedua.status_code) == (202, 200)
    assert kedua.data["id"] == pertama.data["id"] and Laporan.objects.count() == 1


@pytest.mark.parametrize(
    "isi",
    [
        {"jenis": "lke_xlsx", "evaluasi": -1},
        {"jenis": "pk", "evaluasi": -1, "perangkat_daerah": "PD"},
        {"jenis": "lkjip_pd", "evaluasi": -1},
        {"jenis": "pk", "perangkat_daerah": 9223372036854775808},
        {"jenis": "pk", "perangkat_daerah": "²"},
        {"jenis": "pk", "perangkat_daerah": True},
        {"jenis": "lkjip_pemda", "tahun": "²⁰²⁴"},
        {"jenis": "lkjip_pemda", "tahun": 99999999999999999999},
        {"jenis": "lke_xlsx", "evaluasi": "1.5"},
    ],
)
def test_malformed_numbers_in_a_request_are_a_400_never_a_500(pemeran, isi):
    isi = {k: (pemeran.pd_a.pk if v == "PD" else v) for k, v in isi.items()}
    resp = _api(pemeran.organisasi).post("/api/v1/laporan/", isi, format="json")
    assert resp.status_code == 400, resp.content
    assert resp.data["errors"] and Laporan.objects.count() == 0


def test_pd_report_never_stores_an_evaluation(pemeran, django_capture_on_commit_callbacks):
    c = _api(pemeran.operator_a)
    with django_capture_on_commit_callbacks(execute=False):
        resp = c.post("/api/v1/laporan/", {"jenis": "pk", "perangkat_daerah": pemeran.pd_a.pk, "evaluasi": 5})
    assert resp.status_code == 202 and Laporan.objects.get().evaluasi_id is None


@pytest.mark.parametrize(
    "kueri", ["tahun=²", "tahun=99999999999999999999", "perangkat_daerah=9223372036854775808", "perangkat_daerah=-1"]
)
def test_malformed_list_filters_are_a_400(pemeran, kueri):
    c = _api(pemeran.organisasi)
    for daftar in ("/api/v1/laporan/", "/api/v1/narasi/"):
        resp = c.get(f"{daftar}?{kueri}")
        assert resp.status_code == 400 and resp.data["errors"], (daftar, kueri)
