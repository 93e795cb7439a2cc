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


def test_report_requests_are_throttled(pemeran, settings, django_capture_on_commit_callbacks):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "laporan": "2/hour"}
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        c = _api(pemeran.organisasi)
        with django_capture_on_commit_callbacks(execute=False):
            kode = [c.post("/api/v1/laporan/", {"jenis": "lkjip_pemda", "tahun": 2024}).status_code for _ in range(3)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()
    assert kode == [202, 202, 429]
    assert Laporan.objects.count() == 2
