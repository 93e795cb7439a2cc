"""`/api/v1/rencana-aksi/` (issue 16 point 6): read-only, scoped by the choke point, filterable by PD and year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from kinerja.services import renaksi
from tests.kinerja.factories import buat_indikator

URL = "/api/v1/rencana-aksi/"


@pytest.fixture
def rencana(pemeran):
    hasil = {}
    for pd, oleh, tahun in [(pemeran.pd_a, pemeran.operator_a, 2025), (pemeran.pd_b, pemeran.operator_b, 2024)]:
        ind = buat_indikator(pd)
        r = renaksi.rencana_aksi_buat(
            indikator=ind, tahun=tahun, oleh=oleh, uraian=f"Aksi {pd.nama}", penanggung_jawab="Kabid",
            target_bulanan={"1": "5"},
        )  # fmt: skip
        renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=oleh, nilai="4,5", faktor_penghambat="Hujan")
        hasil[pd.pk] = r
    return hasil


def _get(user, query: str = ""):
    klien = APIClient()
    klien.force_login(user)
    return klien.get(URL + query)


def test_operator_sees_only_own_pd_plans_and_another_pd_gets_404(pemeran, rencana):
    resp = _get(pemeran.operator_a)
    assert resp.status_code == 200
    data = resp.json()["results"]
    assert [r["uraian"] for r in data] == ["Aksi Dinas A"]
    assert data[0]["target_bulanan"] == {"1": "5.0000"}
    assert data[0]["realisasi"][0]["bulan"] == 1
    assert Decimal(data[0]["realisasi"][0]["nilai"]) == Decimal("4.5")
    assert _get(pemeran.operator_a, f"{rencana[pemeran.pd_b.pk].pk}/").status_code == 404
    assert _get(pemeran.operator_lain).json()["results"] == []


def test_city_roles_read_all_and_filter_by_pd_and_year(pemeran, rencana):
    assert len(_get(pemeran.inspektorat).json()["results"]) == 2
    assert [r["uraian"] for r in _get(pemeran.organisasi, f"?pd={pemeran.pd_b.pk}").json()["results"]] == [
        "Aksi Dinas B"
    ]
    assert [r["tahun"] for r in _get(pemeran.organisasi, "?tahun=2025").json()["results"]] == [2025]
    assert _get(pemeran.organisasi, "?tahun=abc").status_code == 400


def test_the_api_is_read_only(pemeran, rencana):
    klien = APIClient()
    klien.force_login(pemeran.operator_a)
    assert klien.post(URL, {"uraian": "x"}, format="json").status_code == 405
