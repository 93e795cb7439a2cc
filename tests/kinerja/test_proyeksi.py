"""kinerja/proyeksi.py: the year-end projection per agregasi, with and without the seasonal pattern, the
berisiko boundary, arah turun and the Renstra path; exact Decimal results and properties."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja import proyeksi as pr
from kinerja.capaian import Target

D = Decimal
T100 = Target(nilai=D(100))


def proyeksikan(agregasi, nilai_tw, triwulan, target=T100, arah="naik", **kw):
    return pr.hitung_proyeksi(agregasi=agregasi, arah=arah, target=target, nilai_tw=nilai_tw, triwulan=triwulan, **kw)


# --- each rule, hand-computed ---------------------------------------------------------------------


def test_kumulatif_run_rate_is_mean_of_quarters_times_four():
    p = proyeksikan("kumulatif", {1: D(20), 2: D(25), 3: D(23)}, 3)
    assert p.nilai == D("90.6667")  # 68 ÷ 3 × 4
    assert p.metode == "Laju rata-rata TW I–III × 4"
    assert p.capaian.persen == D("90.67") and not p.berisiko and not p.musiman


def test_kumulatif_with_a_gap_uses_the_quarters_entered_and_names_them():
    p = proyeksikan("kumulatif", {1: D(20), 2: None, 3: D(30)}, 3)
    assert p.nilai == D("100.0000") and p.metode == "Laju rata-rata TW I, III × 4"


def test_akhir_one_quarter_keeps_the_last_value():
    p = proyeksikan("akhir", {2: D(40)}, 2)
    assert p.nilai == D("40.0000") and p.metode == "Nilai terakhir TW II dipertahankan sampai akhir tahun"


def test_akhir_trend_is_the_least_squares_line_read_at_tw_iv():
    # x̄ = 2, ȳ = 34/3, slope = (4/3 + 5/3) / 2 = 3/2; at TW IV: 34/3 + 3 = 43/3
    p = proyeksikan("akhir", {1: D(10), 2: D(11), 3: D(13)}, 3)
    assert p.nilai == D("14.3333") and p.metode == "Tren garis lurus TW I–III diteruskan sampai TW IV"


def test_rata_rata_is_the_mean_so_far():
    p = proyeksikan("rata_rata", {1: D(80), 2: D(85), 3: D(90)}, 3, target=Target(nilai=D(90)))
    assert p.nilai == D("85.0000") and p.capaian.persen == D("94.44")
    assert p.metode == "Rata-rata TW I–III diteruskan sampai TW IV"


def test_quarters_after_the_chosen_one_are_not_read():
    p = proyeksikan("kumulatif", {1: D(10), 2: D(10), 3: D(999)}, 2)
    assert p.nilai == D("40.0000")


def test_all_four_quarters_give_the_year_value_not_a_projection():
    riwayat = {2025: {1: 10, 2: 20, 3: 30, 4: 40}}
    p = proyeksikan("kumulatif", {1: D(20), 2: D(25), 3: D(23), 4: D(30)}, 4, riwayat=riwayat)
    assert p.nilai == D("98.0000") and not p.musiman
    assert p.metode == "Realisasi TW I–IV lengkap: nilai setahun, bukan perkiraan"
    assert proyeksikan("akhir", {1: D(5), 2: D(9), 3: D(1), 4: D(7)}, 4).nilai == D("7.0000")


def test_akhir_with_tw_iv_entered_is_its_year_value_even_with_a_gap():
    p = proyeksikan("akhir", {1: D(5), 2: D(9), 4: D(7)}, 4, riwayat=DUA_TAHUN)
    assert p.nilai == D("7.0000") and not p.musiman
    assert p.metode == "Realisasi TW IV sudah ada: nilai akhir tahun, bukan perkiraan"


@pytest.mark.parametrize("agregasi", ["kumulatif", "akhir", "rata_rata"])
def test_no_realisation_gives_no_projection_with_a_reason(agregasi):
    p = proyeksikan(agregasi, {1: None, 2: "", 3: D(50)}, 2)
    assert p.nilai is None and p.capaian is None and not p.berisiko
    assert p.alasan == "Belum ada realisasi sampai TW II: proyeksi akhir tahun belum dapat dihitung"
    assert p.ringkasan == p.alasan


def test_unset_target_projects_but_gives_no_capaian_and_no_flag():
    p = proyeksikan("kumulatif", {1: D(10)}, 1, target=Target())
    assert p.nilai == D("40.0000") and p.capaian.persen is None and not p.berisiko
    assert "Target belum ditetapkan" in p.ringkasan


# --- seasonality ----------------------------------------------------------------------------------

DUA_TAHUN = {2024: {1: D(10), 2: D(20), 3: D(30), 4: D(40)}, 2025: {1: D(15), 2: D(20), 3: D(25), 4: D(40)}}


def test_kumulatif_seasonal_pattern_of_two_earlier_years():
    # TW I–III reached (60 + 60) ÷ (100 + 100) = 60 % of the year; 68 ÷ 0,6
    p = proyeksikan("kumulatif", {1: D(20), 2: D(25), 3: D(23)}, 3, riwayat=DUA_TAHUN)
    assert p.musiman and p.nilai == D("113.3333")
    assert p.metode == "Pola musiman 2024–2025: TW I–III biasanya 60% dari setahun"


def test_incomplete_earlier_years_are_left_out_of_the_pattern():
    riwayat = {**DUA_TAHUN, 2023: {1: D(99), 2: D(1), 3: None, 4: D(1)}}
    p = proyeksikan("kumulatif", {1: D(20), 2: D(25), 3: D(23)}, 3, riwayat=riwayat)
    assert p.nilai == D("113.3333") and p.metode.startswith("Pola musiman 2024–2025:")


def test_years_with_a_gap_are_listed():
    riwayat = {2022: DUA_TAHUN[2024], 2025: DUA_TAHUN[2025]}
    assert proyeksikan("kumulatif", {1: D(1)}, 1, riwayat=riwayat).metode.startswith("Pola musiman 2022, 2025:")


def test_no_complete_earlier_year_falls_back_to_the_run_rate():
    p = proyeksikan("kumulatif", {1: D(20)}, 1, riwayat={2025: {1: D(10), 2: D(10), 3: D(10)}})
    assert not p.musiman and p.metode == "Laju rata-rata TW I × 4"


def test_a_pattern_without_positive_values_is_not_used():
    p = proyeksikan("kumulatif", {1: D(20)}, 1, riwayat={2025: {1: D(0), 2: D(0), 3: D(0), 4: D(0)}})
    assert not p.musiman and p.nilai == D("80.0000")


def test_akhir_seasonal_pattern_reads_the_quarter_against_tw_iv():
    riwayat = {2024: {1: D(50), 2: D(60), 3: D(70), 4: D(80)}, 2025: {1: D(55), 2: D(65), 3: D(75), 4: D(80)}}
    # TW II is usually (60 + 65) ÷ (80 + 80) = 78,125 % of the year-end value: 62 ÷ 0,78125
    p = proyeksikan("akhir", {1: D(50), 2: D(62)}, 2, riwayat=riwayat)
    assert p.nilai == D("79.3600")
    assert p.metode == "Pola musiman 2024–2025: nilai TW II biasanya 78% dari nilai akhir tahun"


def test_rata_rata_seasonal_pattern_divides_the_year_sum_by_four():
    # TW I–II are a third of the year's sum: (12 + 12) × 3 ÷ 4 = 18
    p = proyeksikan("rata_rata", {1: D(12), 2: D(12)}, 2, riwayat={2025: {1: D(10), 2: D(10), 3: D(20), 4: D(20)}})
    assert p.nilai == D("18.0000")
    assert p.metode == "Pola musiman 2025: TW I–II biasanya 33% dari jumlah setahun, dibagi 4 triwulan"


# --- the threshold --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tw1", "persen", "berisiko"),
    [
        (D("22.5"), D("90.00"), False),  # exactly at the threshold: not at risk
        (D("22.4975"), D("89.99"), True),  # just below
        (D("22.49875"), D("90.00"), False),  # 89,995 % is shown as 90,00 %, and read as shown
        (D("22.4986"), D("89.99"), True),  # 89,9944 %
    ],
)
def test_berisiko_below_the_threshold_only(tw1, persen, berisiko):
    p = proyeksikan("kumulatif", {1: tw1}, 1)
    assert (p.capaian.persen, p.berisiko) == (persen, berisiko)


def test_the_threshold_is_a_parameter():
    p = proyeksikan("kumulatif", {1: D(20)}, 1, ambang=D(75))
    assert p.capaian.persen == D("80.00") and not p.berisiko and p.ambang == D(75)
    assert proyeksikan("kumulatif", {1: D(20)}, 1, ambang=D("80.01")).berisiko


# --- lower is better ------------------------------------------------------------------------------


def test_turun_projection_above_target_is_at_risk():
    # kasus kumulatif, target at most 100: 60 in the first half projects 120, capaian (200 − 120) ÷ 100
    p = proyeksikan("kumulatif", {1: D(30), 2: D(30)}, 2, arah="turun")
    assert p.nilai == D("120.0000") and p.capaian.persen == D("80.00") and p.berisiko


def test_turun_falling_trend_is_on_track():
    p = proyeksikan("akhir", {1: D(14), 2: D(12)}, 2, arah="turun", target=Target(nilai=D(10)))
    assert p.nilai == D("8.0000") and p.capaian.persen == D("120.00") and not p.berisiko


def test_range_target_counts_as_for_a_realisation():
    p = proyeksikan("rata_rata", {1: D(85)}, 1, target=Target(lo=D(80), hi=D(90)))
    assert p.capaian.persen == D("100.00") and p.capaian.dalam_rentang


# --- the Renstra path -----------------------------------------------------------------------------

JALUR = pr.Jalur(tahun_awal=2022, nilai_awal=D(50), tahun_akhir=2026, nilai_akhir=D(90))


def test_ahead_of_the_renstra_path():
    # path 2025: 50 + 40 × 3/4 = 80; projection 90,6667
    p = proyeksikan("kumulatif", {1: D(20), 2: D(25), 3: D(23)}, 3, jalur=JALUR, tahun=2025)
    assert p.posisi.nilai_jalur == D("80.0000") and p.posisi.selisih == D("10.6667")
    assert p.posisi.kalimat == "Di depan jalur Renstra menuju target 2026 (90) sebesar 10,67 (jalur 2025: 80,00)"
    assert p.ringkasan.endswith(p.posisi.kalimat + ".")


def test_behind_and_on_the_renstra_path():
    behind = pr.posisi_jalur(D(70), JALUR, 2025, "naik")
    assert behind.selisih == D(-10) and behind.kalimat.startswith("Di belakang jalur Renstra")
    assert "sebesar 10,00" in behind.kalimat
    assert pr.posisi_jalur(D(80), JALUR, 2025, "naik").kalimat.startswith("Tepat pada jalur Renstra")


def test_turun_path_is_ahead_below_the_line():
    jalur = pr.Jalur(tahun_awal=2022, nilai_awal=D(20), tahun_akhir=2026, nilai_akhir=D(10))
    posisi = pr.posisi_jalur(D(12), jalur, 2025, "turun")  # path 2025: 12,5
    assert posisi.nilai_jalur == D("12.5000") and posisi.selisih == D("0.5000")
    assert posisi.kalimat.startswith("Di depan")


def test_one_year_period_path_is_its_target():
    jalur = pr.Jalur(tahun_awal=2026, nilai_awal=D(5), tahun_akhir=2026, nilai_akhir=D(9))
    assert pr.posisi_jalur(D(9), jalur, 2026, "naik").nilai_jalur == D("9.0000")


def test_no_path_without_a_year_or_a_projection():
    assert proyeksikan("kumulatif", {1: D(20)}, 1, jalur=JALUR).posisi is None
    assert proyeksikan("kumulatif", {}, 1, jalur=JALUR, tahun=2025).posisi is None


def test_unknown_quarter_and_agregasi_are_refused_in_indonesian():
    with pytest.raises(ValueError, match="Triwulan 5"):
        proyeksikan("kumulatif", {1: D(1)}, 5)
    with pytest.raises(ValueError, match="Agregasi"):
        proyeksikan("jumlah", {1: D(1)}, 1)


def test_the_module_imports_nothing_of_django():
    pohon = ast.parse(Path(pr.__file__).read_text())
    modul = [a.name for n in ast.walk(pohon) if isinstance(n, ast.Import) for a in n.names]
    modul += [n.module or "" for n in ast.walk(pohon) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in modul if m.startswith("django")]


# --- properties -----------------------------------------------------------------------------------

target_st = st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
triwulan_st = st.integers(min_value=1, max_value=4)
tahun_lalu_st = st.dictionaries(
    st.integers(min_value=2018, max_value=2025), st.decimals(min_value=1, max_value=10**4, places=2), max_size=3
)


@given(target=target_st, triwulan=triwulan_st, lalu=tahun_lalu_st)
def test_kumulatif_on_plan_projects_exactly_the_target(target, triwulan, lalu):
    # every quarter target ÷ 4, earlier years flat (each quarter the same): on plan with or without the pattern
    riwayat = {th: dict.fromkeys(range(1, 5), v) for th, v in lalu.items()}
    p = proyeksikan("kumulatif", dict.fromkeys(range(1, triwulan + 1), target / 4), triwulan,
                    target=Target(nilai=target), riwayat=riwayat)  # fmt: skip
    assert p.nilai == target and p.capaian.persen == D("100.00") and not p.berisiko


@given(target=target_st, triwulan=triwulan_st, agregasi=st.sampled_from(["akhir", "rata_rata"]))
def test_akhir_and_rata_rata_on_plan_project_exactly_the_target(target, triwulan, agregasi):
    p = proyeksikan(agregasi, dict.fromkeys(range(1, triwulan + 1), target), triwulan, target=Target(nilai=target))
    assert p.nilai == target and p.capaian.persen == D("100.00")


@given(triwulan=triwulan_st, agregasi=st.sampled_from(["kumulatif", "akhir", "rata_rata"]), lalu=tahun_lalu_st)
def test_no_realisation_is_never_a_projection(triwulan, agregasi, lalu):
    riwayat = {th: dict.fromkeys(range(1, 5), v) for th, v in lalu.items()}
    p = proyeksikan(agregasi, {}, triwulan, riwayat=riwayat)
    assert p.nilai is None and p.alasan and not p.berisiko


@given(
    nilai=st.lists(st.decimals(min_value=0, max_value=10**5, places=2), min_size=1, max_size=4),
    ambang=st.decimals(min_value=1, max_value=200, places=2),
    agregasi=st.sampled_from(["kumulatif", "akhir", "rata_rata"]),
    arah=st.sampled_from(["naik", "turun"]),
)
def test_berisiko_is_exactly_capaian_below_the_threshold(nilai, ambang, agregasi, arah):
    tw = dict(enumerate(nilai, start=1))
    p = proyeksikan(agregasi, tw, len(nilai), arah=arah, ambang=ambang)
    assert p.berisiko == (p.capaian.persen < ambang)


def test_a_count_projection_prints_whole_with_its_unit_and_a_fraction_keeps_decimals():
    """THE format of an indicator's values (`format_nilai`, `dengan_satuan`): "12 inovasi", never "12,00"."""
    p = proyeksikan("kumulatif", {1: D(3), 2: D(3)}, 2, bulat=True, satuan="inovasi")
    assert p.nilai == D(12) and p.nilai_teks == "12"
    assert p.ringkasan.startswith("Proyeksi akhir tahun 12 inovasi, capaian 12,00%")
    pecahan = proyeksikan("kumulatif", {1: D(3), 2: D(3), 3: D(4)}, 3, bulat=True, satuan="inovasi")
    assert pecahan.nilai_teks == "13,33"
    jalur = pr.Jalur(tahun_awal=2022, nilai_awal=D(4), tahun_akhir=2026, nilai_akhir=D(20))
    kalimat = pr.posisi_jalur(D(12), jalur, 2025, "naik", bulat=True, satuan="inovasi").kalimat
    assert kalimat == "Di belakang jalur Renstra menuju target 2026 (20) sebesar 4 inovasi (jalur 2025: 16 inovasi)"
    persen = proyeksikan("rata_rata", {1: D(80)}, 1, satuan="%")
    assert persen.ringkasan.startswith("Proyeksi akhir tahun 80,00%, capaian")
