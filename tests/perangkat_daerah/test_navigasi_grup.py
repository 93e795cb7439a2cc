"""The header menu in groups (issue 17 point 6): at most seven top-level items per role, every page still
reachable, and the group of the current page marked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from perangkat_daerah.access import profil_pengguna
from perangkat_daerah.navigasi import menu_bertingkat, menu_untuk

pytestmark = pytest.mark.django_db

# Bagian Organisasi's entries before grouping (13 when the issue was written, more since)
ENTRI_ORGANISASI = [
    "dasbor:organisasi",
    "dasbor:pimpinan",
    "pd:daftar",
    "kinerja:renaksi_saya",
    "kinerja:realisasi_kota_ini",
    "kinerja:verifikasi",
    "kinerja:kelengkapan_ini",
    "kinerja:kunci",
    "kinerja:impor_target",
    "kinerja:anggaran",
    "perencanaan:pohon",
    "perencanaan:usulan",
    "perencanaan:iku",
    "perencanaan:rpjmd",
    "evaluasi:daftar",
    "evaluasi:kota",
    "evaluasi:rekomendasi_daftar",
    "laporan:daftar",
]


def _tautan(atas: list[dict]) -> list[str]:
    return [m["url"] for item in atas for m in (item["anak"] or [item])]


def test_organisasi_gets_at_most_seven_top_level_items_and_reaches_every_former_entry(pemeran):
    atas = menu_bertingkat(menu_untuk(profil_pengguna(pemeran.organisasi), "/"))
    assert len(atas) <= 7
    assert sorted(_tautan(atas)) == sorted(reverse(n) for n in ENTRI_ORGANISASI)
    assert [m["label"] for m in atas if m["anak"]] == [
        "Dasbor",
        "Pengukuran Kinerja",
        "Perencanaan",
        "Evaluasi",
    ]  # Laporan alone stays a link
    assert atas[0]["anak"][0]["url"] == reverse("dasbor:organisasi")  # the home page still leads


def test_every_role_gets_at_most_seven_top_level_items_admin_link_included(pemeran):
    for user in (pemeran.operator_a, pemeran.kepala_a, pemeran.organisasi, pemeran.inspektorat, pemeran.pimpinan):
        menu = menu_untuk(profil_pengguna(user), "/")
        atas = menu_bertingkat(menu)
        assert len(atas) <= 7, user.profil.peran
        assert sorted(_tautan(atas)) == sorted(m["url"] for m in menu), user.profil.peran
    assert len(menu_bertingkat(menu_untuk(profil_pengguna(pemeran.admin), "/"))) + 1 <= 7  # + "Admin"


def test_the_current_pages_group_is_marked_and_its_entry_is_the_current_page(client, pemeran):
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/verifikasi/").content.decode()
    nav = re.search(r'<nav class="navigasi".*?</nav>', html, re.S).group(0)
    assert len(re.findall(r'<li class="menu-atas', nav)) <= 7
    grup = re.search(r'<details class="menu-grup aktif".*?</details>', nav, re.S).group(0)
    assert "Pengukuran Kinerja" in grup
    assert re.search(r'href="/kinerja/verifikasi/[^"]*" aria-current="page"', grup)
    for url in _tautan(menu_bertingkat(menu_untuk(profil_pengguna(pemeran.organisasi), "/"))):
        assert f'href="{url}' in nav, url
