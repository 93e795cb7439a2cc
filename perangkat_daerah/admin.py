"""Django admin for reference data."""

from django.contrib import admin

from .models import Pemda, PerangkatDaerah, Profil


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
