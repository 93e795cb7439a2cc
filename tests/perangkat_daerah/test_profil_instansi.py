"""The organisation profile (LKjIP chapter I): who writes it, its checks, its history and stale edits, the
page for a PD and for the city, and another PD's profile out of reach."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from perangkat_daerah import profil_instansi as pi
from perangkat_daerah.models import ProfilInstansi, Riwayat
from perangkat_daerah.services import VersiKedaluwarsa

pytestmark = pytest.mark.django_db

ISI = {
    "tugas_pokok": "Membantu Wali Kota di bidang kesehatan.",
    "fungsi": "Perumusan kebijakan\nPelaksanaan kebijakan",
    "struktur": "Kepala Dinas\n  Sekretariat\n    Subbagian Umum\n  Bidang Pelayanan Kesehatan",
    "isu_strategis": "Stunting\nAngka kematian ibu",
    "golongan_2": "1.234",
    "golongan_3": "56",
    "pendidikan_4": "40",
}


def test_a_pd_operator_writes_their_profile_with_history_and_the_tables_add_up(pemeran):
    p = pi.profil_instansi_simpan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, oleh=pemeran.operator_a,
                                  nilai=ISI, versi=None)  # fmt: skip
    assert p.pegawai["golongan"]["Golongan III"] == 1234 and p.pegawai["golongan"]["Golongan IV"] == 56
    tabel = pi.tabel_pegawai(p.pegawai)
    assert tabel["golongan"][-1] == ("Jumlah", 1290) and tabel["pendidikan"][-1] == ("Jumlah", 40)
    assert [(u.nama, u.tingkat) for u in pi.struktur_unit(p.struktur)] == [
        ("Kepala Dinas", 0), ("Sekretariat", 1), ("Subbagian Umum", 2), ("Bidang Pelayanan Kesehatan", 1)
    ]  # fmt: skip
    pi.profil_instansi_simpan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, oleh=pemeran.kepala_a,
                              nilai={**ISI, "tugas_pokok": "Baru"}, versi=1)  # fmt: skip
    riwayat = Riwayat.objects.filter(aksi__startswith="profil_instansi").order_by("pk")
    assert list(riwayat.values_list("aksi", flat=True)) == [
        "profil_instansi.buat", "profil_instansi.ubah"
    ]  # fmt: skip
    with pytest.raises(VersiKedaluwarsa):
        pi.profil_instansi_simpan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, oleh=pemeran.operator_a,
                                  nilai=ISI, versi=1)  # fmt: skip


@pytest.mark.parametrize("salah", ["-1", "1,5", "1.5", "abc", "100001"])
def test_a_staff_count_must_be_a_whole_number_in_range(pemeran, salah):
    with pytest.raises(ValidationError) as exc:
        pi.profil_instansi_simpan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, oleh=pemeran.operator_a,
                                  nilai={**ISI, "pendidikan_0": salah}, versi=None)  # fmt: skip
    assert exc.value.message_dict == {"pendidikan_0": ["SD: isi bilangan bulat 0 sampai 100.000."]}
    assert not ProfilInstansi.objects.exists()


def test_only_the_pds_own_staff_write_its_profile_and_only_organisasi_the_citys(pemeran):
    for user in (pemeran.operator_b, pemeran.organisasi, pemeran.pimpinan, pemeran.inspektorat, pemeran.operator_lain):
        with pytest.raises(PermissionDenied):
            pi.profil_instansi_simpan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, oleh=user, nilai=ISI,
                                      versi=None)  # fmt: skip
    for user in (pemeran.operator_a, pemeran.pimpinan, pemeran.operator_lain):
        with pytest.raises(PermissionDenied):
            pi.profil_instansi_simpan(pemda=pemeran.pemda, perangkat_daerah=None, oleh=user, nilai=ISI, versi=None)
    kota = pi.profil_instansi_simpan(pemda=pemeran.pemda, perangkat_daerah=None, oleh=pemeran.organisasi, nilai=ISI,
                                     versi=None)  # fmt: skip
    assert kota.perangkat_daerah is None and not ProfilInstansi.objects.filter(perangkat_daerah__isnull=False).exists()


def test_the_pages_show_the_form_to_writers_a_read_only_view_to_others_and_404_across_pd(client, pemeran):
    url = reverse("pd:profil_instansi", kwargs={"pk": pemeran.pd_a.pk})
    client.force_login(pemeran.operator_a)
    assert 'name="tugas_pokok"' in client.get(url).content.decode()
    resp = client.post(url, {**ISI, "golongan_0": "x"})
    assert resp.status_code == 400 and "Golongan I: isi bilangan bulat" in resp.content.decode()
    assert "Membantu Wali Kota di bidang kesehatan." in resp.content.decode()  # what was typed is kept
    resp = client.post(url, ISI)
    assert resp.status_code == 302 and ProfilInstansi.objects.get().tugas_pokok == ISI["tugas_pokok"]
    client.force_login(pemeran.pimpinan)
    halaman = client.get(url).content.decode()
    assert 'name="tugas_pokok"' not in halaman and "Subbagian Umum" in halaman and "1.290" in halaman
    client.force_login(pemeran.operator_b)
    assert client.get(url).status_code == 404 and client.post(url, ISI).status_code == 404
    client.force_login(pemeran.organisasi)
    resp = client.post(reverse("pd:profil_kota"), {**ISI, "tugas_pokok": "Profil kota"})
    assert resp.status_code == 302
    assert ProfilInstansi.objects.get(perangkat_daerah__isnull=True).tugas_pokok == "Profil kota"
