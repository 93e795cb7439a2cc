"""Writes of the kinerja app: realisasi entry and its workflow, quarter locks, PK and targets, budgets.

Each service runs in a transaction, checks the user's right through the one guard (`access.wajib_hak`, or
`wajib_dalam` with a selector that states a union of rights once), refuses a stale write (`versi`) with
VersiKedaluwarsa, and records history through the one writer (`perbarui_dengan_riwayat` /
`buat_dengan_riwayat`). The modules: `isian` (input validation), `realisasi` (entry and workflow), `pk`
(quarter locks, PK, targets), `anggaran` (budgets). Imports (Excel) are in `kinerja.impor`, built on the
same rules. Everything is re-exported here, so `from kinerja import services` keeps working.
"""

from __future__ import annotations

from ..selectors import ROMAWI
from .isian import (
    ALASAN_MAKS,
    BATAS_ANGKA,
    DESIMAL,
    angka_atau_galat,
    isian_realisasi,
    isian_target,
    kumpulkan,
    rentang_atau_galat,
    tahun_atau_galat,
    triwulan_atau_galat,
)
from .pk import (
    RIWAYAT_TARGET,
    pk_tetapkan,
    pk_untuk,
    target_isi_triwulan,
    target_revisi,
    target_simpan,
    triwulan_kunci,
)
from .realisasi import (
    RIWAYAT_REALISASI,
    RealisasiDitolak,
    masalah_pengajuan,
    pk_draf_menghalangi,
    realisasi_ajukan,
    realisasi_kembalikan,
    realisasi_putuskan_banyak,
    realisasi_simpan,
    realisasi_simpan_banyak,
    realisasi_verifikasi,
    triwulan_ajukan,
    triwulan_jatuh_tempo,
    wajib_dalam,
    wajib_terbuka,
)

__all__ = [
    "ALASAN_MAKS",
    "BATAS_ANGKA",
    "DESIMAL",
    "RIWAYAT_REALISASI",
    "RIWAYAT_TARGET",
    "ROMAWI",
    "RealisasiDitolak",
    "angka_atau_galat",
    "isian_realisasi",
    "isian_target",
    "kumpulkan",
    "masalah_pengajuan",
    "pk_draf_menghalangi",
    "pk_tetapkan",
    "pk_untuk",
    "realisasi_ajukan",
    "realisasi_kembalikan",
    "realisasi_putuskan_banyak",
    "realisasi_simpan",
    "realisasi_simpan_banyak",
    "realisasi_verifikasi",
    "rentang_atau_galat",
    "tahun_atau_galat",
    "target_revisi",
    "target_isi_triwulan",
    "target_simpan",
    "triwulan_ajukan",
    "triwulan_atau_galat",
    "triwulan_jatuh_tempo",
    "triwulan_kunci",
    "wajib_dalam",
    "wajib_terbuka",
]
