"""Celery tasks of the notifikasi app: thin; they take ids and call one service."""

from __future__ import annotations

from celery import shared_task
from celery.signals import beat_init
from django.utils import timezone, translation

from . import services, surel, webhook


@shared_task(name="notifikasi.harian")
def notifikasi_harian() -> dict:
    """Daily (Celery beat): the sweep of time-based events, then each user's e-mail digest."""
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        baru = services.sapu()
        return {"peristiwa_baru": baru, "surel": surel.ringkasan_kirim()}


@shared_task(name="notifikasi.bersihkan")
def notifikasi_bersihkan() -> int:
    """Daily (Celery beat): delete the notifications read longer ago than the retention setting."""
    return services.bersihkan()


@shared_task(
    name="notifikasi.webhook",
    autoretry_for=(webhook.GagalSementara,),
    retry_backoff=10,
    retry_backoff_max=3600,
    max_retries=8,
)
def webhook_kirim(peristiwa_id: int) -> int | None:
    """POST one event to its pemda's webhook (retried with backoff while the gateway is unreachable)."""
    return webhook.webhook_kirim(peristiwa_id)


@beat_init.connect
def harian_saat_mulai(**_kwargs) -> None:
    """When beat starts, the day's run at once instead of a day later (an interval schedule's first run): `make
    run` prints the digests on its console. Harmless on a restart: the sweep records each event once and a user
    gets at most one digest a day."""
    notifikasi_harian.delay()
