"""Django admin for the kinerja reference data (sasaran, indikator, targets, locks, budgets).

Sasaran and indikator are reference data a pemda administrator may edit (with history). Everything of the
workflow (targets, PK, realisasi, quarter locks, budgets) is read-only here for a pemda administrator: it
changes through the services, which keep versions and history (`perangkat_daerah/admin_dasar.py`).
"""

from django.contrib import admin

from perangkat_daerah.admin_dasar import AdminBerlingkup

from .models import Anggaran, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, RevisiPK, Sasaran, Target


@admin.register(Sasaran)
class SasaranAdmin(AdminBerlingkup):
    """Sasaran of the city and of each PD."""

    list_display = ["kode", "uraian", "perangkat_daerah", "pemda"]
    list_filter = ["pemda"]
    search_fields = ["kode", "uraian"]
    autocomplete_fields = ["perangkat_daerah", "induk"]
    data_referensi = True


@admin.register(Indikator)
class IndikatorAdmin(AdminBerlingkup):
    """Indicators with their unit, direction and aggregation."""

    list_display = ["kode", "uraian", "satuan", "iku", "arah", "agregasi", "perangkat_daerah"]
    list_filter = ["pemda", "iku", "arah", "agregasi"]
    search_fields = ["kode", "uraian"]
    autocomplete_fields = ["sasaran"]
    data_referensi = True


@admin.register(Target)
class TargetAdmin(AdminBerlingkup):
    """Targets are read-only here: they change through the PK page or the import (history, PK lock)."""

    list_display = ["indikator", "tahun", "nilai", "lo", "hi", "versi"]
    list_filter = ["tahun"]
    search_fields = ["indikator__kode", "indikator__uraian"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(AdminBerlingkup):
    """Perjanjian Kinerja per PD and year (read-only: set by the kepala PD in the app)."""

    list_display = ["perangkat_daerah", "tahun", "status", "revisi", "ditetapkan_pada"]
    list_filter = ["tahun", "status"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RevisiPK)
class RevisiPKAdmin(AdminBerlingkup):
    """PK revisions are history: read-only."""

    list_display = ["perjanjian", "nomor", "alasan", "oleh", "pada"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Realisasi)
class RealisasiAdmin(AdminBerlingkup):
    """Realisasi, read-only: the workflow lives in the app."""

    list_display = ["indikator", "tahun", "triwulan", "nilai", "status", "terlambat", "diubah_pada"]
    list_filter = ["tahun", "triwulan", "status", "terlambat"]
    search_fields = ["indikator__kode", "indikator__uraian"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KunciTriwulan)
class KunciTriwulanAdmin(AdminBerlingkup):
    """Quarter deadlines and locks: read-only for a pemda administrator (Bagian Organisasi locks and unlocks
    them in the app, through `triwulan_kunci`); a superuser's change bumps `versi` and is written to the history."""

    list_display = ["pemda", "tahun", "triwulan", "batas_waktu", "terkunci"]
    list_filter = ["pemda", "tahun"]


@admin.register(Anggaran)
class AnggaranAdmin(AdminBerlingkup):
    """Budgets per PD and year (read-only for a pemda administrator: the budget page keeps history)."""

    list_display = ["perangkat_daerah", "tahun", "pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]
    list_filter = ["tahun"]
