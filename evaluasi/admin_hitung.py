"""The platform superuser's page to recompute a year for a pemda group and watch its progress (issue 18 point 4):
"Tambah" asks for the group and the year and starts `services.hitung.hitung_ulang_grup`; the list and each row
show the batch's progress (pemda done and failed, evaluations scored) and the failed pemda with their reason.
Platform data: no `scope_pemda`, so a pemda administrator gets no page."""

from __future__ import annotations

from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.admin_dasar import AdminBatchGrup, FormMulaiGrup

from .models import TAHUN_MAKS, TAHUN_MIN, BagianHitung, BatchHitung
from .services import hitung


class _FormMulai(FormMulaiGrup):
    class Meta:
        model = BatchHitung
        fields = ["grup", "tahun"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].validators += [MinValueValidator(TAHUN_MIN), MaxValueValidator(TAHUN_MAKS)]


@admin.register(BatchHitung)
class BatchHitungAdmin(AdminBatchGrup):
    """Start a group's recompute (add) and read every batch's progress; nothing is edited or deleted here."""

    form_mulai = _FormMulai
    fields_mulai = ["grup", "tahun"]

    list_display = ["__str__", "grup", "tahun", "status", "total", "selesai", "gagal", "jumlah_evaluasi",
                    "diminta_oleh", "mulai_pada", "selesai_pada"]  # fmt: skip
    list_filter = ["status", "tahun"]
    readonly_fields = ["grup", "tahun", "status", "total", "selesai", "gagal", "jumlah_evaluasi", "diminta_oleh",
                       "diminta_pada", "mulai_pada", "selesai_pada", "pemda_gagal"]  # fmt: skip

    @admin.display(description=_("pemda gagal"))
    def pemda_gagal(self, obj):
        gagal = BagianHitung.objects.filter(batch=obj, status=BagianHitung.Status.GAGAL).select_related("pemda")
        return format_html_join("", "<p>{}: {}</p>", ((b.pemda.nama, b.galat) for b in gagal)) or "–"

    def save_model(self, request, obj, form, change):
        """Start the batch through THE service (its guard, its duplicate check); the page then shows that row."""
        batch = hitung.hitung_ulang_grup(form.cleaned_data["grup"], form.cleaned_data["tahun"], oleh=request.user)
        obj.pk, obj.status, obj.total = batch.pk, batch.status, batch.total
