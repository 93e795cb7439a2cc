"""The platform superuser's page to make one report kind for every member of a pemda group and year, and watch
its progress (issue 18 point 4, like the recompute's evaluasi/admin_hitung.py): "Tambah" asks for the group, the
kind (`batch_grup.jenis_grup`: the registry's city documents built from each pemda's data), the year and, for a
quarter's kind, the quarter, and starts `batch_grup.batch_grup_minta`; the list and each row show the batch's
progress and the failed reports with their reason. Platform data: no `scope_pemda`, so a pemda administrator
gets no page."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.admin_dasar import AdminBatchGrup, FormMulaiGrup

from . import batch_grup
from .models import BatchLaporanGrup, Laporan


class _FormMulai(FormMulaiGrup):
    jenis = forms.ChoiceField(label=_("jenis laporan"), choices=())

    class Meta:
        model = BatchLaporanGrup
        fields = ["grup", "jenis", "tahun", "triwulan"]
        help_texts = {"triwulan": _("Hanya untuk laporan triwulanan (Monev Renaksi); kosongkan untuk LKjIP.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [(j.kode, j.label) for j in batch_grup.jenis_grup()]

    def clean(self):
        """The kind and quarter by the service's own rule, so the page shows its message on the field."""
        data = super().clean()
        if "jenis" in data:
            try:
                batch_grup.jenis_grup_periksa(data["jenis"], data.get("triwulan"))
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(BatchLaporanGrup)
class BatchLaporanGrupAdmin(AdminBatchGrup):
    """Start a group's report batch (add) and read every batch's progress; nothing is edited or deleted here."""

    form_mulai = _FormMulai
    fields_mulai = ["grup", "jenis", "tahun", "triwulan"]

    list_display = ["__str__", "grup", "jenis", "tahun", "triwulan", "status", "total", "selesai", "gagal",
                    "diminta_oleh", "mulai_pada", "selesai_pada"]  # fmt: skip
    list_filter = ["status", "tahun", "jenis"]
    readonly_fields = ["grup", "jenis", "tahun", "triwulan", "status", "total", "selesai", "gagal", "diminta_oleh",
                       "diminta_pada", "mulai_pada", "selesai_pada", "laporan_gagal"]  # fmt: skip

    @admin.display(description=_("laporan gagal"))
    def laporan_gagal(self, obj):
        gagal = Laporan.objects.filter(batch_grup=obj, status=Laporan.Status.GAGAL).select_related("pemda")
        return format_html_join("", "<p>{}: {}</p>", ((b.pemda.nama, b.galat) for b in gagal)) or "–"

    def save_model(self, request, obj, form, change):
        """Start the batch through THE service (its guard, its duplicate check); the page then shows that row."""
        d = form.cleaned_data
        batch = batch_grup.batch_grup_minta(
            user=request.user, grup=d["grup"], jenis=d["jenis"], tahun=d["tahun"], triwulan=d.get("triwulan")
        )
        obj.pk, obj.status, obj.total = batch.pk, batch.status, batch.total
