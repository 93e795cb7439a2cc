"""The one integer parser and the one free-text rule (issue 11 points 14 and 20)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from perangkat_daerah.validasi import TEKS_MAKS, bulat_atau_galat, teks_atau_galat
from sakip.lib.bilangan import ID_MAKS, BilanganTidakValid, bilangan_bulat, bilangan_bulat_atau_none
from sakip.lib.teks import kalimat, masalah_karakter, tanpa_kendali


@pytest.mark.parametrize("teks", ["²", "١٢", " 1", "1 ", "+1", "1_000", "1.0", "1e3", "", "abc", "0x10", "1\n"])
def test_bukan_bilangan_ascii_ditolak(teks):
    with pytest.raises(BilanganTidakValid, match="bukan bilangan bulat"):
        bilangan_bulat(teks)


@pytest.mark.parametrize("nilai", ["0", "-1", str(ID_MAKS + 1), "9" * 20, 0, ID_MAKS + 1])
def test_di_luar_rentang_ditolak(nilai):
    with pytest.raises(BilanganTidakValid, match="harus antara"):
        bilangan_bulat(nilai)


def test_teks_sangat_panjang_ditolak_sebelum_int():
    with pytest.raises(BilanganTidakValid):
        bilangan_bulat("1" * 100_000)


def test_bool_bukan_bilangan():
    with pytest.raises(BilanganTidakValid):
        bilangan_bulat(True)


@given(st.integers(min_value=1, max_value=ID_MAKS))
def test_setiap_id_sah_diterima(n):
    assert bilangan_bulat(str(n)) == n
    assert bilangan_bulat(n) == n


def test_batas_sendiri_dan_kosong():
    assert bilangan_bulat("2026", minimum=2000, maksimum=2100) == 2026
    assert bilangan_bulat("-5", minimum=-10, maksimum=0) == -5
    assert bilangan_bulat_atau_none("") is None
    assert bilangan_bulat_atau_none(None) is None


def test_bulat_atau_galat_menamai_kolom():
    with pytest.raises(ValidationError) as exc:
        bulat_atau_galat("²", "evaluasi")
    assert "evaluasi" in exc.value.message_dict


@pytest.mark.parametrize("kendali", ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ufffe"])
def test_karakter_kendali_ditolak(kendali):
    assert "U+" in masalah_karakter(f"a{kendali}b")
    with pytest.raises(ValidationError) as exc:
        teks_atau_galat(f"a{kendali}b", "penjelasan")
    assert "karakter kendali" in exc.value.message_dict["penjelasan"][0]
    assert tanpa_kendali(f"a{kendali}b") == "ab"


def test_tab_baris_baru_dan_huruf_indonesia_diterima():
    teks = "Capaian 87,25 %\n\tnaik — “baik”, Rp1.234"
    assert masalah_karakter(teks) is None
    assert teks_atau_galat(f"  {teks}  ", "catatan") == teks


def test_panjang_maksimum_dan_wajib():
    assert len(teks_atau_galat("x" * TEKS_MAKS, "penjelasan")) == TEKS_MAKS
    with pytest.raises(ValidationError, match="Paling banyak 5.000 karakter"):
        teks_atau_galat("x" * (TEKS_MAKS + 1), "penjelasan")
    with pytest.raises(ValidationError, match="wajib"):
        teks_atau_galat("   ", "alasan", wajib=True)


@given(st.text())
def test_tanpa_kendali_selalu_bersih(teks):
    assert masalah_karakter(tanpa_kendali(teks)) is None


def test_kalimat_menutup_setiap_kalimat_sekali():
    # a part that already ends a sentence keeps its mark; the others get a period; empty parts are left out
    assert (
        kalimat("Efisiensi tidak dapat dihitung: belum ada capaian.", "Sumber anggaran: PD", "", "  ")
        == "Efisiensi tidak dapat dihitung: belum ada capaian. Sumber anggaran: PD."
    )
    assert kalimat("Sudah?", "Ya!", "Lalu…", " spasi ") == "Sudah? Ya! Lalu… spasi."
    assert kalimat() == ""


@given(st.lists(st.text(alphabet="ab. ", max_size=8), max_size=5))
def test_kalimat_tidak_pernah_menambah_titik_ganda(bagian):
    # the join adds at most one period per part, and only where the part had none
    assert ".." not in kalimat(*bagian) or any(".." in b for b in bagian)
