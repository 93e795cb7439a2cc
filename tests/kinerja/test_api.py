"""Kinerja API: scope (404 for another PD or pemda on every endpoint), filters, PATCH with versi (409 on
a stale one, nothing changes), the workflow actions and their refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from kinerja.models import Realisasi
from perangkat_daerah.services import riwayat_untuk
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def data(pemeran):
    ind_a = buat_indikator(pemeran.pd_a, kode="A-1")
    ind_b = buat_indikator(pemeran.pd_b, kode="B-1")
    ind_l = buat_indikator(pemeran.pd_lain, kode="L-1")
    t_a = buat_target(ind_a, 2025, nilai=80)
    buat_target(ind_b, 2025, nilai=80)
    r_a = buat_realisasi(ind_a, 2025, 1, nilai=70)
    r_a2 = buat_realisasi(ind_a, 2025, 2, nilai=75, status=Realisasi.Status.DIAJUKAN)
    r_b = buat_realisasi(ind_b, 2025, 1, nilai=60)
    r_l = buat_realisasi(ind_l, 2025, 1, nilai=50)
    return {"ind_a": ind_a, "ind_b": ind_b, "t_a": t_a, "r_a": r_a, "r_a2": r_a2, "r_b": r_b, "r_l": r_l}


def _detail(data) -> list[str]:
    ind_b = data["ind_b"]
    return [
        f"/api/v1/sasaran/{ind_b.sasaran_id}/",
        f"/api/v1/indikator/{ind_b.pk}/",
        f"/api/v1/target/{ind_b.target.get().pk}/",
        f"/api/v1/realisasi/{data['r_b'].pk}/",
    ]


def test_operator_gets_404_for_another_pd_on_every_endpoint(pemeran, data):
    api = _api(pemeran.operator_a)
    for url in _detail(data):
        assert api.get(url).status_code == 404, url
    r_b = data["r_b"]
    assert api.patch(f"/api/v1/realisasi/{r_b.pk}/", {"versi": 1, "nilai": "1"}).status_code == 404
    for aksi in ("ajukan", "verifikasi", "kembalikan"):
        assert api.post(f"/api/v1/realisasi/{r_b.pk}/{aksi}/", {"versi": 1, "catatan": "x"}).status_code == 404
    resp = api.post("/api/v1/realisasi/", {"indikator": data["ind_b"].pk, "tahun": 2025, "triwulan": 3, "nilai": "1"})
    assert resp.status_code == 404
    r_b.refresh_from_db()
    assert r_b.nilai == Decimal(60) and r_b.status == Realisasi.Status.DRAF and r_b.versi == 1
    assert not Realisasi.objects.filter(triwulan=3).exists()


@pytest.mark.parametrize("siapa", ["operator_lain", "pimpinan_lain"])
def test_other_pemda_gets_404_on_every_endpoint(pemeran, data, siapa):
    api = _api(getattr(pemeran, siapa))
    for url in [*_detail(data), f"/api/v1/realisasi/{data['r_a'].pk}/"]:
        assert api.get(url).status_code == 404, url


@pytest.mark.parametrize("sumber", ["sasaran", "indikator", "target", "realisasi"])
def test_lists_show_only_the_users_scope(pemeran, data, sumber):
    kode = {r["id"] for r in _api(pemeran.operator_a).get(f"/api/v1/{sumber}/").json()["results"]}
    semua = {r["id"] for r in _api(pemeran.pimpinan).get(f"/api/v1/{sumber}/").json()["results"]}
    assert kode and kode < semua
    lain = {r["id"] for r in _api(pemeran.operator_lain).get(f"/api/v1/{sumber}/").json()["results"]}
    assert not (lain & semua)


def test_realisasi_filters(pemeran, data):
    api = _api(pemeran.organisasi)

    def ids(**q):
        return {r["id"] for r in api.get("/api/v1/realisasi/", q).json()["results"]}

    assert ids(pd=pemeran.pd_a.pk) == {data["r_a"].pk, data["r_a2"].pk}
    assert ids(pd=pemeran.pd_a.pk, triwulan=2) == {data["r_a2"].pk}
    assert ids(status="diajukan") == {data["r_a2"].pk}
    assert ids(tahun=2024) == set()


def test_patch_with_versi_updates_and_parses_indonesian_decimal(pemeran, data):
    r = data["r_a"]
    resp = _api(pemeran.operator_a).patch(f"/api/v1/realisasi/{r.pk}/", {"versi": 1, "nilai": "87,25"}, format="json")
    assert resp.status_code == 200, resp.json()
    assert resp.json()["nilai"] == "87.2500" and resp.json()["versi"] == 2
    r.refresh_from_db()
    assert r.nilai == Decimal("87.25") and riwayat_untuk(r).count() == 1


def test_stale_patch_is_409_and_changes_nothing(pemeran, data):
    r = data["r_a"]
    api = _api(pemeran.operator_a)
    assert api.patch(f"/api/v1/realisasi/{r.pk}/", {"versi": 1, "nilai": "71"}, format="json").status_code == 200
    resp = api.patch(f"/api/v1/realisasi/{r.pk}/", {"versi": 1, "nilai": "99"}, format="json")
    assert resp.status_code == 409
    assert "sudah diubah" in resp.json()["detail"]
    r.refresh_from_db()
    assert r.nilai == Decimal(71) and r.versi == 2


def test_patch_errors_are_400_with_field_messages(pemeran, data):
    api = _api(pemeran.operator_a)
    r = data["r_a"]
    resp = api.patch(f"/api/v1/realisasi/{r.pk}/", {"versi": 1, "nilai": "12,3,4"}, format="json")
    assert resp.status_code == 400 and "nilai" in resp.json()["errors"]
    assert api.patch(f"/api/v1/realisasi/{r.pk}/", {"nilai": "1"}, format="json").status_code == 400  # no versi
    resp = api.patch(f"/api/v1/realisasi/{data['r_a2'].pk}/", {"versi": 1, "nilai": "1"}, format="json")
    assert resp.status_code == 400 and "menunggu verifikasi" in resp.json()["detail"] + str(resp.json()["errors"])


def test_pimpinan_sees_but_cannot_write(pemeran, data):
    api = _api(pemeran.pimpinan)
    r = data["r_a"]
    assert api.get(f"/api/v1/realisasi/{r.pk}/").status_code == 200
    assert api.patch(f"/api/v1/realisasi/{r.pk}/", {"versi": 1, "nilai": "1"}, format="json").status_code == 403
    resp = api.post("/api/v1/realisasi/", {"indikator": data["ind_a"].pk, "tahun": 2025, "triwulan": 3})
    assert resp.status_code == 403


def test_create_then_submit_verify_and_return(pemeran, data):
    op, org = _api(pemeran.operator_a), _api(pemeran.organisasi)
    resp = op.post(
        "/api/v1/realisasi/",
        {"indikator": data["ind_a"].pk, "tahun": 2025, "triwulan": 3, "nilai": "80"},
        format="json",
    )
    assert resp.status_code == 201
    rid = resp.json()["id"]
    resp = op.post(f"/api/v1/realisasi/{rid}/ajukan/", {"versi": 1}, format="json")
    assert resp.status_code == 200 and resp.json()["status"] == "diajukan"
    assert op.post(f"/api/v1/realisasi/{rid}/verifikasi/", {"versi": 2}, format="json").status_code == 403
    assert org.post(f"/api/v1/realisasi/{rid}/kembalikan/", {"versi": 2, "catatan": " "}).status_code == 400
    resp = org.post(f"/api/v1/realisasi/{rid}/kembalikan/", {"versi": 2, "catatan": "Lengkapi bukti"}, format="json")
    assert resp.status_code == 200 and resp.json()["catatan_verifikasi"] == "Lengkapi bukti"
    assert op.post(f"/api/v1/realisasi/{rid}/ajukan/", {"versi": 3}, format="json").json()["status"] == "diajukan"
    resp = org.post(f"/api/v1/realisasi/{rid}/verifikasi/", {"versi": 4}, format="json")
    assert resp.status_code == 200 and resp.json()["status"] == "diverifikasi"
    assert org.post(f"/api/v1/realisasi/{rid}/verifikasi/", {"versi": 5}, format="json").status_code == 400
    assert op.patch(f"/api/v1/realisasi/{rid}/", {"versi": 5, "nilai": "1"}, format="json").status_code == 400


def test_stale_action_is_409(pemeran, data):
    r = data["r_a2"]
    resp = _api(pemeran.organisasi).post(f"/api/v1/realisasi/{r.pk}/verifikasi/", {"versi": 7}, format="json")
    assert resp.status_code == 409
    r.refresh_from_db()
    assert r.status == Realisasi.Status.DIAJUKAN


def test_put_and_delete_are_not_offered(pemeran, data):
    api = _api(pemeran.operator_a)
    assert api.put(f"/api/v1/realisasi/{data['r_a'].pk}/", {"versi": 1}).status_code == 405
    assert api.delete(f"/api/v1/realisasi/{data['r_a'].pk}/").status_code == 405


def test_the_indicator_carries_its_benchmark_read_only_and_documented(pemeran, data):
    ind = data["ind_a"]
    ind.__class__.objects.filter(pk=ind.pk).update(
        pembanding_nilai=Decimal("90.5"), pembanding_tingkat="nasional", pembanding_sumber="Renstra Kemenkes",
        pembanding_tahun=2024,
    )  # fmt: skip
    api = _api(pemeran.operator_a)
    isi = api.get(f"/api/v1/indikator/{ind.pk}/").json()
    assert {k: isi[k] for k in isi if k.startswith("pembanding_")} == {
        "pembanding_nilai": "90.5000", "pembanding_tingkat": "nasional", "pembanding_sumber": "Renstra Kemenkes",
        "pembanding_tahun": 2024,
    }  # fmt: skip
    daftar = api.get("/api/v1/indikator/").json()
    baris = {b["kode"]: b for b in daftar.get("results", daftar)}
    assert baris["A-1"]["pembanding_tingkat"] == "nasional" and baris["A-1"]["pembanding_tahun"] == 2024
    skema = api.get("/api/schema/?format=json").json()["components"]["schemas"]["Indikator"]["properties"]
    for nama in ("pembanding_nilai", "pembanding_tingkat", "pembanding_sumber", "pembanding_tahun"):
        assert skema[nama].get("readOnly") is True and skema[nama].get("description"), nama
