"""Issue 11 §14 and §20 within evaluasi: every free text goes through one rule (no control characters, at
most 5.000 characters) on pages and API alike; every whole number from a query string, form or body goes
through one parser, so "²", 2**63, negatives and text are a 400 in Indonesian, never a 500."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from evaluasi import services
from evaluasi.models import Evaluasi, Instrumen, Jawaban, Rekomendasi
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final

pytestmark = pytest.mark.django_db
BESAR = "9223372036854775808"


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


# --- Whole numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, kueri",
    [
        ("/api/v1/evaluasi/", {"tahun": "-5"}),
        ("/api/v1/evaluasi/", {"tahun": BESAR}),
        ("/api/v1/evaluasi/", {"tahun": "²⁰²⁴"}),
        ("/api/v1/evaluasi/", {"tahun": "abc"}),
        ("/api/v1/evaluasi/", {"perangkat_daerah": BESAR}),
        ("/api/v1/evaluasi/", {"perangkat_daerah": "-1"}),
        ("/api/v1/rekomendasi/", {"evaluasi": "-1"}),
        ("/api/v1/rekomendasi/", {"evaluasi": BESAR}),
        ("/api/v1/rekomendasi/", {"perangkat_daerah": "²"}),
        ("/api/v1/rekomendasi/", {"tahun": "1"}),
    ],
)
def test_api_list_filters_refuse_malformed_numbers_with_an_indonesian_400(pemeran, url, kueri):
    resp = _api(pemeran.pimpinan).get(url, kueri)
    assert resp.status_code == 400
    pesan = " ".join(str(p) for daftar in resp.data["errors"].values() for p in daftar)
    assert "bilangan bulat" in pesan or "harus antara" in pesan


def test_api_list_filters_still_filter(pemeran):
    a = evaluasi_final(pemeran, pd=pemeran.pd_a, tahun=2024)
    r = services.rekomendasi_buat(
        evaluasi=a, oleh=pemeran.inspektorat, uraian="Perbaiki", batas_waktu=datetime.date(2030, 1, 1)
    )
    c = _api(pemeran.pimpinan)
    assert [e["id"] for e in c.get("/api/v1/evaluasi/", {"tahun": "2024"}).data["results"]] == [a.pk]
    assert c.get("/api/v1/evaluasi/", {"tahun": "2023"}).data["results"] == []
    assert [x["id"] for x in c.get("/api/v1/rekomendasi/", {"evaluasi": a.pk}).data["results"]] == [r.pk]
    assert [x["id"] for x in c.get("/api/v1/rekomendasi/", {"tahun": "2024"}).data["results"]] == [r.pk]


@pytest.mark.parametrize("versi", ["²", "-1", "0", BESAR, "abc"])
def test_worksheet_page_refuses_a_malformed_versi_with_a_400(client, pemeran, versi):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=2024)
    j = Jawaban.objects.filter(evaluasi=e).first()
    client.force_login(pemeran.operator_a)
    resp = client.post(f"/evaluasi/{e.pk}/", {f"versi-{j.kriteria_id}": versi, f"nilai-{j.kriteria_id}": "A"})
    isi = resp.content.decode()
    assert resp.status_code == 400 and ("bukan bilangan bulat" in isi or "harus antara" in isi)
    j.refresh_from_db()
    assert (j.nilai, j.versi) == ("", 1)


@pytest.mark.parametrize("versi", ["²", BESAR, "-1"])
def test_recommendation_form_refuses_a_malformed_versi(client, pemeran, versi):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    r = services.rekomendasi_buat(
        evaluasi=e, oleh=pemeran.inspektorat, uraian="x", batas_waktu=datetime.date(2030, 1, 1)
    )
    client.force_login(pemeran.operator_a)
    resp = client.post(
        f"/evaluasi/rekomendasi/{r.pk}/", {"aksi": "tindak_lanjut", "versi": versi, "tindak_lanjut": "ok"}
    )
    assert resp.status_code == 200 and resp.context["tl_form"].errors["versi"]
    r.refresh_from_db()
    assert (r.status, r.versi) == ("belum", 1)


# --- Free text ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("catatan", ["baris\x0bvertikal", "awal\x01", "x" * 5001])
def test_api_answer_note_with_control_characters_or_too_long_is_refused(pemeran, catatan):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=2024)
    j = Jawaban.objects.select_related("kriteria").filter(evaluasi=e).first()
    resp = _api(pemeran.operator_a).patch(
        f"/api/v1/evaluasi/{e.pk}/jawaban/",
        {"jawaban": [{"kode": j.kriteria.kode, "nilai": "", "versi": 1, "catatan": catatan}]},
        format="json",
    )
    assert resp.status_code == 400
    assert "karakter" in " ".join(resp.data["errors"][j.kriteria.kode])
    j.refresh_from_db()
    assert (j.nilai, j.catatan, j.versi) == ("", "", 1)


def test_page_answer_note_with_a_control_character_is_refused_and_nothing_saved(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=2024)
    j = Jawaban.objects.select_related("kriteria").filter(evaluasi=e).first()
    client.force_login(pemeran.operator_a)
    k = j.kriteria_id
    resp = client.post(f"/evaluasi/{e.pk}/", {f"versi-{k}": "1", f"nilai-{k}": "", f"catatan-{k}": "a\x0bb"})
    assert resp.status_code == 200  # the worksheet again, with what was typed (nothing saved)
    assert any("U+000B" in str(m) and j.kriteria.kode in str(m) for m in resp.wsgi_request._messages)
    j.refresh_from_db()
    assert (j.nilai, j.catatan, j.versi) == ("", "", 1)


def test_follow_up_and_verification_notes_follow_the_one_text_rule(client, pemeran):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    r = services.rekomendasi_buat(
        evaluasi=e, oleh=pemeran.inspektorat, uraian="x", batas_waktu=datetime.date(2030, 1, 1)
    )
    client.force_login(pemeran.operator_a)
    url = f"/evaluasi/rekomendasi/{r.pk}/"
    resp = client.post(url, {"aksi": "tindak_lanjut", "versi": "1", "tindak_lanjut": "IKU\x01 diperbaiki"})
    assert resp.status_code == 200 and "U+0001" in str(resp.context["tl_form"].errors)
    r.refresh_from_db()
    assert (r.status, r.tindak_lanjut) == ("belum", "")
    r = services.rekomendasi_tindak_lanjut(rekomendasi=r, oleh=pemeran.operator_a, versi=1, tindak_lanjut="IKU baru")
    with pytest.raises(ValidationError, match="Paling banyak"):
        services.rekomendasi_verifikasi(
            rekomendasi=r, oleh=pemeran.organisasi, versi=2, diterima=False, catatan="y" * 5001
        )
    assert Rekomendasi.objects.get(pk=r.pk).status == "proses"


def test_recommendation_text_lhe_number_and_return_note_follow_the_one_text_rule(pemeran):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    with pytest.raises(ValidationError, match="U\\+0007"):
        services.rekomendasi_buat(
            evaluasi=e, oleh=pemeran.inspektorat, uraian="a\x07", batas_waktu=datetime.date(2030, 1, 1)
        )
    with pytest.raises(ValidationError, match="Paling banyak 100"):
        services.hasil_resmi_catat(
            oleh=pemeran.organisasi, tahun=2024, total=Decimal("69.04"), predikat="B", nomor_lhe="B/" + "1" * 120
        )
    mandiri = buat_evaluasi(pemeran.operator_b, pd=pemeran.pd_b, tahun=2024, terisi=True)
    services.evaluasi_ajukan(evaluasi=mandiri, oleh=pemeran.operator_b)
    with pytest.raises(ValidationError, match="U\\+001B"):
        services.evaluasi_kembalikan(evaluasi=mandiri, oleh=pemeran.inspektorat, catatan="\x1b[31m")
    assert Evaluasi.objects.get(pk=mandiri.pk).status == "diajukan"
    assert not Rekomendasi.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kriteria": BESAR},
        {"kriteria": "²"},
        {"kriteria": "-1"},
        {"perangkat_daerah": BESAR},
        {"perangkat_daerah": "²"},
    ],
)
def test_new_recommendation_form_refuses_malformed_ids(client, pemeran, data):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    client.force_login(pemeran.inspektorat)
    resp = client.post(
        f"/evaluasi/{e.pk}/rekomendasi/baru/", {"uraian": "Perbaiki IKU", "batas_waktu": "2030-01-01", **data}
    )
    assert resp.status_code == 200 and resp.context["form"].errors
    assert not Rekomendasi.objects.exists()


@pytest.mark.parametrize("alamat", ["/evaluasi/kota/", "/evaluasi/resmi/baru/"])
def test_city_pages_without_an_active_instrument_say_what_to_do(client, pemeran, alamat):
    Instrumen.objects.update(aktif=False)
    client.force_login(pemeran.organisasi)
    resp = client.get(alamat)
    assert resp.status_code == 409
    assert "Instrumen evaluasi belum tersedia" in resp.content.decode()
