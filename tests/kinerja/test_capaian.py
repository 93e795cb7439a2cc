"""Capaian as DOMAIN.md §4 states it: formulas, ranges, quarters, bands, budget and data-quality warnings."""

from dataclasses import FrozenInstanceError
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.capaian import (
    ALASAN_BELUM_DILAPORKAN,
    ALASAN_TARGET_KOSONG,
    ALASAN_TARGET_NEGATIF,
    ALASAN_TARGET_NOL,
    Agregasi,
    Arah,
    Capaian,
    Target,
    TargetTidakValid,
    hitung_capaian,
    nilai_tahunan,
)
from sakip.lib.angka import bulatkan

AKAR_PROYEK = Path(__file__).resolve().parents[2]


def persen(realisasi, target, arah):
    return hitung_capaian(realisasi, target, arah).persen


# --- the examples of DOMAIN.md §4 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arah", "target", "realisasi", "hasil"),
    [
        (Arah.NAIK, Target(lo=Decimal(80), hi=Decimal(90)), Decimal(92), Decimal("102.22")),
        (Arah.NAIK, Target(lo=Decimal(80), hi=Decimal(90)), Decimal(70), Decimal("87.50")),
        (Arah.TURUN, Target(lo=Decimal(7), hi=Decimal(8)), Decimal("6.5"), Decimal("107.14")),
        (Arah.TURUN, Target(lo=Decimal(7), hi=Decimal(8)), Decimal(9), Decimal("87.50")),
        (Arah.TURUN, Target(nilai=Decimal("2.60")), Decimal("2.36"), Decimal("109.23")),
        (Arah.NAIK, Target(nilai=Decimal(3)), Decimal(5), Decimal("166.67")),
    ],
)
def test_domain_examples_give_exact_percentages(arah, target, realisasi, hasil):
    capaian = hitung_capaian(realisasi, target, arah)
    assert capaian.persen == hasil
    assert str(capaian.persen) == str(hasil)  # exactly two decimals
    assert capaian.alasan is None


def test_rumus_shows_formula_with_indonesian_numbers():
    capaian = hitung_capaian(Decimal(92), Target(nilai=Decimal(90)), Arah.NAIK)
    assert capaian.rumus == "Realisasi ÷ Target × 100% = 92 ÷ 90 × 100% = 102,22%"


def test_rumus_for_turun_shows_its_formula():
    capaian = hitung_capaian(Decimal("2.36"), Target(nilai=Decimal("2.60")), Arah.TURUN)
    assert capaian.rumus == "(2 × Target − Realisasi) ÷ Target × 100% = (2 × 2,6 − 2,36) ÷ 2,6 × 100% = 109,23%"


def test_rumus_for_range_names_the_bound_used():
    atas = hitung_capaian(Decimal(92), Target(lo=Decimal(80), hi=Decimal(90)), Arah.NAIK).rumus
    bawah = hitung_capaian(Decimal(70), Target(lo=Decimal(80), hi=Decimal(90)), Arah.NAIK).rumus
    assert atas == (
        "Di atas rentang target 80–90, dibandingkan dengan batas atas: "
        "Realisasi ÷ Target × 100% = 92 ÷ 90 × 100% = 102,22%"
    )
    assert bawah == (
        "Di bawah rentang target 80–90, dibandingkan dengan batas bawah: "
        "Realisasi ÷ Target × 100% = 70 ÷ 80 × 100% = 87,50%"
    )


def test_rumus_formats_thousands_the_indonesian_way():
    capaian = hitung_capaian(Decimal("1234567.5"), Target(nilai=Decimal(1000000)), Arah.NAIK)
    assert capaian.rumus == "Realisasi ÷ Target × 100% = 1.234.567,5 ÷ 1.000.000 × 100% = 123,46%"


# --- single targets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "hasil"),
    [
        (Decimal(90), Decimal(90), Decimal("100.00")),
        (Decimal(45), Decimal(90), Decimal("50.00")),
        (Decimal(1), Decimal(3), Decimal("33.33")),
        (Decimal(2), Decimal(3), Decimal("66.67")),
    ],
)
def test_naik_single_is_realisasi_over_target(realisasi, target, hasil):
    assert persen(realisasi, Target(nilai=target), Arah.NAIK) == hasil


@pytest.mark.parametrize(
    ("realisasi", "target", "hasil"),
    [
        (Decimal(8), Decimal(8), Decimal("100.00")),
        (Decimal(6), Decimal(8), Decimal("125.00")),
        (Decimal(10), Decimal(8), Decimal("75.00")),
        (Decimal(0), Decimal(8), Decimal("200.00")),
    ],
)
def test_turun_single_is_two_target_minus_realisasi_over_target(realisasi, target, hasil):
    assert persen(realisasi, Target(nilai=target), Arah.TURUN) == hasil


def test_turun_equals_one_plus_one_minus_ratio():
    r, t = Decimal("2.36"), Decimal("2.60")
    assert persen(r, Target(nilai=t), Arah.TURUN) == bulatkan((1 + (1 - r / t)) * 100) == Decimal("109.23")


@pytest.mark.parametrize("realisasi", [Decimal(16), Decimal(17), Decimal(100), Decimal(1000000)])
def test_turun_never_falls_below_zero(realisasi):
    capaian = hitung_capaian(realisasi, Target(nilai=Decimal(8)), Arah.TURUN)
    assert capaian.persen == Decimal("0.00")
    assert str(capaian.persen) == "0.00"


def test_turun_floor_is_explained_in_rumus():
    capaian = hitung_capaian(Decimal(12), Target(nilai=Decimal(5)), Arah.TURUN)
    assert capaian.rumus == (
        "(2 × Target − Realisasi) ÷ Target × 100% = (2 × 5 − 12) ÷ 5 × 100% = 0,00% "
        "(hasil -40,00% dibatasi tidak kurang dari 0%)"
    )


def test_achievement_above_100_is_not_capped():
    assert persen(Decimal(5), Target(nilai=Decimal(3)), Arah.NAIK) == Decimal("166.67")
    assert persen(Decimal(1000), Target(nilai=Decimal(10)), Arah.NAIK) == Decimal("10000.00")
    assert persen(Decimal(0), Target(nilai=Decimal(10)), Arah.TURUN) == Decimal("200.00")


def test_percentage_is_rounded_once_half_up_from_the_exact_value():
    # 1 ÷ 8 × 100 = 12.5 → exactly representable; 100.125 needs half-up, not banker's rounding.
    assert persen(Decimal("100.125"), Target(nilai=Decimal(100)), Arah.NAIK) == Decimal("100.13")
    assert persen(Decimal("0.10125"), Target(nilai=Decimal("0.1")), Arah.NAIK) == Decimal("101.25")
    assert persen(Decimal("2"), Target(nilai=Decimal("3")), Arah.TURUN) == Decimal("133.33")


# --- empty vs 0, unusable targets ------------------------------------------------------------------


@pytest.mark.parametrize("realisasi", [None, ""])
@pytest.mark.parametrize("arah", list(Arah))
def test_empty_realisasi_is_not_reported_never_zero(realisasi, arah):
    capaian = hitung_capaian(realisasi, Target(nilai=Decimal(80)), arah)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_BELUM_DILAPORKAN == "Belum dilaporkan"
    assert capaian.kategori is None
    assert capaian.rumus is None


def test_zero_realisasi_naik_is_zero_percent():
    capaian = hitung_capaian(Decimal(0), Target(nilai=Decimal(80)), Arah.NAIK)
    assert capaian.persen == Decimal("0.00")
    assert capaian.alasan is None
    assert capaian.kategori.kode == "sangat_rendah"


@pytest.mark.parametrize("arah", list(Arah))
def test_target_zero_gives_no_percentage_and_says_why(arah):
    capaian = hitung_capaian(Decimal(5), Target(nilai=Decimal(0)), arah)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_TARGET_NOL
    assert "pembagian dengan nol" in capaian.alasan
    assert capaian.kategori is None


def test_range_bound_zero_used_by_the_formula_gives_no_percentage():
    assert hitung_capaian(Decimal(-1), Target(lo=Decimal(0), hi=Decimal(5)), Arah.NAIK).alasan == ALASAN_TARGET_NOL


def test_range_with_bound_zero_still_gives_100_inside():
    assert persen(Decimal(0), Target(lo=Decimal(0), hi=Decimal(5)), Arah.TURUN) == Decimal("100.00")


def test_target_not_set_gives_no_percentage():
    capaian = hitung_capaian(Decimal(5), Target(), Arah.NAIK)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_TARGET_KOSONG


def test_empty_realisasi_wins_over_missing_target():
    assert hitung_capaian(None, Target(), Arah.NAIK).alasan == ALASAN_BELUM_DILAPORKAN


def test_negative_target_gives_no_percentage_rather_than_a_misleading_one():
    capaian = hitung_capaian(Decimal(-1), Target(nilai=Decimal(-2)), Arah.NAIK)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_TARGET_NEGATIF


# --- range targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("arah", list(Arah))
@pytest.mark.parametrize(
    ("realisasi", "teks"), [(Decimal(80), "80"), (Decimal(85), "85"), (Decimal("89.99"), "89,99"), (Decimal(90), "90")]
)
def test_range_inside_is_100_both_directions(arah, realisasi, teks):
    capaian = hitung_capaian(realisasi, Target(lo=Decimal(80), hi=Decimal(90)), arah)
    assert capaian.persen == Decimal("100.00")
    assert capaian.dalam_rentang is True
    assert capaian.rumus == f"Realisasi {teks} berada dalam rentang target 80–90 = 100,00%"


@pytest.mark.parametrize(
    ("arah", "realisasi", "hasil"),
    [
        (Arah.NAIK, Decimal(99), Decimal("110.00")),  # above: 99 ÷ 90
        (Arah.NAIK, Decimal(60), Decimal("75.00")),  # below: 60 ÷ 80
        (Arah.TURUN, Decimal(99), Decimal("90.00")),  # above: (180 − 99) ÷ 90
        (Arah.TURUN, Decimal(60), Decimal("125.00")),  # below: (160 − 60) ÷ 80
        (Arah.TURUN, Decimal(200), Decimal("0.00")),  # above, floored
    ],
)
def test_range_outside_uses_nearer_bound(arah, realisasi, hasil):
    capaian = hitung_capaian(realisasi, Target(lo=Decimal(80), hi=Decimal(90)), arah)
    assert capaian.persen == hasil
    assert capaian.dalam_rentang is False


def test_single_target_is_never_dalam_rentang():
    assert hitung_capaian(Decimal(90), Target(nilai=Decimal(90)), Arah.NAIK).dalam_rentang is False


def test_degenerate_range_lo_equals_hi():
    assert persen(Decimal(5), Target(lo=Decimal(5), hi=Decimal(5)), Arah.NAIK) == Decimal("100.00")
    assert persen(Decimal(6), Target(lo=Decimal(5), hi=Decimal(5)), Arah.NAIK) == Decimal("120.00")


# --- Target ---------------------------------------------------------------------------------------


def test_target_range_must_have_lo_not_above_hi():
    with pytest.raises(TargetTidakValid, match="Batas bawah target \\(90\\) tidak boleh lebih besar"):
        Target(lo=Decimal(90), hi=Decimal(80))


@pytest.mark.parametrize("kwargs", [{"lo": Decimal(1)}, {"hi": Decimal(1)}])
def test_target_range_needs_both_bounds(kwargs):
    with pytest.raises(TargetTidakValid, match="batas bawah dan batas atas"):
        Target(**kwargs)


def test_target_is_single_or_range_not_both():
    with pytest.raises(TargetTidakValid, match="tidak keduanya"):
        Target(nilai=Decimal(1), lo=Decimal(0), hi=Decimal(2))


def test_target_invalid_is_a_value_error():
    assert issubclass(TargetTidakValid, ValueError)


def test_target_accepts_indonesian_text_and_ints():
    assert Target(nilai="2,60").nilai == Decimal("2.60")
    assert Target(lo=80, hi="1.000").hi == Decimal(1000)
    assert Target(nilai="") == Target()


def test_target_describes_itself():
    assert Target(nilai=Decimal("2.60")).teks == "2,6"
    assert Target(lo=Decimal(80), hi=Decimal(90)).teks == "80–90"
    assert Target().teks == "–"
    assert Target().kosong and not Target(nilai=Decimal(0)).kosong
    assert Target(lo=Decimal(1), hi=Decimal(2)).rentang and not Target(nilai=Decimal(1)).rentang


def test_target_and_capaian_are_frozen():
    with pytest.raises(FrozenInstanceError):
        Target(nilai=Decimal(1)).nilai = Decimal(2)
    with pytest.raises(FrozenInstanceError):
        Capaian(persen=Decimal(1)).persen = Decimal(2)


# --- arah / agregasi as text -----------------------------------------------------------------------


def test_arah_and_agregasi_accept_their_stored_text():
    assert persen(Decimal(92), Target(nilai=Decimal(90)), "naik") == Decimal("102.22")
    assert nilai_tahunan({1: Decimal(1), 2: Decimal(2)}, "rata_rata") == Decimal("1.5")
    assert [a.value for a in Arah] == ["naik", "turun"]
    assert [a.value for a in Agregasi] == ["kumulatif", "akhir", "rata_rata"]


def test_unknown_arah_is_rejected_in_indonesian():
    with pytest.raises(ValueError, match="Arah “naek” tidak dikenal; pilihan: naik, turun"):
        hitung_capaian(Decimal(1), Target(nilai=Decimal(1)), "naek")


def test_realisasi_accepts_indonesian_text():
    assert persen("1.234,56", Target(nilai=Decimal("1234.56")), Arah.NAIK) == Decimal("100.00")
