"""Capaian as DOMAIN.md §4 states it: formulas, ranges, quarters, bands, budget and data-quality warnings."""

import subprocess
import sys
from dataclasses import FrozenInstanceError
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.capaian import (
    ALASAN_BELUM_DILAPORKAN,
    ALASAN_TARGET_KOSONG,
    ALASAN_TARGET_NEGATIF,
    ALASAN_TARGET_NOL,
    Agregasi,
    AmbangKualitas,
    Arah,
    Capaian,
    PitaKategori,
    Target,
    TargetTidakValid,
    efisiensi,
    hitung_capaian,
    kategori,
    kategori_default,
    nilai_tahunan,
    peringatan_kualitas,
    perlu_penjelasan,
    serapan_anggaran,
)
from sakip.lib.angka import bulatkan

D = Decimal
AKAR_PROYEK = Path(__file__).resolve().parents[2]


def persen(realisasi, target, arah):
    return hitung_capaian(realisasi, target, arah).persen


# --- the examples of DOMAIN.md §4 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arah", "target", "realisasi", "hasil"),
    [
        (Arah.NAIK, Target(lo=D(80), hi=D(90)), D(92), D("102.22")),
        (Arah.NAIK, Target(lo=D(80), hi=D(90)), D(70), D("87.50")),
        (Arah.TURUN, Target(lo=D(7), hi=D(8)), D("6.5"), D("107.14")),
        (Arah.TURUN, Target(lo=D(7), hi=D(8)), D(9), D("87.50")),
        (Arah.TURUN, Target(nilai=D("2.60")), D("2.36"), D("109.23")),
        (Arah.NAIK, Target(nilai=D(3)), D(5), D("166.67")),
    ],
)
def test_domain_examples_give_exact_percentages(arah, target, realisasi, hasil):
    capaian = hitung_capaian(realisasi, target, arah)
    assert capaian.persen == hasil
    assert str(capaian.persen) == str(hasil)  # exactly two decimals
    assert capaian.alasan is None


def test_rumus_shows_formula_with_indonesian_numbers():
    capaian = hitung_capaian(D(92), Target(nilai=D(90)), Arah.NAIK)
    assert capaian.rumus == "Realisasi ÷ Target × 100% = 92 ÷ 90 × 100% = 102,22%"


def test_rumus_for_turun_shows_its_formula():
    capaian = hitung_capaian(D("2.36"), Target(nilai=D("2.60")), Arah.TURUN)
    assert capaian.rumus == "(2 × Target − Realisasi) ÷ Target × 100% = (2 × 2,6 − 2,36) ÷ 2,6 × 100% = 109,23%"


def test_rumus_for_range_names_the_bound_used():
    atas = hitung_capaian(D(92), Target(lo=D(80), hi=D(90)), Arah.NAIK).rumus
    bawah = hitung_capaian(D(70), Target(lo=D(80), hi=D(90)), Arah.NAIK).rumus
    assert atas == (
        "Di atas rentang target 80–90, dibandingkan dengan batas atas: "
        "Realisasi ÷ Target × 100% = 92 ÷ 90 × 100% = 102,22%"
    )
    assert bawah == (
        "Di bawah rentang target 80–90, dibandingkan dengan batas bawah: "
        "Realisasi ÷ Target × 100% = 70 ÷ 80 × 100% = 87,50%"
    )


def test_rumus_formats_thousands_the_indonesian_way():
    capaian = hitung_capaian(D("1234567.5"), Target(nilai=D(1000000)), Arah.NAIK)
    assert capaian.rumus == "Realisasi ÷ Target × 100% = 1.234.567,5 ÷ 1.000.000 × 100% = 123,46%"


# --- single targets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "hasil"),
    [(D(90), D(90), D("100.00")), (D(45), D(90), D("50.00")), (D(1), D(3), D("33.33")), (D(2), D(3), D("66.67"))],
)
def test_naik_single_is_realisasi_over_target(realisasi, target, hasil):
    assert persen(realisasi, Target(nilai=target), Arah.NAIK) == hasil


@pytest.mark.parametrize(
    ("realisasi", "target", "hasil"),
    [(D(8), D(8), D("100.00")), (D(6), D(8), D("125.00")), (D(10), D(8), D("75.00")), (D(0), D(8), D("200.00"))],
)
def test_turun_single_is_two_target_minus_realisasi_over_target(realisasi, target, hasil):
    assert persen(realisasi, Target(nilai=target), Arah.TURUN) == hasil


def test_turun_equals_one_plus_one_minus_ratio():
    r, t = D("2.36"), D("2.60")
    assert persen(r, Target(nilai=t), Arah.TURUN) == bulatkan((1 + (1 - r / t)) * 100) == D("109.23")


@pytest.mark.parametrize("realisasi", [D(16), D(17), D(100), D(1000000)])
def test_turun_never_falls_below_zero(realisasi):
    capaian = hitung_capaian(realisasi, Target(nilai=D(8)), Arah.TURUN)
    assert capaian.persen == D("0.00")
    assert str(capaian.persen) == "0.00"


def test_turun_floor_is_explained_in_rumus():
    capaian = hitung_capaian(D(12), Target(nilai=D(5)), Arah.TURUN)
    assert capaian.rumus == (
        "(2 × Target − Realisasi) ÷ Target × 100% = (2 × 5 − 12) ÷ 5 × 100% = 0,00% "
        "(hasil -40,00% dibatasi tidak kurang dari 0%)"
    )


def test_achievement_above_100_is_not_capped():
    assert persen(D(5), Target(nilai=D(3)), Arah.NAIK) == D("166.67")
    assert persen(D(1000), Target(nilai=D(10)), Arah.NAIK) == D("10000.00")
    assert persen(D(0), Target(nilai=D(10)), Arah.TURUN) == D("200.00")


def test_percentage_is_rounded_once_half_up_from_the_exact_value():
    # 1 ÷ 8 × 100 = 12.5 → exactly representable; 100.125 needs half-up, not banker's rounding.
    assert persen(D("100.125"), Target(nilai=D(100)), Arah.NAIK) == D("100.13")
    assert persen(D("0.10125"), Target(nilai=D("0.1")), Arah.NAIK) == D("101.25")
    assert persen(D("2"), Target(nilai=D("3")), Arah.TURUN) == D("133.33")


# --- empty vs 0, unusable targets ------------------------------------------------------------------


@pytest.mark.parametrize("realisasi", [None, ""])
@pytest.mark.parametrize("arah", list(Arah))
def test_empty_realisasi_is_not_reported_never_zero(realisasi, arah):
    capaian = hitung_capaian(realisasi, Target(nilai=D(80)), arah)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_BELUM_DILAPORKAN == "Belum dilaporkan"
    assert capaian.kategori is None
    assert capaian.rumus is None


def test_zero_realisasi_naik_is_zero_percent():
    capaian = hitung_capaian(D(0), Target(nilai=D(80)), Arah.NAIK)
    assert capaian.persen == D("0.00")
    assert capaian.alasan is None
    assert capaian.kategori.kode == "sangat_rendah"


@pytest.mark.parametrize("arah", list(Arah))
def test_target_zero_gives_no_percentage_and_says_why(arah):
    capaian = hitung_capaian(D(5), Target(nilai=D(0)), arah)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_TARGET_NOL
    assert "pembagian dengan nol" in capaian.alasan
    assert capaian.kategori is None


def test_range_bound_zero_used_by_the_formula_gives_no_percentage():
    assert hitung_capaian(D(-1), Target(lo=D(0), hi=D(5)), Arah.NAIK).alasan == ALASAN_TARGET_NOL


def test_range_with_bound_zero_still_gives_100_inside():
    assert persen(D(0), Target(lo=D(0), hi=D(5)), Arah.TURUN) == D("100.00")


def test_target_not_set_gives_no_percentage():
    capaian = hitung_capaian(D(5), Target(), Arah.NAIK)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_TARGET_KOSONG


def test_empty_realisasi_wins_over_missing_target():
    assert hitung_capaian(None, Target(), Arah.NAIK).alasan == ALASAN_BELUM_DILAPORKAN


def test_negative_target_gives_no_percentage_rather_than_a_misleading_one():
    capaian = hitung_capaian(D(-1), Target(nilai=D(-2)), Arah.NAIK)
    assert capaian.persen is None
    assert capaian.alasan == ALASAN_TARGET_NEGATIF


# --- range targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("arah", list(Arah))
@pytest.mark.parametrize(("realisasi", "teks"), [(D(80), "80"), (D(85), "85"), (D("89.99"), "89,99"), (D(90), "90")])
def test_range_inside_is_100_both_directions(arah, realisasi, teks):
    capaian = hitung_capaian(realisasi, Target(lo=D(80), hi=D(90)), arah)
    assert capaian.persen == D("100.00")
    assert capaian.dalam_rentang is True
    assert capaian.rumus == f"Realisasi {teks} berada dalam rentang target 80–90 = 100,00%"


@pytest.mark.parametrize(
    ("arah", "realisasi", "hasil"),
    [
        (Arah.NAIK, D(99), D("110.00")),  # above: 99 ÷ 90
        (Arah.NAIK, D(60), D("75.00")),  # below: 60 ÷ 80
        (Arah.TURUN, D(99), D("90.00")),  # above: (180 − 99) ÷ 90
        (Arah.TURUN, D(60), D("125.00")),  # below: (160 − 60) ÷ 80
        (Arah.TURUN, D(200), D("0.00")),  # above, floored
    ],
)
def test_range_outside_uses_nearer_bound(arah, realisasi, hasil):
    capaian = hitung_capaian(realisasi, Target(lo=D(80), hi=D(90)), arah)
    assert capaian.persen == hasil
    assert capaian.dalam_rentang is False


def test_single_target_is_never_dalam_rentang():
    assert hitung_capaian(D(90), Target(nilai=D(90)), Arah.NAIK).dalam_rentang is False


def test_degenerate_range_lo_equals_hi():
    assert persen(D(5), Target(lo=D(5), hi=D(5)), Arah.NAIK) == D("100.00")
    assert persen(D(6), Target(lo=D(5), hi=D(5)), Arah.NAIK) == D("120.00")


# --- Target ---------------------------------------------------------------------------------------


def test_target_range_must_have_lo_not_above_hi():
    with pytest.raises(TargetTidakValid, match="Batas bawah target \\(90\\) tidak boleh lebih besar"):
        Target(lo=D(90), hi=D(80))


@pytest.mark.parametrize("kwargs", [{"lo": D(1)}, {"hi": D(1)}])
def test_target_range_needs_both_bounds(kwargs):
    with pytest.raises(TargetTidakValid, match="batas bawah dan batas atas"):
        Target(**kwargs)


def test_target_is_single_or_range_not_both():
    with pytest.raises(TargetTidakValid, match="tidak keduanya"):
        Target(nilai=D(1), lo=D(0), hi=D(2))


def test_target_invalid_is_a_value_error():
    assert issubclass(TargetTidakValid, ValueError)


def test_target_accepts_indonesian_text_and_ints():
    assert Target(nilai="2,60").nilai == D("2.60")
    assert Target(lo=80, hi="1.000").hi == D(1000)
    assert Target(nilai="") == Target()


def test_target_describes_itself():
    assert Target(nilai=D("2.60")).teks == "2,6"
    assert Target(lo=D(80), hi=D(90)).teks == "80–90"
    assert Target().teks == "–"
    assert Target().kosong and not Target(nilai=D(0)).kosong
    assert Target(lo=D(1), hi=D(2)).rentang and not Target(nilai=D(1)).rentang


def test_target_and_capaian_are_frozen():
    with pytest.raises(FrozenInstanceError):
        Target(nilai=D(1)).nilai = D(2)
    with pytest.raises(FrozenInstanceError):
        Capaian(persen=D(1)).persen = D(2)


# --- arah / agregasi as text -----------------------------------------------------------------------


def test_arah_and_agregasi_accept_their_stored_text():
    assert persen(D(92), Target(nilai=D(90)), "naik") == D("102.22")
    assert nilai_tahunan({1: D(1), 2: D(2)}, "rata_rata") == D("1.5")
    assert [a.value for a in Arah] == ["naik", "turun"]
    assert [a.value for a in Agregasi] == ["kumulatif", "akhir", "rata_rata"]


def test_unknown_arah_is_rejected_in_indonesian():
    with pytest.raises(ValueError, match="Arah “naek” tidak dikenal; pilihan: naik, turun"):
        hitung_capaian(D(1), Target(nilai=D(1)), "naek")


def test_realisasi_accepts_indonesian_text():
    assert persen("1.234,56", Target(nilai=D("1234.56")), Arah.NAIK) == D("100.00")


# --- nilai_tahunan --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agregasi", "hasil"),
    [(Agregasi.KUMULATIF, D(100)), (Agregasi.AKHIR, D(40)), (Agregasi.RATA_RATA, D(25))],
)
def test_nilai_tahunan_all_quarters(agregasi, hasil):
    assert nilai_tahunan({1: D(10), 2: D(20), 3: D(30), 4: D(40)}, agregasi) == hasil


@pytest.mark.parametrize(
    ("agregasi", "hasil"),
    [(Agregasi.KUMULATIF, D(40)), (Agregasi.AKHIR, D(30)), (Agregasi.RATA_RATA, D(20))],
)
def test_nilai_tahunan_with_gaps_uses_only_quarters_entered(agregasi, hasil):
    assert nilai_tahunan({1: D(10), 2: None, 3: D(30), 4: None}, agregasi) == hasil
    assert nilai_tahunan({3: D(30), 1: D(10)}, agregasi) == hasil


@pytest.mark.parametrize("agregasi", list(Agregasi))
@pytest.mark.parametrize("triwulan", [{}, {1: None, 2: None, 3: None, 4: None}, {1: "", 2: None}])
def test_nilai_tahunan_nothing_entered_is_none_never_zero(agregasi, triwulan):
    assert nilai_tahunan(triwulan, agregasi) is None


@pytest.mark.parametrize(
    ("agregasi", "hasil"),
    [(Agregasi.KUMULATIF, D(10)), (Agregasi.AKHIR, D(0)), (Agregasi.RATA_RATA, D(5))],
)
def test_nilai_tahunan_explicit_zero_counts_as_entered(agregasi, hasil):
    assert nilai_tahunan({1: D(10), 2: D(0), 3: None}, agregasi) == hasil


def test_nilai_tahunan_only_zero_entered_is_zero_not_none():
    assert nilai_tahunan({1: D(0)}, Agregasi.KUMULATIF) == D(0)


def test_nilai_tahunan_rata_rata_is_exact_until_capaian_rounds():
    tahunan = nilai_tahunan({1: D(1), 2: D(1), 3: D(2)}, Agregasi.RATA_RATA)
    assert tahunan == D(4) / D(3)
    assert persen(tahunan, Target(nilai=D(1)), Arah.NAIK) == D("133.33")


def test_nilai_tahunan_rejects_unknown_quarter():
    with pytest.raises(ValueError, match="Triwulan 5 tidak dikenal"):
        nilai_tahunan({5: D(1)}, Agregasi.KUMULATIF)


# --- category bands -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "kode", "nama"),
    [
        (D(250), "sangat_tinggi", "Sangat Tinggi"),
        (D(91), "sangat_tinggi", "Sangat Tinggi"),
        (D("90.99"), "tinggi", "Tinggi"),
        (D(76), "tinggi", "Tinggi"),
        (D("75.99"), "sedang", "Sedang"),
        (D(66), "sedang", "Sedang"),
        (D("65.99"), "rendah", "Rendah"),
        (D(51), "rendah", "Rendah"),
        (D("50.99"), "sangat_rendah", "Sangat Rendah"),
        (D(0), "sangat_rendah", "Sangat Rendah"),
        (D(-5), "sangat_rendah", "Sangat Rendah"),
    ],
)
def test_default_band_boundaries_are_half_open(nilai, kode, nama):
    pita = kategori(nilai)
    assert (pita.kode, pita.nama) == (kode, nama)


def test_kategori_of_no_percentage_is_none():
    assert kategori(None) is None


def test_default_bands_are_data():
    assert [(p.kode, p.batas_bawah) for p in kategori_default()] == [
        ("sangat_tinggi", D(91)),
        ("tinggi", D(76)),
        ("sedang", D(66)),
        ("rendah", D(51)),
        ("sangat_rendah", None),
    ]


def test_kategori_uses_configured_bands_in_any_order():
    bands = (PitaKategori("kurang", "Kurang", None), PitaKategori("baik", "Baik", D(100)))
    assert kategori(D(100), bands).kode == "baik"
    assert kategori(D("99.99"), bands).kode == "kurang"


def test_kategori_without_a_floor_band_can_be_none():
    assert kategori(D(5), (PitaKategori("baik", "Baik", D(50)),)) is None


def test_capaian_category_is_read_from_the_rounded_percentage():
    # 90.995 % rounds to 91,00 %, so the band shown with it is Sangat Tinggi.
    capaian = hitung_capaian(D("90.995"), Target(nilai=D(100)), Arah.NAIK)
    assert capaian.persen == D("91.00")
    assert capaian.kategori.kode == "sangat_tinggi"


def test_hitung_capaian_accepts_configured_bands():
    bands = (PitaKategori("tercapai", "Tercapai", D(100)), PitaKategori("belum", "Belum Tercapai", None))
    assert hitung_capaian(D(90), Target(nilai=D(100)), Arah.NAIK, bands=bands).kategori.kode == "belum"


# --- budget ---------------------------------------------------------------------------------------


def test_serapan_anggaran_is_realisasi_over_pagu():
    assert serapan_anggaran(D("750000000"), D("1000000000")) == D("75.00")
    assert serapan_anggaran(D(1), D(3)) == D("33.33")
    assert serapan_anggaran("1.234.567,89", "2.000.000") == D("61.73")


@pytest.mark.parametrize(("realisasi", "pagu"), [(D(5), D(0)), (None, D(10)), (D(5), None), (D(5), D(-1))])
def test_serapan_anggaran_without_usable_pagu_or_realisasi_is_none(realisasi, pagu):
    assert serapan_anggaran(realisasi, pagu) is None


def test_serapan_anggaran_zero_realisasi_is_zero():
    assert serapan_anggaran(D(0), D(10)) == D("0.00")


def test_efisiensi_is_capaian_minus_serapan():
    assert efisiensi(D("102.22"), D("75.00")) == D("27.22")
    assert efisiensi(D("60.00"), D("95.50")) == D("-35.50")
    assert efisiensi(None, D("75.00")) is None
    assert efisiensi(D("75.00"), None) is None


# --- data-quality warnings ------------------------------------------------------------------------


def test_default_thresholds_live_in_one_dataclass():
    assert AmbangKualitas() == AmbangKualitas(D(150), D(10), D(3))


@pytest.mark.parametrize(
    ("nilai", "perlu"),
    [(D("150.01"), True), (D(150), False), (D(10), False), (D("9.99"), True), (D(0), True), (None, False)],
)
def test_perlu_penjelasan_outside_thresholds(nilai, perlu):
    assert perlu_penjelasan(nilai) is perlu


def test_extreme_capaian_without_penjelasan_warns():
    assert peringatan_kualitas(capaian_persen=D("166.67")) == ["Capaian 166,67% di atas 150%: wajib diisi penjelasan."]
    assert peringatan_kualitas(capaian_persen=D("5")) == ["Capaian 5,00% di bawah 10%: wajib diisi penjelasan."]


def test_extreme_capaian_with_penjelasan_does_not_warn():
    assert peringatan_kualitas(capaian_persen=D("166.67"), penjelasan="Program dipercepat.") == []
    assert peringatan_kualitas(capaian_persen=D("166.67"), penjelasan="   ") != []


def test_ordinary_values_give_no_warning():
    assert peringatan_kualitas(capaian_persen=D(95)) == []
    assert peringatan_kualitas() == []


def test_thresholds_are_configurable():
    ambang = AmbangKualitas(capaian_atas=D(120), capaian_bawah=D(50), kelipatan_tahun_lalu=D(2))
    assert peringatan_kualitas(capaian_persen=D(130), ambang=ambang) == [
        "Capaian 130,00% di atas 120%: wajib diisi penjelasan."
    ]
    assert len(peringatan_kualitas(nilai_tahun_ini=D(250), nilai_tahun_lalu=D(100), ambang=ambang)) == 1


def test_kumulatif_running_sum_going_down_warns():
    peringatan = peringatan_kualitas(nilai_triwulan={1: D(10), 2: D(-3), 3: None, 4: D(5)}, agregasi=Agregasi.KUMULATIF)
    assert peringatan == [
        "Triwulan II: nilai kumulatif turun dari 10 menjadi 7 karena nilai triwulan negatif (-3). Periksa kembali."
    ]


def test_kumulatif_with_zero_quarter_does_not_warn():
    assert peringatan_kualitas(nilai_triwulan={1: D(10), 2: D(0), 3: D(5)}, agregasi="kumulatif") == []


@pytest.mark.parametrize("agregasi", [Agregasi.AKHIR, Agregasi.RATA_RATA])
def test_falling_quarters_are_fine_for_non_cumulative_indicators(agregasi):
    assert peringatan_kualitas(nilai_triwulan={1: D(10), 2: D(-3)}, agregasi=agregasi) == []


def test_value_more_than_three_times_last_year_needs_confirming():
    assert peringatan_kualitas(nilai_tahun_ini=D(301), nilai_tahun_lalu=D(100)) == [
        "Nilai tahun ini (301) lebih dari 3 kali nilai tahun lalu (100): mohon konfirmasi kebenarannya."
    ]
    assert peringatan_kualitas(nilai_tahun_ini=D(300), nilai_tahun_lalu=D(100)) == []


def test_jump_check_skips_last_year_zero_or_missing():
    assert peringatan_kualitas(nilai_tahun_ini=D(50), nilai_tahun_lalu=D(0)) == []
    assert peringatan_kualitas(nilai_tahun_ini=D(50), nilai_tahun_lalu=None) == []


def test_year_value_for_jump_check_comes_from_quarters_when_not_given():
    peringatan = peringatan_kualitas(
        nilai_triwulan={1: D(200), 2: D(200)}, agregasi=Agregasi.KUMULATIF, nilai_tahun_lalu=D(100)
    )
    assert peringatan == [
        "Nilai tahun ini (400) lebih dari 3 kali nilai tahun lalu (100): mohon konfirmasi kebenarannya."
    ]


def test_all_warnings_together_in_order():
    peringatan = peringatan_kualitas(
        capaian_persen=D("200"),
        nilai_triwulan={1: D(500), 2: D(-1)},
        agregasi=Agregasi.KUMULATIF,
        nilai_tahun_lalu=D(100),
    )
    assert [p.split(" ")[0] for p in peringatan] == ["Capaian", "Triwulan", "Nilai"]


# --- properties ------------------------------------------------------------------------------------

angka = st.decimals(min_value=-1000, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
positif = st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def target_positif(draw):
    if draw(st.booleans()):
        return Target(nilai=draw(positif))
    a, b = draw(positif), draw(positif)
    return Target(lo=min(a, b), hi=max(a, b))


@given(target_positif(), angka, angka)
def test_naik_capaian_never_falls_as_realisasi_rises(target, a, b):
    rendah, tinggi = sorted((a, b))
    assert persen(rendah, target, Arah.NAIK) <= persen(tinggi, target, Arah.NAIK)


@given(target_positif(), angka, angka)
def test_turun_capaian_never_rises_as_realisasi_rises(target, a, b):
    rendah, tinggi = sorted((a, b))
    assert persen(rendah, target, Arah.TURUN) >= persen(tinggi, target, Arah.TURUN)


@given(target_positif(), angka, st.sampled_from(list(Arah)))
def test_capaian_has_two_decimals_and_turun_is_never_negative(target, realisasi, arah):
    hasil = persen(realisasi, target, arah)
    assert hasil.as_tuple().exponent == -2
    if arah is Arah.TURUN:
        assert hasil >= 0


@given(positif, positif, st.sampled_from(list(Arah)))
def test_range_target_matches_single_target_at_nearer_bound_outside(lo, realisasi, arah):
    hi = lo + 10
    rentang = hitung_capaian(realisasi, Target(lo=lo, hi=hi), arah)
    if realisasi > hi:
        assert rentang.persen == persen(realisasi, Target(nilai=hi), arah)
    elif realisasi < lo:
        assert rentang.persen == persen(realisasi, Target(nilai=lo), arah)
    else:
        assert rentang.persen == D("100.00") and rentang.dalam_rentang


# --- purity ----------------------------------------------------------------------------------------


def _jalankan(kode):
    return subprocess.run([sys.executable, "-c", kode], cwd=AKAR_PROYEK, capture_output=True, text=True, check=False)


def test_capaian_module_does_not_import_django_db():
    hasil = _jalankan("import sys, kinerja.capaian; assert 'django.db' not in sys.modules")
    assert hasil.returncode == 0, hasil.stderr


def test_capaian_and_angka_themselves_import_nothing_of_django_or_celery():
    # Bypasses sakip/__init__.py (which loads the Celery app) to check these two modules' own imports.
    kode = (
        "import sys, types, pathlib; paket = types.ModuleType('sakip'); "
        "paket.__path__ = [str(pathlib.Path('sakip').resolve())]; sys.modules['sakip'] = paket; "
        "import kinerja.capaian; "
        "assert not any(m.startswith(('django', 'celery', 'kombu')) for m in sys.modules)"
    )
    hasil = _jalankan(kode)
    assert hasil.returncode == 0, hasil.stderr
