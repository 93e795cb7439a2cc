"""Pages: login, home per role, the year selector, the layout."""

from __future__ import annotations

import pytest
from django.urls import reverse

from perangkat_daerah.navigasi import beranda_untuk

pytestmark = pytest.mark.django_db


def test_login_page_is_indonesian(client):
    resp = client.get("/masuk/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'lang="id"' in html
    assert "Nama pengguna" in html and "Kata sandi" in html


def test_wrong_password_says_so_in_indonesian(client, pemeran):
    resp = client.post("/masuk/", {"username": pemeran.operator_a.username, "password": "salah"})
    assert resp.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in resp.content.decode()


def test_login_then_home_sends_operator_to_own_input_realisasi(client, pemeran):
    resp = client.post("/masuk/", {"username": pemeran.operator_a.username, "password": "kata-sandi-uji-123"})
    assert resp.status_code == 302
    resp = client.get("/", follow=True)
    assert resp.status_code == 200
    assert resp.redirect_chain[-1][0].startswith(f"/kinerja/realisasi/{pemeran.pd_a.pk}/")


@pytest.mark.parametrize("peran", ["pimpinan", "organisasi", "inspektorat", "admin", "operator_a", "kepala_a"])
def test_home_sends_each_role_to_its_place_and_that_place_opens(client, pemeran, peran):
    user = getattr(pemeran, peran)
    client.force_login(user)
    resp = client.get("/")
    assert resp.status_code == 302
    assert resp["Location"] == reverse(beranda_untuk(user.profil.peran))
    assert client.get("/", follow=True).status_code == 200


def test_layout_shows_pemda_user_role_and_pd(client, pemeran):
    client.force_login(pemeran.operator_a)
    html = client.get(f"/pd/{pemeran.pd_a.pk}/").content.decode()
    assert "Kota Uji" in html
    assert "Operator PD" in html
    assert pemeran.pd_a.singkatan in html
    assert 'name="tahun"' in html


def test_year_selector_remembers_choice(client, pemeran):
    client.force_login(pemeran.pimpinan)
    resp = client.post("/tahun/", {"tahun": "2024", "next": "/pd/"})
    assert resp.status_code == 302 and resp["Location"] == "/pd/"
    assert client.session["tahun"] == 2024
    assert client.get("/pd/").context["tahun_aktif"] == 2024


def test_year_selector_options_are_plain_years(client, pemeran):
    client.force_login(pemeran.pimpinan)
    html = client.get("/pd/").content.decode()
    assert '<option value="2024"' in html
    assert "2.024" not in html


def test_year_selector_refuses_unknown_year_and_foreign_redirect(client, pemeran):
    client.force_login(pemeran.pimpinan)
    resp = client.post("/tahun/", {"tahun": "1999", "next": "https://contoh.invalid/"})
    assert resp["Location"] == "/"
    assert "tahun" not in client.session


def test_logout_is_post_only(client, pemeran):
    client.force_login(pemeran.pimpinan)
    assert client.get("/keluar/").status_code == 405
    resp = client.post("/keluar/")
    assert resp.status_code == 302
    assert client.get("/pd/").status_code == 302


def test_empty_filter_result_says_what_to_do(client, pemeran):
    client.force_login(pemeran.pimpinan)
    html = client.get("/pd/?q=tidak-ada-yang-cocok").content.decode()
    assert "Tidak ada perangkat daerah yang cocok" in html
    assert "Hapus saringan" in html


def test_only_the_most_specific_menu_entry_is_current(rf, pemeran):
    from perangkat_daerah.access import profil_pengguna
    from perangkat_daerah.navigasi import menu_untuk

    menu = menu_untuk(profil_pengguna(pemeran.organisasi), "/evaluasi/kota/")
    aktif = [m["url"] for m in menu if m["aktif"]]
    assert len(aktif) <= 1
    if any(m["url"] == "/evaluasi/kota/" for m in menu):
        assert aktif == ["/evaluasi/kota/"]


def test_user_creates_an_api_token_on_the_profile_page_and_it_works(client, pemeran):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client.force_login(pemeran.operator_a)
    html = client.get("/profil/").content.decode()
    assert "Anda belum memiliki token API" in html and "Operator PD" in html
    resp = client.post("/profil/")
    assert resp.status_code == 200
    kunci = Token.objects.get(user=pemeran.operator_a).key
    assert kunci in resp.content.decode()
    assert kunci not in client.get("/profil/").content.decode()  # shown once
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {kunci}")
    assert api.get("/api/v1/perangkat-daerah/").status_code == 200
    client.post("/profil/")  # renewing invalidates the old token
    assert api.get("/api/v1/perangkat-daerah/").status_code in (401, 403)


def test_the_roles_home_leads_the_menu(client, pemeran):
    from perangkat_daerah.access import profil_pengguna
    from perangkat_daerah.navigasi import menu_untuk

    for user in (pemeran.organisasi, pemeran.operator_a, pemeran.pimpinan):
        menu = menu_untuk(profil_pengguna(user), "/")
        assert menu[0]["url"] == reverse(beranda_untuk(user.profil.peran))
