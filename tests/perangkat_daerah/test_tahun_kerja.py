"""The working year (issue 11 point 5): remembered on the profile, restored at login, carried by links and
named by the page (?tahun= or the path), and a bad year never gives an error."""

from __future__ import annotations

import re

import pytest

from perangkat_daerah.models import Profil
from perangkat_daerah.tahun import tahun_bawaan, tahun_tersedia
from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

SANDI = "kata-sandi-uji-123"


def _tahun_lain() -> int:
    """An offered year that is not the default, so that a reset to the default shows."""
    return next(t for t in tahun_tersedia() if t != tahun_bawaan())


def _tahun_kepala(html: str) -> int:
    """The year selected in the header's year selector."""
    pilih = re.search(r'<select id="tahun-aktif".*?</select>', html, flags=re.S).group(0)
    return int(re.search(r'<option value="(\d+)" selected', pilih).group(1))


def _masuk(client, user) -> None:
    resp = client.post("/masuk/", {"username": user.username, "password": SANDI})
    assert resp.status_code == 302


def test_the_chosen_year_is_stored_on_the_profile(client, pemeran):
    tahun = _tahun_lain()
    client.force_login(pemeran.organisasi)
    resp = client.post("/tahun/", {"tahun": tahun, "next": "/pd/"})
    assert resp.status_code == 302
    assert Profil.objects.get(user=pemeran.organisasi).tahun_kerja == tahun


def test_the_working_year_survives_logout_and_login(client, pemeran):
    tahun = _tahun_lain()
    _masuk(client, pemeran.organisasi)
    client.post("/tahun/", {"tahun": tahun, "next": "/pd/"})
    client.post("/keluar/")
    _masuk(client, pemeran.organisasi)
    assert _tahun_kepala(client.get("/pd/").content.decode()) == tahun


def test_the_selector_goes_back_to_the_same_page_showing_the_new_year(client, pemeran):
    tahun = _tahun_lain()
    client.force_login(pemeran.organisasi)
    kembali = f"/kinerja/kelengkapan/{tahun_bawaan()}/?urut=kode"
    resp = client.post("/tahun/", {"tahun": tahun, "next": kembali})
    assert resp.status_code == 302
    assert resp["Location"] == f"/kinerja/kelengkapan/{tahun}/?urut=kode"
    resp = client.post("/tahun/", {"tahun": tahun, "next": "/dasbor/organisasi/?jenis=dinas&tahun=2022"})
    assert resp["Location"] == f"/dasbor/organisasi/?jenis=dinas&tahun={tahun}"


@pytest.mark.parametrize("nilai", ["²⁰²⁴", "abc", "99999999999999999999999", "-2024", "1999", ""])
def test_the_selector_refuses_a_year_it_does_not_offer(client, pemeran, nilai):
    client.force_login(pemeran.organisasi)
    resp = client.post("/tahun/", {"tahun": nilai, "next": "/pd/"}, follow=True)
    assert resp.status_code == 200
    assert "Tahun yang dipilih tidak tersedia." in resp.content.decode()
    assert Profil.objects.get(user=pemeran.organisasi).tahun_kerja is None


def test_a_year_in_the_query_is_the_page_year_and_changes_nothing_stored(client, pemeran):
    tahun = _tahun_lain()
    client.force_login(pemeran.organisasi)
    html = client.get(f"/kinerja/verifikasi/?tahun={tahun}").content.decode()
    assert _tahun_kepala(html) == tahun
    assert _tahun_kepala(client.get("/pd/").content.decode()) == tahun_bawaan()
    assert Profil.objects.get(user=pemeran.organisasi).tahun_kerja is None


def test_a_year_in_the_path_is_the_page_year(client, pemeran):
    tahun = _tahun_lain()
    client.force_login(pemeran.organisasi)
    assert _tahun_kepala(client.get(f"/kinerja/kelengkapan/{tahun}/").content.decode()) == tahun


def test_home_keeps_the_year_a_link_named(client, pemeran):
    tahun = _tahun_lain()
    client.force_login(pemeran.organisasi)
    resp = client.get(f"/?tahun={tahun}")
    assert resp.status_code == 302 and resp["Location"].endswith(f"?tahun={tahun}")
    assert _tahun_kepala(client.get(resp["Location"]).content.decode()) == tahun


@pytest.mark.parametrize("nilai", ["²⁰²⁴", "abc", "99999999999999999999999", "-1", "1999", "2024.0", " 2024"])
def test_a_bad_year_in_the_query_falls_back_with_a_message(client, pemeran, nilai):
    client.force_login(pemeran.organisasi)
    resp = client.get("/pd/", {"tahun": nilai})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "tidak tersedia; halaman ini menampilkan tahun" in html
    assert _tahun_kepala(html) == tahun_bawaan()


def test_menu_links_carry_the_year_the_page_shows(client, pemeran):
    tahun = _tahun_lain()
    client.force_login(pemeran.organisasi)
    html = client.get(f"/kinerja/kelengkapan/{tahun}/").content.decode()
    menu = re.search(r'<nav class="navigasi".*?</nav>', html, flags=re.S).group(0)
    tautan = [t for t in re.findall(r'href="([^"]+)"', menu) if not t.startswith("/admin/")]
    assert tautan and all(t.endswith(f"?tahun={tahun}") for t in tautan)


def test_a_menu_link_opens_its_page_in_that_year(client, pemeran):
    tahun = _tahun_lain()
    client.force_login(pemeran.organisasi)
    resp = client.get(f"/kinerja/kelengkapan/?tahun={tahun}")
    assert resp.status_code == 302 and resp["Location"].startswith(f"/kinerja/kelengkapan/{tahun}/")


def test_the_api_keeps_its_own_year_filter(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.get("/api/v1/realisasi/", {"tahun": "abc"})
    assert resp.status_code in (200, 400)
    assert Profil.objects.get(user=pemeran.organisasi).tahun_kerja is None


@pytest.mark.django_db(transaction=True)
def test_profiles_keep_their_rows_through_the_working_year_migration(migrasi_ke):  # noqa: F811
    lama = migrasi_ke([("perangkat_daerah", "0002_riwayat")])
    User = lama.get_model("auth", "User")
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    ProfilLama = lama.get_model("perangkat_daerah", "Profil")
    pemda = Pemda.objects.create(kode="kota-migrasi", nama="Kota Migrasi")
    user = User.objects.create(username="migrasi")
    ProfilLama.objects.create(user=user, pemda=pemda, peran="pimpinan", jabatan="Wali Kota")
    baru = migrasi_ke([("perangkat_daerah", "0003_profil_tahun_kerja")])
    p = baru.get_model("perangkat_daerah", "Profil").objects.get(user_id=user.pk)
    assert (p.peran, p.jabatan, p.tahun_kerja) == ("pimpinan", "Wali Kota", None)
