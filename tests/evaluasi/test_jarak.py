"""THE gap rule (issue 15 point 7): a total against the target and the next predicate, under both boundary
rules, and the one sentence that explains "kurang 0,96" and "perlu tambahan 0,97" together."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluasi import scoring
from evaluasi.tampilan import kalimat_jarak

D = Decimal


@pytest.mark.parametrize(
    ("total", "target", "inklusif", "kurang", "berikutnya", "minimal", "butuh"),
    [
        ("69.04", "70", False, "0.96", "BB", "70.01", "0.97"),  # Tangerang Selatan 2024
        ("69.04", "70", True, "0.96", "BB", "70.00", "0.96"),  # a pemda reading the lower bound inclusive
        ("70.00", "70", False, "0.00", "BB", "70.01", "0.01"),  # the target met, the predicate still B
        ("65.00", "75", False, "10.00", "BB", "70.01", "10.00"),  # the target is the larger step
        ("72.00", "70", False, "0.00", "A", "80.01", "8.01"),
        ("91.00", "95", False, "4.00", None, None, "4.00"),  # top band: only the target is left
        ("95.00", "90", False, "0.00", None, None, "0.00"),
    ],
)
def test_gap_to_target_and_next_band(total, target, inklusif, kurang, berikutnya, minimal, butuh):
    j = scoring.jarak_target(D(total), D(target), scoring.skala_predikat_default(inklusif))
    assert j.kurang_target == D(kurang) and j.target_tercapai == (D(kurang) == 0)
    assert (j.berikutnya.kode if j.berikutnya else None) == berikutnya
    assert j.minimal_berikutnya == (D(minimal) if minimal else None)
    assert j.butuh == D(butuh)
    if minimal:
        assert j.kurang_berikutnya == D(minimal) - D(total)


def test_one_sentence_explains_both_figures():
    j = scoring.jarak_target(D("69.04"), D("70"), scoring.skala_predikat_default())
    assert kalimat_jarak(j) == (
        "Nilai 69,04 kurang 0,96 dari target 70,00, tetapi nilai 70,00 masih berpredikat B; predikat BB berarti "
        "nilai di atas 70,00, yaitu sekurang-kurangnya 70,01, jadi perlu tambahan 0,97 poin untuk target dan "
        "predikat BB."
    )


def test_sentence_under_an_inclusive_scale_and_at_the_top():
    inklusif = scoring.skala_predikat_default(bawah_inklusif=True)
    assert kalimat_jarak(scoring.jarak_target(D("69.04"), D("70"), inklusif)) == (
        "Nilai 69,04 kurang 0,96 dari target 70,00; predikat BB dimulai dari nilai 70,00, jadi perlu tambahan "
        "0,96 poin untuk target dan predikat BB."
    )
    puncak = scoring.jarak_target(D("95"), D("90"), scoring.skala_predikat_default())
    assert kalimat_jarak(puncak) == "Nilai 95,00 sudah memenuhi target 90,00 dan predikat AA sudah yang tertinggi."
    tercapai = scoring.jarak_target(D("72"), D("70"), scoring.skala_predikat_default())
    assert kalimat_jarak(tercapai).startswith("Nilai 72,00 sudah memenuhi target 70,00; predikat A berarti nilai")
