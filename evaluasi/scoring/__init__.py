"""Scoring engine for the evaluation worksheet (LKE): PermenPANRB 88/2021, DOMAIN.md §2–3.

Pure: frozen dataclasses of `Decimal` in and out, nothing of Django. Every regulation number (weights,
answer values, grade shares, proposal thresholds, predicate bands) comes in as data; the `*_default()`
factories build the default data that the database data migration mirrors.

Rounding (DOMAIN.md §2.2): each sub-component value is rounded half-up to 2 decimals with the product's
one helper (`bulatkan`); a component is the sum of its rounded sub-components, the total the sum of the
components, and the predicate is read from that total. Divisions run in a fixed 28-digit context: the
exact quotient of these small rationals is never within 1e-26 of a rounding tie unless it *is* the tie
(then it is exact), so the half-up result is the exact one.

The package: `data` (regulation numbers, input and result dataclasses, predicate, default factories),
`score` (a worksheet's value), `plan` (the fewest changes that reach a target) and `jarak` (how far a
total is from a target and from the next predicate).
"""

from __future__ import annotations

from .data import (
    BAND_DEFAULT,
    JENIS_KRITERIA,
    JENIS_SUBKOMPONEN,
    METODE_A,
    METODE_B,
    NILAI_A_DEFAULT,
    PERSEN,
    PREDIKAT_AMBANG_DASAR,
    PREDIKAT_AMBANG_TINGGI,
    SKALA_AE_DEFAULT,
    SKALA_YT_DEFAULT,
    USULAN_A_DEFAULT,
    VERSI_SKALA_PREDIKAT_DEFAULT,
    AmbangUsulan,
    Band,
    Hasil,
    HasilKomponen,
    HasilKriteria,
    HasilSubKomponen,
    Instrumen,
    Komponen,
    Kriteria,
    PoinHilang,
    SkalaJawaban,
    SkalaPredikat,
    SubKomponen,
    TabelNilaiA,
    nilai_a_melebihi_dukungan,
    predikat,
    skala_jawaban_default,
    skala_predikat_default,
    tabel_nilai_a_default,
    total_minimal,
    usulan_nilai_a,
)
from .jarak import JarakTarget, jarak_target
from .plan import Perubahan, Rencana, plan
from .score import score

__all__ = [
    "AmbangUsulan",
    "BAND_DEFAULT",
    "Band",
    "Hasil",
    "HasilKomponen",
    "HasilKriteria",
    "HasilSubKomponen",
    "Instrumen",
    "JENIS_KRITERIA",
    "JarakTarget",
    "JENIS_SUBKOMPONEN",
    "Komponen",
    "Kriteria",
    "METODE_A",
    "METODE_B",
    "NILAI_A_DEFAULT",
    "PERSEN",
    "PREDIKAT_AMBANG_DASAR",
    "PREDIKAT_AMBANG_TINGGI",
    "Perubahan",
    "PoinHilang",
    "Rencana",
    "SKALA_AE_DEFAULT",
    "SKALA_YT_DEFAULT",
    "SkalaJawaban",
    "SkalaPredikat",
    "SubKomponen",
    "TabelNilaiA",
    "USULAN_A_DEFAULT",
    "VERSI_SKALA_PREDIKAT_DEFAULT",
    "jarak_target",
    "nilai_a_melebihi_dukungan",
    "plan",
    "predikat",
    "score",
    "skala_jawaban_default",
    "skala_predikat_default",
    "tabel_nilai_a_default",
    "total_minimal",
    "usulan_nilai_a",
]
