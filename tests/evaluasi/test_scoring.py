"""The scoring engine: worked examples, every band boundary, rounding, missing answers, lost points, plans.

Pure tests (no database). Exact `Decimal` results throughout; the plan is checked against brute force
over every subset of changes on small worksheets.
"""

import ast
import subprocess
import sys
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluasi.scoring import (
    JENIS_KRITERIA,
    JENIS_SUBKOMPONEN,
    METODE_A,
    METODE_B,
    Band,
    Instrumen,
    Komponen,
    Kriteria,
    SkalaPredikat,
    SubKomponen,
    plan,
    predikat,
    score,
    skala_jawaban_default,
    skala_predikat_default,
    tabel_nilai_a_default,
    total_minimal,
    usulan_nilai_a,
)

D = Decimal
AKAR_PROYEK = Path(__file__).resolve().parents[2]

# PermenPANRB 88/2021: (komponen, ((sub, bobot, number of criteria as in DOMAIN.md §2.1), ...)); 80 criteria.
SPEK_88 = (
    ("1", (("1a", "6", 7), ("1b", "9", 10), ("1c", "15", 8))),
    ("2", (("2a", "6", 3), ("2b", "9", 7), ("2c", "15", 10))),
    ("3", (("3a", "3", 6), ("3b", "4.5", 9), ("3c", "7.5", 7))),
    ("4", (("4a", "5", 3), ("4b", "7.5", 5), ("4c", "12.5", 5))),
)
# Small worksheet for brute force: 2 components × 2 subs × 3 criteria, weights with awkward thirds.
SPEK_KECIL = (
    ("1", (("1a", "20", 3), ("1b", "35", 3))),
    ("2", (("2a", "12.5", 3), ("2b", "32.5", 3))),
)


def buat_instrumen(spek=SPEK_88, metode=METODE_B, skala="AE", skala_predikat=None):
    """An instrument from a spec; `skala` is one scale code or a tuple cycled over the criteria."""
    daftar_skala = (skala,) if isinstance(skala, str) else skala
    komponen, i = [], 0
    for kode_k, subs in spek:
        bagian = []
        for kode_s, bobot, n in subs:
            kriteria = []
            for nomor in range(1, n + 1):
                kriteria.append(Kriteria(f"{kode_s}.{nomor}", daftar_skala[i % len(daftar_skala)]))
                i += 1
            bagian.append(SubKomponen(kode_s, f"Sub {kode_s}", "uji", D(bobot), tuple(kriteria)))
        komponen.append(Komponen(kode_k, f"Komponen {kode_k}", sum(s.bobot for s in bagian), tuple(bagian)))
    return Instrumen(
        kode="uji",
        metode=metode,
        komponen=tuple(komponen),
        skala_predikat=skala_predikat or skala_predikat_default(),
        skala_jawaban=skala_jawaban_default(),
        tabel_nilai_a=tabel_nilai_a_default(),
    )


def semua_kriteria(instrumen):
    return [kr for k in instrumen.komponen for s in k.subkomponen for kr in s.kriteria]


def semua_sub(instrumen):
    return [s for k in instrumen.komponen for s in k.subkomponen]


def kode_maks(instrumen, kriteria):
    return instrumen.skala_jawaban[kriteria.skala].kode_maks


def nilai_sub(hasil):
    return {s.kode: s.nilai for k in hasil.komponen for s in k.subkomponen}


def jawab(instrumen, pola):
    """Answers given per sub-component as strings of answer codes, e.g. {"1a": "YYT"}; "-" is unanswered."""
    jawaban = {}
    for sub in semua_sub(instrumen):
        for kr, kode in zip(sub.kriteria, pola[sub.kode], strict=True):
            if kode != "-":
                jawaban[kr.kode] = kode
    return jawaban


# --- Purity ----------------------------------------------------------------------------------------------


def test_scoring_does_not_import_django_db():
    kode = "import sys, evaluasi.scoring; assert 'django.db' not in sys.modules, 'django.db imported'"
    hasil = subprocess.run([sys.executable, "-c", kode], cwd=AKAR_PROYEK, capture_output=True, text=True)
    assert hasil.returncode == 0, hasil.stderr


def test_scoring_source_imports_nothing_of_django():
    berkas = sorted((AKAR_PROYEK / "evaluasi" / "scoring").glob("*.py"))
    assert berkas, "evaluasi/scoring/ is a package"
    for sumber in berkas:
        pohon = ast.parse(sumber.read_text())
        modul = [a.name for n in ast.walk(pohon) if isinstance(n, ast.Import) for a in n.names]
        modul += [n.module or "" for n in ast.walk(pohon) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in modul if m.split(".")[0] == "django"], sumber.name


# --- Worked example (DOMAIN.md §2.2) ----------------------------------------------------------------------


def test_worked_example_perencanaan_method_a():
    instrumen = buat_instrumen(metode=METODE_A, skala="YT")
    hasil = score(instrumen, {}, {"1a": "A", "1b": "B", "1c": "CC"})

    perencanaan = hasil.komponen[0]
    assert [s.nilai for s in perencanaan.subkomponen] == [D("5.40"), D("6.30"), D("9.00")]
    assert perencanaan.nilai == D("20.70")
    assert perencanaan.bobot == D("30")
    assert hasil.total == D("20.70")
    assert hasil.lengkap is False  # criteria unanswered and three components not graded


def test_method_a_full_result_uses_grades_and_proposes_from_y_share():
    instrumen = buat_instrumen(metode=METODE_A, skala="YT")
    pola = {s.kode: "Y" * len(s.kriteria) for s in semua_sub(instrumen)}
    pola["1b"] = "YYYYYYYTTT"  # 7 of 10 = 70 % -> CC
    pola["2a"] = "YYT"  # 66.67 % -> CC
    grades = {s.kode: "BB" for s in semua_sub(instrumen)} | {"1a": "AA", "1b": "CC", "2a": "B"}

    hasil = score(instrumen, jawab(instrumen, pola), grades)

    subs = {s.kode: s for k in hasil.komponen for s in k.subkomponen}
    assert hasil.lengkap is True
    assert (subs["1a"].nilai, subs["1a"].usulan, subs["1a"].nilai_a) == (D("6.00"), "BB", "AA")
    assert (subs["1b"].nilai, subs["1b"].usulan) == (D("5.40"), "CC")
    assert (subs["2a"].nilai, subs["2a"].usulan) == (D("4.20"), "CC")
    assert [k.nilai for k in hasil.komponen] == [D("23.40"), D("23.40"), D("12.00"), D("20.00")]
    assert hasil.total == D("78.80")
    assert hasil.predikat.kode == "BB"


# --- Predicate bands ----------------------------------------------------------------------------------------

BATAS = [
    ("0", "D", "D"),
    ("30.00", "D", "C"),
    ("30.01", "C", "C"),
    ("50.00", "C", "CC"),
    ("50.01", "CC", "CC"),
    ("60.00", "CC", "B"),
    ("60.01", "B", "B"),
    ("69.04", "B", "B"),
    ("70.00", "B", "BB"),
    ("70.01", "BB", "BB"),
    ("80.00", "BB", "A"),
    ("80.01", "A", "A"),
    ("90.00", "A", "AA"),
    ("90.01", "AA", "AA"),
    ("100", "AA", "AA"),
]


@pytest.mark.parametrize(("total", "bawah_eksklusif", "bawah_inklusif"), BATAS)
def test_predikat_at_every_band_boundary_under_both_rules(total, bawah_eksklusif, bawah_inklusif):
    assert predikat(D(total), skala_predikat_default()).kode == bawah_eksklusif
    assert predikat(D(total), skala_predikat_default(bawah_inklusif=True)).kode == bawah_inklusif


def test_predikat_is_read_at_two_decimals():
    assert predikat(D("70.004"), skala_predikat_default()).kode == "B"
    assert predikat(D("70.005"), skala_predikat_default()).kode == "BB"


def test_default_band_table_names_and_meanings():
    band = predikat(D("75"), skala_predikat_default())
    assert (band.kode, band.nama, band.batas_bawah, band.batas_atas) == ("BB", "Sangat Baik", D("70"), D("80"))
    assert band.makna


@pytest.mark.parametrize("total", ["-0.01", "100.01", "250"])
@pytest.mark.parametrize("inklusif", [False, True])
def test_predikat_rejects_totals_outside_the_scale(total, inklusif):
    with pytest.raises(ValueError, match="di luar rentang"):
        predikat(D(total), skala_predikat_default(bawah_inklusif=inklusif))


@pytest.mark.parametrize(
    ("kode", "inklusif", "minimal"),
    [("BB", False, "70.01"), ("BB", True, "70"), ("D", False, "0"), ("AA", False, "90.01"), ("C", True, "30")],
)
def test_total_minimal_is_the_smallest_total_with_that_predicate(kode, inklusif, minimal):
    skala = skala_predikat_default(bawah_inklusif=inklusif)
    assert total_minimal(kode, skala) == D(minimal)
    assert predikat(D(minimal), skala).kode == kode


def test_band_table_must_be_contiguous():
    bands = (Band("B", "Baik", "", D("50"), D("100")), Band("D", "Kurang", "", D("0"), D("40")))
    with pytest.raises(ValueError, match="tidak bersambung"):
        SkalaPredikat("rusak", bands)


def test_unknown_predicate_code_is_rejected():
    with pytest.raises(ValueError, match="tidak ada"):
        total_minimal("Z", skala_predikat_default())


# --- Method A proposal ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jumlah_y", "jumlah_kriteria", "usulan"),
    [
        (4, 4, "BB"),
        (3, 4, "CC"),  # exactly 75 %: "more than 50 % up to 75 %"
        (75, 100, "CC"),
        (76, 100, "B"),
        (7501, 10000, "B"),  # 75.01 %
        (4, 5, "B"),  # 80 %
        (99, 100, "B"),
        (2, 4, "C"),  # exactly 50 %
        (51, 100, "CC"),
        (1, 4, "D"),  # exactly 25 %
        (26, 100, "C"),
        (1, 100, "D"),
        (0, 4, "E"),
        (2, 3, "CC"),  # 66.67 %: exact fractions, no float
        (1, 3, "C"),
    ],
)
def test_usulan_nilai_a_by_share_of_y(jumlah_y, jumlah_kriteria, usulan):
    assert usulan_nilai_a(jumlah_y, jumlah_kriteria) == usulan


@pytest.mark.parametrize(("jumlah_y", "jumlah_kriteria"), [(5, 4), (-1, 4), (0, 0)])
def test_usulan_nilai_a_rejects_impossible_counts(jumlah_y, jumlah_kriteria):
    with pytest.raises(ValueError):
        usulan_nilai_a(jumlah_y, jumlah_kriteria)


# --- Method B: means and rounding -----------------------------------------------------------------------------


def test_method_b_sub_values_are_rounded_and_parts_add_up_exactly():
    spek = (
        ("1", (("1a", "9", 3), ("1b", "4.5", 7), ("1c", "16.5", 6))),
        ("2", (("2a", "70", 3),)),
    )
    instrumen = buat_instrumen(spek, skala=("YT",) * 10 + ("AE",) * 9)
    jawaban = jawab(instrumen, {"1a": "YYT", "1b": "YYYYYTT", "1c": "ABCDEB", "2a": "AAB"})

    hasil = score(instrumen, jawaban)

    assert nilai_sub(hasil) == {"1a": D("6.00"), "1b": D("3.21"), "1c": D("8.94"), "2a": D("64.17")}
    assert [k.nilai for k in hasil.komponen] == [D("18.15"), D("64.17")]
    assert hasil.total == D("82.32")
    assert hasil.predikat.kode == "A"
    assert hasil.lengkap is True
    assert (hasil.jumlah_terjawab, hasil.jumlah_kriteria) == (19, 19)


def test_total_is_the_sum_of_rounded_parts_not_the_rounded_sum():
    spek = (("1", (("1a", "10", 3), ("1b", "10", 3), ("1c", "10", 3))), ("2", (("2a", "70", 1),)))
    instrumen = buat_instrumen(spek, skala="YT")

    hasil = score(instrumen, jawab(instrumen, {"1a": "YYT", "1b": "YTY", "1c": "TYY", "2a": "T"}))

    # 3 × 6.666… = 20.00 exactly, but each part is 6.67 and the regulation sums the rounded parts.
    assert nilai_sub(hasil) == {"1a": D("6.67"), "1b": D("6.67"), "1c": D("6.67"), "2a": D("0.00")}
    assert hasil.komponen[0].nilai == D("20.01")
    assert hasil.total == D("20.01")


def test_lost_points_per_criterion_method_b():
    spek = (("1", (("1a", "16.5", 6),)), ("2", (("2a", "83.5", 1),)))
    instrumen = buat_instrumen(spek)
    hasil = score(instrumen, jawab(instrumen, {"1a": "ABCDEB", "2a": "A"}))

    assert [(p.kode, p.poin) for p in hasil.poin_hilang] == [
        ("1a.5", D("2.75")),
        ("1a.4", D("2.06")),
        ("1a.3", D("1.38")),
        ("1a.2", D("0.69")),
        ("1a.6", D("0.69")),  # ties keep worksheet order
    ]
    assert all(p.jenis == JENIS_KRITERIA and p.subkomponen_kode == "1a" for p in hasil.poin_hilang)
    kriteria = hasil.komponen[0].subkomponen[0].kriteria
    assert [k.poin_hilang for k in kriteria] == [D("0.00"), D("0.69"), D("1.38"), D("2.06"), D("2.75"), D("0.69")]
    assert hasil.komponen[0].subkomponen[0].poin_hilang == D("16.5") - D("8.94")


def test_lost_points_method_a_split_over_unmet_criteria_and_the_grade():
    instrumen = buat_instrumen(metode=METODE_A, skala="YT")
    pola = {s.kode: "Y" * len(s.kriteria) for s in semua_sub(instrumen)}
    pola["1b"] = "YYYYYYYYTT"  # 80 % -> B
    grades = {s.kode: "A" for s in semua_sub(instrumen)} | {"1b": "B"}

    hasil = score(instrumen, jawab(instrumen, pola), grades)

    sub_1b = hasil.komponen[0].subkomponen[1]
    assert (sub_1b.nilai, sub_1b.poin_hilang) == (D("6.30"), D("2.70"))
    poin_1b = [(p.kode, p.jenis, p.poin) for p in hasil.poin_hilang if p.subkomponen_kode == "1b"]
    # BB (all met) would be 7.20: the 0.90 below it is split over the two T criteria; 1.80 needs A/AA.
    assert poin_1b == [
        ("1b", JENIS_SUBKOMPONEN, D("1.80")),
        ("1b.9", JENIS_KRITERIA, D("0.45")),
        ("1b.10", JENIS_KRITERIA, D("0.45")),
    ]
    assert sum(p.poin for p in hasil.poin_hilang) == D("100") - hasil.total


# --- Missing answers ------------------------------------------------------------------------------------------


def test_missing_answers_flag_the_result_and_are_not_counted_as_zero():
    instrumen = buat_instrumen(SPEK_KECIL, skala="YT")
    jawaban = jawab(instrumen, {"1a": "Y-T", "1b": "---", "2a": "YYY", "2b": "YY-"})

    hasil = score(instrumen, jawaban)

    assert hasil.lengkap is False
    assert (hasil.jumlah_terjawab, hasil.jumlah_kriteria) == (7, 12)
    assert hasil.kriteria_belum_dijawab == ("1a.2", "1b.1", "1b.2", "1b.3", "2b.3")
    # Mean over answered criteria: 1a is 1 of 2, not 1 of 3; 2b is 2 of 2.
    assert nilai_sub(hasil) == {"1a": D("10.00"), "1b": D("0.00"), "2a": D("12.50"), "2b": D("32.50")}
    sub_1b = hasil.komponen[0].subkomponen[1]
    assert (sub_1b.lengkap, sub_1b.jumlah_terjawab) == (False, 0)
    assert [k.poin_hilang for k in hasil.komponen[0].subkomponen[0].kriteria] == [D("0.00"), None, D("10.00")]
    assert [p.kode for p in hasil.poin_hilang] == ["1a.3"]
    assert hasil.total == D("55.00")


def test_missing_answer_given_as_none_is_missing():
    instrumen = buat_instrumen(SPEK_KECIL, skala="YT")
    jawaban = {kr.kode: "Y" for kr in semua_kriteria(instrumen)} | {"2a.1": None}
    hasil = score(instrumen, jawaban)
    assert hasil.kriteria_belum_dijawab == ("2a.1",)
    assert hasil.total == D("100.00")
    assert hasil.lengkap is False


def test_method_a_missing_grade_is_zero_flagged_with_proposal():
    instrumen = buat_instrumen(SPEK_KECIL, metode=METODE_A, skala="YT")
    jawaban = jawab(instrumen, {"1a": "YYT", "1b": "YYY", "2a": "Y-T", "2b": "TTT"})

    hasil = score(instrumen, jawaban, {"1b": "BB", "2b": "E"})

    subs = {s.kode: s for k in hasil.komponen for s in k.subkomponen}
    assert hasil.subkomponen_belum_dinilai == ("1a", "2a")
    assert hasil.kriteria_belum_dijawab == ("2a.2",)
    assert (subs["1a"].nilai, subs["1a"].nilai_a, subs["1a"].usulan, subs["1a"].lengkap) == (
        D("0.00"),
        None,
        "CC",
        False,
    )
    assert subs["2a"].usulan is None  # no proposal until every criterion is answered
    assert (subs["1b"].nilai, subs["2b"].nilai, subs["2b"].usulan) == (D("28.00"), D("0.00"), "E")
    assert hasil.lengkap is False
    assert hasil.total == D("28.00")


@pytest.mark.parametrize(
    ("jawaban", "nilai", "pesan"),
    [
        ({"1a.1": "Q"}, None, "tidak ada pada skalanya"),
        ({"9z.1": "Y"}, None, "tidak ada pada instrumen"),
        ({}, {"1a": "BB"}, "hanya dipakai pada instrumen metode A"),
    ],
)
def test_invalid_input_is_refused(jawaban, nilai, pesan):
    with pytest.raises(ValueError, match=pesan):
        score(buat_instrumen(SPEK_KECIL, skala="YT"), jawaban, nilai)


def test_method_a_unknown_grade_or_sub_is_refused():
    instrumen = buat_instrumen(SPEK_KECIL, metode=METODE_A, skala="YT")
    with pytest.raises(ValueError, match="tidak ada pada tabel nilai"):
        score(instrumen, {}, {"1a": "ZZ"})
    with pytest.raises(ValueError, match="tidak dikenal"):
        score(instrumen, {}, {"9z": "BB"})


def test_instrument_weights_must_add_up():
    sub = SubKomponen("1a", "a", "uji", D("10"), (Kriteria("1a.1", "YT"),))
    with pytest.raises(ValueError, match="Bobot komponen"):
        Instrumen(
            "x", METODE_B, (Komponen("1", "k", D("100"), (sub,)),), skala_predikat_default(), skala_jawaban_default()
        )
    with pytest.raises(ValueError, match="nilai maksimal skala predikat"):
        Instrumen(
            "x", METODE_B, (Komponen("1", "k", D("10"), (sub,)),), skala_predikat_default(), skala_jawaban_default()
        )


# --- Plan -------------------------------------------------------------------------------------------------------


def test_plan_reaches_bb_with_the_fewest_changes_and_highest_total():
    instrumen = buat_instrumen(SPEK_KECIL, skala="YT")
    jawaban = jawab(instrumen, {"1a": "YYT", "1b": "YYT", "2a": "YYT", "2b": "YYT"})
    assert score(instrumen, jawaban).total == D("66.66")  # 13.33 + 23.33 + 8.33 + 21.67

    rencana = plan(instrumen, jawaban, target_predikat="BB")

    # One change is enough (1a.3 → +6.67 reaches 73.33); 1b.3 gives the most: +11.67.
    assert rencana.tercapai is True
    assert rencana.target_total == D("70.01")
    assert [(p.kode, p.dari, p.ke, p.tambahan) for p in rencana.perubahan] == [("1b.3", "T", "Y", D("11.67"))]
    assert (rencana.total_awal, rencana.total, rencana.predikat.kode) == (D("66.66"), D("78.33"), "BB")


def test_plan_target_70_00_meets_the_target_but_stays_b():
    # Every Y is worth exactly 5.00 points, so totals move in steps of 5.
    spek = (("1", (("1a", "15", 3), ("1b", "35", 7))), ("2", (("2a", "20", 4), ("2b", "30", 6))))
    instrumen = buat_instrumen(spek, skala="YT")
    jawaban = jawab(instrumen, {"1a": "YYY", "1b": "YYYYYTT", "2a": "YTTT", "2b": "YYYYTT"})
    assert score(instrumen, jawaban).total == D("65.00")

    tujuh_puluh = plan(instrumen, jawaban, target_total=D("70.00"))
    bb = plan(instrumen, jawaban, target_predikat="BB")

    assert (tujuh_puluh.jumlah_perubahan, tujuh_puluh.total, tujuh_puluh.predikat.kode) == (1, D("70.00"), "B")
    assert (bb.jumlah_perubahan, bb.total, bb.predikat.kode) == (2, D("75.00"), "BB")
    assert [p.tambahan for p in bb.perubahan] == [D("5.00"), D("5.00")]
    inklusif = buat_instrumen(spek, skala="YT", skala_predikat=skala_predikat_default(bawah_inklusif=True))
    assert plan(inklusif, jawaban, target_predikat="BB").total == D("70.00")


def test_plan_when_already_reached_changes_nothing():
    instrumen = buat_instrumen(SPEK_KECIL, skala="YT")
    jawaban = {kr.kode: "Y" for kr in semua_kriteria(instrumen)}
    rencana = plan(instrumen, jawaban, target_predikat="AA")
    assert (rencana.tercapai, rencana.perubahan, rencana.total) == (True, (), D("100.00"))


def test_plan_impossible_target_gives_the_best_total_reachable():
    instrumen = buat_instrumen(SPEK_KECIL, metode=METODE_A, skala="YT")
    grades = {"1a": "B", "1b": "BB", "2a": "E"}  # 2b not graded yet

    rencana = plan(instrumen, {}, target_predikat="AA", nilai_sub=grades)

    # Raising grades only up to BB (all met) caps every sub at 80 % of its weight.
    assert rencana.tercapai is False
    assert rencana.total == D("80.00")
    assert sorted((p.kode, p.dari, p.ke) for p in rencana.perubahan) == [
        ("1a", "B", "BB"),
        ("2a", "E", "BB"),
        ("2b", None, "BB"),
    ]
    assert {p.kode: p.tambahan for p in rencana.perubahan} == {"1a": D("2.00"), "2a": D("10.00"), "2b": D("26.00")}
    assert rencana.perubahan[0].kriteria_belum_terpenuhi == ("2b.1", "2b.2", "2b.3")


def test_plan_method_a_may_allow_grades_above_all_met():
    instrumen = buat_instrumen(SPEK_KECIL, metode=METODE_A, skala="YT")
    grades = {"1a": "BB", "1b": "BB", "2a": "BB", "2b": "BB"}
    rencana = plan(instrumen, {}, target_predikat="AA", nilai_sub=grades, nilai_maks_a="AA")
    assert rencana.tercapai is True
    # 80.00 + 10.01 needed: 1b (+7.00) with 2b (+6.50) beats 1b with 1a (+4.00) on the resulting total.
    assert [(p.kode, p.ke, p.tambahan) for p in rencana.perubahan] == [("1b", "AA", D("7.00")), ("2b", "AA", D("6.50"))]
    assert (rencana.total, rencana.predikat.kode) == (D("93.50"), "AA")


def test_plan_over_100_is_impossible_and_needs_a_target():
    instrumen = buat_instrumen(SPEK_KECIL, skala="YT")
    assert plan(instrumen, {}, target_total=D("100.01")).tercapai is False
    with pytest.raises(ValueError, match="Tentukan target"):
        plan(instrumen, {})


def test_plan_answers_missing_criteria():
    instrumen = buat_instrumen(SPEK_KECIL, skala="YT")
    jawaban = jawab(instrumen, {"1a": "TTT", "1b": "TTT", "2a": "TTT", "2b": "---"})
    rencana = plan(instrumen, jawaban, target_total=D("32.50"))
    # Answering one criterion of the empty sub 2b with Y makes its mean 1: the plan follows `score`.
    assert [(p.kode, p.dari, p.ke, p.tambahan) for p in rencana.perubahan] == [("2b.1", None, "Y", D("32.50"))]
    assert rencana.total == D("32.50")


def test_plan_on_the_full_88_instrument_reaches_bb():
    instrumen = buat_instrumen(skala=("YT", "AE", "AAE"))
    kode = {"YT": "T", "AE": "C", "AAE": "B"}
    jawaban = {kr.kode: kode[kr.skala] for kr in semua_kriteria(instrumen)}
    awal = score(instrumen, jawaban)

    rencana = plan(instrumen, jawaban, target_predikat="BB")

    assert awal.predikat.kode in {"C", "CC", "B"}
    assert rencana.tercapai is True
    assert rencana.predikat.kode == "BB"
    assert score(instrumen, terapkan(jawaban, rencana)).total == rencana.total
    assert sum(p.tambahan for p in rencana.perubahan) == rencana.total - awal.total
    lebih_sedikit = plan(instrumen, jawaban, target_total=rencana.total_awal + D("0.01"))
    assert lebih_sedikit.jumlah_perubahan <= rencana.jumlah_perubahan


# --- Brute force and properties -----------------------------------------------------------------------------


def terapkan(jawaban, rencana, nilai=None):
    """Answers (and method-A grades) with a plan's changes applied."""
    baru, grades = dict(jawaban), dict(nilai or {})
    for p in rencana.perubahan:
        (grades if p.jenis == JENIS_SUBKOMPONEN else baru)[p.kode] = p.ke
    return baru if nilai is None else (baru, grades)


def brute_force(instrumen, jawaban, ambang, nilai=None):
    """(reachable, fewest changes, highest total with that many) by trying every subset of changes."""
    if instrumen.metode == METODE_A:
        bagian = instrumen.tabel_nilai_a.bagian
        unit = [s.kode for s in semua_sub(instrumen) if nilai.get(s.kode) is None or bagian[nilai[s.kode]] < D("0.8")]
    else:
        unit = [kr for kr in semua_kriteria(instrumen) if jawaban.get(kr.kode) != kode_maks(instrumen, kr)]

    def total(pilihan):
        if instrumen.metode == METODE_A:
            return score(instrumen, jawaban, dict(nilai) | dict.fromkeys(pilihan, "BB")).total
        return score(instrumen, jawaban | {kr.kode: kode_maks(instrumen, kr) for kr in pilihan}).total

    terbaik = [max(total(c) for c in combinations(unit, k)) for k in range(len(unit) + 1)]
    cukup = [k for k, t in enumerate(terbaik) if t >= ambang]
    k = cukup[0] if cukup else terbaik.index(max(terbaik))
    return bool(cukup), k, terbaik[k]


def strategi_jawaban(instrumen, boleh_kosong=True):
    pilihan = {
        kr.kode: st.sampled_from(list(instrumen.skala_jawaban[kr.skala].nilai) + ([None] if boleh_kosong else []))
        for kr in semua_kriteria(instrumen)
    }
    return st.fixed_dictionaries(pilihan)


INSTRUMEN_KECIL_YT = buat_instrumen(SPEK_KECIL, skala="YT")
INSTRUMEN_KECIL_AE = buat_instrumen(SPEK_KECIL, skala=("AE", "YT", "AAE"))
INSTRUMEN_KECIL_A = buat_instrumen(SPEK_KECIL, metode=METODE_A, skala="YT")
INSTRUMEN_88 = buat_instrumen(skala=("YT", "AE", "AAE"))
INSTRUMEN_88_A = buat_instrumen(metode=METODE_A, skala="YT")
kenaikan_strategi = st.decimals(min_value=D("-1"), max_value=D("60"), places=2)
predikat_strategi = st.sampled_from(["D", "C", "CC", "B", "BB", "A", "AA"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), naik=kenaikan_strategi, instrumen=st.sampled_from([INSTRUMEN_KECIL_YT, INSTRUMEN_KECIL_AE]))
def test_plan_matches_brute_force_method_b(data, naik, instrumen):
    jawaban = {k: v for k, v in data.draw(strategi_jawaban(instrumen)).items() if v is not None}
    target = score(instrumen, jawaban).total + naik  # above 100 when impossible
    rencana = plan(instrumen, jawaban, target_total=target)
    assert (rencana.tercapai, rencana.jumlah_perubahan, rencana.total) == brute_force(instrumen, jawaban, target)


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    kode=predikat_strategi,
    inklusif=st.booleans(),
)
def test_plan_matches_brute_force_method_a_and_predicate_targets(data, kode, inklusif):
    instrumen = INSTRUMEN_KECIL_A
    grade = st.sampled_from([None, *tabel_nilai_a_default().bagian])
    nilai = {s.kode: data.draw(grade) for s in semua_sub(instrumen)}
    nilai = {k: v for k, v in nilai.items() if v is not None}
    skala = skala_predikat_default(bawah_inklusif=inklusif)
    instrumen = Instrumen(
        instrumen.kode, METODE_A, instrumen.komponen, skala, instrumen.skala_jawaban, instrumen.tabel_nilai_a
    )

    rencana = plan(instrumen, {}, target_predikat=kode, nilai_sub=nilai)

    assert (rencana.tercapai, rencana.jumlah_perubahan, rencana.total) == brute_force(
        instrumen, {}, total_minimal(kode, skala), nilai
    )
    if rencana.tercapai:
        assert skala.peringkat(rencana.predikat.kode) >= skala.peringkat(kode)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), kode=predikat_strategi)
def test_plan_result_recomputed_by_score_reaches_the_target(data, kode):
    instrumen = INSTRUMEN_88
    jawaban = {k: v for k, v in data.draw(strategi_jawaban(instrumen)).items() if v is not None}

    rencana = plan(instrumen, jawaban, target_predikat=kode)
    hasil = score(instrumen, terapkan(jawaban, rencana))

    assert hasil.total == rencana.total
    assert sum(p.tambahan for p in rencana.perubahan) == rencana.total - rencana.total_awal
    assert all(p.tambahan >= 0 for p in rencana.perubahan)
    if rencana.tercapai:
        assert hasil.total >= rencana.target_total
        assert instrumen.skala_predikat.peringkat(hasil.predikat.kode) >= instrumen.skala_predikat.peringkat(kode)
    else:
        maks = {kr.kode: kode_maks(instrumen, kr) for kr in semua_kriteria(instrumen)}
        assert score(instrumen, maks).total == rencana.total


@settings(max_examples=100, deadline=None)
@given(data=st.data(), metode=st.sampled_from([METODE_A, METODE_B]))
def test_total_stays_within_0_and_100(data, metode):
    instrumen = INSTRUMEN_88 if metode == METODE_B else INSTRUMEN_88_A
    jawaban = data.draw(strategi_jawaban(instrumen))
    grade = st.sampled_from([None, *tabel_nilai_a_default().bagian])
    nilai = {s.kode: data.draw(grade) for s in semua_sub(instrumen)} if metode == METODE_A else None

    hasil = score(instrumen, jawaban, nilai)

    assert D(0) <= hasil.total <= D(100)
    assert hasil.total == sum(s for s in nilai_sub(hasil).values())
    assert hasil.total == sum(k.nilai for k in hasil.komponen)
    assert hasil.total.as_tuple().exponent == -2


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_raising_a_single_answer_never_lowers_the_total(data):
    instrumen = INSTRUMEN_88
    jawaban = {k: v for k, v in data.draw(strategi_jawaban(instrumen)).items() if v is not None}
    kriteria = data.draw(st.sampled_from([kr for kr in semua_kriteria(instrumen) if kr.kode in jawaban]))
    skala = instrumen.skala_jawaban[kriteria.skala].nilai
    lebih_tinggi = [k for k, v in skala.items() if v > skala[jawaban[kriteria.kode]]]
    if not lebih_tinggi:
        return
    baru = jawaban | {kriteria.kode: data.draw(st.sampled_from(lebih_tinggi))}
    assert score(instrumen, baru).total >= score(instrumen, jawaban).total


@settings(max_examples=100, deadline=None)
@given(data=st.data(), metode=st.sampled_from([METODE_A, METODE_B]))
def test_lost_points_sorted_and_adding_up_to_what_is_missing(data, metode):
    instrumen = INSTRUMEN_88 if metode == METODE_B else INSTRUMEN_88_A
    jawaban = data.draw(strategi_jawaban(instrumen, boleh_kosong=False))
    grade = st.sampled_from(list(tabel_nilai_a_default().bagian))
    nilai = {s.kode: data.draw(grade) for s in semua_sub(instrumen)} if metode == METODE_A else None

    hasil = score(instrumen, jawaban, nilai)

    poin = [p.poin for p in hasil.poin_hilang]
    assert poin == sorted(poin, reverse=True)
    assert all(p > 0 for p in poin)
    # Each entry is rounded to 2 decimals (≤ 0.005 off) and so is each sub-component value.
    toleransi = D("0.005") * (len(semua_kriteria(instrumen)) + len(semua_sub(instrumen)))
    assert abs(sum(poin) - (D(100) - hasil.total)) <= toleransi


def _skor_umum(instrumen, jawaban):
    """The general path of `score` for method B (the one partly answered worksheets take)."""
    from evaluasi.scoring.score import _rangkum, _skor_sub_b

    return _rangkum(instrumen, [_skor_sub_b(s, jawaban) for s in instrumen._sub])


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    instrumen=st.sampled_from([INSTRUMEN_88, INSTRUMEN_KECIL_YT, INSTRUMEN_KECIL_AE]),
    inklusif=st.booleans(),
)
def test_compiled_method_b_path_equals_the_general_path_field_for_field(data, instrumen, inklusif):
    """A complete method-B worksheet is scored on the compiled integer plan (`rencana_b.SubB`): same result, same
    Decimal exponents, every field of every result object set (repr reads them all)."""
    if inklusif:
        instrumen = buat_instrumen(SPEK_KECIL, skala=("AE", "YT", "AAE"), skala_predikat=skala_predikat_default(True))
    jawaban = data.draw(strategi_jawaban(instrumen, boleh_kosong=False))
    assert instrumen._rencana_b is not None

    cepat, umum = score(instrumen, jawaban), _skor_umum(instrumen, jawaban)

    assert cepat == umum
    assert repr(cepat) == repr(umum)
    assert type(cepat.komponen[0].subkomponen[0]).__name__ == "HasilSubKomponen"


def test_compiled_path_leaves_partial_and_invalid_answers_to_the_general_path():
    jawaban = {kr.kode: kode_maks(INSTRUMEN_88, kr) for kr in semua_kriteria(INSTRUMEN_88)}
    kosong = jawaban | {"1a.1": None}
    assert score(INSTRUMEN_88, kosong) == _skor_umum(INSTRUMEN_88, kosong)
    assert not score(INSTRUMEN_88, kosong).lengkap
    with pytest.raises(ValueError, match="tidak ada pada skalanya"):
        score(INSTRUMEN_88, jawaban | {"1a.1": "Z"})
    assert score(INSTRUMEN_88, jawaban).total == D("100.00")
