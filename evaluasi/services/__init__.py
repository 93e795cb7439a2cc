"""Writes of the evaluasi app: creating evaluations, answers with optimistic locking and history, the
workflow draf → diajukan → dinilai → final, frozen results, official results, recommendations, and copying
an instrument to a new version.

Every function checks the caller's right through the access choke point (a PermissionDenied otherwise),
runs in one transaction, and records history (Riwayat) for answers, results and recommendations.
Who answers what: a PD's self-assessment its operator/kepala (ISI); the internal evaluation of a PD the
Inspektorat (EVALUASI); the city's self-estimate Bagian Organisasi (KELOLA). Nobody edits a final one.

The package: `hak` (which action a write needs), `evaluasi` (opening one), `jawaban` (answers and
evidence), `alur` (the workflow and frozen results), `resmi` (the official result), `rekomendasi` and
`instrumen` (copying an instrument to a new version).
"""

from __future__ import annotations

from .alur import evaluasi_ajukan, evaluasi_finalkan, evaluasi_kembalikan, evaluasi_tandai_dinilai, hasil_baris
from .evaluasi import evaluasi_buat, instrumen_bawaan
from .hak import aksi_isi, boleh_mengisi
from .instrumen import instrumen_salin
from .jawaban import IsianJawaban, bukti_unggah, jawaban_simpan
from .rekomendasi import (
    boleh_tindak_lanjut,
    boleh_verifikasi,
    rekomendasi_buat,
    rekomendasi_tindak_lanjut,
    rekomendasi_verifikasi,
)
from .resmi import NOMOR_LHE_MAKS, SELISIH_RESMI, SEPERSERATUS, hasil_resmi_catat, hasil_resmi_periksa

__all__ = [
    "IsianJawaban",
    "NOMOR_LHE_MAKS",
    "SELISIH_RESMI",
    "SEPERSERATUS",
    "aksi_isi",
    "boleh_mengisi",
    "boleh_tindak_lanjut",
    "boleh_verifikasi",
    "bukti_unggah",
    "evaluasi_ajukan",
    "evaluasi_buat",
    "evaluasi_finalkan",
    "evaluasi_kembalikan",
    "evaluasi_tandai_dinilai",
    "hasil_baris",
    "hasil_resmi_catat",
    "hasil_resmi_periksa",
    "instrumen_bawaan",
    "instrumen_salin",
    "jawaban_simpan",
    "rekomendasi_buat",
    "rekomendasi_tindak_lanjut",
    "rekomendasi_verifikasi",
]
