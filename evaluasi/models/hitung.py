"""A year's results recomputed for many pemda at once, by chunked Celery tasks (issue 18 point 4).

`BatchHitung` is one request ("Hitung ulang semua hasil tahun Y" for a list or group of pemda) and its
progress; `BagianHitung` is one pemda of it (its state, so a retried chunk skips the pemda already done and
the counters never count twice); `HasilHitung` is the engine's result of one evaluation as of the last
recompute (never the frozen `HasilEvaluasi`: a final result keeps its total and predicate, and the recompute
only records whether the engine still agrees with it, `sama_dengan_beku`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import GrupPemda, Pemda

from .evaluasi import Evaluasi
from .instrumen import DESIMAL


class BatchHitung(models.Model):
    """One recompute of a year over many pemda, split into chunks of `SAKIP_HITUNG_PEMDA_PER_TUGAS` pemda."""

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Selesai dengan kegagalan")

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    grup = models.ForeignKey(
        GrupPemda, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("grup pemda")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ANTRI)
    total = models.PositiveIntegerField(_("jumlah pemda"), default=0)
    selesai = models.PositiveIntegerField(_("pemda selesai"), default=0)
    gagal = models.PositiveIntegerField(_("pemda gagal"), default=0)
    jumlah_evaluasi = models.PositiveIntegerField(_("evaluasi dihitung"), default=0)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diminta_pada = models.DateTimeField(_("diminta pada"), default=timezone.now)
    mulai_pada = models.DateTimeField(_("mulai pada"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # when its chunks were last sent to the queue (again by the stuck-batch sweep, services.hitung)
    dikirim_pada = models.DateTimeField(_("dikirim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch hitung ulang")
        verbose_name_plural = _("batch hitung ulang")
        ordering = ["-diminta_pada"]

    def __str__(self) -> str:
        return f"Hitung ulang {self.tahun}: {self.selesai + self.gagal}/{self.total}"

    @property
    def berjalan(self) -> bool:
        return self.status in (self.Status.ANTRI, self.Status.BERJALAN)


class BagianHitung(models.Model):
    """One pemda of a batch: waiting, done (with how many evaluations) or failed (with the reason)."""

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    batch = models.ForeignKey(BatchHitung, on_delete=models.CASCADE, related_name="bagian")
    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ANTRI)
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
