"""Django admin of the facts beside the criteria (issue 15 point 2): which registered fact (evaluasi/fakta.py)
stands beside which criterion. A pemda administrator edits the mapping of its own pemda's instrument copies; a
national instrument's mapping is read-only to it (as the instrument itself). Not locked with the instrument:
the facts are no part of the score."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.admin_dasar import AdminBerlingkup, profil_admin_pemda

from . import fakta
from .models import FaktaKriteria, Kriteria
from .models.fakta import JALUR_PEMDA


class FaktaKriteriaForm(forms.ModelForm):
    """The fact is chosen from the registry (its label and key), never typed."""

    kunci = forms.ChoiceField(label=_("fakta"), choices=fakta.pilihan)

    class Meta:
        model = FaktaKriteria
        fields = ["kriteria", "kunci", "urutan"]


def _label_kriteria(kr: Kriteria) -> str:
    return f"{kr.subkomponen.komponen.instrumen} · {kr.kode} {kr.uraian[:80]}"


@admin.register(FaktaKriteria)
class FaktaKriteriaAdmin(AdminBerlingkup):
    """The facts beside the criteria: own pemda's instrument copies editable, national ones read-only."""

    form = FaktaKriteriaForm
    list_display = ["kode_kriteria", "uraian_kriteria", "label_fakta", "instrumen", "urutan"]
    list_filter = [("kriteria__subkomponen__komponen__instrumen", admin.RelatedOnlyFieldListFilter), "kunci"]
    list_select_related = ["kriteria__subkomponen__komponen__instrumen"]
    search_fields = ["kriteria__kode", "kriteria__uraian", "kunci"]
    data_referensi = True
    lingkup_pemda = JALUR_PEMDA
    lingkup_nasional = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kriteria":
            qs = Kriteria.objects.select_related("subkomponen__komponen__instrumen").order_by(
                "subkomponen__komponen__instrumen__kode", "subkomponen__komponen__instrumen__versi", "kode"
            )
            profil = profil_admin_pemda(request)
            if profil is not None:  # its own pemda's copies only: a national instrument's mapping is not its to edit
                qs = qs.filter(subkomponen__komponen__instrumen__pemda_id=profil.pemda_id)
            elif not request.user.is_superuser:
                qs = qs.none()
            kwargs["queryset"] = qs
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = _label_kriteria
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("kriteria"), ordering="kriteria__kode")
    def kode_kriteria(self, obj):
        return obj.kriteria.kode

    @admin.display(description=_("uraian"))
    def uraian_kriteria(self, obj):
        return obj.kriteria.uraian

    @admin.display(description=_("fakta"), ordering="kunci")
    def label_fakta(self, obj):
        f = fakta.cari(obj.kunci)
        return f.label if f is not None else f"{obj.kunci} ({_('tidak dikenal')})"

    @admin.display(description=_("instrumen"))
    def instrumen(self, obj):
        return obj.kriteria.subkomponen.komponen.instrumen
