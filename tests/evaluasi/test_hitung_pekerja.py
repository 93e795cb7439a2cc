"""A year recomputed over many pemda on PostgreSQL and real Celery workers over Redis (not eager mode), and the
recompute yielding to a user who holds an evaluation's row (issue 18 point 4)."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction

from evaluasi.models import BatchHitung, Evaluasi, HasilHitung
from evaluasi.services import hitung
from perangkat_daerah.management.commands.jalankan import siapkan_anak
from tests.conftest import wajib_layanan
from tests.evaluasi.factories import buat_evaluasi
from tests.factories import Peran, buat_pd, buat_pemda, buat_pengguna

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.layanan, pytest.mark.django_db(transaction=True)]
TAHUN = 2024


@pytest.fixture(autouse=True)
def _postgres():
    wajib_layanan("DATABASE_URL")
    assert connection.vendor == "postgresql"
    from django.apps import apps

    from evaluasi.models import Instrumen

    if not Instrumen.objects.exists():  # a transactional test's flush took the migrated instrument with it
        importlib.import_module("evaluasi.migrations.0002_permenpanrb_88_2021").muat(apps, None)


def _data(jumlah_pemda: int = 5) -> list[int]:
    ids = []
    for n in range(jumlah_pemda):
        pemda = buat_pemda()
        ins = buat_pengguna(pemda, Peran.INSPEKTORAT)
        for m in range(2):
            pola = (lambda k: lambda kr: kr.pilihan[k % len(kr.pilihan)])(n + m + len(ids))
            buat_evaluasi(ins, jenis="internal", pd=buat_pd(pemda), pola=pola)
        ids.append(pemda.pk)
    return ids


def test_the_recompute_yields_to_a_user_holding_a_row():
    pemda_id = _data(1)[0]
    dipegang, lepas = threading.Event(), threading.Event()

    def pengguna():  # another connection: a user's save holding the evaluation's row (as hak.kunci does)
        try:
            with transaction.atomic():
                Evaluasi.objects.select_for_update().filter(pemda_id=pemda_id).order_by("-pk").first()
                dipegang.set()
                lepas.wait(10)
        finally:
            connection.close()

    benang = threading.Thread(target=pengguna)
    benang.start()
    try:
        assert dipegang.wait(10)
        mulai = time.monotonic()
        with pytest.raises(OperationalError):
            hitung.hitung_ulang_pemda(pemda_id, TAHUN)
        assert time.monotonic() - mulai < 2.0  # gave up after TUNGGU_KUNCI_MS, long before the user's 10 s
        assert not HasilHitung.objects.exists()
    finally:
        lepas.set()
        benang.join(15)
    assert hitung.hitung_ulang_pemda(pemda_id, TAHUN) == 2  # the chunk's retry, once the user is done


def _mulai_pekerja() -> subprocess.Popen:
    broker = wajib_layanan("CELERY_BROKER_URL")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sakip.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "SAKIP_HITUNG_PEMDA_PER_TUGAS": "2",
    }
    perintah = [sys.executable, "-m", "celery", "-A", "sakip", "worker", "-Q", "batch", "-c", "2", "-l", "warning"]
    perintah += ["-n", f"hitung-uji-{os.getpid()}-{time.monotonic_ns()}@%h", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(
        perintah, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=siapkan_anak(os.getpid()),
    )  # fmt: skip


def test_a_group_recompute_runs_on_real_workers_and_equals_one_process(settings):
    ids = _data(5)
    for pemda_id in ids:
        hitung.hitung_ulang_pemda(pemda_id, TAHUN)
    tunggal = dict(HasilHitung.objects.values_list("evaluasi_id", "total"))
    HasilHitung.objects.all().delete()
    settings.SAKIP_HITUNG_PEMDA_PER_TUGAS = 2  # three chunks (2 + 2 + 1) over two processes
    proses = _mulai_pekerja()
    try:
        batch = hitung.hitung_ulang_banyak(ids, TAHUN)  # autocommit: the group is sent at once
        batas = time.monotonic() + 120
        while time.monotonic() < batas:
            batch.refresh_from_db()
            if not batch.berjalan:
                break
            time.sleep(0.3)
    finally:
        os.killpg(proses.pid, signal.SIGTERM)
        proses.wait(timeout=60)
    assert (batch.status, batch.total, batch.selesai, batch.gagal, batch.jumlah_evaluasi) == ("selesai", 5, 5, 0, 10)
    assert dict(HasilHitung.objects.values_list("evaluasi_id", "total")) == tunggal and len(tunggal) == 10
    assert batch.bagian.filter(status="selesai").count() == 5
    assert BatchHitung.objects.count() == 1
