"""docker-compose.yml parses and holds the services of the production-like path."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_declares_the_services():
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"postgres", "redis", "web", "worker", "worker-interaktif", "beat"} <= set(data["services"])
    web = data["services"]["web"]["command"]
    assert "migrate" in web and "gunicorn" in web


def test_redis_memory_is_bounded_and_never_drops_a_queued_task():
    """The broker and the cache share one Redis: bounded, it drops only keys that expire (every cache entry,
    `test_every_cache_entry_expires`), least recently used first, never the broker's queues."""
    perintah = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["redis"]["command"]
    assert perintah[perintah.index("--maxmemory") + 1] == "${SAKIP_REDIS_MAXMEMORY:-512mb}"
    assert perintah[perintah.index("--maxmemory-policy") + 1] == "volatile-lru"


def _antrean(perintah: str) -> list[str]:
    kata = perintah.split()
    return kata[kata.index("-Q") + 1].split(",")


def test_workers_consume_every_routed_queue_and_scale():
    """`worker` scales (`--scale worker=N`: no container name, no published port) and takes every queue a task is
    routed to, the interactive one first; `worker-interaktif` takes that queue alone, so batch work cannot
    starve a user's report (issue 18 point 4)."""
    from django.conf import settings

    from perangkat_daerah.management.commands.jalankan import ANTREAN_SEMUA

    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    layanan = data["services"]
    rute = {r["queue"] for r in settings.CELERY_TASK_ROUTES[1].values()}
    semua = {settings.ANTREAN_INTERAKTIF, settings.ANTREAN_BATCH, settings.CELERY_TASK_DEFAULT_QUEUE} | rute
    for nama in ("worker", "worker-interaktif"):
        assert "container_name" not in layanan[nama] and "ports" not in layanan[nama], nama
    assert _antrean(layanan["worker"]["command"])[0] == settings.ANTREAN_INTERAKTIF
    assert semua <= set(_antrean(layanan["worker"]["command"]))
    assert _antrean(layanan["worker-interaktif"]["command"]) == [settings.ANTREAN_INTERAKTIF]
    # make run's worker (manage.py jalankan) consumes them all too, the interactive one first
    assert ANTREAN_SEMUA.split(",")[0] == settings.ANTREAN_INTERAKTIF and semua <= set(ANTREAN_SEMUA.split(","))


def test_docker_compose_config_parses(tmp_path):
    alat = shutil.which("docker-compose")
    if alat is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true tetapi docker-compose tidak terpasang (.ci/run memasangnya).")
        pytest.skip("docker-compose tidak terpasang: pasang paket Debian docker-compose untuk memeriksa berkas ini.")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    hasil = subprocess.run([alat, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert hasil.returncode == 0, hasil.stderr
