"""Migration 0004: existing pemda get the default tree levels and an RPJMD period covering their targets'
years; existing sasaran keep their meaning (city → sasaran RPJMD, PD → sasaran strategis) and links."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (the fixture)


def _lama(lama):
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    PD = lama.get_model("perangkat_daerah", "PerangkatDaerah")
    Sasaran = lama.get_model("kinerja", "Sasaran")
    Indikator = lama.get_model("kinerja", "Indikator")
    Target = lama.get_model("kinerja", "Target")
    pemda = Pemda.objects.create(kode="kota-migrasi-pohon", nama="Kota Migrasi Pohon")
    kosong = Pemda.objects.create(kode="kab-migrasi-kosong", nama="Kabupaten Kosong")
    pd = PD.objects.create(pemda=pemda, kode="1.02.01", nama="Dinas Kesehatan", singkatan="Dinkes", jenis="dinas")
    kota = Sasaran.objects.create(pemda=pemda, kode="K.S1", uraian="Meningkatnya kualitas hidup masyarakat")
    dinkes = Sasaran.objects.create(
        pemda=pemda, perangkat_daerah=pd, induk=kota, kode="1.02.01.S1", uraian="Meningkatnya derajat kesehatan"
    )
    ind = Indikator.objects.create(
        sasaran=dinkes, pemda=pemda, perangkat_daerah=pd, kode="1.02.01.01", uraian="Angka kematian bayi",
        satuan="per 1.000 KH", arah="turun",
    )  # fmt: skip
    for tahun in (2021, 2024, 2026):
        Target.objects.create(indikator=ind, tahun=tahun, nilai=Decimal("12.5"))
    return pemda, kosong, kota.pk, dinkes.pk


@pytest.mark.django_db(transaction=True)
def test_existing_sasaran_become_nodes_of_an_rpjmd_period_without_changing_meaning(migrasi_ke):  # noqa: F811
    pemda, kosong, kota_id, dinkes_id = _lama(migrasi_ke([("kinerja", "0002_rentang_nilai_indikator")]))
    baru = migrasi_ke([("kinerja", "0004_pohon_kinerja_bawaan")])
    Sasaran = baru.get_model("kinerja", "Sasaran")
    Periode = baru.get_model("kinerja", "PeriodePerencanaan")
    Tingkat = baru.get_model("kinerja", "TingkatPohon")

    periode = Periode.objects.get(pemda_id=pemda.pk)
    assert (periode.jenis, periode.tahun_mulai, periode.tahun_akhir, periode.status) == ("rpjmd", 2021, 2026, "draf")
    kota, dinkes = Sasaran.objects.get(pk=kota_id), Sasaran.objects.get(pk=dinkes_id)
    assert (kota.tingkat.kode, kota.periode_id, kota.induk_id, kota.perangkat_daerah_id) == (
        "sasaran_rpjmd", periode.pk, None, None
    )  # fmt: skip
    assert (dinkes.tingkat.kode, dinkes.periode_id, dinkes.induk_id, dinkes.uraian) == (
        "sasaran_strategis", periode.pk, kota_id, "Meningkatnya derajat kesehatan"
    )  # fmt: skip
    assert Tingkat.objects.filter(pemda_id=pemda.pk).count() == 8
    strategis = Tingkat.objects.get(pemda_id=pemda.pk, kode="sasaran_strategis")
    assert set(strategis.induk_boleh.values_list("kode", flat=True)) == {"sasaran_rpjmd", "tematik"}
    # a pemda with no sasaran gets the levels, and no period
    assert Tingkat.objects.filter(pemda_id=kosong.pk).count() == 8
    assert not Periode.objects.filter(pemda_id=kosong.pk).exists()
