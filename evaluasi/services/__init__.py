"""Writes of the evaluasi app: creating evaluations, answers with optimistic locking and history, the
workflow draf → diajukan → dinilai → final, frozen results, official results, recommendations, and copying
an instrument to a new version.

Every function checks the caller's right through the access choke point (a PermissionDenied otherwise),
runs in one transaction, and records history (Riwayat) for answers, results and recommendations.
Who answers what: a PD's self-assessment its operator/kepala (ISI); the internal evaluation of a PD the
Inspektorat (EVALUASI); the city's self-estimate Bagian Organisasi (KELOLA). Nobody edits a final one.

The package: `hak` (who may do what: the rules, `berhak`, `boleh_*`), `evaluasi` (opening one), `jawaban` (answers and
evidence), `dukungan` (what a method-A grade above its criteria's support needs), `alur` (the workflow and frozen
results), `resmi` (the official result), `rekomendasi` and `instrumen` (copying an instrument to a new version).
"""

from __future__ import annotations

from .alur import (
    AJUKAN,
    FINALKAN,
    KEMBALIKAN,
    NILAI,
    evaluasi_ajukan,
    evaluasi_finalkan,
    evaluasi_kembalikan,
    evaluasi_siap_final,
    evaluasi_tandai_dinilai,
    hasil_baris,
    hasil_kolom,
    tindakan_tersedia,
)
from .dukungan import PerluKonfirmasi, alasan_sub, dukungan_ditolak, dukungan_periksa
from .evaluasi import evaluasi_buat, evaluasi_dapat_dibuka, instrumen_bawaan, instrumen_untuk
from .hak import (
    PESAN_EVALUASI,
    PESAN_REKOMENDASI,
    aksi_finalkan,
    aksi_isi,
    aksi_kembalikan,
    aksi_rekomendasi,
    aksi_tindak_lanjut,
    berhak,
    boleh_mengisi,
    boleh_rekomendasi,
    boleh_tindak_lanjut,
    boleh_verifikasi,
    kunci,
    wajib_bukan_final,
    wajib_hak_evaluasi,
)
from .instrumen import instrumen_salin
from .jawaban import (
    KOLOM_BUKTI,
    KOLOM_JAWABAN,
    KOLOM_NILAI_SUB,
    HasilLembar,
    IsianJawaban,
    bukti_unggah,
    jawaban_simpan,
    lembar_simpan,
    nilai_bukti,
)
from .rekomendasi import KOLOM_REKOMENDASI, rekomendasi_buat, rekomendasi_tindak_lanjut, rekomendasi_verifikasi
from .resmi import (
    NOMOR_LHE_MAKS,
    SELISIH_RESMI,
    SEPERSERATUS,
    hasil_lhe_pd_catat,
    hasil_resmi_catat,
    hasil_resmi_periksa,
)

__all__ = [
    "AJUKAN",
    "FINALKAN",
    "HasilLembar",
    "IsianJawaban",
    "KEMBALIKAN",
    "KOLOM_BUKTI",
    "KOLOM_JAWABAN",
    "KOLOM_NILAI_SUB",
    "KOLOM_REKOMENDASI",
    "NILAI",
    "NOMOR_LHE_MAKS",
    "PESAN_EVALUASI",
    "PESAN_REKOMENDASI",
    "PerluKonfirmasi",
    "SELISIH_RESMI",
    "SEPERSERATUS",
    "aksi_finalkan",
    "aksi_isi",
    "aksi_kembalikan",
    "aksi_rekomendasi",
    "aksi_tindak_lanjut",
    "alasan_sub",
    "berhak",
    "boleh_mengisi",
    "boleh_rekomendasi",
    "boleh_tindak_lanjut",
    "boleh_verifikasi",
    "bukti_unggah",
    "dukungan_ditolak",
    "dukungan_periksa",
    "evaluasi_ajukan",
    "evaluasi_buat",
    "evaluasi_dapat_dibuka",
    "evaluasi_finalkan",
    "evaluasi_kembalikan",
    "evaluasi_siap_final",
    "evaluasi_tandai_dinilai",
    "hasil_baris",
    "hasil_kolom",
    "hasil_lhe_pd_catat",
    "hasil_resmi_catat",
    "hasil_resmi_periksa",
    "instrumen_bawaan",
    "instrumen_salin",
    "instrumen_untuk",
    "jawaban_simpan",
    "kunci",
    "lembar_simpan",
    "nilai_bukti",
    "rekomendasi_buat",
    "rekomendasi_tindak_lanjut",
    "rekomendasi_verifikasi",
    "tindakan_tersedia",
    "wajib_bukan_final",
    "wajib_hak_evaluasi",
]
