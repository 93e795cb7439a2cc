"""The service path: PostgreSQL and a real Celery worker on Redis. Skipped (with the reason) without the
services; under CI=true a missing service fails instead, so CI cannot pass without exercising them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from perangkat_daerah.management.commands.jalankan import siapkan_anak
from tests.conftest import wajib_layanan

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.layanan


@pytest.mark.django_db
def test_database_is_postgresql_when_configured(pemeran):
    wajib_layanan("DATABASE_URL")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        assert cur.fetchone()[0].startswith("PostgreSQL")
    # the access rule holds on PostgreSQL too
    from perangkat_daerah.models import PerangkatDaerah

    assert list(PerangkatDaerah.objects.for_user(pemeran.operator_a)) == [pemeran.pd_a]


def _tunggu_pekerja(broker: str, backend: str) -> str:
    from sakip.celery import app, ping

    app.conf.broker_url = broker
    app.conf.result_backend = backend
    batas = time.monotonic() + 90
    while True:
        try:
            return ping.apply_async(queue="celery").get(timeout=15)
        except Exception:
            if time.monotonic() > batas:
                raise


def test_real_celery_worker_answers_over_redis():
    broker = wajib_layanan("CELERY_BROKER_URL")
    assert broker.startswith("redis://"), broker
    backend = os.environ.get("CELERY_RESULT_BACKEND") or broker
    env = {**os.environ, "CELERY_RESULT_BACKEND": backend, "DJANGO_SETTINGS_MODULE": "sakip.settings.test"}
    pekerja = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sakip",
            "worker",
            "-Q",
            "celery",
            "-c",
            "1",
            "-l",
            "warning",
            "-n",
            f"uji-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=siapkan_anak(os.getpid()),  # dies with a killed pytest
    )
    try:
        assert _tunggu_pekerja(broker, backend) == "pong"
    finally:
        pekerja.terminate()
        pekerja.wait(timeout=30)
