"""A year's results recomputed for many pemda at once, by chunked Celery tasks (issue 18 point 4).

`BatchHitung` is one request ("Hitung ulang semua hasil tahun Y" for a list or group of pemda) and its
progress (a `perangkat_daerah.batch.BatchDasar`, as a group's report batch is); `BagianHitung` is one pemda
of it (its state, so a retried chunk skips the pemda already done and the counters never count twice);
`HasilHitung` is the engine's result of one evaluation as of the last recompute (never the frozen
`HasilEvaluasi`: a final result keeps its total and predicate, and the recompute only records whether the
engine still agrees with it, `sama_dengan_beku`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.batch import BatchDasar, StatusBagian
from perangkat_daerah.models import Pemda

from .evaluasi import Evaluasi
from .instrumen import DESIMAL


class BatchHitung(BatchDasar):
    """One recompute of a year over many pemda, split into chunks of `SAKIP_HITUNG_PEMDA_PER_TUGAS` pemda; its shape,
    status and progress are every batch's (`perangkat_daerah.batch.BatchDasar`), its parts the `BagianHitung`
    rows."""

    nama_bagian = "bagian"

    jumlah_evaluasi = models.PositiveIntegerField(_("evaluasi dihitung"), default=0)

    class Meta(BatchDasar.Meta):
        verbose_name = _("batch hitung ulang")
        verbose_name_plural = _("batch hitung ulang")

    def __str__(self) -> str:
        return f"Hitung ulang {self.tahun}: {self.selesai + self.gagal}/{self.total}"

    @classmethod
    def rekap_tambahan(cls) -> dict:
        """The recount also sums the evaluations scored."""
        return {"jumlah_evaluasi": Coalesce(Sum("jumlah_evaluasi"), 0)}


class BagianHitung(models.Model):
    """One pemda of a batch: waiting, done (with how many evaluations) or failed (with the reason)."""

    Status = StatusBagian

    batch = models.ForeignKey(BatchHitung, on_delete=models.CASCADE, related_name="bagian")
    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=StatusBagian.choices, default=StatusBagian.ANTRI)
    jumlah_evaluasi = models.PositiveIntegerField(default=0)
    galat = models.TextField(_("galat"), blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bagian hitung ulang")
        verbose_name_plural = _("bagian hitung ulang")
        constraints = [models.UniqueConstraint(fields=["batch", "pemda"], name="bagian_hitung_unik")]

    def __str__(self) -> str:
        return f"{self.pemda_id}: {self.status}"


class HasilHitung(models.Model):
    """The engine's result of one evaluation at `dihitung_pada` (a snapshot: a draft edited later is scored live
    on its own pages; this row is what the last recompute saw). Values as text, like HasilEvaluasi."""

    evaluasi = models.OneToOneField(Evaluasi, on_delete=models.CASCADE, related_name="hasil_hitung")
    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    total = models.DecimalField(_("nilai total"), **DESIMAL)
    predikat = models.CharField(_("predikat"), max_length=4)
    nilai_komponen = models.JSONField(_("nilai komponen"), default=dict, blank=True)
    lengkap = models.BooleanField(_("lengkap"), default=True)
    sama_dengan_beku = models.BooleanField(
        _("sama dengan hasil beku"), null=True, blank=True, help_text=_("Kosong bila evaluasi belum final.")
    )
    dihitung_pada = models.DateTimeField(_("dihitung pada"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "evaluasi__perangkat_daerah"

    class Meta:
        verbose_name = _("hasil hitung ulang")
        verbose_name_plural = _("hasil hitung ulang")
        indexes = [models.Index(fields=["pemda", "tahun"], name="hasil_hitung_pemda_tahun")]

    def __str__(self) -> str:
        return f"{self.evaluasi_id}: {self.total} ({self.predikat})"
