from django.contrib import admin
from django.db import models

from perangkat_daerah.admin_dasar import AdminBerlingkup

from .models import PengaturanNotifikasi


@admin.register(PengaturanNotifikasi)
class PengaturanNotifikasiAdmin(AdminBerlingkup):
    """A pemda's notification rules and webhook: its administrator edits its own row (history and versi by
    the base; the webhook secret is kept out of the history)."""

    list_display = ["pemda", "hari_menunggu_verifikasi", "hari_rekomendasi_dekat", "webhook_url"]
    data_referensi = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def potret_aman(self, obj) -> dict:
        potret = super().potret_aman(obj)
        potret.pop("webhook_rahasia", None)
        return potret
