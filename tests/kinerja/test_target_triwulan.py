"""Quarterly targets derived from the year's target (issue 17 point 4): a count is never split into
fractions ("2,25 inovasi"), and the quarters end exactly on the year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.capaian import target_sd_triwulan

D = Decimal


@pytest.mark.parametrize(
    ("tahunan", "harapan"),
    [
        ("9", ["2", "4", "6", "9"]),  # 2, 2, 2, 3
        ("10", ["2", "4", "7", "10"]),  # 2, 2, 3, 3
        ("12", ["3", "6", "9", "12"]),
        ("3", ["0", "1", "2", "3"]),  # 0, 1, 1, 1
        ("126000", ["31500", "63000", "94500", "126000"]),
    ],
)
def test_a_cumulative_count_is_split_into_whole_quarters_that_sum_to_the_year(tahunan, harapan):
    hasil = target_sd_triwulan(D(tahunan), "kumulatif", bulat=True)
    assert hasil == {tw: D(h) for tw, h in zip((1, 2, 3, 4), harapan, strict=True)}
    assert all(v == v.to_integral_value() for v in hasil.values())


def test_a_cumulative_measure_is_spread_evenly_rounded_half_up_and_ends_on_the_year():
    assert target_sd_triwulan(D("10.01"), "kumulatif", bulat=False) == {
        1: D("2.50"), 2: D("5.01"), 3: D("7.51"), 4: D("10.01"),
    }  # fmt: skip


def test_a_count_with_a_fractional_year_target_is_spread_like_a_measure():
    assert target_sd_triwulan(D("9.5"), "kumulatif", bulat=True)[4] == D("9.5")


@pytest.mark.parametrize("agregasi", ["akhir", "rata_rata"])
def test_end_and_average_indicators_aim_at_the_year_value_every_quarter(agregasi):
    assert target_sd_triwulan(D("87.25"), agregasi, bulat=False) == dict.fromkeys((1, 2, 3, 4), D("87.25"))
