"""Django admin for the instrument as reference data: edit a draft version, copy to a new version, and
read-only once a final evaluation uses it (the models refuse such writes too). Evaluations, their frozen results
and recommendations are workflow rows: shown, never added, changed or deleted here (`AdminHanyaBaca`)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.admin_dasar import AdminBerlingkup, AdminHanyaBaca, TabularBerlingkup

from . import services
from .models import (
    BandPredikat,
    Evaluasi,
    HasilEvaluasi,
    Instrumen,
    Komponen,
    Kriteria,
    PengaturanEvaluasi,
    Rekomendasi,
    SkalaPredikat,
    SubKomponen,
)


class _KunciMixin:
    """Read-only (no change, add or delete) when the instrument behind the object is locked."""

    def _instrumen_dari(self, obj):
        raise NotImplementedError

    def _terkunci(self, obj) -> bool:
        return obj is not None and self._instrumen_dari(obj).terkunci

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._terkunci(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._terkunci(obj)


class _InlineKunci(_KunciMixin, TabularBerlingkup):
    extra = 0
    data_referensi = True  # a pemda administrator edits its own pemda's copies; national ones are read-only
    lingkup_nasional = True

    def _instrumen_dari(self, obj):
        if isinstance(obj, Instrumen):
            return obj
        return obj.komponen.instrumen if isinstance(obj, SubKomponen) else obj.instrumen

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._terkunci(obj)


class KomponenInline(_InlineKunci):
    model = Komponen
    fields = ["kode", "nama", "bobot", "urutan"]
    show_change_link = True
    lingkup_pemda = "instrumen__pemda"


class SubKomponenInline(_InlineKunci):
    model = SubKomponen
    fields = ["kode", "nama", "jenis", "bobot", "urutan"]
    show_change_link = True
    lingkup_pemda = "komponen__instrumen__pemda"
    lingkup_pemda_induk = "instrumen__pemda"


class KriteriaInline(_InlineKunci):
    model = Kriteria
    fields = ["nomor", "kode", "uraian", "skala", "petunjuk"]
    lingkup_pemda = "subkomponen__komponen__instrumen__pemda"
    lingkup_pemda_induk = "komponen__instrumen__pemda"


@admin.action(description=_("Salin ke versi baru (dapat diubah)"))
def salin_instrumen(modeladmin, request, queryset):
    """Deep-copy each selected instrument to its next version. A pemda administrator's copy belongs to its
    own pemda (a copy of a national instrument becomes the pemda's adaptation); another pemda's is refused."""
    for ins in queryset:
        try:
            salinan = services.instrumen_salin(instrumen=ins, oleh=request.user)
        except PermissionDenied:
            pesan = _("%(a)s milik pemda lain; tidak dapat disalin.")
            modeladmin.message_user(request, pesan % {"a": ins}, messages.ERROR)
            continue
        modeladmin.catat_riwayat(request, salinan, "admin.salin", None, modeladmin.potret_aman(salinan))
        pesan = _("%(a)s disalin menjadi versi %(v)s (nonaktif).") % {"a": ins, "v": salinan.versi}
        modeladmin.message_user(request, pesan, messages.SUCCESS)


@admin.register(Instrumen)
class InstrumenAdmin(_KunciMixin, AdminBerlingkup):
    """Instruments: locked versions are read-only; copy one to edit it. A pemda administrator edits its own
    pemda's copies; national instruments are read-only to it."""

    list_display = ["nama", "kode", "versi", "metode", "tahun_berlaku", "aktif", "status_kunci"]
    list_filter = ["metode", "aktif"]
    search_fields = ["nama", "kode"]
    inlines = [KomponenInline]
    actions = [salin_instrumen]
    readonly_fields = ["induk"]
    data_referensi = True
    versi_optimistik = False  # `versi` is the instrument's version number, set by copying

    def _instrumen_dari(self, obj):
        return obj

    @admin.display(description=_("terkunci"), boolean=True)
    def status_kunci(self, obj):
        return obj.terkunci


@admin.register(Komponen)
class KomponenAdmin(_KunciMixin, AdminBerlingkup):
    """Components with their sub-components."""

    list_display = ["__str__", "instrumen", "bobot"]
    list_filter = ["instrumen"]
    inlines = [SubKomponenInline]
    data_referensi = True
    lingkup_pemda = "instrumen__pemda"
    lingkup_nasional = True

    def _instrumen_dari(self, obj):
        return obj.instrumen


@admin.register(SubKomponen)
class SubKomponenAdmin(_KunciMixin, AdminBerlingkup):
    """Sub-components with their criteria."""

    list_display = ["__str__", "komponen", "jenis", "bobot"]
    list_filter = ["komponen__instrumen", "jenis"]
    inlines = [KriteriaInline]
    data_referensi = True
    lingkup_pemda = "komponen__instrumen__pemda"
    lingkup_nasional = True

    def _instrumen_dari(self, obj):
        return obj.komponen.instrumen


class BandInline(TabularBerlingkup):
    model = BandPredikat
    extra = 0
    lingkup_pemda = "skala__pemda"
    lingkup_nasional = True


@admin.register(SkalaPredikat)
class SkalaPredikatAdmin(AdminBerlingkup):
    """Band tables, national and each pemda's own (a pemda administrator sees those two, never another
    pemda's): read-only to a pemda administrator (its copy is made on the evaluation settings page), and to
    everyone once a final evaluation reads its predicate from one."""

    list_display = ["versi", "bawah_inklusif", "pemda"]
    inlines = [BandInline]
    versi_optimistik = False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.terkunci)


@admin.register(Evaluasi)
class EvaluasiAdmin(AdminHanyaBaca):
    """Evaluations are written through the pages and the API (their transitions freeze the result); the admin only
    shows them, and deletes none (a final one and its frozen result and recommendations go with it)."""

    list_display = ["__str__", "tahun", "jenis", "status", "pemda"]
    list_filter = ["pemda", "tahun", "jenis", "status"]


@admin.register(HasilEvaluasi)
class HasilEvaluasiAdmin(AdminHanyaBaca):
    """Frozen results, read-only."""

    list_display = ["evaluasi", "total", "predikat", "dihitung_pada"]


@admin.register(Rekomendasi)
class RekomendasiAdmin(AdminHanyaBaca):
    """Recommendations, read-only here (follow-up and verification happen on the pages)."""

    list_display = ["__str__", "perangkat_daerah", "batas_waktu", "status"]
    list_filter = ["pemda", "perangkat_daerah", "status"]


@admin.register(PengaturanEvaluasi)
class PengaturanEvaluasiAdmin(AdminBerlingkup):
    """A pemda's evaluation settings: its administrator edits its own row (history and versi by the base)."""

    list_display = ["pemda", "nilai_di_atas_dukungan", "instrumen_kota", "instrumen_pd", "skala_predikat"]
    data_referensi = True


# issue 15: facts beside criteria §2, migration map §6; issue 18: the Pemda admin with "Buat pemda dari workbook"
from . import admin_fakta, admin_hitung, admin_onboarding, admin_pemetaan  # noqa: E402, F401
