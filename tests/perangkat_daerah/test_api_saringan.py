"""List filters refuse what the schema forbids and accept what it allows; the API's 404 is in the one error
body even where no route matches (issue 12 point 6)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(pemeran):
    klien = APIClient()
    klien.force_authenticate(pemeran.organisasi)
    return klien


@pytest.mark.parametrize(
    "kueri", ["aktif=2", "aktif=null", "aktif=", "jenis=", "jenis=bukan", "aktif=true&aktif=false"]
)
def test_perangkat_daerah_list_refuses_a_filter_value_the_schema_forbids(api, kueri):
    resp = api.get(f"/api/v1/perangkat-daerah/?{kueri}")
    assert resp.status_code == 400
    assert set(resp.json()) == {"detail", "errors"}


def test_perangkat_daerah_list_filters_by_the_values_the_schema_allows(api, pemeran):
    semua = api.get("/api/v1/perangkat-daerah/").json()["count"]
    assert api.get("/api/v1/perangkat-daerah/?aktif=true").json()["count"] == semua
    assert api.get("/api/v1/perangkat-daerah/?aktif=false").json()["count"] == 0
    jenis = pemeran.pd_a.jenis
    assert api.get(f"/api/v1/perangkat-daerah/?jenis={jenis}").status_code == 200


@pytest.mark.parametrize("halaman", ["0", "-1", "last", "1.5", "²", "1&page=2"])
def test_a_page_number_that_is_not_one_whole_number_is_a_404_in_the_error_body(api, halaman):
    resp = api.get(f"/api/v1/perangkat-daerah/?page={halaman}")
    assert resp.status_code == 404
    assert set(resp.json()) == {"detail", "errors"}


def test_an_api_address_no_route_matches_is_a_json_404(api):
    resp = api.get("/api/v1/perangkat-daerah/0.5/")
    assert resp.status_code == 404
    assert resp["Content-Type"] == "application/json"
    assert resp.json() == {"detail": "Data tidak ditemukan atau bukan wewenang Anda.", "errors": {}}


def test_a_page_address_no_route_matches_is_still_the_html_404(client, pemeran):
    client.force_login(pemeran.operator_a)
    resp = client.get("/pd/tidak-ada/")
    assert resp.status_code == 404
    assert resp["Content-Type"].startswith("text/html")


def test_a_request_django_refuses_before_any_view_is_a_json_400_under_the_api(api):
    """More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (found by schemathesis on /api/v1/notifikasi/baca/):
    the API answers in its one error body, not with the HTML page."""
    isian = "&".join(f"id={i}" for i in range(1, 1100))
    resp = api.post("/api/v1/notifikasi/baca/", isian, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
    assert resp["Content-Type"] == "application/json"
    assert set(resp.json()) == {"detail", "errors"} and "terlalu banyak" in resp.json()["detail"]


def test_a_page_request_django_refuses_is_still_the_html_400(client, pemeran):
    client.force_login(pemeran.operator_a)
    isian = "&".join(f"x={i}" for i in range(1, 1100))
    resp = client.post("/notifikasi/preferensi/", isian, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
    assert resp["Content-Type"].startswith("text/html")
