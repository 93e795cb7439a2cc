"""Group report batches (laporan/batch_grup.py), continued: the kinds a batch may make (the registry's city
documents built from each pemda's own data, a quarter's kind with its quarter), the stuck-batch sweep that sends
lost chunks again (THE rule of perangkat_daerah.batch, the recompute's too), the recount when a member's failed
report is retried, and the routing of the beat tasks."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from laporan import batch_grup, pembuat, services
from laporan.models import BatchLaporanGrup, Laporan
from perangkat_daerah import batch as batch_mod
from tests.laporan.test_batch_grup import JENIS, TAHUN, _antrean

pytestmark = pytest.mark.django_db


def _kirim_dicatat(monkeypatch) -> list[tuple[int, list[int]]]:
    """The chunks a send would enqueue (batch id, report ids), instead of sending them."""
    dikirim: list[tuple[int, list[int]]] = []
    monkeypatch.setattr(batch_mod, "_kirim", lambda tugas: dikirim.extend(tuple(t.args) for t in tugas))
    return dikirim


# --- Kinds ---------------------------------------------------------------------------------------------------


def test_a_group_batch_offers_the_city_documents_built_from_each_pemdas_data():
    kode = [j.kode for j in batch_grup.jenis_grup()]
    assert kode == ["lkjip_pemda", "lkjip_pemda_docx", "monev_renaksi_kota", "renaksi_kota_docx"]
    # the city tree prints what its requester sees: never made for another pemda
    assert "pohon_kota" not in kode


def test_the_kind_and_quarter_are_refused_in_indonesian(grup, superuser, django_capture_on_commit_callbacks):
    def galat(**isian) -> dict:
        with pytest.raises(ValidationError) as info:
            batch_grup.batch_grup_minta(user=superuser, grup=grup, tahun=TAHUN, **isian)
        return {k: [str(p) for p in v] for k, v in info.value.message_dict.items()}

    tolak = galat(jenis="pohon_kota")["jenis"][0]
    assert "tidak dapat dibuat untuk satu grup" in tolak and "LKjIP Pemerintah Daerah (Word)" in tolak
    assert galat(jenis="lkjip_pd") == {"jenis": [tolak]}
    assert galat(jenis="monev_renaksi_kota") == {"triwulan": ["Pilih triwulan laporan ini."]}
    assert "triwulan" in galat(jenis="monev_renaksi_kota", triwulan=5)
    assert galat(jenis="lkjip_pemda", triwulan=2) == {
        "triwulan": ["Laporan tahunan ini tidak memakai triwulan; kosongkan triwulannya."]
    }
    assert not BatchLaporanGrup.objects.exists() and not Laporan.objects.exists()


def test_a_quarters_batch_makes_each_members_report_of_that_quarter(
    grup, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        tw2 = batch_grup.batch_grup_minta(
            user=superuser, grup=grup, jenis="renaksi_kota_docx", tahun=TAHUN, triwulan="2"
        )
        tw3 = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis="renaksi_kota_docx", tahun=TAHUN, triwulan=3)
        lagi = batch_grup.batch_grup_minta(
            user=superuser, grup=grup, jenis="renaksi_kota_docx", tahun=TAHUN, triwulan=2
        )
    assert tw3.pk != tw2.pk and lagi.pk == tw2.pk and lagi.sudah_ada  # one running batch per quarter
    baris = list(Laporan.objects.filter(batch_grup=tw2))
    assert (tw2.triwulan, tw2.total, len(baris)) == (2, 3, 3)
    # the quarter's date as a single request gets it: the month after the quarter
    assert {(b.triwulan, b.perangkat_daerah_id, b.tanggal.month) for b in baris} == {(2, None, 7)}


def test_the_admin_form_offers_the_kinds_and_says_what_is_missing(grup, superuser, client):
    client.force_login(superuser)
    halaman = client.get("/admin/laporan/batchlaporangrup/add/").content.decode()
    assert 'value="renaksi_kota_docx"' in halaman and 'value="pohon_kota"' not in halaman
    data = {"grup": grup.pk, "jenis": "monev_renaksi_kota", "tahun": TAHUN}
    resp = client.post("/admin/laporan/batchlaporangrup/add/", data)
    assert resp.status_code == 200 and "Pilih triwulan laporan ini." in resp.content.decode()
    assert not BatchLaporanGrup.objects.exists()


# --- Lost messages -------------------------------------------------------------------------------------------


def _lama(settings) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.SAKIP_LAPORAN_GRUP_MACET_DETIK + 60)


def test_a_batch_whose_chunks_were_lost_is_sent_again_and_completes(
    grup, superuser, eager, settings, django_capture_on_commit_callbacks
):
    settings.SAKIP_LAPORAN_GRUP_PER_TUGAS = 1
    with django_capture_on_commit_callbacks(execute=False):  # the worker died with the group's messages
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    urut = list(Laporan.objects.filter(batch_grup=batch).order_by("pk"))
    lama = _lama(settings)
    Laporan.objects.filter(pk=urut[0].pk).update(status="selesai", selesai_pada=lama)  # done before that
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_grup.batch_grup_pulihkan_macet() == 0  # too early: sent a moment ago
    BatchLaporanGrup.objects.filter(pk=batch.pk).update(dikirim_pada=lama)
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_grup.batch_grup_pulihkan_macet() == 1
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == ("selesai", 3, 0)
    assert batch.dikirim_pada > lama
    assert Laporan.objects.get(pk=urut[0].pk).selesai_pada == lama  # the done report was not made again
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_grup.batch_grup_pulihkan_macet() == 0  # closed: nothing to send


def test_the_sweep_leaves_a_moving_batch_alone_and_sends_only_waiting_reports(
    grup, superuser, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SAKIP_LAPORAN_GRUP_PER_TUGAS = 5
    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    urut = sorted(Laporan.objects.filter(batch_grup=batch).values_list("pk", flat=True))
    BatchLaporanGrup.objects.filter(pk=batch.pk).update(dikirim_pada=_lama(settings), status="berjalan")
    Laporan.objects.filter(pk=urut[0]).update(status="selesai", selesai_pada=timezone.now())  # just finished
    dikirim = _kirim_dicatat(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_grup.batch_grup_pulihkan_macet() == 0
    assert dikirim == []
    Laporan.objects.filter(pk=urut[0]).update(selesai_pada=_lama(settings))
    Laporan.objects.filter(pk=urut[1]).update(status="proses", mulai_pada=timezone.now())  # a worker has it
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_grup.batch_grup_pulihkan_macet() == 1
        assert batch_grup.batch_grup_pulihkan_macet() == 0  # claimed: a second sweep does not send it twice
    assert dikirim == [(batch.pk, [urut[2]])]


# --- Retry ---------------------------------------------------------------------------------------------------


def test_retrying_a_members_failed_report_recounts_the_batch(
    pemeran, grup, superuser, eager, monkeypatch, django_capture_on_commit_callbacks
):
    asli = pembuat.buat_dokumen

    def gagal_di_kota_uji(laporan, progres):
        if laporan.pemda_id == pemeran.pemda.pk:
            raise ValueError("data rusak")
        return asli(laporan, progres)

    monkeypatch.setattr(pembuat, "buat_dokumen", gagal_di_kota_uji)
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == ("gagal", 2, 1)
    milik = Laporan.objects.get(batch_grup=batch, pemda=pemeran.pemda)
    monkeypatch.setattr(pembuat, "buat_dokumen", asli)  # the data was mended
    with django_capture_on_commit_callbacks(execute=False) as kirim:  # the pemda's Bagian Organisasi retries it
        services.laporan_ulangi(user=pemeran.organisasi, laporan=milik)
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal, batch.selesai_pada) == ("berjalan", 2, 0, None)
    with django_capture_on_commit_callbacks(execute=True):  # the pipeline sends it (fair queue) and makes it
        for tugas in kirim:
            tugas()
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == ("selesai", 3, 0)
    assert batch.selesai_pada is not None and Laporan.objects.get(pk=milik.pk).status == "selesai"


def _diulang(pemeran, grup, superuser, settings, django_capture_on_commit_callbacks) -> tuple:
    """A group batch whose member's report failed and was retried by its pemda (one slot per pemda), the
    retry's fair-queue send run; returns the batch and that report."""
    settings.SAKIP_LAPORAN_ANTRE_PER_PEMDA = 1
    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    milik = Laporan.objects.get(batch_grup=batch, pemda=pemeran.pemda)
    Laporan.objects.filter(pk=milik.pk).update(status="gagal", selesai_pada=timezone.now(), galat="x")
    with django_capture_on_commit_callbacks(execute=False) as kirim:
        services.laporan_ulangi(user=pemeran.organisasi, laporan=milik)
    assert kirim  # the retry goes to the pemda's fair queue
    return batch, milik


def test_a_retried_group_report_takes_one_of_its_pemdas_slots(
    pemeran, grup, superuser, settings, django_capture_on_commit_callbacks
):
    batch, milik = _diulang(pemeran, grup, superuser, settings, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        assert services.laporan_salurkan(pemeran.pemda.pk) == [milik.pk]  # the retry is sent: the one slot
        klik = services.laporan_minta(user=pemeran.organisasi, jenis="lkjip_pemda", tahun=TAHUN - 1)
        assert services.laporan_salurkan(pemeran.pemda.pk) == []  # the click waits its turn, as behind any job
    assert Laporan.objects.get(pk=klik.pk).dikirim_pada is None
    Laporan.objects.filter(pk=milik.pk).update(status="selesai", selesai_pada=timezone.now())
    with django_capture_on_commit_callbacks(execute=False):
        assert services.laporan_salurkan(pemeran.pemda.pk) == [klik.pk]  # the retry ended: its place is free


def test_a_retried_group_report_is_never_sent_again_by_a_group_chunk(
    pemeran, grup, superuser, settings, monkeypatch, django_capture_on_commit_callbacks
):
    batch, milik = _diulang(pemeran, grup, superuser, settings, django_capture_on_commit_callbacks)
    lama = _lama(settings)
    BatchLaporanGrup.objects.filter(pk=batch.pk).update(dikirim_pada=lama)
    Laporan.objects.filter(batch_grup=batch).exclude(pk=milik.pk).update(status="selesai", selesai_pada=lama)
    dikirim = _kirim_dicatat(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):  # the batch waits only for the retry: no chunk for it
        assert batch_grup.batch_grup_pulihkan_macet() == 0
    assert dikirim == []
    # its fair-queue message lost: the report sweep sends it again through the fair queue, as any report
    Laporan.objects.filter(pk=milik.pk).update(dikirim_pada=timezone.now() - services.batas_waktu_keras() * 2)
    with django_capture_on_commit_callbacks(execute=False) as kirim:
        services.laporan_pulihkan_macet()
    assert len(kirim) == 1 and Laporan.objects.get(pk=milik.pk).dikirim_pada > lama


def test_the_recount_is_three_queries_whatever_the_batch_size(
    grup, superuser, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """THE recount (perangkat_daerah.batch.batch_rekap): lock and read the batch row, count its parts, write."""
    from perangkat_daerah.batch import batch_rekap

    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_grup.batch_grup_minta(user=superuser, grup=grup, jenis=JENIS, tahun=TAHUN)
    Laporan.objects.filter(batch_grup=batch).update(status="selesai")
    with django_assert_num_queries(3 + 2):  # and a savepoint and its release: the test runs in a transaction
        batch_rekap(BatchLaporanGrup, batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == ("selesai", 3, 0) and batch.selesai_pada is not None


# --- Queues (every task and beat task: test_hitung_banyak.py::test_every_task_goes_to_its_queue) -------------


def test_the_group_sweep_is_a_beat_task_on_the_batch_queue(settings):
    assert settings.CELERY_BEAT_SCHEDULE["laporan-pulihkan-grup-macet"]["task"] == "laporan.pulihkan_grup_macet"
    assert _antrean("laporan.pulihkan_grup_macet") == "batch"
