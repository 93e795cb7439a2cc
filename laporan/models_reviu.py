"""The Inspektorat's reviu of one LKjIP (issue 14 point 9): one row per document, i.e. per (pemda, PD or the city,
year), not per generated file. The workflow, the checklist and the reads are in `laporan/reviu.py`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah


class Reviu(models.Model):
    """The reviu of one LKjIP; no row means the reviu has not started (belum)."""

    class Status(models.TextChoices):
        BELUM = "belum", _("Belum direviu")
        DIREVIU = "direviu", _("Sedang direviu")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan untuk perbaikan")
        SELESAI = "selesai", _("Selesai direviu")

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, null=True, blank=True)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.BELUM)
    # the checklist's answers by item code: {"A1": {"jawaban": "ya"|"tidak"|"tidak_relevan", "catatan": "..."}}
    jawaban = models.JSONField(_("jawaban kertas kerja"), default=dict, blank=True)
    # the note to the PD / Bagian Organisasi when the reviu is returned (every note stays in the history)
    catatan = models.TextField(_("catatan reviu"), blank=True)
    selesai_pada = models.DateField(_("tanggal selesai reviu"), null=True, blank=True)
    versi = models.PositiveIntegerField(default=1)
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("reviu LKjIP")
        verbose_name_plural = _("reviu LKjIP")
        ordering = ["tahun", "perangkat_daerah"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun"], name="reviu_pd_unik_per_tahun"),
            models.UniqueConstraint(
                fields=["pemda", "tahun"], condition=models.Q(perangkat_daerah__isnull=True), name="reviu_kota_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"Reviu LKjIP {self.perangkat_daerah or self.pemda} {self.tahun}"
