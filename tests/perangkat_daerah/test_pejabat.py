"""The officials who sign (perangkat_daerah/pejabat.py): the kepala daerah's standard title from the pemda's
kind and a person's name under it (never the title twice), a PD head's title, pangkat and NIP, the Inspektur;
and the migration that moves a title typed into the name field to the new title field."""

from __future__ import annotations

import pytest

from perangkat_daerah import pejabat
from perangkat_daerah.models import Pemda, PerangkatDaerah
from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (the fixture)
from tests.factories import buat_pd, buat_pemda


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jenis", "nama", "jabatan"),
    [
        (Pemda.Jenis.KOTA, "Kota Tangerang Selatan", "Wali Kota Tangerang Selatan"),
        (Pemda.Jenis.KABUPATEN, "Kabupaten Sukamaju", "Bupati Sukamaju"),
        (Pemda.Jenis.PROVINSI, "Provinsi Banten", "Gubernur Banten"),
        (Pemda.Jenis.KOTA, "Tangerang Selatan", "Wali Kota Tangerang Selatan"),
    ],
)
def test_the_kepala_daerah_title_comes_from_the_kind_and_the_name_is_the_person(jenis, nama, jabatan):
    pemda = buat_pemda(nama=nama, jenis=jenis, kepala_nama="Benyamin Davnie")
    assert pejabat.kepala_daerah(pemda) == pejabat.Pejabat(jabatan=jabatan, nama="Benyamin Davnie")


@pytest.mark.django_db
def test_an_entered_title_wins_and_a_missing_name_is_a_dash_not_the_title():
    pemda = buat_pemda(nama="Kota Uji", kepala_jabatan="Pj. Wali Kota Uji")
    assert pejabat.kepala_daerah(pemda) == pejabat.Pejabat(jabatan="Pj. Wali Kota Uji", nama="–")


@pytest.mark.django_db
def test_a_pd_head_has_title_name_pangkat_and_nip_and_the_inspektur_is_the_inspektorats_head():
    pemda = buat_pemda()
    dinkes = buat_pd(pemda, nama="Dinas Kesehatan", kepala_nama="dr. Allin Hendalin", kepala_nip="197001011995031001",
                     kepala_pangkat="Pembina Utama Muda (IV/c)")  # fmt: skip
    assert pejabat.kepala_pd(dinkes).sebagai_dict() == {
        "jabatan": "Kepala Dinas Kesehatan",
        "nama": "dr. Allin Hendalin",
        "nip": "197001011995031001",
        "pangkat": "Pembina Utama Muda (IV/c)",
    }
    assert pejabat.inspektur(pemda) == pejabat.Pejabat(jabatan="Inspektur", nama="–")
    buat_pd(pemda, nama="Inspektorat", jenis=PerangkatDaerah.Jenis.INSPEKTORAT, kepala_nama="Ir. Uji Inspektur")
    assert (pejabat.inspektur(pemda).jabatan, pejabat.inspektur(pemda).nama) == ("Inspektur", "Ir. Uji Inspektur")


@pytest.mark.django_db(transaction=True)
def test_a_title_typed_as_the_name_moves_to_the_title_on_upgrade(migrasi_ke):  # noqa: F811
    lama = migrasi_ke([("perangkat_daerah", "0003_profil_tahun_kerja")])
    Pemda_lama = lama.get_model("perangkat_daerah", "Pemda")
    judul = Pemda_lama.objects.create(kode="kota-gelar", nama="Kota Gelar", kepala_nama="Wali Kota Gelar")
    orang = Pemda_lama.objects.create(kode="kota-orang", nama="Kota Orang", kepala_nama="Hj. Siti Aminah")
    baru = migrasi_ke([("perangkat_daerah", "0004_pejabat")])
    Pemda_baru = baru.get_model("perangkat_daerah", "Pemda")
    assert Pemda_baru.objects.filter(pk=judul.pk).values_list("kepala_jabatan", "kepala_nama").get() == (
        "Wali Kota Gelar", ""
    )  # fmt: skip
    assert Pemda_baru.objects.filter(pk=orang.pk).values_list("kepala_jabatan", "kepala_nama").get() == (
        "", "Hj. Siti Aminah"
    )  # fmt: skip
