"""THE format of an indicator's value (issue 17 point 4): counts never show ",00"; percentages "87,25%"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip.lib.angka import dengan_satuan, format_nilai, format_persen, satuan_cacah


@pytest.mark.parametrize("satuan", ["orang", "Kunjungan", "inovasi", "dokumen", "unit", "kali", "orang/tahun", " UMKM"])
def test_units_that_count_whole_things(satuan):
    assert satuan_cacah(satuan)


@pytest.mark.parametrize("satuan", ["%", "persen", "indeks", "nilai", "ton", "hari", "per 100.000 KH", "Rp", "", None])
def test_units_that_measure(satuan):
    assert not satuan_cacah(satuan)


def test_a_whole_count_shows_no_decimals():
    assert format_nilai(Decimal("126000.0000"), bulat=True) == "126.000"
    assert format_nilai(Decimal("0"), bulat=True) == "0"


def test_a_count_that_is_not_whole_keeps_its_decimals():
    assert format_nilai(Decimal("2.5"), bulat=True) == "2,50"


def test_a_measure_shows_two_decimals_and_none_shows_a_dash():
    assert format_nilai(Decimal("87.254"), bulat=False) == "87,25"
    assert format_nilai(Decimal("126000"), bulat=False) == "126.000,00"
    assert format_nilai(None, bulat=True) == "–"


def test_the_one_percent_format_has_no_space():
    assert format_persen(Decimal("87.25")) == "87,25%"


def test_a_value_with_its_unit_writes_percent_without_a_space():
    assert dengan_satuan("2,4", "%") == "2,4%"
    assert dengan_satuan("126.000", "kunjungan") == "126.000 kunjungan"
    assert dengan_satuan("–", "%") == "–" and dengan_satuan("7", "") == "7"
