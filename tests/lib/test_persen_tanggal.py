"""The one percent format ("87,25%", no space) and the one date format ("10 Juli 2025")."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from sakip.lib.angka import format_persen
from sakip.lib.tanggal import format_tanggal


@pytest.mark.parametrize(
    ("nilai", "tempat", "teks"),
    [
        (Decimal("87.25"), 2, "87,25%"),
        (Decimal("102.2222"), 2, "102,22%"),
        (Decimal("50"), 1, "50,0%"),
        (100, 0, "100%"),
        (Decimal("-0.5"), 2, "-0,50%"),
        (Decimal("1234.5"), 2, "1.234,50%"),
    ],
)
def test_format_persen_writes_indonesian_number_with_percent_sign_and_no_space(nilai, tempat, teks):
    assert format_persen(nilai, tempat) == teks


def test_format_persen_of_nothing_is_the_dash_or_the_given_text():
    assert format_persen(None) == "–"
    assert format_persen(None, kosong="") == ""


def test_format_tanggal_is_indonesian_whatever_the_active_language():
    with translation.override("en"):
        assert format_tanggal(datetime.date(2025, 7, 10)) == "10 Juli 2025"


def test_format_tanggal_shows_a_timestamp_in_jakarta_time(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    saat = datetime.datetime(2024, 12, 31, 20, 5, tzinfo=datetime.UTC)  # 1 January 03.05 in Jakarta
    assert format_tanggal(saat) == "1 Januari 2025"
    assert format_tanggal(saat, dengan_jam=True) == "1 Januari 2025 03.05"


def test_format_tanggal_of_nothing_is_the_given_text():
    assert format_tanggal(None) == ""
    assert format_tanggal(None, kosong="–") == "–"
