"""/api/v1/nomenklatur/: any logged-in user of any pemda reads every code; anonymous is refused; filters
(jenis, awalan, induk, berlaku, q) work and a bad integer is a 400; nothing can be written."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from nomenklatur import demo
from nomenklatur.models import Nomenklatur

pytestmark = pytest.mark.django_db
URL = "/api/v1/nomenklatur/"


@pytest.fixture
def klien(pemeran):
    demo.muat()
    Nomenklatur.objects.filter(kode="1.01.02.2.02").update(dicabut_pada="Kepmendagri uji")
    k = APIClient()
    k.force_login(pemeran.operator_lain)
    return k


def _kode(resp) -> list[str]:
    assert resp.status_code == 200, resp.content
    return [r["kode"] for r in resp.json()["results"]]


@pytest.mark.parametrize(
    "peran", ["operator_a", "kepala_a", "organisasi", "inspektorat", "pimpinan", "admin", "pimpinan_lain"]
)
def test_every_role_of_every_pemda_reads_all_codes(klien, pemeran, peran):
    klien.force_login(getattr(pemeran, peran))
    data = klien.get(URL + "?page_size=1000").json()
    assert data["count"] == Nomenklatur.objects.count()


def test_anonymous_is_refused(klien):
    assert APIClient().get(URL).status_code in (401, 403)


def test_the_filters_select_by_jenis_prefix_parent_in_force_and_name(klien):
    assert _kode(klien.get(URL, {"jenis": "bidang_urusan"})) == ["1.01", "1.02", "2.11"]
    assert _kode(klien.get(URL, {"awalan": "1.02.02.2.02.", "jenis": "sub_kegiatan"})) == [
        "1.02.02.2.02.0001", "1.02.02.2.02.0002", "1.02.02.2.02.0004",
    ]  # fmt: skip
    induk = Nomenklatur.objects.get(kode="2.11")
    assert _kode(klien.get(URL, {"induk": induk.pk})) == ["2.11.01", "2.11.05", "2.11.11"]
    assert _kode(klien.get(URL, {"berlaku": "false"})) == ["1.01.02.2.02"]
    assert "1.01.02.2.02" not in _kode(klien.get(URL, {"berlaku": "true", "page_size": 1000}))
    assert _kode(klien.get(URL, {"q": "ibu hamil"})) == ["1.02.02.2.02.0001"]


def test_detail_shows_the_parent_code_and_metadata(klien):
    obj = Nomenklatur.objects.get(kode="1.02.01.2.10.0001")
    data = klien.get(f"{URL}{obj.pk}/").json()
    assert {k: data[k] for k in ("jenis", "induk_kode", "satuan", "berlaku")} == {
        "jenis": "sub_kegiatan", "induk_kode": "1.02.01.2.10", "satuan": "Unit", "berlaku": True,
    }  # fmt: skip


@pytest.mark.parametrize("kueri", [{"induk": "abc"}, {"induk": "-1"}, {"induk": "١٢"}, {"induk": "9" * 30},
                                   {"jenis": "bidang"}, {"berlaku": "2"}, {"jenis": ""}])  # fmt: skip
def test_bad_filter_values_are_400_in_the_one_error_body(klien, kueri):
    resp = klien.get(URL, kueri)
    assert resp.status_code == 400
    assert set(resp.json()) == {"detail", "errors"} and list(resp.json()["errors"]) == list(kueri)


def test_nothing_can_be_written(klien, pemeran):
    klien.force_login(pemeran.admin)
    obj = Nomenklatur.objects.first()
    assert klien.post(URL, {"kode": "9"}, format="json").status_code == 405
    assert klien.patch(f"{URL}{obj.pk}/", {"nama": "X"}, format="json").status_code == 405
    assert klien.delete(f"{URL}{obj.pk}/").status_code == 405


def test_the_list_takes_a_fixed_number_of_queries(klien, django_assert_num_queries):
    with django_assert_num_queries(4):  # session, user, profile, count + page with parents in one join
        klien.get(URL + "?page_size=1000")
