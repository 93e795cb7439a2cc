"""Excel round trip: templates for one PD's quarter (realisasi), for targets and for a PD's action plan of a year
(rencana aksi), and their imports.

An import passes the upload guard (`excel.wajib_xlsx_aman`), validates every row against the same rules as
the services (access through the one guard `wajib_hak` and the selectors of the services, locks, workflow
status, Indonesian numbers), and then saves all rows in one transaction or none. Errors name the sheet row
and column. Writes are bulk (bulk_create / bulk_update) with one history row per changed realisasi or
target, so 10,000 rows take seconds: the one exception to the one history writer
(`perbarui_dengan_riwayat`), which would cost three queries per row.
"""

from __future__ import annotations

from .dasar import LEMBAR_REALISASI, LEMBAR_TARGET, GalatImpor, HasilImpor
from .realisasi import KOLOM_REALISASI, RentangNilai, _kolom_realisasi, impor_realisasi, isian_kolom, templat_realisasi
from .renaksi import KOLOM_RENAKSI, LEMBAR_RENAKSI, impor_renaksi, templat_renaksi
from .target import KOLOM_TARGET, TAHUN_SAH, impor_target, templat_target

__all__ = [
    "KOLOM_RENAKSI",
    "KOLOM_REALISASI",
    "KOLOM_TARGET",
    "LEMBAR_REALISASI",
    "LEMBAR_RENAKSI",
    "LEMBAR_TARGET",
    "TAHUN_SAH",
    "GalatImpor",
    "HasilImpor",
    "RentangNilai",
    "_kolom_realisasi",
    "impor_realisasi",
    "impor_renaksi",
    "impor_target",
    "isian_kolom",
    "templat_realisasi",
    "templat_renaksi",
    "templat_target",
]
