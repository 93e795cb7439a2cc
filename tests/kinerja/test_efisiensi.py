"""kinerja/efisiensi.py: serapan, the efficiency ratio and the mean capaian, exact on the boundaries, and
properties over many values."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja import efisiensi as ef

D = Decimal


@pytest.mark.parametrize(
    ("realisasi", "pagu", "hasil"),
    [
        ("75", "100", D("75.00")),
        ("0", "100", D("0.00")),
        ("100", "100", D("100.00")),
        ("1", "3", D("33.33")),
        ("2", "3", D("66.67")),  # half-up
        ("0.00005", "1", D("0.01")),  # 0,005 % rounds up
        ("0.00004999", "1", D("0.00")),
        (None, "100", None),  # nothing realised yet
        ("5", "0", None),  # no pagu
        ("5", None, None),
    ],
)
def test_serapan(realisasi, pagu, hasil):
    nilai = ef.serapan(D(realisasi) if realisasi else None, D(pagu) if pagu else None)
    assert nilai == hasil and (nilai is None or nilai.as_tuple().exponent == -2)


@pytest.mark.parametrize(
    ("capaian", "serapan", "hasil"),
    [
        ("90", "75", D("1.20")),
        ("75", "75", D("1.00")),
        ("50", "100", D("0.50")),
        ("100", "30", D("3.33")),
        ("100", "0.08", D("1250.00")),
        ("0.01", "200", D("0.00")),  # 0,00005 rounds down to 0,00
        ("1.005", "100", D("0.01")),  # 0,01005 → 0,01
        ("0.5", "40", D("0.01")),  # 0,0125 → 0,01
        ("0.5", "80", D("0.01")),  # 0,00625 → 0,01 (half-up)
        ("0", "50", D("0.00")),
        ("80", "0", None),  # nothing spent: no ratio
        (None, "50", None),
        ("80", None, None),
    ],
)
def test_efisiensi(capaian, serapan, hasil):
    assert ef.efisiensi(D(capaian) if capaian else None, D(serapan) if serapan else None) == hasil


def test_mean_capaian_skips_the_missing_and_rounds_half_up():
    assert ef.rata_rata([D("100"), D("50.005"), None]) == D("75.00")  # 75,0025
    assert ef.rata_rata([D("1"), D("2")]) == D("1.50")
    assert ef.rata_rata([D("0.01"), D("0")]) == D("0.01")  # 0,005 → 0,01
    assert ef.rata_rata([None]) is None and ef.rata_rata([]) is None


def test_the_formula_is_printed_in_indonesian_with_the_numbers():
    assert ef.RUMUS_EFISIENSI == "Efisiensi = capaian kinerja ÷ serapan anggaran"
    assert ef.rumus(D("90"), D("75")) == "Efisiensi = capaian kinerja ÷ serapan anggaran = 90,00% ÷ 75,00% = 1,20"
    assert ef.rumus(None, D("75")) == "Efisiensi tidak dapat dihitung: belum ada capaian dari realisasi terverifikasi"
    assert ef.rumus(D("90"), None) == "Efisiensi tidak dapat dihitung: belum ada pagu atau realisasi anggaran"
    assert ef.rumus(D("90"), D("0")) == "Efisiensi tidak dapat dihitung: serapan anggaran 0%"


def test_the_module_imports_nothing_of_django():
    pohon = ast.parse(Path(ef.__file__).read_text())
    modul = [a.name for n in ast.walk(pohon) if isinstance(n, ast.Import) for a in n.names]
    modul += [n.module or "" for n in ast.walk(pohon) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in modul if m.startswith("django")]


persen = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
positif = st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(capaian=persen, serapan=positif)
def test_efficiency_is_the_rounded_ratio_and_grows_with_capaian(capaian, serapan):
    nilai = ef.efisiensi(capaian, serapan)
    assert nilai is not None and nilai >= 0 and nilai.as_tuple().exponent == -2
    assert abs(nilai - capaian / serapan) <= D("0.005")
    assert ef.efisiensi(capaian + 1, serapan) >= nilai
    assert (nilai >= 1) == (capaian / serapan >= D("0.995"))


@given(realisasi=persen, pagu=positif)
def test_serapan_is_the_rounded_share_of_the_pagu(realisasi, pagu):
    nilai = ef.serapan(realisasi, pagu)
    assert abs(nilai - realisasi * 100 / pagu) <= D("0.005")
    assert (nilai >= 100) == (realisasi * 100 / pagu >= D("99.995"))


@given(st.lists(st.one_of(st.none(), persen), max_size=20))
def test_the_mean_lies_between_the_smallest_and_largest(daftar):
    ada = [p for p in daftar if p is not None]
    nilai = ef.rata_rata(daftar)
    if not ada:
        assert nilai is None
    else:
        assert min(ada) - D("0.005") <= nilai <= max(ada) + D("0.005")
