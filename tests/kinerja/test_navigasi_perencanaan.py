"""The planning entries of the header menu: proposals for the roles that propose or decide, the IKU
document for every role that reads it."""

from __future__ import annotations

import pytest

from perangkat_daerah.access import profil_pengguna
from perangkat_daerah.navigasi import menu_untuk

pytestmark = pytest.mark.django_db

PERENCANAAN = ("/perencanaan/pohon/", "/perencanaan/usulan/", "/perencanaan/iku/")


def _perencanaan(user) -> list[tuple[str, str]]:
    menu = menu_untuk(profil_pengguna(user), "/")
    return [(str(m["label"]), m["url"]) for m in menu if m["url"] in PERENCANAAN]


def test_pd_staff_bagian_organisasi_and_admin_get_pohon_usulan_and_dokumen_iku(pemeran):
    semua = [
        ("Pohon Kinerja", "/perencanaan/pohon/"),
        ("Usulan", "/perencanaan/usulan/"),
        ("Dokumen IKU", "/perencanaan/iku/"),
    ]
    for user in (pemeran.operator_a, pemeran.kepala_a, pemeran.organisasi, pemeran.admin):
        assert _perencanaan(user) == semua, user.profil.peran


def test_pimpinan_and_inspektorat_read_the_tree_and_iku_but_get_no_proposals(pemeran):
    for user in (pemeran.pimpinan, pemeran.inspektorat):
        assert _perencanaan(user) == [("Pohon Kinerja", "/perencanaan/pohon/"), ("Dokumen IKU", "/perencanaan/iku/")]


def test_the_usulan_entry_is_current_on_the_new_proposal_page(pemeran):
    menu = menu_untuk(profil_pengguna(pemeran.operator_a), "/perencanaan/usulan/baru/")
    assert [m["url"] for m in menu if m["aktif"]] == ["/perencanaan/usulan/"]


def test_every_menu_entry_opens_for_its_role(client, pemeran):
    for user in (pemeran.operator_a, pemeran.organisasi, pemeran.pimpinan):
        client.force_login(user)
        for _label, url in _perencanaan(user):
            assert client.get(url).status_code in (200, 302), (user.profil.peran, url)
