"""Report jobs in the admin (read-mostly)."""

from django.contrib import admin

from .models import BatchLaporan, Laporan, Narasi


@admin.register(Laporan)
class LaporanAdmin(admin.ModelAdmin):
    """Report jobs."""

    list_display = ["pk", "jenis", "tahun", "perangkat_daerah", "status", "progres", "diminta_pada", "selesai_pada"]
    list_filter = ["jenis", "status", "tahun"]
    readonly_fields = ["hash_masukan", "mulai_pada", "selesai_pada", "percobaan"]


admin.site.register(BatchLaporan)
admin.site.register(Narasi)
