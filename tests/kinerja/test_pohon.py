"""The performance tree's rules: the default levels, THE node check (cycles, allowed parent levels, level
owner), and the parent value computed from formula children."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kinerja import capaian
from kinerja.models import TingkatPohon
from kinerja.services.pohon import simpul_periksa, tingkat_bawaan_pastikan
from tests.kinerja.factories import buat_indikator, buat_sasaran

pytestmark = pytest.mark.django_db


@pytest.fixture
def tingkat(pemeran):
    return tingkat_bawaan_pastikan(pemda=pemeran.pemda)


def test_default_levels_are_made_once_with_their_allowed_parents(pemeran, tingkat):
    tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    assert list(TingkatPohon.objects.filter(pemda=pemeran.pemda).values_list("kode", flat=True)) == [
        "tujuan", "sasaran_rpjmd", "tematik", "sasaran_strategis", "sasaran_program", "sasaran_kegiatan",
        "sub_kegiatan", "rhk",
    ]  # fmt: skip
    assert set(tingkat["sasaran_strategis"].induk_boleh.values_list("kode", flat=True)) == {"sasaran_rpjmd", "tematik"}
    assert tingkat["sasaran_program"].nomenklatur == "program"
    assert not TingkatPohon.objects.filter(pemda=pemeran.pemda_lain).exists()


def test_a_node_under_an_allowed_parent_level_passes(pemeran, tingkat):
    kota = buat_sasaran(pemeran.pemda, tingkat=tingkat["sasaran_rpjmd"])
    pd = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=tingkat["sasaran_strategis"], induk=kota)
    simpul_periksa(sasaran=pd)  # no error


def test_a_node_under_a_parent_of_a_level_not_allowed_is_refused(pemeran, tingkat):
    kota = buat_sasaran(pemeran.pemda, tingkat=tingkat["sasaran_rpjmd"])
    kegiatan = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=tingkat["sasaran_kegiatan"], induk=kota)
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=kegiatan)
    assert exc.value.message_dict == {"induk": ["Simpul Sasaran Kegiatan hanya boleh di bawah: Sasaran Program."]}


def test_a_parent_that_closes_a_cycle_is_refused(pemeran, tingkat):
    a = buat_sasaran(pemeran.pemda, pemeran.pd_a)
    b = buat_sasaran(pemeran.pemda, pemeran.pd_a, induk=a)
    c = buat_sasaran(pemeran.pemda, pemeran.pd_a, induk=b)
    a.induk = c  # a → c → b → a
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=a)
    assert exc.value.message_dict == {"induk": ["Induk ini membuat pohon berputar (siklus): pilih induk lain."]}
    a.induk = a
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=a)
    assert exc.value.message_dict == {"induk": ["Simpul tidak boleh menjadi induknya sendiri."]}


def test_a_level_must_fit_the_nodes_owner(pemeran, tingkat):
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=tingkat["tujuan"]))
    assert exc.value.message_dict == {"tingkat": ["Tingkat Tujuan milik kota, bukan perangkat daerah."]}
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=buat_sasaran(pemeran.pemda, tingkat=tingkat["sub_kegiatan"]))
    assert exc.value.message_dict == {"perangkat_daerah": ["Tingkat Sub Kegiatan memerlukan perangkat daerah."]}


def test_a_parent_of_another_pemda_is_refused(pemeran, tingkat):
    lain = buat_sasaran(pemeran.pemda_lain)
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=buat_sasaran(pemeran.pemda, pemeran.pd_a, induk=lain))
    assert exc.value.message_dict == {"induk": ["Induk harus dari pemda yang sama."]}


def test_parent_value_is_the_exact_sum_of_its_formula_children():
    assert capaian.nilai_dari_turunan([Decimal("12.5"), Decimal("0.25"), Decimal("7")]) == Decimal("19.75")
    assert capaian.nilai_dari_turunan([Decimal("0.1"), Decimal("0.2")]) == Decimal("0.3")


def test_parent_value_is_unknown_while_a_child_has_no_value():
    assert capaian.nilai_dari_turunan([Decimal(1), None]) is None
    assert capaian.nilai_dari_turunan([]) is None


def test_model_validation_uses_the_same_node_rule(pemeran, tingkat):
    """The admin and every ModelForm validate through Sasaran.clean, which calls simpul_periksa."""
    kota = buat_sasaran(pemeran.pemda, tingkat=tingkat["sasaran_rpjmd"])
    sub = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=tingkat["sub_kegiatan"], induk=kota)
    with pytest.raises(ValidationError) as exc:
        sub.full_clean()
    assert exc.value.message_dict == {"induk": ["Simpul Sub Kegiatan hanya boleh di bawah: Sasaran Kegiatan."]}


def test_an_indicator_parent_needs_its_relation_and_the_same_pemda(pemeran):
    induk = buat_indikator(pemeran.pd_a)
    anak = buat_indikator(pemeran.pd_a, induk_indikator=induk)
    with pytest.raises(ValidationError) as exc:
        anak.full_clean()
    assert exc.value.message_dict == {"relasi_induk": ["Isi indikator induk dan relasinya bersama-sama."]}
    lain = buat_indikator(pemeran.pd_lain, induk_indikator=induk, relasi_induk="kontribusi")
    with pytest.raises(ValidationError) as exc:
        lain.full_clean()
    assert exc.value.message_dict == {"induk_indikator": ["Indikator induk harus indikator lain dari pemda yang sama."]}


def _nomenklatur():
    from nomenklatur.services import nomenklatur_muat

    baris = [
        {"kode": "1", "nama": "URUSAN WAJIB PELAYANAN DASAR"},
        {"kode": "1.02", "nama": "URUSAN KESEHATAN"},
        {"kode": "1.02.02", "nama": "PROGRAM PEMENUHAN UPAYA KESEHATAN"},
        {"kode": "1.02.02.2.02", "nama": "Penyediaan Layanan Kesehatan"},
    ]
    nomenklatur_muat(baris=baris, sumber="uji")


def test_a_nomenclature_code_must_exist_and_be_of_the_kind_the_level_carries(pemeran, tingkat):
    _nomenklatur()
    program = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=tingkat["sasaran_program"])
    program.kode_nomenklatur = "1.02.02"
    simpul_periksa(sasaran=program)  # an existing program code on a program level: no error
    program.kode_nomenklatur = "1.02.02.2.02"
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=program)
    assert exc.value.message_dict == {"kode_nomenklatur": ["Kode 1.02.02.2.02 bukan kode program."]}
    program.kode_nomenklatur = "9.99.99"
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=program)
    assert exc.value.message_dict == {
        "kode_nomenklatur": ["Kode nomenklatur 9.99.99 tidak ada dalam tabel nomenklatur."]
    }
    strategis = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=tingkat["sasaran_strategis"])
    strategis.kode_nomenklatur = "1.02.02"
    with pytest.raises(ValidationError) as exc:
        simpul_periksa(sasaran=strategis)
    assert exc.value.message_dict == {"kode_nomenklatur": ["Tingkat ini tidak memakai kode nomenklatur."]}
