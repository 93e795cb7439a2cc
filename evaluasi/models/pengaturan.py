"""A pemda's own rules for its evaluations, as data its administrator edits in the admin (one row per pemda;
a pemda without a row follows the defaults)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda

from .. import scoring


def _pilihan(model: str, nama, bantuan) -> models.ForeignKey:
    """An optional choice of the pemda's (empty: the default); the row chosen may go, the setting then empties."""
    return models.ForeignKey(
        model, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=nama, help_text=bantuan
    )


class PengaturanEvaluasi(models.Model):
    """The evaluation settings of one pemda."""

    class NilaiDiAtasDukungan(models.TextChoices):
        """Method A: what a grade above the one its criteria support needs (evaluasi.services.dukungan)."""

        DENGAN_ALASAN = "alasan", _("Boleh, dengan alasan tertulis")
        DITOLAK = "tolak", _("Tidak boleh")

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="+", verbose_name=_("pemda"))
    nilai_di_atas_dukungan = models.CharField(
        _("nilai subkomponen di atas dukungan kriteria"),
        max_length=10,
        choices=NilaiDiAtasDukungan.choices,
        default=NilaiDiAtasDukungan.DENGAN_ALASAN,
        help_text=_(
            "Evaluasi metode A: nilai subkomponen yang lebih tinggi daripada nilai yang didukung jawaban "
            "kriterianya (mis. AA padahal ada kriteria T). Bawaan: boleh dengan alasan tertulis, yang tampil "
            "pada halaman hasil, LHE dan LKjIP. “Tidak boleh” menolak nilai seperti itu."
        ),
    )
    instrumen_kota = _pilihan(
        "evaluasi.Instrumen",
        _("instrumen bawaan evaluasi kota"),
        _("Metode A. Kosong: instrumen aktif terbaru milik pemda ini, atau yang nasional."),
    )
    instrumen_pd = _pilihan(
        "evaluasi.Instrumen",
        _("instrumen bawaan evaluasi perangkat daerah"),
        _("Metode B. Kosong: instrumen aktif terbaru milik pemda ini, atau yang nasional."),
    )
    skala_predikat = _pilihan(
        "evaluasi.SkalaPredikat",
        _("skala predikat"),
        _("Skala yang dipakai instrumen bawaan pemda ini. Diubah lewat halaman Pengaturan evaluasi."),
    )
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("pengaturan evaluasi")
        verbose_name_plural = _("pengaturan evaluasi")

    def __str__(self) -> str:
        return str(_("Pengaturan evaluasi %(pemda)s") % {"pemda": self.pemda})

    def clean(self) -> None:
        """Only national rows or the pemda's own, each instrument of its kind's method (the selector ignores any
        other choice; this tells the admin why)."""
        galat = {}
        for kolom, metode in (("instrumen_kota", scoring.METODE_A), ("instrumen_pd", scoring.METODE_B)):
            ins = getattr(self, kolom)
            if ins is not None and (ins.pemda_id not in (None, self.pemda_id) or ins.metode != metode):
                galat[kolom] = _("Pilih instrumen nasional atau milik pemda ini dengan metode %(m)s.") % {"m": metode}
        if self.skala_predikat is not None and self.skala_predikat.pemda_id not in (None, self.pemda_id):
            galat["skala_predikat"] = _("Pilih skala predikat nasional atau milik pemda ini.")
        if galat:
            raise ValidationError(galat)

    @classmethod
    def untuk(cls, pemda_id: int) -> PengaturanEvaluasi:
        """The pemda's settings; an unsaved row with the defaults when it has none (1 query)."""
        return cls.objects.filter(pemda_id=pemda_id).first() or cls(pemda_id=pemda_id)
