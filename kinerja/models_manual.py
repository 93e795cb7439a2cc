"""The manual of an indicator (Manual IK: how it is defined, computed, reported) and the IKU document of a PD
or of the city for a planning period (issue 13 point 4). A final IKU document locks the manuals of its IKU:
a later change needs a reason and is recorded as a revision (kinerja/services/manual.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah

from .models_perencanaan import PeriodePerencanaan


class ManualIK(models.Model):
    """The manual of one indicator: operational definition, formula in words, why it was chosen, its kind,
    data source, who answers for it and how often it is reported. Direction (arah) and aggregation stay on
    the indicator; the manual page shows them. Scoped through its indicator."""

    class Jenis(models.TextChoices):
        INPUT = "input", _("Input")
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome")
        IMPACT = "impact", _("Dampak (impact)")

    class Periode(models.TextChoices):
        BULANAN = "bulanan", _("Bulanan")
        TRIWULANAN = "triwulanan", _("Triwulanan")
        SEMESTERAN = "semesteran", _("Semesteran")
        TAHUNAN = "tahunan", _("Tahunan")

    indikator = models.OneToOneField("kinerja.Indikator", on_delete=models.CASCADE, related_name="manual_ik")
    definisi = models.TextField(_("definisi operasional"), blank=True)
    rumus = models.TextField(_("rumus / cara menghitung"), blank=True)
    alasan = models.TextField(_("alasan pemilihan indikator"), blank=True)
    jenis = models.CharField(_("jenis indikator"), max_length=10, choices=Jenis.choices, default=Jenis.OUTCOME)
    sumber_data = models.CharField(_("sumber data"), max_length=200, blank=True)
    penanggung_jawab = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    periode_pelaporan = models.CharField(
        _("periode pelaporan"), max_length=12, choices=Periode.choices, default=Periode.TRIWULANAN
    )
    versi = models.PositiveIntegerField(default=1)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "indikator__pemda"
    scope_pd = "indikator__perangkat_daerah"

    class Meta:
        verbose_name = _("manual indikator kinerja")
        verbose_name_plural = _("manual indikator kinerja")
        ordering = ["indikator__kode"]

    def __str__(self) -> str:
        return f"Manual {self.indikator}"


class DokumenIKU(models.Model):
    """The IKU document of a PD (or of the city: `perangkat_daerah` empty) for a planning period: it lists the
    IKU (`Indikator.iku`) of its owner with their manuals. Once final (`final`), those manuals are locked: each
    later change of one is a revision with a reason, counted in `revisi`."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        FINAL = "final", _("Final")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, blank=True, related_name="dokumen_iku"
    )
    periode = models.ForeignKey(PeriodePerencanaan, on_delete=models.PROTECT, related_name="dokumen_iku")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAF)
    revisi = models.PositiveIntegerField(_("jumlah revisi"), default=0)  # kinerja/services/rencana.revisi_catat
    versi = models.PositiveIntegerField(default=1)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("dokumen IKU")
        verbose_name_plural = _("dokumen IKU")
        ordering = ["pemda", "periode", "perangkat_daerah"]
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "perangkat_daerah"],
                condition=models.Q(perangkat_daerah__isnull=False),
                name="dokumen_iku_unik_per_pd",
            ),
            models.UniqueConstraint(
                fields=["periode"], condition=models.Q(perangkat_daerah__isnull=True), name="dokumen_iku_unik_kota"
            ),
        ]

    def __str__(self) -> str:
        pemilik = self.perangkat_daerah or _("Kota")
        return f"IKU {pemilik} {self.periode}"

    @property
    def final(self) -> bool:
        return self.status == self.Status.FINAL
