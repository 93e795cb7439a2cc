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
