"""Report batches for a pemda group (issue 18 point 4, laporan/batch_grup.py): one report of one kind per member
made by chunked Celery tasks on the `batch` queue through the normal builder, progress counted from the rows,
a failed chunk retried; started only by the platform superuser or a user managing every member
(access.wajib_kelola_semua); interactive requests stay on `interaktif`."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError

from laporan import batch_grup, pembuat, services
from laporan.models import BatchLaporanGrup, Laporan
from perangkat_daerah.models import GrupPemda
from sakip.celery import app
from tests.factories import Peran, buat_pengguna

pytestmark = pytest.mark.django_db
TAHUN = 2024
JENIS = "lkjip_pemda_docx"


def _antrean(nama: str, args=(), kwargs=None) -> str:
    """The queue Celery's router sends the task to (settings.CELERY_TASK_ROUTES), as a real send would."""
    return app.amqp.router.route({}, nama, args, kwargs or {})["queue"].name


def test_a_chunked_batch_makes_one_report_per_member(
    pemeran, grup, superuser, eager, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SAKIP_LAPORAN_GRUP_PER_TUGAS = 2
    potongan: list[list[int]] = []
    asli = batch_grup.batch_grup_potongan

    def catat(batch_id, laporan_ids):
        potongan.append(list(laporan_ids))
        return asli(batch_id, laporan_ids)

    monkeypatch.setattr(batch_grup, "batch_grup_potongan", catat)
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    assert [len(p) for p in potongan] == [2, 1]  # chunks of SAKIP_LAPORAN_GRUP_PER_TUGAS
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.selesai, batch.gagal) == ("selesai", 3, 3, 0)
    laporan = list(Laporan.objects.filter(batch_grup=batch))
    assert sorted(x.pemda_id for x in laporan) == sorted(grup.anggota.values_list("pk", flat=True))
    assert all(x.status == "selesai" and x.berkas and x.perangkat_daerah_id is None for x in laporan)
    from notifikasi.models import Notifikasi

    assert not Notifikasi.objects.filter(user=superuser).exists()  # the batch page tells, not 3 (or 550) messages
    # each report is its own pemda's: its Bagian Organisasi sees that one and no other member's
    terlihat = Laporan.objects.for_user(pemeran.organisasi).filter(batch_grup=batch)
    assert [x.pemda_id for x in terlihat] == [pemeran.pemda.pk]
    with django_capture_on_commit_callbacks(execute=False):  # done: a new request makes a new batch
        assert batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN).pk != batch.pk


def test_a_failed_chunk_is_retried_and_the_batch_completes(
    grup, superuser, eager, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The chunk's second report hits a lost connection once: the chunk is retried, the first report (done) is
    not made again, every count is exact."""
    settings.SAKIP_LAPORAN_GRUP_PER_TUGAS = 2
    asli = pembuat.buat_dokumen
    dibuat: list[int] = []

    def sekali_putus(laporan, progres):
        dibuat.append(laporan.pk)
        if len(dibuat) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        return asli(laporan, progres)

    monkeypatch.setattr(pembuat, "buat_dokumen", sekali_putus)
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    urut = sorted(Laporan.objects.filter(batch_grup=batch).values_list("pk", flat=True))
    assert dibuat == [urut[0], urut[1], urut[1], urut[2]]
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == ("selesai", 3, 0)


def test_a_running_batch_is_returned_and_the_kind_must_be_a_group_kind(
    grup, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        pertama = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
        kedua = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    assert kedua.pk == pertama.pk and kedua.sudah_ada
    assert Laporan.objects.filter(batch_grup=pertama).count() == 3
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis="lkjip_pd", tahun=TAHUN)


def test_who_may_start_a_group_batch(pemeran, grup, client, django_capture_on_commit_callbacks):
    admin_pemda = buat_pengguna(pemeran.pemda, Peran.ADMIN)
    admin_pemda.is_staff = True
    admin_pemda.save()
    with pytest.raises(PermissionDenied):  # administrator of one member: not of the others
        batch_grup.batch_grup_minta(user=admin_pemda, grup=grup, jenis=JENIS, tahun=TAHUN)
    with pytest.raises(PermissionDenied):  # a pembina reads a group, never makes its reports
        pembina = buat_pengguna(pemeran.pemda, Peran.PEMBINA)
        batch_grup.batch_grup_minta(user=pembina, grup=grup, jenis=JENIS, tahun=TAHUN)
    assert not BatchLaporanGrup.objects.exists() and not Laporan.objects.exists()
    client.force_login(admin_pemda)  # the admin page is the platform superuser's
    assert client.get("/admin/laporan/batchlaporangrup/add/").status_code == 403
    resp = client.post("/admin/laporan/batchlaporangrup/add/", {"grup": grup.pk, "jenis": JENIS, "tahun": TAHUN})
    assert resp.status_code == 403 and not BatchLaporanGrup.objects.exists()
    sendiri = GrupPemda.objects.create(kode="sendiri", nama="Satu Pemda", jenis=GrupPemda.Jenis.PROVINSI)
    sendiri.anggota.add(pemeran.pemda)  # managing every member (the recompute's rule): allowed
    with django_capture_on_commit_callbacks(execute=False):
        assert batch_grup.batch_grup_minta(user=pemeran.organisasi, grup=sendiri, jenis=JENIS, tahun=TAHUN).total == 1


def test_the_superuser_starts_it_on_the_admin_page(grup, superuser, client, django_capture_on_commit_callbacks):
    client.force_login(superuser)
    assert client.get("/admin/laporan/batchlaporangrup/add/").status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as kirim:
        resp = client.post("/admin/laporan/batchlaporangrup/add/", {"grup": grup.pk, "jenis": JENIS, "tahun": TAHUN})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    batch = BatchLaporanGrup.objects.get()
    assert (batch.grup, batch.jenis, batch.total, len(kirim)) == (grup, JENIS, 3, 1)
    assert client.get(f"/admin/laporan/batchlaporangrup/{batch.pk}/change/").status_code == 200


def test_group_chunks_go_to_batch_and_interactive_requests_stay_on_interaktif(
    pemeran, grup, superuser, settings, django_capture_on_commit_callbacks
):
    assert _antrean("laporan.buat_grup", (1, [1, 2])) == "batch"
    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    settings.SAKIP_LAPORAN_ANTRE_PER_PEMDA = 1
    with django_capture_on_commit_callbacks(execute=False) as kirim:  # the pemda's own click, meanwhile
        klik = services.laporan_minta(user=pemeran.organisasi, jenis="lkjip_pemda", tahun=TAHUN - 1)
    assert kirim
    # the group's waiting report takes no place in the pemda's fair queue: the click is sent at once, interactive
    assert services.laporan_salurkan(pemeran.pemda.pk) == [klik.pk]
    assert _antrean("laporan.buat", (klik.pk,)) == "interaktif"
    milik = Laporan.objects.get(batch_grup=batch, pemda=pemeran.pemda)
    assert milik.dikirim_pada is not None  # sent by its chunk, never by the fair queue


def test_the_stuck_sweep_leaves_waiting_group_reports_to_their_chunks_and_closes_the_batch(
    grup, superuser, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    lama = timezone.now() - services.batas_waktu_keras() - datetime.timedelta(minutes=1)
    baris = list(Laporan.objects.filter(batch_grup=batch).order_by("pk"))
    Laporan.objects.filter(pk=baris[0].pk).update(status="proses", mulai_pada=lama)  # its worker died
    Laporan.objects.filter(pk__in=[b.pk for b in baris[1:]]).update(status="selesai", dikirim_pada=lama)
    with django_capture_on_commit_callbacks(execute=False) as kirim:
        assert services.laporan_pulihkan_macet() == 1
    assert not kirim  # nothing of the group goes to the pemda's (interactive) queue
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == ("gagal", 2, 1)
    with django_capture_on_commit_callbacks(execute=False):
        BatchLaporanGrup.objects.filter(pk=batch.pk).update(status="berjalan")
        Laporan.objects.filter(pk=baris[1].pk).update(status="antri", dikirim_pada=lama)  # waiting its chunk
        services.laporan_pulihkan_macet()
    assert Laporan.objects.get(pk=baris[1].pk).dikirim_pada == lama  # still its chunk's, not re-sent


@pytest.mark.layanan
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_the_batch_queue_alone_makes_the_groups_reports(pemeran, grup, superuser, settings):
    """A real Celery worker over Redis that consumes `batch` only (no `interaktif`) makes every member's report:
    the chunks are routed there, not to the users' queue."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    from perangkat_daerah.management.commands.jalankan import siapkan_anak
    from tests.conftest import wajib_layanan

    broker, _db = wajib_layanan("CELERY_BROKER_URL"), wajib_layanan("DATABASE_URL")
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sakip.settings.test", "CELERY_BROKER_URL": broker,
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}  # fmt: skip
    nama = f"grup-uji-{os.getpid()}-{time.monotonic_ns()}@%h"
    perintah = [sys.executable, "-m", "celery", "-A", "sakip", "worker", "-Q", "batch", "-c", "1", "-l", "warning",
                "-n", nama, "--without-gossip", "--without-mingle"]  # fmt: skip
    pekerja = subprocess.Popen(perintah, cwd=Path(__file__).resolve().parents[2], env=env, stderr=subprocess.DEVNULL,
                               start_new_session=True, preexec_fn=siapkan_anak(os.getpid()))  # fmt: skip
    try:
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
        batas = time.monotonic() + 180
        while time.monotonic() < batas:
            batch.refresh_from_db()
            if batch.status in ("selesai", "gagal"):
                break
            time.sleep(0.5)
    finally:
        os.killpg(pekerja.pid, signal.SIGTERM)
        pekerja.wait(timeout=60)
    assert (batch.status, batch.selesai, batch.gagal) == ("selesai", 3, 0)
    assert set(Laporan.objects.filter(batch_grup=batch).values_list("status", flat=True)) == {"selesai"}
