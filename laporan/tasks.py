"""Celery tasks of the laporan app: thin; they take ids and call one service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from . import services


@shared_task(
    bind=True,
    name="laporan.buat",
    queue="laporan",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.SAKIP_LAPORAN_BATAS_LUNAK,
    time_limit=settings.SAKIP_LAPORAN_BATAS_KERAS,
    autoretry_for=services.GALAT_SEMENTARA,
    retry_backoff=5,
    max_retries=3,
)
def laporan_buat(self, laporan_id: int) -> str:
    """Render one report job (safe to run twice: only the claimant renders)."""
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        return services.laporan_proses(laporan_id)


@shared_task(name="laporan.pulihkan_macet", queue="laporan")
def laporan_pulihkan_macet() -> int:
    """Periodic: fail jobs whose worker died mid-render, so they can be retried."""
    return services.laporan_pulihkan_macet()
