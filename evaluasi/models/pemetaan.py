"""Instrument migration (issue 15 point 6): which criterion of an old instrument version answers for which
criterion of the new one, or for none. Data an administrator edits in the admin; rows missing for an old
criterion are suggested by code, then by text (services/migrasi_instrumen.pemetaan_usulan)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Aksi, ScopedQuerySet, boleh, profil_pengguna

from .instrumen import Instrumen, Kriteria

JALUR_PEMDA_PEMETAAN = "instrumen_baru__pemda"


class PemetaanKriteriaQuerySet(ScopedQuerySet):
    """As the instruments: a national pair's mapping is visible to everyone, a pemda's only to it."""

    def for_user(self, user, aksi: str = Aksi.LIHAT):
        """Rows `user` may read (LIHAT) or manage (KELOLA)."""
        if not boleh(user, aksi):
            return self.none()
        return self.filter(
            Q(**{f"{JALUR_PEMDA_PEMETAAN}__isnull": True}) | Q(**{JALUR_PEMDA_PEMETAAN: profil_pengguna(user).pemda_id})
        )


class PemetaanKriteria(models.Model):
    """One old criterion → the new criterion its answer, note and evidence carry to (empty: carried nowhere).

    Not part of the score: it may change while either instrument is locked."""

    instrumen_lama = models.ForeignKey(
        Instrumen, on_delete=models.CASCADE, related_name="+", verbose_name=_("instrumen lama")
    )
    instrumen_baru = models.ForeignKey(
        Instrumen, on_delete=models.CASCADE, related_name="pemetaan_masuk", verbose_name=_("instrumen baru")
    )
    kriteria_lama = models.ForeignKey(
        Kriteria, on_delete=models.CASCADE, related_name="+", verbose_name=_("kriteria lama")
    )
    kriteria_baru = models.ForeignKey(
        Kriteria,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kriteria baru"),
        help_text=_("Kosong: jawaban kriteria lama ini tidak dibawa ke instrumen baru."),
    )

    objects = PemetaanKriteriaQuerySet.as_manager()
    scope_pemda = JALUR_PEMDA_PEMETAAN
    scope_pd = None

    class Meta:
        verbose_name = _("pemetaan kriteria")
        verbose_name_plural = _("pemetaan kriteria")
        ordering = ["instrumen_baru", "kriteria_lama__subkomponen__komponen__urutan", "kriteria_lama__nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instrumen_baru", "kriteria_lama"], name="pemetaan_kriteria_lama_unik"),
            models.UniqueConstraint(
                fields=["instrumen_baru", "kriteria_baru"],
                condition=Q(kriteria_baru__isnull=False),
                name="pemetaan_kriteria_baru_unik",
            ),
        ]

    def __str__(self) -> str:
        baru = self.kriteria_baru.kode if self.kriteria_baru_id else "–"
        return f"{self.kriteria_lama.kode} → {baru}"

    def clean(self) -> None:
        galat = {}
        if self.kriteria_lama_id and self.kriteria_lama.subkomponen.komponen.instrumen_id != self.instrumen_lama_id:
            galat["kriteria_lama"] = _("Kriteria lama bukan bagian dari instrumen lama.")
        if self.kriteria_baru_id and self.kriteria_baru.subkomponen.komponen.instrumen_id != self.instrumen_baru_id:
            galat["kriteria_baru"] = _("Kriteria baru bukan bagian dari instrumen baru.")
        if self.instrumen_lama_id and self.instrumen_lama_id == self.instrumen_baru_id:
            galat["instrumen_baru"] = _("Instrumen baru harus berbeda dari instrumen lama.")
        if galat:
            raise ValidationError(galat)
