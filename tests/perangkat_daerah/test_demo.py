"""The demo city loader: idempotent, complete, and logins work."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dasbor import demo_wilayah
from perangkat_daerah.demo import PASSWORD_DEMO, PENGGUNA_DEMO
from perangkat_daerah.models import Pemda, PerangkatDaerah, Profil
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db


def _hitung() -> dict[str, int]:
    return {
        "pemda": Pemda.objects.count(),
        "pd": PerangkatDaerah.objects.count(),
        "user": get_user_model().objects.count(),
        "profil": Profil.objects.count(),
    }


def test_muat_demo_twice_gives_same_counts():
    muat_demo_salin()
    pertama = _hitung()
    muat_demo_salin()
    assert _hitung() == pertama
    muat_demo_salin("--reset")
    assert _hitung() == pertama


def test_demo_city_has_38_pd_and_a_second_pemda():
    muat_demo_salin()
    tangsel = Pemda.objects.get(nama="Kota Tangerang Selatan")
    assert tangsel.perangkat_daerah.count() == 38
    assert tangsel.perangkat_daerah.filter(jenis="kecamatan").count() == 7
    # beside it: Kabupaten Sukamaju, and the group dashboard's province and two kab/kota (dasbor/demo_wilayah.py)
    wilayah = [demo_wilayah.KODE_PROVINSI, *(kode for kode, *_ in demo_wilayah.ANGGOTA_BARU)]
    assert Pemda.objects.exclude(pk=tangsel.pk).exclude(kode__in=wilayah).count() == 1
    assert Pemda.objects.filter(kode__in=wilayah).count() == 3


def test_every_demo_login_reaches_its_home(client):
    muat_demo_salin()
    for username in [u[0] for u in PENGGUNA_DEMO] + [demo_wilayah.USERNAME_PEMBINA]:
        client.logout()
        resp = client.post("/masuk/", {"username": username, "password": PASSWORD_DEMO})
        assert resp.status_code == 302, username
        resp = client.get("/", follow=True)
        assert resp.status_code == 200, username
