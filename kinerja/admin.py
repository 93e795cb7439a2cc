"""Django admin for the kinerja reference data (sasaran, indikator, targets, locks, budgets).

Realisasi are shown read-only: their changes go through the services, which keep versions and history.
"""

from django.contrib import admin

from .models import Anggaran, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, RevisiPK, Sasaran, Target


@admin.register(Sasaran)
class SasaranAdmin(admin.ModelAdmin):
    """Sasaran of the city and of each PD."""

    list_display = ["kode", "uraian", "perangkat_daerah", "pemda"]
    list_filter = ["pemda"]
    search_fields = ["kode", "uraian"]
    autocomplete_fields = ["perangkat_daerah", "induk"]


@admin.register(Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    """Indicators with their unit, direction and aggregation."""

    list_display = ["kode", "uraian", "satuan", "iku", "arah", "agregasi", "perangkat_daerah"]
    list_filter = ["pemda", "iku", "arah", "agregasi"]
    search_fields = ["kode", "uraian"]
    autocomplete_fields = ["sasaran"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Targets are read-only here: they change through the PK page or the import (history, PK lock)."""

    list_display = ["indikator", "tahun", "nilai", "lo", "hi", "versi"]
    list_filter = ["tahun"]
    search_fields = ["indikator__kode", "indikator__uraian"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(admin.ModelAdmin):
    """Perjanjian Kinerja per PD and year (read-only: set by the kepala PD in the app)."""

    list_display = ["perangkat_daerah", "tahun", "status", "revisi", "ditetapkan_pada"]
    list_filter = ["tahun", "status"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RevisiPK)
class RevisiPKAdmin(admin.ModelAdmin):
    """PK revisions are history: read-only."""

    list_display = ["perjanjian", "nomor", "alasan", "oleh", "pada"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Realisasi)
class RealisasiAdmin(admin.ModelAdmin):
    """Realisasi, read-only: the workflow lives in the app."""

    list_display = ["indikator", "tahun", "triwulan", "nilai", "status", "terlambat", "diubah_pada"]
    list_filter = ["tahun", "triwulan", "status", "terlambat"]
    search_fields = ["indikator__kode", "indikator__uraian"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KunciTriwulan)
class KunciTriwulanAdmin(admin.ModelAdmin):
    """Quarter deadlines and locks."""

    list_display = ["pemda", "tahun", "triwulan", "batas_waktu", "terkunci"]
    list_filter = ["pemda", "tahun"]


@admin.register(Anggaran)
class AnggaranAdmin(admin.ModelAdmin):
    """Budgets per PD and year."""

    list_display = ["perangkat_daerah", "tahun", "pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]
    list_filter = ["tahun"]
