"""Celery tasks of the laporan app: thin; they take ids and call one service. Their queues are in
settings.CELERY_TASK_ROUTES (a job of a batch goes to the batch queue: laporan/antrean.py)."""

from __future__ import annotations

import gc

from celery import Task, shared_task
from celery.signals import worker_init
from django.conf import settings
from django.utils import timezone, translation

from . import batch_grup, services


@shared_task(
    bind=True,
    name="laporan.buat",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.SAKIP_LAPORAN_BATAS_LUNAK,
    time_limit=settings.SAKIP_LAPORAN_BATAS_KERAS,
    autoretry_for=services.GALAT_SEMENTARA,
    retry_backoff=5,
    max_retries=3,
)
def laporan_buat(self, laporan_id: int) -> str:
    """Render one report job sent alone (safe to run twice: only the claimant renders); a group batch's report
    retried by its pemda recounts its batch after."""
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        return batch_grup.laporan_proses_sendiri(laporan_id)


class _TugasPotongan(Task):
    """A group chunk that still fails after its last retry marks its unfinished reports failed (the batch closes)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        batch_grup.batch_grup_potongan_gagal(args[0], args[1], exc)


@shared_task(
    bind=True,
    base=_TugasPotongan,
    name="laporan.buat_grup",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.SAKIP_LAPORAN_BATAS_LUNAK * settings.SAKIP_LAPORAN_GRUP_PER_TUGAS,
    time_limit=settings.SAKIP_LAPORAN_BATAS_KERAS * settings.SAKIP_LAPORAN_GRUP_PER_TUGAS,
    autoretry_for=services.GALAT_SEMENTARA,
    retry_backoff=5,
    max_retries=3,
)
def laporan_buat_grup(self, batch_id: int, laporan_ids: list[int]) -> int:
    """One chunk of a group's report batch (queue `batch`; safe to run twice: reports done are skipped)."""
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        return batch_grup.batch_grup_potongan(batch_id, laporan_ids)


@shared_task(name="laporan.pulihkan_macet")
def laporan_pulihkan_macet() -> int:
    """Periodic: fail jobs whose worker died mid-render, so they can be retried."""
    return services.laporan_pulihkan_macet()


@shared_task(name="laporan.pulihkan_grup_macet")
def laporan_pulihkan_grup_macet() -> int:
    """Periodic (queue `batch`): send again the chunks of a group batch whose messages were lost."""
    return batch_grup.batch_grup_pulihkan_macet()


@worker_init.connect
def laporan_pustaka_muat(**_kwargs) -> None:
    """In a worker's main process, before it forks its pool: import what a report needs (WeasyPrint, matplotlib,
    python-docx, the context builders: about 0.8 s of CPU) and move those long-lived objects out of the cyclic
    collector's reach (gc.freeze), so that every child, a fresh one after each --max-tasks-per-child tasks,
    starts ready instead of paying the imports on its first report. Not in the web processes, which only
    enqueue."""
    from . import docx_lkjip, grafik, konteks, pembuat  # noqa: F401
    from .sistem import masalah_pdf

    masalah_pdf()  # imports WeasyPrint when Pango is there (and remembers why not when it is not)
    grafik.pyplot()
    gc.freeze()
