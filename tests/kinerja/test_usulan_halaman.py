"""The proposal pages: the user's waiting proposals and invitations, decisions (400 without a note for a
rejection, 409 on a stale version, 404 for another PD's), the form of a new proposal, the query count, and
the demo (operator.dinkes rejects the proposed branch; a Disdik node stays out of reach)."""

from __future__ import annotations

import re

import pytest

from kinerja.models import Kontributor, Sasaran, Usulan
from kinerja.services import usulan as alur
from kinerja.services.pohon import tingkat_bawaan_pastikan
from tests.demo_salin import muat_demo_salin
from tests.kinerja.factories import buat_sasaran

pytestmark = pytest.mark.django_db
DAFTAR = "/perencanaan/usulan/"
BARU = "/perencanaan/usulan/baru/"


def _putus(pk: int) -> str:
    return f"/perencanaan/usulan/{pk}/putuskan/"


@pytest.fixture
def usul(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    pemeran.t = t
    pemeran.kota = buat_sasaran(pemeran.pemda, kode="K.S1", uraian="Kota sehat", tingkat=t["sasaran_rpjmd"])
    pemeran.u = alur.usulan_ajukan(
        oleh=pemeran.organisasi, arah="kota_ke_pd", perangkat_daerah=pemeran.pd_a, induk=pemeran.kota,
        tingkat=t["sasaran_strategis"], kode="A.S9", uraian="Cabang gizi",
    )  # fmt: skip
    return pemeran


def test_the_pd_sees_its_waiting_proposal_with_buttons_and_another_pd_sees_nothing(client, usul):
    client.force_login(usul.operator_a)
    html = client.get(DAFTAR).content.decode()
    assert "Cabang gizi" in html and _putus(usul.u.pk) in html
    client.force_login(usul.operator_b)
    html = client.get(DAFTAR).content.decode()
    assert "Cabang gizi" not in html and "Tidak ada usulan yang menunggu." in html
    client.force_login(usul.organisasi)  # the proposer sees it, but it is the PD's to decide
    html = client.get(DAFTAR).content.decode()
    assert "Cabang gizi" in html and _putus(usul.u.pk) not in html


def test_rejecting_needs_a_note_then_is_recorded(client, usul):
    client.force_login(usul.operator_a)
    resp = client.post(_putus(usul.u.pk), {"status": "ditolak", "catatan": "", "versi": "1"})
    assert resp.status_code == 400 and "Tuliskan alasan penolakan." in resp.content.decode()
    resp = client.post(_putus(usul.u.pk), {"status": "ditolak", "catatan": "Sudah ada di A.S1", "versi": "1"})
    assert (resp.status_code, resp["Location"]) == (302, DAFTAR)
    u = Usulan.objects.get(pk=usul.u.pk)
    assert (u.status, u.catatan, u.versi) == ("ditolak", "Sudah ada di A.S1", 2)


def test_a_stale_version_is_a_conflict_and_changes_nothing(client, usul):
    client.force_login(usul.operator_a)
    resp = client.post(_putus(usul.u.pk), {"status": "disetujui", "versi": "7"})
    assert resp.status_code == 409
    assert Usulan.objects.get(pk=usul.u.pk).status == "menunggu" and not Sasaran.objects.filter(kode="A.S9").exists()
    assert client.post(_putus(usul.u.pk), {"status": "disetujui", "versi": "x"}).status_code == 400


def test_another_pd_gets_404_and_a_city_role_403(client, usul):
    client.force_login(usul.operator_b)
    assert client.post(_putus(usul.u.pk), {"status": "disetujui", "versi": "1"}).status_code == 404
    client.force_login(usul.organisasi)
    assert client.post(_putus(usul.u.pk), {"status": "disetujui", "versi": "1"}).status_code == 403
    assert Usulan.objects.get(pk=usul.u.pk).status == "menunggu"


def test_bagian_organisasi_proposes_a_branch_through_the_form(client, usul):
    client.force_login(usul.organisasi)
    assert client.get(BARU).status_code == 200
    data = {"perangkat_daerah": usul.pd_b.pk, "induk": usul.kota.pk, "tingkat": usul.t["sasaran_strategis"].pk,
            "kode": "B.S9", "uraian": "Cabang baru B"}  # fmt: skip
    resp = client.post(BARU, data)
    assert (resp.status_code, resp["Location"]) == (302, DAFTAR)
    u = Usulan.objects.get(kode="B.S9")
    assert (u.arah, u.perangkat_daerah, u.status, u.pengusul) == ("kota_ke_pd", usul.pd_b, "menunggu", usul.organisasi)


def _terpilih(html: str, nama: str) -> list[str]:
    """The values of the selected options of the select `nama`."""
    pilihan = re.search(rf'<select[^>]*name="{nama}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)" selected>', pilihan)


def test_opened_from_a_city_node_the_form_preselects_it_and_a_level_under_it(client, usul):
    kedua = buat_sasaran(usul.pemda, kode="K.S2", uraian="Kota cerdas", tingkat=usul.t["sasaran_rpjmd"])
    client.force_login(usul.organisasi)
    html = client.get(f"{BARU}?induk={kedua.pk}").content.decode()
    assert _terpilih(html, "induk") == [str(kedua.pk)]
    assert _terpilih(html, "tingkat") == [str(usul.t["sasaran_strategis"].pk)]
    assert _terpilih(client.get(BARU).content.decode(), "induk") == []


def test_a_parent_outside_the_offered_city_nodes_is_not_preselected(client, usul):
    lain = buat_sasaran(usul.pemda_lain, kode="L.S1", uraian="Pemda lain")
    milik_pd = buat_sasaran(usul.pemda, usul.pd_a, kode="A.S1", uraian="Sasaran PD A")
    client.force_login(usul.organisasi)
    for induk in (lain.pk, milik_pd.pk, "abc", "9" * 30):
        resp = client.get(f"{BARU}?induk={induk}")
        html = resp.content.decode()
        assert resp.status_code == 200 and _terpilih(html, "induk") == [] and _terpilih(html, "tingkat") == [], induk
        assert "Pemda lain" not in html


def test_a_pd_user_opening_the_form_from_a_city_sasaran_gets_it_preselected(client, usul):
    client.force_login(usul.operator_a)
    html = client.get(f"{BARU}?induk={usul.kota.pk}").content.decode()
    assert _terpilih(html, "induk") == [str(usul.kota.pk)]


def test_a_pd_proposes_only_for_itself_and_bad_input_is_a_400(client, usul):
    client.force_login(usul.operator_a)
    data = {"perangkat_daerah": usul.pd_a.pk, "induk": usul.kota.pk, "tingkat": usul.t["sasaran_strategis"].pk,
            "kode": "A.S7", "uraian": "Sasaran usulan A"}  # fmt: skip
    assert client.post(BARU, {**data, "perangkat_daerah": usul.pd_b.pk}).status_code == 400
    assert client.post(BARU, {**data, "kode": ""}).status_code == 400
    assert client.post(BARU, data).status_code == 302
    assert list(Usulan.objects.filter(arah="pd_ke_kota").values_list("kode", "perangkat_daerah")) == [
        ("A.S7", usul.pd_a.pk)
    ]


@pytest.mark.parametrize("peran", ["pimpinan", "inspektorat"])
def test_roles_that_do_not_propose_get_403(client, usul, peran):
    client.force_login(getattr(usul, peran))
    assert client.get(BARU).status_code == 403


def test_the_list_query_count_does_not_grow(client, usul, django_assert_num_queries):
    alur.kontributor_undang(sasaran=usul.kota, oleh=usul.organisasi, mitra="Mitra awal")
    client.force_login(usul.organisasi)
    client.get(DAFTAR)
    with django_assert_num_queries(6) as ctx:
        client.get(DAFTAR)
    for i in range(5):
        alur.usulan_ajukan(oleh=usul.organisasi, arah="kota_ke_pd", perangkat_daerah=usul.pd_b, induk=usul.kota,
                           tingkat=usul.t["sasaran_strategis"], kode=f"B.S{i}", uraian="x")  # fmt: skip
        alur.kontributor_undang(sasaran=usul.kota, oleh=usul.organisasi, mitra=f"Mitra {i}")
    with django_assert_num_queries(len(ctx.captured_queries)):
        html = client.get(DAFTAR).content.decode()
    assert html.count("/perencanaan/kontributor/") == 6


def test_demo_operator_dinkes_rejects_the_proposed_branch_and_sees_the_crosscutting_node(client):
    from django.contrib.auth import get_user_model

    muat_demo_salin()
    dinkes = get_user_model().objects.get(username="operator.dinkes")
    client.force_login(dinkes)
    menunggu = Usulan.objects.get(kode="1.02.01.S3")
    html = client.get(DAFTAR).content.decode()
    assert "Meningkatnya balita dengan gizi baik (contoh)" in html and "Sanitasi menjadi tugas" in html
    resp = client.post(_putus(menunggu.pk), {"status": "ditolak", "catatan": "Sudah dicakup 1.02.01.S1", "versi": "1"})
    assert resp.status_code == 302 and Usulan.objects.get(pk=menunggu.pk).status == "ditolak"
    k = Kontributor.objects.get(sasaran__kode="K.T1", perangkat_daerah__kode="1.02.01")  # Dinkes is invited
    simpul = f'id="simpul-{k.sasaran_id}"'
    sebelum = client.get(f"/perencanaan/pohon/pd/{k.perangkat_daerah_id}/?tahun=2025").content.decode()
    assert simpul not in sebelum and "Undangan simpul lintas PD" in sebelum  # invited, not yet in its tree
    resp = client.post(f"/perencanaan/kontributor/{k.pk}/putuskan/", {"status": "disetujui", "versi": "1"})
    assert resp.status_code == 302 and Kontributor.objects.get(pk=k.pk).status == "disetujui"
    pohon = client.get(f"/perencanaan/pohon/pd/{k.perangkat_daerah_id}/?tahun=2025").content.decode()
    assert simpul in pohon and "Menurunnya prevalensi stunting (contoh)" in pohon and "lintas PD" in pohon
    disdik = Sasaran.objects.filter(perangkat_daerah__kode="1.01.01").first()
    assert client.get(f"/perencanaan/pohon/pd/{disdik.perangkat_daerah_id}/").status_code == 404
    lain = Kontributor.objects.get(sasaran__kode="K.T1", perangkat_daerah__kode="2.08.01")
    resp = client.post(f"/perencanaan/kontributor/{lain.pk}/putuskan/", {"status": "ditolak", "versi": "2"})
    assert resp.status_code == 404 and Kontributor.objects.get(pk=lain.pk).status == "disetujui"
