"""The header menu rendered once per role, page, year and language (perangkat_daerah.navigasi.navigasi_html,
issue 18 (f)): each role still gets its own entries, the current page is marked, the year rides on the links,
and nothing of one user reaches another's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from perangkat_daerah.navigasi import navigasi_html

pytestmark = pytest.mark.django_db


def test_menu_html_per_role_page_and_year(pemeran, client):
    organisasi = navigasi_html("bagian_organisasi", "/dasbor/organisasi/", 2024, "id", "/")
    operator = navigasi_html("operator_pd", "/dasbor/organisasi/", 2024, "id", "/")
    assert f'href="{reverse("dasbor:organisasi")}?tahun=2024" aria-current="page"' in organisasi
    assert reverse("dasbor:organisasi") not in operator
    assert "?tahun=2025" in navigasi_html("bagian_organisasi", "/", 2025, "id", "/")


def test_pages_of_two_users_of_the_same_role_show_each_own_name_around_the_shared_menu(pemeran, client):
    halaman = []
    for user in (pemeran.operator_a, pemeran.operator_b):
        client.force_login(user)
        r = client.get(reverse("pd:milik_saya"), follow=True)
        assert r.status_code == 200
        halaman.append(r.content.decode())
    nama_a, nama_b = (u.get_full_name() or u.username for u in (pemeran.operator_a, pemeran.operator_b))
    assert nama_a != nama_b
    assert nama_a in halaman[0] and nama_a not in halaman[1] and nama_b in halaman[1]
    assert 'class="menu-utama"' in halaman[0] and 'class="menu-utama"' in halaman[1]
