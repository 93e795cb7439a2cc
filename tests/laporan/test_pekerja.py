"""A report goes through a real Celery worker on the Redis broker (not eager mode), on PostgreSQL."""

from __future__ import annotations

import io
import os
import signal
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
from perangkat_daerah.management.commands.jalankan import siapkan_anak
from tests.conftest import wajib_layanan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.layanan, pytest.mark.django_db(transaction=True)]


def _mulai_pekerja() -> subprocess.Popen:
    """A real worker on the report queues (interaktif, batch), against this test's database and media folder."""
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
    perintah = [sys.executable, "-m", "celery", "-A", "sakip", "worker", "-Q", "interaktif,batch", "-c", "1"]
    perintah += ["-l", "warning", "-n", f"laporan-uji-{os.getpid()}-{time.monotonic_ns()}@%h"]
    perintah += ["--without-gossip", "--without-mingle"]
    return subprocess.Popen(
        perintah,
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=siapkan_anak(os.getpid()),
    )  # dies with a killed pytest


def _hentikan(proses: subprocess.Popen, sinyal=signal.SIGTERM) -> None:
    """Stop the worker and its pool children (a whole process group)."""
    try:
        os.killpg(proses.pid, sinyal)
    except ProcessLookupError:
        return
    proses.wait(timeout=60)


@pytest.fixture
def pekerja():
    proses = _mulai_pekerja()
    yield proses
    _hentikan(proses)


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


def _data_besar(pemeran, jumlah: int = 250) -> None:
    """Enough indicators that rendering takes a few seconds, so the worker can be killed mid-render."""
    from kinerja.models import Indikator, Realisasi, Sasaran, Target

    sasaran = Sasaran.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, kode="S-BESAR", uraian="Uji")
    Indikator.objects.bulk_create(
        [
            Indikator(
                sasaran=sasaran,
                pemda=pemeran.pemda,
                perangkat_daerah=pemeran.pd_a,
                kode=f"IK-B{i:03d}",
                uraian=f"Indikator beban uji nomor {i}",
                satuan="%",
                urutan=i,
            )
            for i in range(jumlah)
        ]
    )
    daftar = list(Indikator.objects.filter(sasaran=sasaran))
    Target.objects.bulk_create([Target(indikator=i, tahun=2024, nilai=100) for i in daftar])
    Realisasi.objects.bulk_create(
        [
            Realisasi(indikator=i, tahun=2024, triwulan=4, nilai=90 + n % 20, status="diverifikasi")
            for n, i in enumerate(daftar)
        ]
    )


def test_worker_killed_mid_render_does_not_stay_proses_and_can_be_retried(pemeran):
    from datetime import timedelta

    from django.utils import timezone

    _data_besar(pemeran)
    pertama = _mulai_pekerja()
    try:
        laporan = services.laporan_minta(
            user=pemeran.operator_a, jenis="lkjip_pd", tahun=2024, perangkat_daerah=pemeran.pd_a
        )
        batas = time.monotonic() + 120
        while Laporan.objects.get(pk=laporan.pk).progres < 60:  # rendering has started
            assert time.monotonic() < batas, "pekerja tidak mulai merender"
            time.sleep(0.05)
    finally:
        _hentikan(pertama, signal.SIGKILL)  # the worker dies mid-render
    laporan.refresh_from_db()
    assert laporan.status == Laporan.Status.PROSES
    # the periodic sweep leaves it alone until the hard time limit has passed ...
    assert services.laporan_pulihkan_macet() == 0
    Laporan.objects.filter(pk=laporan.pk).update(
        mulai_pada=timezone.now() - services.batas_waktu_keras() - timedelta(seconds=1)
    )
    # ... then marks it failed with a readable message
    assert services.laporan_pulihkan_macet() == 1
    laporan.refresh_from_db()
    assert laporan.status == Laporan.Status.GAGAL and "Pekerja berhenti" in laporan.galat
    kedua = _mulai_pekerja()
    try:
        services.laporan_ulangi(user=pemeran.operator_a, laporan=laporan)
        hasil = _tunggu(laporan.pk, detik=180)
    finally:
        _hentikan(kedua)
    assert hasil.status == Laporan.Status.SELESAI, hasil.galat
    assert hasil.percobaan == 2
