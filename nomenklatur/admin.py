"""The nomenclature in the admin: national reference data, read-only to pemda administrators
(`lingkup_global`); the platform superuser may correct a row by hand, with history."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from perangkat_daerah.admin_dasar import AdminBerlingkup, TabularBerlingkup

from . import services
from .kode import KodeTidakValid, urai_kode
from .models import Nomenklatur, RiwayatNomenklatur


class RiwayatInline(TabularBerlingkup):
    """The code's history, never editable (it is a record)."""

    model = RiwayatNomenklatur
    lingkup_global = True
    extra = 0
    fields = readonly_fields = ["waktu", "aksi", "sumber", "sebelum", "sesudah"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NomenklaturForm(forms.ModelForm):
    """The code must have a nomenclature shape and its parent must exist."""

    class Meta:
        model = Nomenklatur
        fields = ["kode", "nama", "kinerja", "indikator", "satuan", "sumber", "dicabut_pada"]

    def clean_kode(self):
        try:
            kode = urai_kode(self.cleaned_data["kode"])
        except KodeTidakValid as exc:
            raise forms.ValidationError(str(exc)) from None
        if kode.induk and not Nomenklatur.objects.filter(kode=kode.induk).exists():
            raise forms.ValidationError(f"Induk {kode.induk} belum ada; tambahkan induknya lebih dulu.")
        return kode.kode


@admin.register(Nomenklatur)
class NomenklaturAdmin(AdminBerlingkup):
    """Codes: searchable by code and name, filtered by jenis; never deleted (a decree retires a code)."""

    form = NomenklaturForm
    list_display = ["kode", "nama", "jenis", "satuan", "sumber", "dicabut_pada"]
    list_filter = ["jenis"]
    search_fields = ["kode", "nama"]
    readonly_fields = ["jenis", "induk", "berlaku_sejak"]
    inlines = [RiwayatInline]
    lingkup_global = True

    def get_readonly_fields(self, request, obj=None):
        hasil = super().get_readonly_fields(request, obj)
        return [*hasil, "kode"] if obj is not None else hasil

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        kode = urai_kode(obj.kode)
        obj.kode, obj.jenis = kode.kode, kode.jenis
        obj.induk = Nomenklatur.objects.filter(kode=kode.induk).first() if kode.induk else None
        if not change:
            obj.berlaku_sejak = obj.sumber
        obj._sebelum_admin = services.potret_baris(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def catat_riwayat(self, request, obj, aksi, sebelum, sesudah):
        services.riwayat_admin(obj=obj, sebelum=getattr(obj, "_sebelum_admin", None))
