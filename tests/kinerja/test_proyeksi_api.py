"""The projection on /api/v1/indikator/ (issue 16 point 6): the year asked or the working year, submitted and
verified values only, null without data, in the choke point's scope, constant queries for a page."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kinerja.models import PeriodePerencanaan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
TAHUN = 2025


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _kumulatif(pd, kode, tw_nilai, *, status="diverifikasi", **kw):
    ind = buat_indikator(pd, kode=kode, agregasi="kumulatif", **kw)
    buat_target(ind, TAHUN, nilai=100)
    for tw, nilai in tw_nilai.items():
        buat_realisasi(ind, TAHUN, tw, nilai=nilai, status=status)
    return ind


def test_own_indicator_carries_its_projection_with_method_risk_and_path(pemeran):
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2022, tahun_akhir=2026)
    sasaran = buat_sasaran(pemeran.pemda, pemeran.pd_a, periode=periode)
    ind = _kumulatif(pemeran.pd_a, "A1", {1: 20, 2: 20}, sasaran=sasaran)
    buat_realisasi(ind, TAHUN, 3, nilai=90, status="draf")  # a draft is the operator's own picture only
    buat_target(ind, 2022, nilai=50)
    buat_target(ind, 2026, nilai=90)
    p = _api(pemeran.operator_a).get(f"/api/v1/indikator/{ind.pk}/", {"tahun": TAHUN}).json()["proyeksi"]
    assert p["tahun"] == TAHUN and p["triwulan"] == 2
    assert p["nilai"] == "80.0000" and p["capaian"] == "80.00" and p["berisiko"] is True
    assert p["ambang"] == "90.00" and p["metode"]
    assert p["posisi_jalur"]["nilai_jalur"] == "80.0000" and p["posisi_jalur"]["selisih"] == "0.0000"


def test_projection_is_null_without_data_and_follows_the_year_asked(pemeran, settings):
    settings.SAKIP_TAHUN_AKTIF = TAHUN
    ind = _kumulatif(pemeran.pd_a, "A1", {1: 30})
    kosong = _kumulatif(pemeran.pd_a, "A2", {1: 30}, status="draf")
    api = _api(pemeran.operator_a)
    baris = {r["id"]: r["proyeksi"] for r in api.get("/api/v1/indikator/").json()["results"]}
    assert baris[ind.pk]["tahun"] == TAHUN and baris[ind.pk]["nilai"] == "120.0000"
    assert baris[kosong.pk] is None
    assert api.get(f"/api/v1/indikator/{ind.pk}/", {"tahun": TAHUN - 1}).json()["proyeksi"] is None
    assert api.get("/api/v1/indikator/", {"tahun": "20x5"}).status_code == 400


def test_another_pds_operator_sees_neither_the_indicator_nor_its_projection(pemeran):
    ind = _kumulatif(pemeran.pd_a, "A1", {1: 30})
    assert _api(pemeran.operator_b).get(f"/api/v1/indikator/{ind.pk}/").status_code == 404
    ids = {r["id"] for r in _api(pemeran.operator_b).get("/api/v1/indikator/", {"tahun": TAHUN}).json()["results"]}
    assert ind.pk not in ids


@pytest.mark.parametrize("jumlah", [5, 20])
def test_a_page_of_indicators_reads_a_constant_number_of_queries(pemeran, django_assert_num_queries, jumlah, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 50}
    for n in range(jumlah):
        _kumulatif(pemeran.pd_a, f"K{n:02}", {1: 10 + n, 2: 10})
    api = _api(pemeran.organisasi)
    api.get("/api/v1/indikator/", {"tahun": TAHUN})  # the profile warm; then count, page, targets, values
    with django_assert_num_queries(4) as ditangkap:
        hasil = api.get("/api/v1/indikator/", {"tahun": TAHUN}).json()["results"]
    assert len(hasil) == jumlah and all(r["proyeksi"]["nilai"] for r in hasil), len(ditangkap)
