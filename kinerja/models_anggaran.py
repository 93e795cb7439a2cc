"""Budget follows performance (issue 13 point 5): the pagu and the realised spending of one sub kegiatan node
of the performance tree for a year. They roll up the tree to kegiatan, program, PD and city
(kinerja/selectors/anggaran_pohon.py); the PD-level `Anggaran` is their sum, or the fallback where a PD has
no sub kegiatan budget for the year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah

from . import capaian

ANGKA = {"max_digits": 20, "decimal_places": 4}


class PaguRealisasi(models.Model):
    """A year's pagu and the realised spending per quarter (each quarter's own, not cumulative), versioned: the
    shape of the PD-level `Anggaran` and of `AnggaranSubKegiatan`."""

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    pagu = models.DecimalField(_("pagu"), **ANGKA)
    realisasi_t1 = models.DecimalField(_("realisasi TW I"), null=True, blank=True, **ANGKA)
    realisasi_t2 = models.DecimalField(_("realisasi TW II"), null=True, blank=True, **ANGKA)
    realisasi_t3 = models.DecimalField(_("realisasi TW III"), null=True, blank=True, **ANGKA)
    realisasi_t4 = models.DecimalField(_("realisasi TW IV"), null=True, blank=True, **ANGKA)
    versi = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def realisasi_total(self):
        """Spending so far: the sum of the quarters entered (None when nothing is entered)."""
        return capaian.nilai_tahunan({tw: getattr(self, f"realisasi_t{tw}") for tw in capaian.TRIWULAN}, "kumulatif")


class AnggaranSubKegiatan(PaguRealisasi):
    """Pagu and realisation per quarter (each quarter's own spending) of a sub kegiatan node for a year.
    `pemda` and `perangkat_daerah` repeat the node's, so access filters need no join; `save()` keeps them
    equal to the node's."""

    sasaran = models.ForeignKey(
        "kinerja.Sasaran",
        on_delete=models.PROTECT,
        related_name="anggaran_sub_kegiatan",
        verbose_name=_("sub kegiatan"),
    )
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, related_name="anggaran_sub_kegiatan", editable=False
    )

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("anggaran sub kegiatan")
        verbose_name_plural = _("anggaran sub kegiatan")
        ordering = ["sasaran__kode", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["sasaran", "tahun"], name="anggaran_sub_kegiatan_unik_per_tahun"),
            models.CheckConstraint(condition=models.Q(pagu__gte=0), name="anggaran_sub_kegiatan_pagu_positif"),
        ]
        # covers the city tree page's per-PD fingerprint (`pohon_kota_cabang.sidik`): read from the index alone
        indexes = [
            models.Index(
                fields=["pemda", "perangkat_daerah", "versi", "sasaran", "id"], name="anggaran_sub_sidik_cabang"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sasaran.kode} {self.tahun}"

    def save(self, *args, **kwargs):
        self.pemda_id = self.sasaran.pemda_id
        self.perangkat_daerah_id = self.sasaran.perangkat_daerah_id
        super().save(*args, **kwargs)
