"""The shape of a nomenclature code: its jenis and its parent, and the codes refused (pure, no database)."""

from __future__ import annotations

import pytest

from nomenklatur.kode import KodeNomenklatur, KodeTidakValid, urai_kode


@pytest.mark.parametrize(
    ("kode", "jenis", "induk"),
    [
        ("1", "urusan", None),
        ("1.02", "bidang_urusan", "1"),
        ("1.02.02", "program", "1.02"),
        ("1.02.02.2.02", "kegiatan", "1.02.02"),
        ("1.02.02.2.02.0001", "sub_kegiatan", "1.02.02.2.02"),
        (" 2.11.11 ", "program", "2.11"),
    ],
)
def test_every_jenis_is_read_from_the_codes_shape_with_its_parent(kode, jenis, induk):
    assert urai_kode(kode) == KodeNomenklatur(kode=kode.strip(), jenis=jenis, induk=induk)


@pytest.mark.parametrize(
    "kode",
    [
        "", "   ", "1.02.02.2", "1.2", "01.02", "1.02.2.2.02", "1.02.02.02.01.0001", "1.02.02.2.02.001",
        "1,02", "1.02.", ".1.02", "a.02", "1.02.02.2.02.0001.01", "0", "1.00", "1.02.02.2.02.0000",
        "١.٠٢", "1.02.02.2.02.00001", None, 1.02,
    ],
)  # fmt: skip
def test_a_code_of_no_nomenclature_shape_is_refused_with_an_indonesian_message(kode):
    with pytest.raises(KodeTidakValid) as exc:
        urai_kode(kode)
    assert "Kode" in str(exc.value)
