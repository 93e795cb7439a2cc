"""THE queue of a report job (docs/ARCHITECTURE.md "Batch work and queues"): a Celery router, listed first in
settings.CELERY_TASK_ROUTES. A job a user asked for on a page or the API goes to `interaktif`; a job of a batch
(every PD's LKjIP, a group's reports) to `batch`, so a batch never delays a user's click."""

from __future__ import annotations

from django.conf import settings


def antrean_laporan(batch_id: int | None) -> str:
    """The queue of a job that belongs to batch `batch_id` (None: asked for by itself)."""
    return settings.ANTREAN_BATCH if batch_id is not None else settings.ANTREAN_INTERAKTIF


def rute(name, args, kwargs, options, task=None, **_kw):
    """Celery router: `laporan.buat` to the queue of its job (one primary-key read when it is sent); None for
    every other task (the static routes decide)."""
    if name != "laporan.buat":
        return None
    from .models import Laporan

    laporan_id = args[0] if args else kwargs.get("laporan_id")
    batch_id = Laporan.objects.filter(pk=laporan_id).values_list("batch_id", flat=True).first()
    return {"queue": antrean_laporan(batch_id)}
