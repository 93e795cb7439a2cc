"""Report jobs, batches and narratives in the admin: read-only to a pemda administrator (they are written by
the report pages and the worker); scoped to its pemda (`perangkat_daerah/admin_dasar.py`). The reviu is a
workflow with its own transitions: read-only to everyone (`AdminHanyaBaca`)."""

from django.contrib import admin

from perangkat_daerah.admin_dasar import AdminBerlingkup, AdminHanyaBaca

from .models import BatchLaporan, Laporan, Narasi, Reviu


@admin.register(Laporan)
class LaporanAdmin(AdminBerlingkup):
    """Report jobs."""

    list_display = ["pk", "jenis", "tahun", "perangkat_daerah", "status", "progres", "diminta_pada", "selesai_pada"]
    list_filter = ["jenis", "status", "tahun"]
    readonly_fields = ["hash_masukan", "mulai_pada", "selesai_pada", "percobaan"]


@admin.register(BatchLaporan)
class BatchLaporanAdmin(AdminBerlingkup):
    """Batches of PD reports."""


@admin.register(Narasi)
class NarasiAdmin(AdminBerlingkup):
    """LKjIP chapter narratives (edited on /laporan/narasi/, which keeps versions)."""


@admin.register(Reviu)
class ReviuAdmin(AdminHanyaBaca):
    """The Inspektorat's reviu of each LKjIP, read-only to everyone: worked on /laporan/reviu/, whose transitions
    (`laporan.reviu.reviu_tindak`: every item answered to finish, a reason to reopen) keep versions and history."""

    list_display = ["tahun", "perangkat_daerah", "status", "selesai_pada", "diubah_pada"]
    list_filter = ["status", "tahun"]


from . import admin_grup  # noqa: E402, F401  (the group report batches: platform superuser)
