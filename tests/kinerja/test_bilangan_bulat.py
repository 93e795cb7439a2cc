"""Counts of whole things never show ",00" (issue 17 point 4): the indicator's choice (`bilangan_bulat`,
set from the unit by migration 0015, else derived from the unit) decides how its values are written."""

from __future__ import annotations

import pytest

from tests.bantu_migrasi import migrasi_ke  # noqa: F401 - fixture
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target, url_realisasi

pytestmark = pytest.mark.django_db


def test_the_unit_decides_unless_the_indicator_says_otherwise(pemeran):
    kunjungan = buat_indikator(pemeran.pd_a, satuan="kunjungan")
    persen = buat_indikator(pemeran.pd_a, satuan="%")
    assert kunjungan.bulat and not persen.bulat
    persen.bilangan_bulat = True
    kunjungan.bilangan_bulat = False
    assert persen.bulat and not kunjungan.bulat


def test_the_input_page_writes_a_count_without_decimals_and_a_measure_with_two(client, pemeran):
    kunjungan = buat_indikator(pemeran.pd_a, kode="IK-K", satuan="kunjungan", agregasi="kumulatif")
    persen = buat_indikator(pemeran.pd_a, kode="IK-P", satuan="%")
    for ind, nilai in ((kunjungan, "126000"), (persen, "87.5")):
        buat_target(ind, 2025, nilai=500000 if ind is kunjungan else 90)
        buat_realisasi(ind, 2025, 1, nilai=nilai, status="terverifikasi")
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a, tw=2)).content.decode()
    assert '<span class="angka">126.000</span>' in html and "126.000,00" not in html
    assert '<span class="angka">87,50</span>' in html


@pytest.mark.django_db(transaction=True)
def test_migration_0015_sets_existing_indicators_from_their_unit(migrasi_ke):  # noqa: F811
    from tests.factories import buat_pd, buat_pemda

    lama = migrasi_ke([("kinerja", "0014_dokumen_iku_revisi")])
    pemda = buat_pemda(nama="Kota Migrasi")
    pd = buat_pd(pemda, nama="Dinas M")
    Sasaran, Indikator = lama.get_model("kinerja", "Sasaran"), lama.get_model("kinerja", "Indikator")
    s = Sasaran.objects.create(pemda_id=pemda.pk, perangkat_daerah_id=pd.pk, kode="S1", uraian="Sasaran")
    for kode, satuan in (("A", "orang"), ("B", "%"), ("C", "Inovasi")):
        Indikator.objects.create(sasaran=s, pemda_id=pemda.pk, perangkat_daerah_id=pd.pk, kode=kode, satuan=satuan)
    baru = migrasi_ke([("kinerja", "0015_indikator_bilangan_bulat")])
    hasil = dict(baru.get_model("kinerja", "Indikator").objects.values_list("kode", "bilangan_bulat"))
    assert hasil == {"A": True, "B": False, "C": True}


def test_the_indicator_form_sets_and_clears_the_whole_number_choice_with_history(client, pemeran):
    """`bilangan_bulat` is editable on the indicator form (three choices, "" from the unit), through the
    indicator's writer (versi, history), and an unknown choice is refused beside the field in Indonesian."""
    from perangkat_daerah.models import Riwayat

    ind = buat_indikator(pemeran.pd_a, kode="IK-B", satuan="%")
    assert ind.bilangan_bulat is None
    client.force_login(pemeran.operator_a)
    url = f"/perencanaan/indikator/{ind.pk}/ubah/"
    assert 'name="bilangan_bulat"' in client.get(url).content.decode()
    isian = {"kode": "IK-B", "uraian": ind.uraian, "satuan": "%", "arah": "naik", "agregasi": "akhir"}
    assert client.post(url, isian | {"bilangan_bulat": "1", "versi": "1"}).status_code == 302
    ind.refresh_from_db()
    assert ind.bilangan_bulat is True and ind.bulat and ind.versi == 2
    assert Riwayat.objects.filter(object_id=ind.pk, aksi__startswith="indikator.ubah").count() == 1
    assert '<option value="1" selected>' in client.get(url).content.decode()  # the stored choice shown again
    resp = client.post(url, isian | {"bilangan_bulat": "kadang", "versi": "2"})
    assert resp.status_code == 400 and "Pilih salah satu pilihan yang tersedia." in resp.content.decode()
    assert client.post(url, isian | {"bilangan_bulat": "0", "versi": "2"}).status_code == 302
    ind.refresh_from_db()
    assert ind.bilangan_bulat is False and not ind.bulat
    assert client.post(url, isian | {"bilangan_bulat": "", "versi": "3"}).status_code == 302
    ind.refresh_from_db()
    assert ind.bilangan_bulat is None and ind.versi == 4


def test_the_api_shows_the_whole_number_choice(client, pemeran):
    ind = buat_indikator(pemeran.pd_a, kode="IK-A", satuan="orang")
    ind.bilangan_bulat = False
    ind.save(update_fields=["bilangan_bulat"])
    client.force_login(pemeran.operator_a)
    hasil = client.get("/api/v1/indikator/", {"perangkat_daerah": pemeran.pd_a.pk}).json()
    baris = [b for b in hasil.get("results", hasil) if b["id"] == ind.pk]
    assert baris and baris[0]["bilangan_bulat"] is False
