"""Inputs are refused outside the indicator's range, which is data on the indicator (issue 17 point 4): a
coverage percentage cannot be -5 (negatives only when allowed), nor above its maximum of 100; a SAKIP score
with its range 0–100 refuses 1.234.567,89. Messages in Indonesian, the percent written "100%"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kinerja import services
from kinerja.models import Realisasi
from tests.kinerja.factories import buat_indikator

pytestmark = pytest.mark.django_db


def _simpan(ind, oleh, nilai, triwulan=1):
    return services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=triwulan, oleh=oleh, nilai=nilai)


@pytest.mark.parametrize(("nilai", "pesan"), [("-5", "tidak boleh bernilai negatif"), ("100,01", "paling besar 100%")])
def test_a_coverage_percentage_outside_its_range_is_refused(pemeran, nilai, pesan):
    cakupan = buat_indikator(pemeran.pd_a, kode="IK-C", satuan="%", nilai_maksimum=Decimal(100))
    with pytest.raises(ValidationError, match=pesan):
        _simpan(cakupan, pemeran.operator_a, nilai)
    assert not Realisasi.objects.exists()
    assert _simpan(cakupan, pemeran.operator_a, "100").nilai == Decimal(100)


def test_a_growth_rate_may_be_negative_when_the_indicator_allows_it(pemeran):
    pertumbuhan = buat_indikator(pemeran.pd_a, kode="IK-G", satuan="%", boleh_negatif=True)
    assert _simpan(pertumbuhan, pemeran.operator_a, "-5").nilai == Decimal(-5)


def test_a_sakip_score_with_its_range_refuses_1_234_567_89(pemeran):
    skor = buat_indikator(
        pemeran.pd_a, kode="IK-S", satuan="nilai", nilai_minimum=Decimal(0), nilai_maksimum=Decimal(100)
    )
    with pytest.raises(ValidationError, match="“1.234.567,89”: paling besar 100 nilai untuk indikator ini."):
        _simpan(skor, pemeran.operator_a, "1.234.567,89")
    assert not Realisasi.objects.exists()


def test_the_demo_sakip_score_refuses_1_234_567_89():
    from kinerja.models import Indikator
    from tests.demo_salin import muat_demo_salin

    muat_demo_salin()
    skor = Indikator.objects.filter(uraian__startswith="Nilai evaluasi SAKIP").first()
    assert skor is not None and (skor.nilai_minimum, skor.nilai_maksimum) == (Decimal(0), Decimal(100))
    with pytest.raises(ValidationError, match="paling besar 100 nilai"):
        services.angka_atau_galat("1.234.567,89", "nilai", skor)
    assert services.angka_atau_galat("69,04", "nilai", skor) == Decimal("69.04")
