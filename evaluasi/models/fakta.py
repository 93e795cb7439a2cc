"""Which facts from the product stand beside which criterion (issue 15 point 2): data an administrator edits in
the admin. The facts themselves are defined in code (evaluasi/fakta.py); a row names one by its key."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Aksi, ScopedQuerySet, boleh, profil_pengguna

from ..fakta import cari
from .instrumen import Kriteria

JALUR_PEMDA = "kriteria__subkomponen__komponen__instrumen__pemda"


class FaktaKriteriaQuerySet(ScopedQuerySet):
    """As the instruments: a national instrument's mapping is visible to everyone, a pemda's only to it."""

    def for_user(self, user, aksi: str = Aksi.LIHAT):
        """Rows `user` may read (LIHAT) or manage (KELOLA)."""
        if not boleh(user, aksi):
            return self.none()
        return self.filter(Q(**{f"{JALUR_PEMDA}__isnull": True}) | Q(**{JALUR_PEMDA: profil_pengguna(user).pemda_id}))


class FaktaKriteria(models.Model):
    """One fact shown beside one criterion on the worksheet and, when below 100 %, in the plan's list of
    improvements. Not part of the score: it may change while the instrument is locked. A copy of the instrument
    copies it (services/fakta.fakta_salin)."""

    kriteria = models.ForeignKey(Kriteria, on_delete=models.CASCADE, related_name="fakta", verbose_name=_("kriteria"))
    kunci = models.CharField(
        _("fakta"), max_length=40, help_text=_("Fakta dari data SAKIP Kota yang ditampilkan di samping kriteria ini.")
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = FaktaKriteriaQuerySet.as_manager()
    scope_pemda = JALUR_PEMDA
    scope_pd = None

    class Meta:
        verbose_name = _("fakta kriteria")
        verbose_name_plural = _("fakta kriteria")
        ordering = ["kriteria", "urutan", "kunci"]
        constraints = [models.UniqueConstraint(fields=["kriteria", "kunci"], name="fakta_kriteria_unik")]

    def __str__(self) -> str:
        return f"{self.kriteria.kode} → {self.kunci}"

    def clean(self) -> None:
        if cari(self.kunci) is None:
            raise ValidationError({"kunci": _("Fakta ini tidak dikenal.")})
