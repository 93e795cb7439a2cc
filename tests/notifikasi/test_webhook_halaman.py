"""The pemda's webhook (signed JSON from a task, checked by a local server, no network), the pages, the API,
and a report finishing or failing told to its requester."""

from __future__ import annotations

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from laporan.models import Laporan
from notifikasi import aturan, services, webhook
from notifikasi.models import Jenis, Notifikasi, PengaturanNotifikasi, Peristiwa
from sakip.peristiwa import umumkan

pytestmark = pytest.mark.django_db
RAHASIA = "rahasia-uji"


@pytest.fixture
def gerbang(settings):
    """A local HTTP server that records what it receives (answers `status`)."""
    diterima: list[tuple[dict, bytes]] = []

    class Penangan(BaseHTTPRequestHandler):
        status = 200

        def do_POST(self):  # noqa: N802 (http.server's name)
            isi = self.rfile.read(int(self.headers["Content-Length"]))
            diterima.append((self.headers, isi))  # case-insensitive names
            self.send_response(Penangan.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    settings.SAKIP_WEBHOOK_IZINKAN_LOKAL = True  # the test's gateway runs on this machine
    server = HTTPServer(("127.0.0.1", 0), Penangan)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook", diterima, Penangan
    server.shutdown()


def _peristiwa(pemeran, pd=None, jenis=Jenis.TERLAMBAT, kunci="k1"):
    calon = aturan.Calon(jenis=jenis, kunci=kunci, pd_id=(pd or pemeran.pd_a).pk, judul="TW I terlambat",
                         tautan="/kinerja/", peran=aturan.PERAN_PD)  # fmt: skip
    return services.peristiwa_catat(pemeran.pemda.pk, [calon])


def test_webhook_posts_signed_json_that_verifies(pemeran, gerbang, django_capture_on_commit_callbacks):
    url, diterima, _ = gerbang
    PengaturanNotifikasi.objects.create(pemda=pemeran.pemda, webhook_url=url, webhook_rahasia=RAHASIA)
    with django_capture_on_commit_callbacks(execute=False) as antre:
        (pk,) = _peristiwa(pemeran)
    assert len(antre) == 1  # enqueued after commit, never sent in the request
    assert webhook.webhook_kirim(pk) == 200
    ((kepala, isi),) = diterima
    assert webhook.tanda_tangan_sah(RAHASIA, isi, kepala["X-SAKIP-Signature"])
    assert not webhook.tanda_tangan_sah("kunci-lain", isi, kepala["X-SAKIP-Signature"])
    assert not webhook.tanda_tangan_sah(RAHASIA, isi + b" ", kepala["X-SAKIP-Signature"])
    data = json.loads(isi)
    assert data["jenis"] == Jenis.TERLAMBAT and data["perangkat_daerah"] == pemeran.pd_a.pk
    assert data["tautan"].endswith("/kinerja/") and kepala["X-SAKIP-Event"] == Jenis.TERLAMBAT


def test_webhook_server_error_is_retried_and_a_refusal_is_final(pemeran, gerbang):
    url, _, penangan = gerbang
    PengaturanNotifikasi.objects.create(pemda=pemeran.pemda, webhook_url=url, webhook_rahasia=RAHASIA)
    (pk,) = _peristiwa(pemeran)
    penangan.status = 503
    with pytest.raises(webhook.GagalSementara):
        webhook.webhook_kirim(pk)
    penangan.status = 410
    assert webhook.webhook_kirim(pk) == 410


def test_webhook_unreachable_is_retried_and_a_pemda_without_one_sends_nothing(pemeran, settings):
    settings.SAKIP_WEBHOOK_IZINKAN_LOKAL = True
    (pk,) = _peristiwa(pemeran)
    assert webhook.webhook_kirim(pk) is None
    PengaturanNotifikasi.objects.create(pemda=pemeran.pemda, webhook_url="http://127.0.0.1:9/", webhook_rahasia="x")
    with pytest.raises(webhook.GagalSementara):
        webhook.webhook_kirim(pk)


def test_a_report_finished_or_failed_is_told_to_its_requester_once(pemeran):
    lap = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=2025,
                                 status="selesai", diminta_oleh=pemeran.operator_a)  # fmt: skip
    umumkan("laporan", lap)
    umumkan("laporan", lap)
    Laporan.objects.filter(pk=lap.pk).update(status="gagal", galat="Pango tidak ada", percobaan=2)
    umumkan("laporan", Laporan.objects.get(pk=lap.pk))
    jenis = list(Notifikasi.objects.filter(user=pemeran.operator_a).values_list("peristiwa__jenis", flat=True))
    assert sorted(jenis) == [Jenis.LAPORAN_GAGAL, Jenis.LAPORAN_SELESAI]
    assert Notifikasi.objects.exclude(user=pemeran.operator_a).count() == 0


def test_the_laporan_job_announces_its_end(pemeran, monkeypatch):
    from laporan import services as lap_services

    lap = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=2025,
                                 status="antri", diminta_oleh=pemeran.kepala_a)  # fmt: skip

    def gagal(*_a, **_k):
        raise RuntimeError("uji")

    monkeypatch.setattr("laporan.pembuat.buat_dokumen", gagal)
    assert lap_services.laporan_proses(lap.pk) == "gagal"
    assert Notifikasi.objects.get(user=pemeran.kepala_a).peristiwa.jenis == Jenis.LAPORAN_GAGAL


def test_pages_list_mark_read_and_the_bell(pemeran, client):
    _peristiwa(pemeran, kunci="a")
    _peristiwa(pemeran, kunci="b")
    client.force_login(pemeran.operator_a)
    halaman = client.get("/")
    assert halaman.status_code in (200, 302)
    bel = client.get("/notifikasi/lonceng/").content.decode()
    assert 'aria-label="Notifikasi: 2 belum dibaca"' in bel and 'href="/notifikasi/"' in bel
    assert client.get("/notifikasi/").status_code == 200
    n = Notifikasi.objects.filter(user=pemeran.operator_a).first()
    assert client.post("/notifikasi/baca/", {"id": n.pk}).status_code == 302
    assert Notifikasi.objects.filter(user=pemeran.operator_a, dibaca_pada__isnull=True).count() == 1
    client.post("/notifikasi/baca-semua/")
    assert Notifikasi.objects.filter(user=pemeran.operator_a, dibaca_pada__isnull=True).count() == 0
    assert 'aria-label="Notifikasi"' in client.get("/notifikasi/lonceng/").content.decode()


def test_nobody_marks_another_users_notification_read(pemeran, client):
    _peristiwa(pemeran)
    n = Notifikasi.objects.get(user=pemeran.operator_a)
    client.force_login(pemeran.kepala_a)
    client.post("/notifikasi/baca/", {"id": n.pk})
    client.post("/api/v1/notifikasi/baca/", {"id": [n.pk]}, content_type="application/json")
    client.post("/notifikasi/baca-semua/")
    n.refresh_from_db()
    assert n.dibaca_pada is None


def test_preferences_page_on_the_profile(pemeran, client):
    client.force_login(pemeran.operator_a)
    assert "/notifikasi/preferensi/" in client.get("/profil/").content.decode()
    data = {f"tampil-{j}": "on" for j in Jenis.values} | {f"surel-{j}": "on" for j in Jenis.values}
    del data["surel-terlambat"]
    assert client.post("/notifikasi/preferensi/", data).status_code == 302
    _peristiwa(pemeran)
    n = Notifikasi.objects.get(user=pemeran.operator_a)
    assert n.tampil and not n.surel


def test_api_lists_only_the_users_own_and_marks_them_read(pemeran, client):
    _peristiwa(pemeran)
    _peristiwa(pemeran, pd=pemeran.pd_b, kunci="b")
    client.force_login(pemeran.operator_a)
    data = client.get("/api/v1/notifikasi/").json()
    assert [r["perangkat_daerah"] for r in data["results"]] == [pemeran.pd_a.pk]
    assert client.get("/api/v1/notifikasi/?belum_dibaca=true").json()["count"] == 1
    r = client.post("/api/v1/notifikasi/baca/", {"semua": True}, content_type="application/json")
    assert r.status_code == 200 and r.json() == {"ditandai": 1}
    assert client.get("/api/v1/notifikasi/?belum_dibaca=true").json()["count"] == 0
    assert client.post("/api/v1/notifikasi/baca/", {}, content_type="application/json").status_code == 400
    client.force_login(pemeran.operator_lain)
    assert client.get("/api/v1/notifikasi/").json()["count"] == 0


def test_the_daily_task_sweeps_and_sends_the_digest(pemeran, mailoutbox, settings):
    from kinerja.models import KunciTriwulan
    from notifikasi.tasks import notifikasi_harian
    from tests.kinerja.factories import buat_indikator

    buat_indikator(pemeran.pd_a)
    besok = datetime.date.today() + datetime.timedelta(days=1)
    KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=besok.year, triwulan=1, batas_waktu=besok)
    pemeran.operator_a.email = "a@contoh.go.id"
    pemeran.operator_a.save()
    hasil = notifikasi_harian()
    assert hasil["surel"] == 1 and hasil["peristiwa_baru"] >= 1
    assert mailoutbox[0].to == ["a@contoh.go.id"] and Peristiwa.objects.exists()


def test_beat_starting_runs_the_day_at_once(monkeypatch):
    from celery.signals import beat_init

    from notifikasi import tasks

    dipanggil = []
    monkeypatch.setattr(tasks.notifikasi_harian, "delay", lambda: dipanggil.append(1))
    beat_init.send(sender=None)
    assert dipanggil == [1]


def test_every_page_has_the_bell_in_its_header_loaded_after_the_page(pemeran, client):
    client.force_login(pemeran.operator_a)
    html = client.get("/profil/").content.decode()
    kepala = html[html.index('<header class="kepala">') : html.index("</header>")]
    assert 'href="/notifikasi/"' in kepala and 'aria-label="Notifikasi"' in kepala
    assert 'hx-get="/notifikasi/lonceng/" hx-trigger="load"' in kepala


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/admin/", "http://localhost/", "http://169.254.169.254/latest/"])
def test_webhook_never_goes_to_this_machine_or_a_link_local_address(pemeran, url, monkeypatch):
    PengaturanNotifikasi.objects.create(pemda=pemeran.pemda, webhook_url=url, webhook_rahasia=RAHASIA)
    (pk,) = _peristiwa(pemeran)
    dibuka = []
    monkeypatch.setattr(webhook.urllib.request, "urlopen", lambda *a, **k: dibuka.append(a))
    assert webhook.webhook_kirim(pk) is None
    assert dibuka == []


def test_a_report_failed_by_the_stuck_job_sweep_is_told_by_the_daily_sweep_once(pemeran):
    from django.utils import timezone

    from laporan import services as lap_services

    lama = timezone.now() - datetime.timedelta(hours=2)
    Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=2025, status="proses",
                           mulai_pada=lama, diminta_oleh=pemeran.operator_a)  # fmt: skip
    assert lap_services.laporan_pulihkan_macet() == 1
    assert Notifikasi.objects.count() == 0  # the stuck-job sweep announces nothing itself
    services.sapu_pemda(pemeran.pemda.pk, timezone.localdate())
    services.sapu_pemda(pemeran.pemda.pk, timezone.localdate())
    assert list(Notifikasi.objects.values_list("user", "peristiwa__jenis")) == [
        (pemeran.operator_a.pk, Jenis.LAPORAN_GAGAL)
    ]


def test_a_report_announced_by_its_job_is_not_told_again_by_the_sweep(pemeran):
    from django.utils import timezone

    lap = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=2025,
                                 status="selesai", selesai_pada=timezone.now(),
                                 diminta_oleh=pemeran.operator_a)  # fmt: skip
    umumkan("laporan", lap)
    assert services.sapu_pemda(pemeran.pemda.pk, timezone.localdate()) == []
    assert Notifikasi.objects.count() == 1
