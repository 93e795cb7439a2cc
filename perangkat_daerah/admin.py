"""Django admin for reference data."""

from django.contrib import admin

from .models import Pemda, PerangkatDaerah, Profil, Riwayat


@admin.register(Pemda)
class PemdaAdmin(admin.ModelAdmin):
    """Pemda in the admin."""

    list_display = ["nama", "kode", "jenis"]
    search_fields = ["nama", "kode"]


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(admin.ModelAdmin):
    """Perangkat daerah in the admin."""

    list_display = ["kode", "nama", "singkatan", "jenis", "pemda", "aktif"]
    list_filter = ["pemda", "jenis", "aktif"]
    search_fields = ["nama", "singkatan", "kode"]


@admin.register(Profil)
class ProfilAdmin(admin.ModelAdmin):
    """User profiles in the admin."""

    list_display = ["user", "peran", "pemda", "perangkat_daerah"]
    list_filter = ["pemda", "peran"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["perangkat_daerah"]


@admin.register(Riwayat)
class RiwayatAdmin(admin.ModelAdmin):
    """History is read-only in the admin."""

    list_display = ["waktu", "aksi", "content_type", "object_id", "oleh"]
    list_filter = ["aksi", "content_type"]
    readonly_fields = [f.name for f in Riwayat._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
