"""The officials' form (issue 14 point 8): a PD's own operator or kepala edits its head (nama, jabatan, NIP,
pangkat), Bagian Organisasi the kepala daerah and the Inspektur; Indonesian checks (NIP of 18 digits), versi
and history through the one writer; another PD's page is a 404, a role without the right a 403; the pages
show the signature block as the documents print it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from perangkat_daerah import pejabat
from perangkat_daerah.models import Pemda, PerangkatDaerah, Riwayat
from perangkat_daerah.services import VersiKedaluwarsa
from tests.factories import buat_pd

pytestmark = pytest.mark.django_db

ISI = {"kepala_nama": "dr. Allin Hendalin, M.Kes.", "kepala_jabatan": "", "kepala_nip": "19700101 199503 1 001",
       "kepala_pangkat": "Pembina Utama Muda (IV/c)"}  # fmt: skip


def _kirim(client, user, url, **isian):
    client.force_login(user)
    return client.post(url, {**ISI, "versi": "1", **isian})


def test_the_pds_own_operator_saves_its_head_with_history_and_the_nip_without_spaces(client, pemeran):
    url = reverse("pd:pejabat", args=[pemeran.pd_a.pk])
    resp = _kirim(client, pemeran.operator_a, url)
    assert resp.status_code == 302
    pd = PerangkatDaerah.objects.get(pk=pemeran.pd_a.pk)
    assert (pd.kepala_nama, pd.kepala_nip, pd.kepala_pangkat, pd.versi) == (
        "dr. Allin Hendalin, M.Kes.", "197001011995031001", "Pembina Utama Muda (IV/c)", 2
    )  # fmt: skip
    r = Riwayat.objects.get(aksi="pejabat.kepala_pd", object_id=pd.pk)
    assert r.oleh == pemeran.operator_a and r.sebelum["kepala_nip"] == "" and r.sesudah["kepala_nip"] == pd.kepala_nip
    assert pejabat.kepala_pd(pd).sebagai_dict() == {
        "jabatan": "Kepala Dinas A", "nama": "dr. Allin Hendalin, M.Kes.", "nip": "197001011995031001",
        "pangkat": "Pembina Utama Muda (IV/c)",
    }  # fmt: skip
    html = client.get(url).content.decode()
    assert "NIP 197001011995031001" in html and "Riwayat perubahan (1)" in html and "Kepala Dinas A" in html


def test_the_kepala_pd_saves_too_and_an_unchanged_form_writes_nothing(client, pemeran):
    url = reverse("pd:pejabat", args=[pemeran.pd_a.pk])
    assert _kirim(client, pemeran.kepala_a, url).status_code == 302
    assert _kirim(client, pemeran.kepala_a, url, versi="2").status_code == 302
    assert Riwayat.objects.filter(aksi="pejabat.kepala_pd").count() == 1
    assert PerangkatDaerah.objects.get(pk=pemeran.pd_a.pk).versi == 2


@pytest.mark.parametrize(
    ("isian", "kolom", "pesan"),
    [
        ({"kepala_nip": "1970010119950310"}, "kepala_nip", "NIP harus terdiri dari 18 digit angka."),
        ({"kepala_nip": "19700101199503100x"}, "kepala_nip", "NIP harus terdiri dari 18 digit angka."),
        ({"kepala_nip": "١٩٧٠٠١٠١١٩٩٥٠٣١٠٠١"}, "kepala_nip", "NIP harus terdiri dari 18 digit angka."),
        ({"kepala_nama": "  "}, "kepala_nama", "Kolom ini wajib diisi."),
        ({"kepala_pangkat": "x" * 101}, "kepala_pangkat", "Paling banyak 100 karakter (sekarang 101)."),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_the_page_keeps_what_was_typed(client, pemeran, isian, kolom, pesan):
    url = reverse("pd:pejabat", args=[pemeran.pd_a.pk])
    resp = _kirim(client, pemeran.operator_a, url, **isian)
    assert resp.status_code == 400
    teks = resp.content.decode()
    assert pesan in teks
    assert f'value="{ISI["kepala_nama"] if kolom != "kepala_nama" else ""}"' in teks  # what the user typed stays
    pd = PerangkatDaerah.objects.get(pk=pemeran.pd_a.pk)
    assert (pd.kepala_nama, pd.versi) == ("", 1) and not Riwayat.objects.filter(aksi="pejabat.kepala_pd").exists()
    with pytest.raises(ValidationError) as exc:
        pejabat.kepala_pd_simpan(pd=pd, oleh=pemeran.operator_a, nilai={**ISI, **isian}, versi=1)
    assert exc.value.message_dict == {kolom: [pesan]}


def test_a_form_loaded_before_another_change_is_a_409_and_changes_nothing(client, pemeran):
    url = reverse("pd:pejabat", args=[pemeran.pd_a.pk])
    assert _kirim(client, pemeran.operator_a, url).status_code == 302
    resp = _kirim(client, pemeran.kepala_a, url, kepala_nama="Orang Lain", versi="1")
    assert resp.status_code == 409 and "sudah diubah oleh pengguna lain" in resp.content.decode()
    assert PerangkatDaerah.objects.get(pk=pemeran.pd_a.pk).kepala_nama == ISI["kepala_nama"]
    with pytest.raises(VersiKedaluwarsa):
        pejabat.kepala_pd_simpan(pd=pemeran.pd_a, oleh=pemeran.operator_a, nilai=ISI, versi=1)


@pytest.mark.parametrize("peran", ["operator_b", "operator_lain"])
def test_a_user_of_another_pd_or_pemda_gets_404_and_nothing_changes(client, pemeran, peran):
    url = reverse("pd:pejabat", args=[pemeran.pd_a.pk])
    client.force_login(getattr(pemeran, peran))
    assert client.get(url).status_code == 404
    assert _kirim(client, getattr(pemeran, peran), url).status_code == 404
    pd = PerangkatDaerah.objects.get(pk=pemeran.pd_a.pk)
    assert (pd.kepala_nama, pd.versi) == ("", 1) and not Riwayat.objects.exists()


@pytest.mark.parametrize("peran", ["pimpinan", "inspektorat"])
def test_city_roles_without_the_right_read_the_page_but_a_post_is_403(client, pemeran, peran):
    url = reverse("pd:pejabat", args=[pemeran.pd_a.pk])
    client.force_login(getattr(pemeran, peran))
    html = client.get(url).content.decode()
    assert 'name="kepala_nama"' not in html and "Tercetak di dokumen sebagai" in html
    assert _kirim(client, getattr(pemeran, peran), url).status_code == 403
    assert PerangkatDaerah.objects.get(pk=pemeran.pd_a.pk).versi == 1


def test_bagian_organisasi_edits_the_kepala_daerah_and_the_inspektur_on_the_city_page(client, pemeran):
    inspektorat = buat_pd(pemeran.pemda, nama="Inspektorat", jenis=PerangkatDaerah.Jenis.INSPEKTORAT)
    url = reverse("pd:pejabat_kota")
    resp = _kirim(client, pemeran.organisasi, url, bagian="daerah", kepala_nama="H. Benyamin Davnie",
                  kepala_nip="ini diabaikan")  # fmt: skip
    assert resp.status_code == 302
    pemda = Pemda.objects.get(pk=pemeran.pemda.pk)
    assert (pemda.kepala_nama, pemda.versi) == ("H. Benyamin Davnie", 2)
    assert pejabat.kepala_daerah(pemda).sebagai_dict()["nip"] == ""  # an elected official: no NIP
    resp = _kirim(client, pemeran.organisasi, url, bagian="inspektur", kepala_nama="Ir. Uji Inspektur")
    assert resp.status_code == 302
    assert pejabat.inspektur(pemeran.pemda).sebagai_dict() == {
        "jabatan": "Inspektur", "nama": "Ir. Uji Inspektur", "nip": "197001011995031001",
        "pangkat": "Pembina Utama Muda (IV/c)",
    }  # fmt: skip
    aksi = set(Riwayat.objects.values_list("aksi", "object_id"))
    assert aksi == {("pejabat.kepala_daerah", pemeran.pemda.pk), ("pejabat.kepala_pd", inspektorat.pk)}
    html = client.get(url).content.decode()
    assert "Wali Kota Uji" in html and "H. Benyamin Davnie" in html and "Ir. Uji Inspektur" in html


def test_pd_staff_read_the_city_page_but_may_not_change_the_kepala_daerah_or_the_inspektur(client, pemeran):
    buat_pd(pemeran.pemda, nama="Inspektorat", jenis=PerangkatDaerah.Jenis.INSPEKTORAT)
    url = reverse("pd:pejabat_kota")
    client.force_login(pemeran.operator_a)
    assert 'name="kepala_nama"' not in client.get(url).content.decode()
    for bagian in ("daerah", "inspektur"):
        assert _kirim(client, pemeran.operator_a, url, bagian=bagian).status_code == 403
    assert _kirim(client, pemeran.organisasi, url, bagian="lain").status_code == 404
    assert not Riwayat.objects.exists()


def test_the_service_states_the_rights_once(pemeran):
    boleh = set(pejabat.pd_pejabat_dapat_diubah(pemeran.organisasi))
    assert boleh == {pemeran.pd_a, pemeran.pd_b}
    assert set(pejabat.pd_pejabat_dapat_diubah(pemeran.kepala_a)) == {pemeran.pd_a}
    assert not pejabat.pd_pejabat_dapat_diubah(pemeran.pimpinan).exists()
    with pytest.raises(PermissionDenied):
        pejabat.kepala_daerah_simpan(pemda=pemeran.pemda, oleh=pemeran.kepala_a, nilai=ISI, versi=1)


def test_the_pd_pages_link_to_the_officials_page(client, pemeran):
    client.force_login(pemeran.operator_a)
    url = reverse("pd:pejabat", args=[pemeran.pd_a.pk])
    assert url in client.get(reverse("pd:detail", args=[pemeran.pd_a.pk])).content.decode()
    assert url in client.get(reverse("pd:profil_instansi", args=[pemeran.pd_a.pk])).content.decode()
