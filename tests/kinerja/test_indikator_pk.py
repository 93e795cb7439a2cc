"""Which indicators are the PK's and the LKjIP's (THE rule `INDIKATOR_PK`): those of a node whose level is
`dalam_pk` (by default tujuan, sasaran RPJMD, sasaran strategis) and of a node without a level. The program,
kegiatan and sub kegiatan below are the performance tree's measures; they do not become PK rows or LKjIP
sasaran blocks, and a PK is set without targets for them."""

from __future__ import annotations

import pytest

from kinerja.models import TingkatPohon
from kinerja.selectors import halaman_pk
from kinerja.services.pk import pk_tetapkan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from laporan.konteks import konteks_lkjip
from laporan.models import Laporan
from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (the fixture)
from tests.kinerja.factories import buat_indikator, buat_sasaran, buat_target


@pytest.fixture
def pohon(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    strategis = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=t["sasaran_strategis"], uraian="Derajat kesehatan")
    program = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=t["sasaran_program"], induk=strategis)
    lama = buat_sasaran(pemeran.pemda, pemeran.pd_a, uraian="Sasaran tanpa tingkat")
    pemeran.ind_strategis = buat_indikator(sasaran=strategis, kode="IK-S")
    pemeran.ind_program = buat_indikator(sasaran=program, kode="IK-P")
    pemeran.ind_lama = buat_indikator(sasaran=lama, kode="IK-L")
    return pemeran


@pytest.mark.django_db
def test_the_default_pk_levels(pemeran):
    tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    assert set(TingkatPohon.objects.filter(pemda=pemeran.pemda, dalam_pk=True).values_list("kode", flat=True)) == {
        "tujuan", "sasaran_rpjmd", "sasaran_strategis"
    }  # fmt: skip


@pytest.mark.django_db
def test_the_pk_page_and_its_setting_cover_the_pk_levels_only(pohon):
    h = halaman_pk(user=pohon.kepala_a, perangkat_daerah=pohon.pd_a, tahun=2025)
    assert sorted(b.indikator.kode for b in h.baris) == ["IK-L", "IK-S"]
    buat_target(pohon.ind_strategis, 2025)
    buat_target(pohon.ind_lama, 2025)
    pk = pk_tetapkan(perangkat_daerah=pohon.pd_a, tahun=2025, oleh=pohon.kepala_a)  # IK-P has no target: fine
    assert pk.ditetapkan


@pytest.mark.django_db
def test_the_lkjip_sasaran_blocks_are_the_pk_levels(pohon):
    laporan = Laporan.objects.create(pemda=pohon.pemda, tahun=2025, jenis=Laporan.Jenis.LKJIP_PD,
                                     perangkat_daerah=pohon.pd_a, diminta_oleh=pohon.operator_a)  # fmt: skip
    kode = [b["kode"] for s in konteks_lkjip(laporan)["sasaran"] for b in s["baris"]]
    assert sorted(kode) == ["IK-L", "IK-S"]


@pytest.mark.django_db(transaction=True)
def test_existing_levels_are_marked_on_upgrade(migrasi_ke):  # noqa: F811
    lama = migrasi_ke([("kinerja", "0009_pembanding_indikator")])
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    Tingkat = lama.get_model("kinerja", "TingkatPohon")
    pemda = Pemda.objects.create(kode="kota-pk", nama="Kota PK")
    for urutan, kode in enumerate(("sasaran_rpjmd", "sasaran_strategis", "sasaran_program", "eselon_khusus")):
        Tingkat.objects.create(pemda=pemda, kode=kode, nama=kode, urutan=urutan, lingkup="pd")
    baru = migrasi_ke([("kinerja", "0010_tingkat_dalam_pk")])
    Tingkat = baru.get_model("kinerja", "TingkatPohon")
    assert set(Tingkat.objects.filter(pemda_id=pemda.pk, dalam_pk=True).values_list("kode", flat=True)) == {
        "sasaran_rpjmd", "sasaran_strategis"
    }  # fmt: skip
