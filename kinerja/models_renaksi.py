"""Rencana aksi (issue 16 point 1): the actions a PD plans for a year under a PK indicator or a sub kegiatan's
indicator, each with its stages, monthly (or quarterly) targets and who is responsible, and each month's
realisation with its supporting and hindering factors and follow-up. The plan is fixed with the PK; the
monthly realisation follows THE workflow of reported values (`kinerja/services/alur.py`)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah

from . import capaian
from .models import ANGKA, Indikator, IsianBeralur
from .models_perencanaan import INDIKATOR_PK

BULAN_PILIHAN = [(b, str(b)) for b in range(1, 13)]

# THE rule of which indicators carry action plans: a PD's PK indicators, and those of its sub kegiatan nodes.
INDIKATOR_RENAKSI = models.Q(perangkat_daerah__isnull=False) & (
    INDIKATOR_PK | models.Q(sasaran__tingkat__nomenklatur="sub_kegiatan")
)


class RencanaAksi(models.Model):
    """One planned action of a PD for a year under an indicator: stages, targets per month (`target_bulanan`,
    month number as text → value as text; a quarterly plan sets months 3, 6, 9 and 12), who is responsible,
    and whether it carries out an instruction of the kepala daerah. `pemda`/`perangkat_daerah` repeat the
    indicator's for the choke point."""

    class JenisTarget(models.TextChoices):
        BULANAN = "bulanan", _("Bulanan")
        TRIWULANAN = "triwulanan", _("Triwulanan")

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="rencana_aksi")
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+", editable=False)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    uraian = models.TextField(_("uraian aksi"))
    tahapan = models.TextField(_("tahapan"), blank=True)
    jenis_target = models.CharField(
        _("jenis target"), max_length=10, choices=JenisTarget.choices, default=JenisTarget.BULANAN
    )
    target_bulanan = models.JSONField(_("target per bulan"), default=dict, blank=True)
    penanggung_jawab = models.CharField(_("penanggung jawab"), max_length=200)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    instruksi_kepala_daerah = models.BooleanField(_("instruksi kepala daerah"), default=False)
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["perangkat_daerah", "tahun", "indikator", "urutan", "pk"]
        indexes = [models.Index(fields=["perangkat_daerah", "tahun"])]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun}: {self.uraian[:60]}"

    def save(self, *args, **kwargs):
        self.pemda_id = self.indikator.pemda_id
        self.perangkat_daerah_id = self.indikator.perangkat_daerah_id
        super().save(*args, **kwargs)


class RealisasiAksi(IsianBeralur):
    """The realisation of one action in one month: value, supporting and hindering factors, follow-up,
    evidence, and the workflow draf → diajukan → diverifikasi | dikembalikan (`Realisasi.Status`)."""

    rencana_aksi = models.ForeignKey(RencanaAksi, on_delete=models.CASCADE, related_name="realisasi")
    bulan = models.PositiveSmallIntegerField(_("bulan"), choices=BULAN_PILIHAN)
    nilai = models.DecimalField(_("realisasi"), null=True, blank=True, **ANGKA)
    faktor_pendukung = models.TextField(_("faktor pendukung"), blank=True)
    faktor_penghambat = models.TextField(_("faktor penghambat"), blank=True)
    tindak_lanjut = models.TextField(_("tindak lanjut"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "rencana_aksi__pemda"
    scope_pd = "rencana_aksi__perangkat_daerah"

    class Meta:
        verbose_name = _("realisasi rencana aksi")
        verbose_name_plural = _("realisasi rencana aksi")
        ordering = ["rencana_aksi", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["rencana_aksi", "bulan"], name="realisasi_aksi_unik_per_bulan"),
            models.CheckConstraint(condition=models.Q(bulan__gte=1, bulan__lte=12), name="realisasi_aksi_bulan_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.rencana_aksi} bulan {self.bulan}"

    @property
    def dapat_diubah(self) -> bool:
        """Whether the PD may still edit it (not while waiting for or after verification)."""
        return self.status in (self.Status.DRAF, self.Status.DIKEMBALIKAN)

    @property
    def nilai_teks(self) -> str:
        """The value as the user would type it again (12,5; 1.234), "" when empty."""
        from .selectors import angka_isian  # the one text of a stored number; selectors import models

        return "" if self.nilai is None else angka_isian(self.nilai)


def triwulan_bulan(bulan: int) -> int:
    """The quarter a month falls in (1–3 → 1, …, 10–12 → 4)."""
    return (bulan - 1) // 3 + 1


def bulan_triwulan(triwulan: int) -> list[int]:
    """The three months of a quarter."""
    return [3 * triwulan - 2, 3 * triwulan - 1, 3 * triwulan]


def target_sd(target_bulanan: dict, bulan: int) -> Decimal | None:
    """The plan's target that holds in `bulan`: the one set for the latest month up to it (a quarterly plan's
    March target holds in April and May too), or None before the first target."""
    berlaku = [int(b) for b in target_bulanan if int(b) <= bulan]
    return Decimal(target_bulanan[str(max(berlaku))]) if berlaku else None


def tertinggal(arah: str, target: Decimal | None, nilai: Decimal | None) -> bool:
    """THE rule of an action behind its plan: a value below the target (above it for an indicator whose lower
    values are better); never without both numbers."""
    if target is None or nilai is None:
        return False
    return nilai > target if arah == capaian.Arah.TURUN.value else nilai < target
