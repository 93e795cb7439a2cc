"""`/api/v1/pohon-kinerja/`: the tree's nodes with the tree pages' visibility rule (a PD user sees its own
branch, its accepted crosscutting nodes and the city nodes above them, nothing of another PD), the filters
(`akar` gives exactly a subtree), 400 on a bad integer, and a query count that does not grow with the nodes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kinerja.models import Kontributor
from kinerja.services.pohon import tingkat_bawaan_pastikan
from tests.kinerja.factories import buat_indikator, buat_sasaran

pytestmark = pytest.mark.django_db
URL = "/api/v1/pohon-kinerja/"


@pytest.fixture
def pohon(pemeran):
    """K.S1 ← A.S1 ← A.P1 (PD A), K.S1 ← B.S1 (PD B); K.S2 ← K.T1 (tematik, A accepted) ; K.S3 alone."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    p = pemeran
    p.k1 = buat_sasaran(p.pemda, kode="K.S1", uraian="Kota sehat", tingkat=t["sasaran_rpjmd"])
    p.k2 = buat_sasaran(p.pemda, kode="K.S2", uraian="Keluarga", tingkat=t["sasaran_rpjmd"])
    p.kt = buat_sasaran(p.pemda, kode="K.T1", uraian="Stunting", induk=p.k2, tingkat=t["tematik"], tema="stunting")
    p.k3 = buat_sasaran(p.pemda, kode="K.S3", uraian="Lain", tingkat=t["sasaran_rpjmd"])
    p.a1 = buat_sasaran(p.pemda, p.pd_a, kode="A.S1", induk=p.k1, tingkat=t["sasaran_strategis"])
    p.ap = buat_sasaran(p.pemda, p.pd_a, kode="A.P1", induk=p.a1, tingkat=t["sasaran_program"])
    p.b1 = buat_sasaran(p.pemda, p.pd_b, kode="B.S1", induk=p.k1, tingkat=t["sasaran_strategis"])
    p.ind = buat_indikator(sasaran=p.a1, pemda=p.pemda, kode="IK-A1", uraian="Cakupan", iku=True)
    Kontributor.objects.create(sasaran=p.kt, perangkat_daerah=p.pd_a, status="disetujui")
    buat_sasaran(p.pemda_lain, kode="L.S1")
    return p


def _get(user, query: str = "") -> tuple[int, dict]:
    klien = APIClient()
    klien.force_login(user)
    resp = klien.get(URL + query)
    return resp.status_code, resp.json()


def _kode(user, query: str = "") -> set[str]:
    status, data = _get(user, query)
    assert status == 200, data
    return {r["kode"] for r in data["results"]}


def test_organisasi_sees_the_whole_city_tree_and_nothing_of_another_pemda(pohon):
    assert _kode(pohon.organisasi) == {"K.S1", "K.S2", "K.T1", "K.S3", "A.S1", "A.P1", "B.S1"}


def test_a_pd_user_sees_its_branch_its_crosscutting_node_and_the_city_nodes_above_never_another_pd(pohon):
    assert _kode(pohon.operator_a) == {"K.S1", "A.S1", "A.P1", "K.S2", "K.T1"}
    assert _kode(pohon.operator_b) == {"K.S1", "B.S1"}
    assert _get(pohon.operator_b, f"{pohon.a1.pk}/")[0] == 404
    assert _get(pohon.operator_a, f"{pohon.k3.pk}/")[0] == 404


def test_a_node_carries_its_level_pd_indicators_and_crosscutting_flag(pohon):
    status, data = _get(pohon.operator_a, f"{pohon.a1.pk}/")
    assert status == 200
    assert data == {
        "id": pohon.a1.pk, "kode": "A.S1", "uraian": pohon.a1.uraian, "induk": pohon.k1.pk,
        "tingkat": {"kode": "sasaran_strategis", "nama": pohon.a1.tingkat.nama},
        "perangkat_daerah": pohon.pd_a.pk, "nama_perangkat_daerah": "Dinas A", "periode": None, "tema": "",
        "kode_nomenklatur": "", "lintas_pd": False,
        "indikator": [{"id": pohon.ind.pk, "kode": "IK-A1", "uraian": "Cakupan", "satuan": "%", "iku": True,
                       "induk_indikator": None, "relasi_induk": ""}],
    }  # fmt: skip
    kota = _get(pohon.operator_a, f"{pohon.kt.pk}/")[1]
    assert (kota["perangkat_daerah"], kota["nama_perangkat_daerah"], kota["lintas_pd"]) == (None, None, True)


def test_filters_akar_gives_exactly_the_subtree_and_the_others_narrow(pohon):
    assert _kode(pohon.organisasi, f"?akar={pohon.k1.pk}") == {"K.S1", "A.S1", "A.P1", "B.S1"}
    assert _kode(pohon.organisasi, f"?akar={pohon.a1.pk}") == {"A.S1", "A.P1"}
    assert _kode(pohon.operator_b, f"?akar={pohon.k1.pk}") == {"K.S1", "B.S1"}
    assert _kode(pohon.operator_b, f"?akar={pohon.a1.pk}") == set()
    assert _kode(pohon.organisasi, f"?pd={pohon.pd_b.pk}") == {"B.S1"}
    assert _kode(pohon.organisasi, "?tingkat=tematik") == {"K.T1"}
    assert _kode(pohon.organisasi, "?tema=STUNT") == {"K.T1"}


@pytest.mark.parametrize("query", ["?akar=x", "?pd=1.5", "?periode=-1", "?akar=99999999999999999999"])
def test_a_bad_integer_filter_is_a_400(pohon, query):
    assert _get(pohon.organisasi, query)[0] == 400


def _jumlah_query(user) -> int:
    klien = APIClient()
    klien.force_login(user)
    with CaptureQueriesContext(connection) as q:
        assert klien.get(URL).status_code == 200
    return len(q)


def test_the_query_count_does_not_grow_with_the_nodes(pohon):
    sebelum = {u: _jumlah_query(u) for u in (pohon.organisasi, pohon.operator_a)}
    for n in range(5):
        s = buat_sasaran(pohon.pemda, pohon.pd_a, kode=f"A.X{n}", induk=pohon.a1)
        buat_indikator(sasaran=s, pemda=pohon.pemda)
    assert {u: _jumlah_query(u) for u in sebelum} == sebelum
    assert sebelum[pohon.organisasi] <= 8
