"""A Celery worker's main process loads what a report needs before it forks its children (laporan/tasks.py),
so a fresh child renders its first report without importing WeasyPrint and matplotlib first."""

from __future__ import annotations

import gc
import sys

from celery.signals import worker_init

from laporan.tasks import laporan_pustaka_muat


def test_the_worker_loads_the_renderers_and_freezes_them_before_forking():
    assert laporan_pustaka_muat in [r() for _id, r in worker_init.receivers]  # connected to worker_init
    try:
        laporan_pustaka_muat(sender=None)
        assert {"weasyprint", "matplotlib.pyplot", "docx", "laporan.konteks"} <= set(sys.modules)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
