"""A report goes through a real Celery worker on the Redis broker (not eager mode), on PostgreSQL."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from laporan import services
from laporan.models import Laporan
from tests.conftest import wajib_layanan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.layanan, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pekerja():
    """A real worker process on the `laporan` queue, against this test's database and media folder."""
    broker = wajib_layanan("CELERY_BROKER_URL")
    wajib_layanan("DATABASE_URL")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sakip.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_BROKER_URL": broker,
    }
    proses = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sakip",
            "worker",
            "-Q",
            "laporan",
            "-c",
            "1",
            "-l",
            "warning",
            "-n",
            f"laporan-uji-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield proses
    proses.terminate()
    proses.wait(timeout=30)


def _tunggu(laporan_id: int, detik: int = 120) -> Laporan:
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        laporan = Laporan.objects.get(pk=laporan_id)
        if laporan.status in (Laporan.Status.SELESAI, Laporan.Status.GAGAL):
            return laporan
        time.sleep(0.5)
    raise AssertionError(f"Laporan {laporan_id} tidak selesai dalam {detik} detik: {laporan.status}")


def test_report_is_rendered_by_a_real_worker_over_redis(pemeran, pekerja):
    ind = buat_indikator(pemeran.pd_a, kode="IK-W1", uraian="Cakupan layanan")
    buat_target(ind, 2024, nilai="80")
    buat_realisasi(ind, 2024, 4, nilai="87.25", status="diverifikasi")
    laporan = services.laporan_minta(
        user=pemeran.operator_a, jenis="lkjip_pd", tahun=2024, perangkat_daerah=pemeran.pd_a
    )
    hasil = _tunggu(laporan.pk)
    assert hasil.status == Laporan.Status.SELESAI, hasil.galat
    assert hasil.percobaan == 1
    teks = "".join(p.extract_text() for p in PdfReader(io.BytesIO(hasil.berkas.open("rb").read())).pages)
    assert "109,06" in teks and "Dinas A" in teks
