"""Which action each write of an evaluation needs, and the row lock every workflow write takes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi

from ..models import (
    Evaluasi,
)

# --- Rights -------------------------------------------------------------------------------------------------


def aksi_isi(evaluasi: Evaluasi) -> str:
    """The action that answering this evaluation needs."""
    if evaluasi.jenis == Evaluasi.Jenis.INTERNAL:
        return Aksi.EVALUASI
    if evaluasi.jenis == Evaluasi.Jenis.MANDIRI and evaluasi.perangkat_daerah_id:
        return Aksi.ISI
    return Aksi.KELOLA


def _pastikan(user, evaluasi: Evaluasi, aksi: str) -> None:
    """PermissionDenied unless `user` may perform `aksi` on this evaluation."""
    if not Evaluasi.objects.for_user(user, aksi).filter(pk=evaluasi.pk).exists():
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada evaluasi ini."))


def _pastikan_bukan_final(evaluasi: Evaluasi) -> None:
    if evaluasi.status == Evaluasi.Status.FINAL:
        raise ValidationError(_("Evaluasi ini sudah final dan tidak dapat diubah."))


def boleh_mengisi(user, evaluasi: Evaluasi) -> bool:
    """Whether `user` may answer this evaluation now (right, scope and status)."""
    if evaluasi.jenis == Evaluasi.Jenis.RESMI or evaluasi.status != Evaluasi.Status.DRAF or evaluasi.arsip:
        return False
    return Evaluasi.objects.for_user(user, aksi_isi(evaluasi)).filter(pk=evaluasi.pk).exists()


def _kunci(evaluasi: Evaluasi) -> Evaluasi:
    """Reload the evaluation row locked for update (a second writer waits, then sees the new status).

    An archived row (a kind the workflow does not know, kept by migration 0005) is read-only."""
    e = Evaluasi.objects.select_for_update().select_related("instrumen__skala_predikat").get(pk=evaluasi.pk)
    if e.arsip:
        raise ValidationError(_("Evaluasi ini diarsipkan (jenisnya tidak dikenal) dan hanya dapat dibaca."))
    return e
