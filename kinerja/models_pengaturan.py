"""A pemda's own rules for its performance data, as data its administrator edits in the admin (one row per
pemda; a pemda without a row follows the defaults)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda

from .proyeksi import AMBANG_BERISIKO_BAWAAN


class PengaturanKinerja(models.Model):
    """The kinerja settings of one pemda: the threshold below which a projected capaian is "berisiko", and
    whether realisations may be submitted while the PD's PK is still a draft (not by default)."""

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="+", verbose_name=_("pemda"))
    ambang_berisiko = models.DecimalField(
        _("ambang berisiko (%)"),
        max_digits=6,
        decimal_places=2,
        default=AMBANG_BERISIKO_BAWAAN,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
        help_text=_(
            "Indikator ditandai “Berisiko” bila capaian proyeksi akhir tahunnya di bawah angka ini "
            "(tepat pada angka ini tidak). Bawaan: 90."
        ),
    )
    ajukan_sebelum_pk = models.BooleanField(
        _("realisasi boleh diajukan sebelum PK ditetapkan"),
        default=False,
        help_text=_(
            "Bila dicentang, perangkat daerah dapat mengajukan realisasi walaupun Perjanjian Kinerja tahunnya "
            "masih draf. Bawaan: tidak boleh."
        ),
    )
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("pengaturan kinerja")
        verbose_name_plural = _("pengaturan kinerja")

    def __str__(self) -> str:
        return str(_("Pengaturan kinerja %(pemda)s") % {"pemda": self.pemda})

    @classmethod
    def ambang(cls, pemda_id: int) -> Decimal:
        """The pemda's berisiko threshold; the default when it has no row (1 query)."""
        nilai = cls.objects.filter(pemda_id=pemda_id).values_list("ambang_berisiko", flat=True).first()
        return AMBANG_BERISIKO_BAWAAN if nilai is None else nilai

    @classmethod
    def boleh_ajukan_sebelum_pk(cls, pemda_id: int) -> bool:
        """Whether the pemda lets a PD submit realisations against a draft PK; no by default (1 query)."""
        return bool(cls.objects.filter(pemda_id=pemda_id).values_list("ajukan_sebelum_pk", flat=True).first())
