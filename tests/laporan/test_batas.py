"""Limits on costly actions (issue 11 point 15): one limit per user and per pemda for pages and API alike, an
identical unfinished job returned instead of a new one, one running batch per pemda and year, the import
limit, and a fair report queue so one pemda cannot starve the others."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from laporan import services
from laporan.models import BatchLaporan, Laporan
from tests.factories import buat_pd

pytestmark = pytest.mark.django_db
TAHUN = 2024


@pytest.fixture
def batas(settings):
    """Small limits: 2 requests per user, 3 per pemda, in an hour."""
    settings.SAKIP_BATAS_LAJU = {
        "laporan": "2/hour",
        "laporan_pemda": "3/hour",
        "impor": "1/hour",
        "impor_pemda": "5/hour",
    }
    return settings


@pytest.fixture
def antre(monkeypatch):
    """The ids handed to the worker queue (no broker in these tests)."""
    dikirim = []
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: dikirim.append(i))
    return dikirim


def _halaman(client, user, **data):
    client.force_login(user)
    # confirmed: these fixtures have no data, and the incomplete-data step is not what is tested here
    return client.post(f"/laporan/buat/?tahun={data.pop('tahun', TAHUN)}", {**data, "konfirmasi": "1"})


def test_the_page_refuses_once_the_api_has_said_429(client, pemeran, batas, antre):
    api = APIClient()
    api.force_authenticate(pemeran.organisasi)
    assert api.post("/api/v1/laporan/", {"jenis": "lkjip_pemda", "tahun": 2023, "konfirmasi": True}).status_code == 202
    assert api.post("/api/v1/laporan/", {"jenis": "lkjip_pemda", "tahun": 2022, "konfirmasi": True}).status_code == 202
    assert api.post("/api/v1/laporan/", {"jenis": "lkjip_pemda", "tahun": 2021, "konfirmasi": True}).status_code == 429
    resp = _halaman(client, pemeran.organisasi, jenis="lkjip_pemda")
    assert resp.status_code == 429 and int(resp["Retry-After"]) > 0
    html = resp.content.decode()
    assert "Terlalu banyak permintaan" in html and "coba lagi dalam" in html
    assert Laporan.objects.count() == 2


def test_the_pemda_limit_covers_all_its_users_and_not_another_pemda(client, pemeran, batas, antre):
    assert _halaman(client, pemeran.organisasi, jenis="lkjip_pemda").status_code == 302
    assert _halaman(client, pemeran.operator_a, jenis="pk", perangkat_daerah=pemeran.pd_a.pk).status_code == 302
    assert _halaman(client, pemeran.operator_b, jenis="pk", perangkat_daerah=pemeran.pd_b.pk).status_code == 302
    assert _halaman(client, pemeran.admin, jenis="lkjip_pd", perangkat_daerah=pemeran.pd_b.pk).status_code == 429
    assert _halaman(client, pemeran.operator_lain, jenis="pk", perangkat_daerah=pemeran.pd_lain.pk).status_code == 302
    assert Laporan.objects.filter(pemda=pemeran.pemda).count() == 3


def test_refused_requests_do_not_use_up_the_pemdas_allowance(client, pemeran, batas, antre):
    for tahun in (2021, 2022, 2023, 2024, 2025):
        _halaman(client, pemeran.organisasi, jenis="lkjip_pemda", tahun=tahun)
    assert Laporan.objects.count() == 2
    assert _halaman(client, pemeran.operator_a, jenis="pk", perangkat_daerah=pemeran.pd_a.pk).status_code == 302


def test_retry_and_batch_pages_count_against_the_same_limit(client, pemeran, batas, antre):
    assert _halaman(client, pemeran.organisasi, jenis="lkjip_pemda").status_code == 302
    assert client.post(f"/laporan/semua-pd/?tahun={TAHUN}").status_code == 302
    assert client.post(f"/laporan/semua-pd/?tahun={TAHUN - 1}").status_code == 429
    gagal = Laporan.objects.filter(jenis="lkjip_pemda").get()
    Laporan.objects.filter(pk=gagal.pk).update(status="gagal")
    assert client.post(f"/laporan/{gagal.pk}/ulangi/").status_code == 429
    assert Laporan.objects.get(pk=gagal.pk).status == "gagal"


def test_an_identical_unfinished_job_is_returned_instead_of_a_new_one(client, pemeran, antre):
    data = {"jenis": "pk", "perangkat_daerah": pemeran.pd_a.pk}
    pertama = _halaman(client, pemeran.operator_a, **data)
    kedua = _halaman(client, pemeran.kepala_a, **data)
    assert pertama["Location"] == kedua["Location"]
    assert Laporan.objects.count() == 1
    # another year, PD or kind is another document
    _halaman(client, pemeran.operator_a, tahun=TAHUN - 1, **data)
    _halaman(client, pemeran.operator_a, jenis="lkjip_pd", perangkat_daerah=pemeran.pd_a.pk)
    assert Laporan.objects.count() == 3
    # once finished, asking again makes a new job (the data may have changed)
    Laporan.objects.update(status="selesai")
    _halaman(client, pemeran.operator_a, **data)
    assert Laporan.objects.count() == 4


def test_one_running_batch_per_pemda_and_year(client, pemeran, antre):
    client.force_login(pemeran.organisasi)
    tunggal = _halaman(client, pemeran.organisasi, jenis="lkjip_pd", perangkat_daerah=pemeran.pd_a.pk)
    assert tunggal.status_code == 302
    alamat = {client.post(f"/laporan/semua-pd/?tahun={TAHUN}")["Location"] for _ in range(3)}
    assert len(alamat) == 1 and BatchLaporan.objects.count() == 1
    batch = BatchLaporan.objects.get()
    # one job per PD: the waiting single request joined the batch instead of being made twice
    assert Laporan.objects.filter(jenis="lkjip_pd", tahun=TAHUN).count() == 2
    assert batch.laporan.count() == 2
    client.post(f"/laporan/semua-pd/?tahun={TAHUN - 1}")
    assert BatchLaporan.objects.count() == 2
    # a finished batch does not block the next one
    Laporan.objects.update(status="selesai")
    client.post(f"/laporan/semua-pd/?tahun={TAHUN}")
    assert BatchLaporan.objects.filter(tahun=TAHUN).count() == 2


def test_one_pemda_batch_does_not_starve_another_pemdas_report(
    pemeran, settings, antre, django_capture_on_commit_callbacks
):
    settings.SAKIP_LAPORAN_ANTRE_PER_PEMDA = 2
    for i in range(4):
        buat_pd(pemeran.pemda, nama=f"Dinas Tambahan {i}")
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_minta(user=pemeran.organisasi, tahun=TAHUN)
    assert batch.laporan.count() == 6 and len(antre) == 2  # the other four wait in the database
    with django_capture_on_commit_callbacks(execute=True):
        lain = services.laporan_minta(
            user=pemeran.operator_lain, jenis="pk", tahun=TAHUN, perangkat_daerah=pemeran.pd_lain
        )
    assert antre[-1] == lain.pk and len(antre) == 3  # sent at once, not after the batch
    # as the city's jobs finish, the next ones take their places
    with django_capture_on_commit_callbacks(execute=True):
        services.laporan_gagal(antre[0], RuntimeError("uji"))
        services.laporan_salurkan(pemeran.pemda.pk)
    assert len(antre) == 4
    terkirim = Laporan.objects.filter(pemda=pemeran.pemda, dikirim_pada__isnull=False, status="antri").count()
    assert terkirim == 2


def test_a_job_sent_but_never_claimed_is_sent_again_by_the_sweep(pemeran, antre, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        lap = services.laporan_minta(user=pemeran.operator_a, jenis="pk", tahun=TAHUN, perangkat_daerah=pemeran.pd_a)
    assert antre == [lap.pk]
    Laporan.objects.filter(pk=lap.pk).update(dikirim_pada=timezone.now() - services.batas_waktu_keras() - timedelta(1))
    with django_capture_on_commit_callbacks(execute=True):
        services.laporan_pulihkan_macet()
    assert antre == [lap.pk, lap.pk]


def test_the_import_pages_share_the_import_limit(client, pemeran, batas):
    client.force_login(pemeran.organisasi)
    assert client.post("/kinerja/target/impor/").status_code == 302  # no file: a message, counted
    resp = client.post("/kinerja/target/impor/")
    assert resp.status_code == 429 and "Terlalu banyak permintaan" in resp.content.decode()
    assert client.get("/kinerja/target/impor/").status_code == 200  # reading the page is not limited
    client.force_login(pemeran.operator_a)
    url = f"/kinerja/realisasi/{pemeran.pd_a.pk}/{TAHUN}/1/impor/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 429
