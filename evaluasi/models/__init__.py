"""The LKE instrument as data, evaluations with their answers, frozen results, and recommendations.

An instrument (PermenPANRB 88/2021 or a pemda's adaptation) is versioned reference data; once a final
evaluation uses it, neither it nor its components, sub-components, criteria or band table may change: copy
it to a new version instead (admin action). The arithmetic lives in `scoring/`; `selectors/` builds the
engine's input from these rows.

The package: `instrumen` (reference data: band table, instrument and its parts), `evaluasi`
(evaluations, answers, frozen results, recommendations), `pengaturan` (a pemda's evaluation settings) and
`fakta` (which facts from the product stand beside which criterion) and `hitung` (a year recomputed
over many pemda by Celery, with its progress).
"""

from __future__ import annotations

from .evaluasi import Evaluasi, EvaluasiQuerySet, HasilEvaluasi, Jawaban, NilaiSubKomponen, Rekomendasi
from .fakta import FaktaKriteria
from .hitung import BagianHitung, BatchHitung, HasilHitung
from .instrumen import (
    DESIMAL,
    TAHUN_MAKS,
    TAHUN_MIN,
    BandPredikat,
    Instrumen,
    InstrumenQuerySet,
    InstrumenTerkunci,
    Komponen,
    Kriteria,
    SkalaPredikat,
    SubKomponen,
    _nama_bukti,
    _skala_jawaban_bawaan,
    _tabel_nilai_a_bawaan,
)
from .pemetaan import PemetaanKriteria
from .pengaturan import PengaturanEvaluasi

__all__ = [
    "BagianHitung",
    "BandPredikat",
    "BatchHitung",
    "DESIMAL",
    "Evaluasi",
    "EvaluasiQuerySet",
    "FaktaKriteria",
    "HasilEvaluasi",
    "HasilHitung",
    "Instrumen",
    "InstrumenQuerySet",
    "InstrumenTerkunci",
    "Jawaban",
    "Komponen",
    "Kriteria",
    "NilaiSubKomponen",
    "PemetaanKriteria",
    "PengaturanEvaluasi",
    "Rekomendasi",
    "SkalaPredikat",
    "SubKomponen",
    "TAHUN_MAKS",
    "TAHUN_MIN",
    "_nama_bukti",
    "_skala_jawaban_bawaan",
    "_tabel_nilai_a_bawaan",
]
