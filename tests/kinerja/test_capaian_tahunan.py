"""The year value of an indicator from its quarters (`capaian.nilai_tahunan`) and what follows from it."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.capaian import (
    Agregasi,
    AmbangKualitas,
    Arah,
    PitaKategori,
    Target,
    efisiensi,
    hitung_capaian,
    kategori,
    kategori_default,
    nilai_tahunan,
    peringatan_kualitas,
    perlu_penjelasan,
    serapan_anggaran,
)

AKAR_PROYEK = Path(__file__).resolve().parents[2]


def persen(realisasi, target, arah):
    return hitung_capaian(realisasi, target, arah).persen


# --- nilai_tahunan --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agregasi", "hasil"),
    [(Agregasi.KUMULATIF, Decimal(100)), (Agregasi.AKHIR, Decimal(40)), (Agregasi.RATA_RATA, Decimal(25))],
)
def test_nilai_tahunan_all_quarters(agregasi, hasil):
    assert nilai_tahunan({1: Decimal(10), 2: Decimal(20), 3: Decimal(30), 4: Decimal(40)}, agregasi) == hasil


@pytest.mark.parametrize(
    ("agregasi", "hasil"),
    [(Agregasi.KUMULATIF, Decimal(40)), (Agregasi.AKHIR, Decimal(30)), (Agregasi.RATA_RATA, Decimal(20))],
)
def test_nilai_tahunan_with_gaps_uses_only_quarters_entered(agregasi, hasil):
    assert nilai_tahunan({1: Decimal(10), 2: None, 3: Decimal(30), 4: None}, agregasi) == hasil
    assert nilai_tahunan({3: Decimal(30), 1: Decimal(10)}, agregasi) == hasil


@pytest.mark.parametrize("agregasi", list(Agregasi))
@pytest.mark.parametrize("triwulan", [{}, {1: None, 2: None, 3: None, 4: None}, {1: "", 2: None}])
def test_nilai_tahunan_nothing_entered_is_none_never_zero(agregasi, triwulan):
    assert nilai_tahunan(triwulan, agregasi) is None


@pytest.mark.parametrize(
    ("agregasi", "hasil"),
    [(Agregasi.KUMULATIF, Decimal(10)), (Agregasi.AKHIR, Decimal(0)), (Agregasi.RATA_RATA, Decimal(5))],
)
def test_nilai_tahunan_explicit_zero_counts_as_entered(agregasi, hasil):
    assert nilai_tahunan({1: Decimal(10), 2: Decimal(0), 3: None}, agregasi) == hasil


def test_nilai_tahunan_only_zero_entered_is_zero_not_none():
    assert nilai_tahunan({1: Decimal(0)}, Agregasi.KUMULATIF) == Decimal(0)


def test_nilai_tahunan_rata_rata_is_exact_until_capaian_rounds():
    tahunan = nilai_tahunan({1: Decimal(1), 2: Decimal(1), 3: Decimal(2)}, Agregasi.RATA_RATA)
    assert tahunan == Decimal(4) / Decimal(3)
    assert persen(tahunan, Target(nilai=Decimal(1)), Arah.NAIK) == Decimal("133.33")


def test_nilai_tahunan_rejects_unknown_quarter():
    with pytest.raises(ValueError, match="Triwulan 5 tidak dikenal"):
        nilai_tahunan({5: Decimal(1)}, Agregasi.KUMULATIF)


# --- category bands -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "kode", "nama"),
    [
        (Decimal(250), "sangat_tinggi", "Sangat Tinggi"),
        (Decimal(91), "sangat_tinggi", "Sangat Tinggi"),
        (Decimal("90.99"), "tinggi", "Tinggi"),
        (Decimal(76), "tinggi", "Tinggi"),
        (Decimal("75.99"), "sedang", "Sedang"),
        (Decimal(66), "sedang", "Sedang"),
        (Decimal("65.99"), "rendah", "Rendah"),
        (Decimal(51), "rendah", "Rendah"),
        (Decimal("50.99"), "sangat_rendah", "Sangat Rendah"),
        (Decimal(0), "sangat_rendah", "Sangat Rendah"),
        (Decimal(-5), "sangat_rendah", "Sangat Rendah"),
    ],
)
def test_default_band_boundaries_are_half_open(nilai, kode, nama):
    pita = kategori(nilai)
    assert (pita.kode, pita.nama) == (kode, nama)


def test_kategori_of_no_percentage_is_none():
    assert kategori(None) is None


def test_default_bands_are_data():
    assert [(p.kode, p.batas_bawah) for p in kategori_default()] == [
        ("sangat_tinggi", Decimal(91)),
        ("tinggi", Decimal(76)),
        ("sedang", Decimal(66)),
        ("rendah", Decimal(51)),
        ("sangat_rendah", None),
    ]


def test_kategori_uses_configured_bands_in_any_order():
    bands = (PitaKategori("kurang", "Kurang", None), PitaKategori("baik", "Baik", Decimal(100)))
    assert kategori(Decimal(100), bands).kode == "baik"
    assert kategori(Decimal("99.99"), bands).kode == "kurang"


def test_kategori_without_a_floor_band_can_be_none():
    assert kategori(Decimal(5), (PitaKategori("baik", "Baik", Decimal(50)),)) is None


def test_capaian_category_is_read_from_the_rounded_percentage():
    # 90.995 % rounds to 91,00 %, so the band shown with it is Sangat Tinggi.
    capaian = hitung_capaian(Decimal("90.995"), Target(nilai=Decimal(100)), Arah.NAIK)
    assert capaian.persen == Decimal("91.00")
    assert capaian.kategori.kode == "sangat_tinggi"


def test_hitung_capaian_accepts_configured_bands():
    bands = (PitaKategori("tercapai", "Tercapai", Decimal(100)), PitaKategori("belum", "Belum Tercapai", None))
    assert hitung_capaian(Decimal(90), Target(nilai=Decimal(100)), Arah.NAIK, bands=bands).kategori.kode == "belum"


# --- budget ---------------------------------------------------------------------------------------


def test_serapan_anggaran_is_realisasi_over_pagu():
    assert serapan_anggaran(Decimal("750000000"), Decimal("1000000000")) == Decimal("75.00")
    assert serapan_anggaran(Decimal(1), Decimal(3)) == Decimal("33.33")
    assert serapan_anggaran("1.234.567,89", "2.000.000") == Decimal("61.73")


@pytest.mark.parametrize(
    ("realisasi", "pagu"),
    [(Decimal(5), Decimal(0)), (None, Decimal(10)), (Decimal(5), None), (Decimal(5), Decimal(-1))],
)
def test_serapan_anggaran_without_usable_pagu_or_realisasi_is_none(realisasi, pagu):
    assert serapan_anggaran(realisasi, pagu) is None


def test_serapan_anggaran_zero_realisasi_is_zero():
    assert serapan_anggaran(Decimal(0), Decimal(10)) == Decimal("0.00")


def test_efisiensi_is_capaian_minus_serapan():
    assert efisiensi(Decimal("102.22"), Decimal("75.00")) == Decimal("27.22")
    assert efisiensi(Decimal("60.00"), Decimal("95.50")) == Decimal("-35.50")
    assert efisiensi(None, Decimal("75.00")) is None
    assert efisiensi(Decimal("75.00"), None) is None


# --- data-quality warnings ------------------------------------------------------------------------


def test_default_thresholds_live_in_one_dataclass():
    assert AmbangKualitas() == AmbangKualitas(Decimal(150), Decimal(10), Decimal(3))


@pytest.mark.parametrize(
    ("nilai", "perlu"),
    [
        (Decimal("150.01"), True),
        (Decimal(150), False),
        (Decimal(10), False),
        (Decimal("9.99"), True),
        (Decimal(0), True),
        (None, False),
    ],
)
def test_perlu_penjelasan_outside_thresholds(nilai, perlu):
    assert perlu_penjelasan(nilai) is perlu


def test_extreme_capaian_without_penjelasan_warns():
    assert peringatan_kualitas(capaian_persen=Decimal("166.67")) == [
        "Capaian 166,67% di atas 150%: wajib diisi penjelasan."
    ]
    assert peringatan_kualitas(capaian_persen=Decimal("5")) == ["Capaian 5,00% di bawah 10%: wajib diisi penjelasan."]


def test_extreme_capaian_with_penjelasan_does_not_warn():
    assert peringatan_kualitas(capaian_persen=Decimal("166.67"), penjelasan="Program dipercepat.") == []
    assert peringatan_kualitas(capaian_persen=Decimal("166.67"), penjelasan="   ") != []


def test_ordinary_values_give_no_warning():
    assert peringatan_kualitas(capaian_persen=Decimal(95)) == []
    assert peringatan_kualitas() == []


def test_thresholds_are_configurable():
    ambang = AmbangKualitas(capaian_atas=Decimal(120), capaian_bawah=Decimal(50), kelipatan_tahun_lalu=Decimal(2))
    assert peringatan_kualitas(capaian_persen=Decimal(130), ambang=ambang) == [
        "Capaian 130,00% di atas 120%: wajib diisi penjelasan."
    ]
    assert len(peringatan_kualitas(nilai_tahun_ini=Decimal(250), nilai_tahun_lalu=Decimal(100), ambang=ambang)) == 1


def test_kumulatif_running_sum_going_down_warns():
    peringatan = peringatan_kualitas(
        nilai_triwulan={1: Decimal(10), 2: Decimal(-3), 3: None, 4: Decimal(5)}, agregasi=Agregasi.KUMULATIF
    )
    assert peringatan == [
        "Triwulan II: nilai kumulatif turun dari 10 menjadi 7 karena nilai triwulan negatif (-3). Periksa kembali."
    ]


def test_kumulatif_with_zero_quarter_does_not_warn():
    assert (
        peringatan_kualitas(nilai_triwulan={1: Decimal(10), 2: Decimal(0), 3: Decimal(5)}, agregasi="kumulatif") == []
    )


@pytest.mark.parametrize("agregasi", [Agregasi.AKHIR, Agregasi.RATA_RATA])
def test_falling_quarters_are_fine_for_non_cumulative_indicators(agregasi):
    assert peringatan_kualitas(nilai_triwulan={1: Decimal(10), 2: Decimal(-3)}, agregasi=agregasi) == []


def test_value_more_than_three_times_last_year_needs_confirming():
    assert peringatan_kualitas(nilai_tahun_ini=Decimal(301), nilai_tahun_lalu=Decimal(100)) == [
        "Nilai tahun ini (301) lebih dari 3 kali nilai tahun lalu (100): mohon konfirmasi kebenarannya."
    ]
    assert peringatan_kualitas(nilai_tahun_ini=Decimal(300), nilai_tahun_lalu=Decimal(100)) == []


def test_jump_check_skips_last_year_zero_or_missing():
    assert peringatan_kualitas(nilai_tahun_ini=Decimal(50), nilai_tahun_lalu=Decimal(0)) == []
    assert peringatan_kualitas(nilai_tahun_ini=Decimal(50), nilai_tahun_lalu=None) == []


def test_year_value_for_jump_check_comes_from_quarters_when_not_given():
    peringatan = peringatan_kualitas(
        nilai_triwulan={1: Decimal(200), 2: Decimal(200)}, agregasi=Agregasi.KUMULATIF, nilai_tahun_lalu=Decimal(100)
    )
    assert peringatan == [
        "Nilai tahun ini (400) lebih dari 3 kali nilai tahun lalu (100): mohon konfirmasi kebenarannya."
    ]


def test_all_warnings_together_in_order():
    peringatan = peringatan_kualitas(
        capaian_persen=Decimal("200"),
        nilai_triwulan={1: Decimal(500), 2: Decimal(-1)},
        agregasi=Agregasi.KUMULATIF,
        nilai_tahun_lalu=Decimal(100),
    )
    assert [p.split(" ")[0] for p in peringatan] == ["Capaian", "Triwulan", "Nilai"]


# --- properties ------------------------------------------------------------------------------------

angka = st.decimals(min_value=-1000, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
positif = st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


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
        assert rentang.persen == Decimal("100.00") and rentang.dalam_rentang


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
