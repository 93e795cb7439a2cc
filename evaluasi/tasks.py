"""Celery tasks of the evaluasi app: thin; they take ids and call one service."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone, translation

from .services import hitung

GALAT_SEMENTARA = (OperationalError, InterfaceError)  # the database went away or a lock timed out: try again


class _TugasPotongan(Task):
    """A chunk that still fails after its last retry marks its remaining pemda failed, so the batch closes."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        batch_id, pemda_ids = args[0], args[1]
        hitung.potongan_gagal(batch_id, pemda_ids, exc)


@shared_task(
    bind=True,
    base=_TugasPotongan,
    name="evaluasi.hitung_ulang_bagian",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=GALAT_SEMENTARA,
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=5,
)
def hitung_ulang_bagian(self, batch_id: int, pemda_ids: list[int]) -> int:
    """One chunk of a batch recompute (idempotent: the pemda already done are skipped)."""
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        return hitung.hitung_ulang_potongan(batch_id, pemda_ids, GALAT_SEMENTARA)


@shared_task(name="evaluasi.hitung_pulihkan_macet")
def hitung_pulihkan_macet() -> int:
    """Periodic: send again the chunks of a batch whose messages were lost (no progress for too long)."""
    return hitung.hitung_pulihkan_macet()
