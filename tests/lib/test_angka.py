"""Indonesian numbers: parsing "1.234,56", formatting 69,04 / 1.234.567, and the one rounding rule."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.lib.angka import AngkaTidakValid, bulatkan, format_angka, parse_angka

# Beyond the default 28-digit Decimal context on purpose: rounding must not depend on it.
desimal_besar = st.decimals(
    min_value=Decimal("-1e30"), max_value=Decimal("1e30"), allow_nan=False, allow_infinity=False
)


# --- bulatkan ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "tempat", "hasil"),
    [
        ("2.345", 2, "2.35"),
        ("2.344999", 2, "2.34"),
        ("-2.345", 2, "-2.35"),
        ("0.005", 2, "0.01"),
        ("102.2222222", 2, "102.22"),
        ("87.5", 2, "87.50"),
        ("1234.5", 0, "1235"),
        ("0.0005", 3, "0.001"),
    ],
)
def test_bulatkan_rounds_half_up(nilai, tempat, hasil):
    assert bulatkan(Decimal(nilai), tempat) == Decimal(hasil)
    assert str(bulatkan(Decimal(nilai), tempat)) == hasil


def test_bulatkan_defaults_to_two_decimals():
    assert str(bulatkan(Decimal("7"))) == "7.00"


def test_bulatkan_handles_values_beyond_default_decimal_precision():
    assert bulatkan(Decimal("1e27")) == Decimal("1e27")
    assert str(bulatkan(Decimal("123456789012345678901234567890.125"))) == "123456789012345678901234567890.13"


# --- parse_angka -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teks", "hasil"),
    [
        ("1.234,56", "1234.56"),
        ("87,25", "87.25"),
        ("1.234,5", "1234.5"),
        ("1.234.567", "1234567"),
        ("1.234.567,891", "1234567.891"),
        ("1234,56", "1234.56"),
        ("12", "12"),
        ("0", "0"),
        ("0,5", "0.5"),
        ("87.25", "87.25"),
        ("2.60", "2.60"),
        ("0.125", "0.125"),
        ("-1.234,56", "-1234.56"),
        ("-87,25", "-87.25"),
        ("+5", "5"),
        ("  1.234,56  ", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
    ],
)
def test_parse_angka_reads_indonesian_text(teks, hasil):
    assert parse_angka(teks) == Decimal(hasil)
    assert isinstance(parse_angka(teks), Decimal)


def test_parse_angka_reads_dot_followed_by_three_digits_as_thousands():
    assert parse_angka("1.234") == Decimal("1234")


@pytest.mark.parametrize("teks", ["", "   ", None])
def test_parse_angka_empty_is_none_not_zero(teks):
    assert parse_angka(teks) is None


def test_parse_angka_passes_numbers_through_as_decimal():
    assert parse_angka(Decimal("2.36")) == Decimal("2.36")
    assert parse_angka(7) == Decimal("7")
    assert parse_angka(0.1) == Decimal("0.1")


@pytest.mark.parametrize(
    "teks",
    ["abc", "12a", "1,234.56", "1.234.5", "12,", ",5", "1e5", "--5", "1.2.3", "Rp 1.000", "0.123,5", "½"],
)
def test_parse_angka_rejects_invalid_text_with_indonesian_message(teks):
    with pytest.raises(AngkaTidakValid, match="bukan angka yang valid"):
        parse_angka(teks)


def test_angka_tidak_valid_is_a_value_error():
    assert issubclass(AngkaTidakValid, ValueError)


@pytest.mark.parametrize("nilai", [Decimal("NaN"), Decimal("Infinity"), float("nan"), float("-inf"), "NaN"])
def test_parse_angka_rejects_non_finite_numbers(nilai):
    with pytest.raises(AngkaTidakValid):
        parse_angka(nilai)


@pytest.mark.parametrize("nilai", [True, False])
def test_parse_angka_rejects_booleans(nilai):
    with pytest.raises(AngkaTidakValid):
        parse_angka(nilai)


# --- format_angka ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "tempat", "teks"),
    [
        (Decimal("1234567"), 0, "1.234.567"),
        (Decimal("69.04"), 2, "69,04"),
        (Decimal("1234.56"), 2, "1.234,56"),
        (Decimal("102.225"), 2, "102,23"),
        (Decimal("0"), 2, "0,00"),
        (Decimal("999"), 0, "999"),
        (Decimal("1000"), 0, "1.000"),
        (Decimal("-1234567.891"), 2, "-1.234.567,89"),
        (Decimal("-69.04"), 2, "-69,04"),
        (Decimal("-0.001"), 2, "0,00"),
        (1234, 2, "1.234,00"),
        (0.1, 2, "0,10"),
    ],
)
def test_format_angka_writes_indonesian_numbers(nilai, tempat, teks):
    assert format_angka(nilai, tempat) == teks


def test_format_angka_defaults_to_two_decimals():
    assert format_angka(Decimal("69.04")) == "69,04"


def test_format_angka_none_gives_placeholder():
    assert format_angka(None) == "–"
    assert format_angka(None, kosong="belum dilaporkan") == "belum dilaporkan"


# --- properties ------------------------------------------------------------------------------------


@given(desimal_besar)
def test_parse_of_format_round_trips_to_rounded_value(x):
    assert parse_angka(format_angka(x)) == bulatkan(x)


@given(desimal_besar, st.integers(min_value=0, max_value=4))
def test_round_trip_holds_for_any_number_of_places(x, tempat):
    assert parse_angka(format_angka(x, tempat)) == bulatkan(x, tempat)


@given(desimal_besar)
def test_bulatkan_moves_value_by_at_most_half_a_cent(x):
    assert abs(bulatkan(x) - x) <= Decimal("0.005")
