"""The evaluasi API: scoped by the access choke point (another PD → 404 everywhere), answers written
with versi (stale → 409 and nothing changes), results, plans and recommendations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from evaluasi import services
from evaluasi.models import Jawaban
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final, instrumen_b

pytestmark = pytest.mark.django_db
D = Decimal


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_instrument_list_and_detail_with_every_criterion(pemeran):
    c = _api(pemeran.operator_a)
    resp = c.get("/api/v1/instrumen/")
    assert resp.status_code == 200 and {i["kode"] for i in resp.data["results"]} >= {
        "permenpanrb-88-2021",
        "lke-internal-88-2021",
    }
    detail = c.get(f"/api/v1/instrumen/{instrumen_b().pk}/").data
    assert len(detail["komponen"]) == 4
    assert sum(len(s["kriteria"]) for k in detail["komponen"] for s in k["subkomponen"]) == 80
    assert detail["skala_predikat"]["bands"][2] == {
        "kode": "BB", "nama": "Sangat Baik", "makna": "Akuntabilitas sangat baik di dua pertiga unit kerja",
        "batas_bawah": "70.00", "batas_atas": "80.00",
    }  # fmt: skip
    assert c.post("/api/v1/instrumen/", {}).status_code == 405


def test_evaluation_list_filters_and_scoping(pemeran):
    a = evaluasi_final(pemeran, pd=pemeran.pd_a, tahun=2024)
    buat_evaluasi(pemeran.operator_b, pd=pemeran.pd_b, tahun=2024)
    buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=2023)
    resp = _api(pemeran.pimpinan).get("/api/v1/evaluasi/", {"tahun": 2024, "jenis": "internal"})
    assert [e["id"] for e in resp.data["results"]] == [a.pk]
    assert resp.data["results"][0]["hasil"]["total"] == "100.00"
    resp = _api(pemeran.pimpinan).get("/api/v1/evaluasi/", {"perangkat_daerah": pemeran.pd_b.pk})
    assert [e["perangkat_daerah"] for e in resp.data["results"]] == [pemeran.pd_b.pk]
    ids = {e["id"] for e in _api(pemeran.operator_a).get("/api/v1/evaluasi/").data["results"]}
    assert a.pk in ids and all(e.perangkat_daerah_id == pemeran.pd_a.pk for e in _objek(ids))
    assert _api(pemeran.operator_lain).get("/api/v1/evaluasi/").data["results"] == []


def _objek(ids):
    from evaluasi.models import Evaluasi

    return Evaluasi.objects.filter(pk__in=ids)


def test_other_pd_gets_404_on_every_endpoint(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, terisi=True)
    final = evaluasi_final(pemeran, pd=pemeran.pd_a)
    rek = services.rekomendasi_buat(
        evaluasi=final, oleh=pemeran.inspektorat, uraian="Perbaiki", batas_waktu=datetime.date(2025, 1, 1)
    )
    for user in (pemeran.operator_b, pemeran.operator_lain, pemeran.pimpinan_lain):
        c = _api(user)
        for url in (
            f"/api/v1/evaluasi/{e.pk}/",
            f"/api/v1/evaluasi/{e.pk}/jawaban/",
            f"/api/v1/evaluasi/{e.pk}/hasil/",
            f"/api/v1/evaluasi/{e.pk}/rencana/?target=70",
            f"/api/v1/rekomendasi/{rek.pk}/",
        ):
            assert c.get(url).status_code == 404, (user, url)
        resp = c.patch(
            f"/api/v1/evaluasi/{e.pk}/jawaban/",
            {"jawaban": [{"kode": "1a.1", "nilai": "T", "versi": 1}]},
            format="json",
        )
        assert resp.status_code == 404
    assert Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.1").nilai == "Y"


def test_patch_answers_with_versi_then_stale_is_409_and_nothing_changes(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    c = _api(pemeran.operator_a)
    data = c.get(f"/api/v1/evaluasi/{e.pk}/jawaban/").data
    assert len(data["jawaban"]) == 80 and data["jawaban"][0] == {
        "kode": "1a.1", "nilai": "", "catatan": "", "versi": 1, "bukti": False, "diubah_pada": None,
    }  # fmt: skip
    resp = c.patch(
        f"/api/v1/evaluasi/{e.pk}/jawaban/",
        {
            "jawaban": [
                {"kode": "1a.1", "nilai": "Y", "versi": 1, "catatan": "ada"},
                {"kode": "2b.1", "nilai": "B", "versi": 1},
            ]
        },
        format="json",
    )
    assert resp.status_code == 200
    baris = {j["kode"]: j for j in resp.data["jawaban"]}
    assert baris["1a.1"]["nilai"] == "Y" and baris["1a.1"]["versi"] == 2
    resp = c.patch(
        f"/api/v1/evaluasi/{e.pk}/jawaban/",
        {"jawaban": [{"kode": "1a.2", "nilai": "Y", "versi": 1}, {"kode": "1a.1", "nilai": "T", "versi": 1}]},
        format="json",
    )
    assert resp.status_code == 409 and "sudah diubah" in resp.data["detail"]
    assert Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.1").nilai == "Y"
    assert Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.2").nilai == ""


def test_patch_refusals_400_and_403(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    c = _api(pemeran.operator_a)
    resp = c.patch(
        f"/api/v1/evaluasi/{e.pk}/jawaban/", {"jawaban": [{"kode": "1a.1", "nilai": "A", "versi": 1}]}, format="json"
    )
    assert resp.status_code == 400 and "1a.1" in resp.data["errors"]
    resp = c.put(
        f"/api/v1/evaluasi/{e.pk}/jawaban/", {"jawaban": [{"kode": "1a.1", "nilai": "Y", "versi": 1}]}, format="json"
    )
    assert resp.status_code == 400 and "semua kriteria" in str(resp.data["errors"])
    resp = _api(pemeran.inspektorat).patch(
        f"/api/v1/evaluasi/{e.pk}/jawaban/", {"jawaban": [{"kode": "1a.1", "nilai": "Y", "versi": 1}]}, format="json"
    )
    assert resp.status_code == 403
    final = evaluasi_final(pemeran, pd=pemeran.pd_b)
    resp = _api(pemeran.inspektorat).patch(
        f"/api/v1/evaluasi/{final.pk}/jawaban/",
        {"jawaban": [{"kode": "1a.1", "nilai": "T", "versi": 1}]},
        format="json",
    )
    assert resp.status_code in (400, 403)


def test_put_every_answer(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    c = _api(pemeran.operator_a)
    semua = c.get(f"/api/v1/evaluasi/{e.pk}/jawaban/").data["jawaban"]
    isi = [{"kode": j["kode"], "nilai": "Y" if j["kode"][1] == "a" else "A", "versi": j["versi"]} for j in semua]
    assert c.put(f"/api/v1/evaluasi/{e.pk}/jawaban/", {"jawaban": isi}, format="json").status_code == 200
    hasil = c.get(f"/api/v1/evaluasi/{e.pk}/hasil/").data
    assert hasil["total"] == "100.00" and hasil["lengkap"] and hasil["predikat"]["kode"] == "AA"


def test_result_and_plan_endpoints(pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[1])
    c = _api(pemeran.pimpinan)
    hasil = c.get(f"/api/v1/evaluasi/{e.pk}/hasil/").data
    assert hasil["total"] == "60.02" and hasil["predikat"]["kode"] == "B" and hasil["beku"]["total"] == "60.02"
    poin = [D(p["poin"]) for p in hasil["poin_hilang"]]
    assert poin == sorted(poin, reverse=True)
    r = c.get(f"/api/v1/evaluasi/{e.pk}/rencana/", {"predikat": "BB"}).data
    assert r["tercapai"] and r["target_total"] == "70.01" and D(r["total"]) > D("70") and r["predikat"] == "BB"
    assert D(r["total"]) - D(r["total_awal"]) == sum(D(p["tambahan"]) for p in r["perubahan"])
    r70 = c.get(f"/api/v1/evaluasi/{e.pk}/rencana/", {"target": "70"}).data
    assert r70["jumlah_perubahan"] <= r["jumlah_perubahan"]
    assert c.get(f"/api/v1/evaluasi/{e.pk}/rencana/").status_code == 400
    assert c.get(f"/api/v1/evaluasi/{e.pk}/rencana/", {"predikat": "ZZ"}).status_code == 400
    assert c.get(f"/api/v1/evaluasi/{e.pk}/rencana/", {"target": "abc"}).status_code == 400


def test_official_result_through_the_api(pemeran):
    h = services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=D("69.04"), predikat="B")
    c = _api(pemeran.pimpinan)
    data = c.get(f"/api/v1/evaluasi/{h.evaluasi_id}/hasil/").data
    assert data["resmi"] and data["total"] == "69.04" and data["predikat"] == "B"
    assert c.get(f"/api/v1/evaluasi/{h.evaluasi_id}/rencana/?target=70").status_code == 400
    assert _api(pemeran.operator_a).get(f"/api/v1/evaluasi/{h.evaluasi_id}/").status_code == 404


def test_recommendations_list_with_points_and_overdue(pemeran):
    from evaluasi.models import Kriteria

    e = evaluasi_final(pemeran, pola=lambda kr: "T" if kr.kode == "1a.1" else kr.pilihan[0])
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode="1a.1")
    services.rekomendasi_buat(
        evaluasi=e,
        oleh=pemeran.inspektorat,
        uraian="Susun pedoman",
        batas_waktu=datetime.date(2020, 1, 1),
        kriteria=[kr],
    )
    data = _api(pemeran.operator_a).get("/api/v1/rekomendasi/").data["results"]
    assert data[0]["kriteria"] == ["1a.1"] and data[0]["terlambat"] and data[0]["poin_dapat_diraih"] == "0.86"
    assert _api(pemeran.operator_b).get("/api/v1/rekomendasi/").data["results"] == []


def test_openapi_schema_is_valid(client, pemeran):
    client.force_login(pemeran.admin)
    resp = client.get("/api/schema/")
    assert resp.status_code == 200
    teks = resp.content.decode()
    assert "/api/v1/evaluasi/{id}/rencana/" in teks and "/api/v1/instrumen/" in teks
