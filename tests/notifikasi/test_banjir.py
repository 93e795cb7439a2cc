"""Never a flood (issue 16 point 5): a run that tells one user many events of a kind gives them one summary
instead, within their scope; read notifications are purged after the retention setting by a beat task; a
pemda's webhook address is checked when it is saved (https, no local, private or link-local address)."""

from __future__ import annotations

import datetime
import socket

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifikasi import aturan, services, webhook
from notifikasi.models import Jenis, Notifikasi, PengaturanNotifikasi, Peristiwa
from notifikasi.selectors import notifikasi_pengguna

pytestmark = pytest.mark.django_db


def _calon(pd, n: int, jenis=Jenis.TERLAMBAT) -> list[aturan.Calon]:
    return [aturan.Calon(jenis=jenis, kunci=f"uji:{jenis}:{pd.pk}:{i}", pd_id=pd.pk, judul=f"Triwulan {i} {pd.nama}",
                         tautan="/kinerja/", peran=aturan.PERAN_PD) for i in range(n)]  # fmt: skip


def test_many_events_of_a_kind_become_one_summary_per_user_few_stay_one_by_one(pemeran, settings):
    settings.SAKIP_NOTIFIKASI_BATAS_SEJENIS = 5
    baru = services.peristiwa_catat(pemeran.pemda.pk, _calon(pemeran.pd_a, 40) + _calon(pemeran.pd_b, 3))
    assert len(baru) == 43  # every event is recorded (fires once), only the telling is merged
    (n,) = Notifikasi.objects.filter(user=pemeran.operator_a)
    assert n.peristiwa.jenis == Jenis.TERLAMBAT and n.peristiwa.judul.endswith(": 40 peristiwa")
    assert n.peristiwa.pesan.startswith("Triwulan 0 Dinas A; Triwulan 1 Dinas A; Triwulan 2 Dinas A; dan 37 lainnya")
    assert n.peristiwa.perangkat_daerah_id == pemeran.pd_a.pk and n.peristiwa.pk not in baru
    assert [x.peristiwa_id for x in notifikasi_pengguna(pemeran.operator_a)] == [n.peristiwa_id]  # in their scope
    assert Notifikasi.objects.filter(user=pemeran.operator_b).count() == 3  # three: told one by one
    assert not Notifikasi.objects.filter(user=pemeran.operator_b, peristiwa__kunci__startswith="ringkasan:").exists()


def test_a_summary_is_per_run_the_next_run_tells_again(pemeran, settings):
    settings.SAKIP_NOTIFIKASI_BATAS_SEJENIS = 2
    services.peristiwa_catat(pemeran.pemda.pk, _calon(pemeran.pd_a, 4))
    services.peristiwa_catat(pemeran.pemda.pk, _calon(pemeran.pd_a, 4))  # the same events: nothing new
    assert Notifikasi.objects.filter(user=pemeran.operator_a).count() == 1
    services.peristiwa_catat(pemeran.pemda.pk, _calon(pemeran.pd_a, 1, Jenis.TENGGAT_1))
    assert Notifikasi.objects.filter(user=pemeran.operator_a).count() == 2


def test_read_notifications_older_than_the_retention_are_purged_by_the_beat_task(pemeran, settings):
    from notifikasi.tasks import notifikasi_bersihkan

    settings.SAKIP_NOTIFIKASI_SIMPAN_HARI = 30
    settings.SAKIP_NOTIFIKASI_BATAS_SEJENIS = 2
    services.peristiwa_catat(pemeran.pemda.pk, _calon(pemeran.pd_a, 4) + _calon(pemeran.pd_b, 2))
    sekarang = timezone.now()
    lama, baru = sekarang - datetime.timedelta(days=31), sekarang - datetime.timedelta(days=29)
    (ringkas,) = Notifikasi.objects.filter(user=pemeran.operator_a)  # the summary, read long ago
    Notifikasi.objects.filter(pk=ringkas.pk).update(dibaca_pada=lama)
    b1, b2 = Notifikasi.objects.filter(user=pemeran.operator_b).order_by("pk")
    Notifikasi.objects.filter(pk=b1.pk).update(dibaca_pada=baru)  # read recently: kept; b2 unread: kept
    assert notifikasi_bersihkan.apply().get() == 1
    assert not Notifikasi.objects.filter(user=pemeran.operator_a).exists()
    assert set(Notifikasi.objects.filter(user=pemeran.operator_b).values_list("pk", flat=True)) == {b1.pk, b2.pk}
    assert not Peristiwa.objects.filter(pk=ringkas.peristiwa_id).exists()  # the orphan summary goes
    assert Peristiwa.objects.filter(kunci__startswith="ringkasan:").exists()  # another user's unread one stays
    assert Peristiwa.objects.filter(kunci__startswith="uji:").count() == 6  # events stay: they fire once


def test_the_purge_runs_daily_in_beat_with_the_retention_declared():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["notifikasi-bersihkan"]["task"] == "notifikasi.bersihkan"
    assert settings.SAKIP_NOTIFIKASI_SIMPAN_HARI == 90 and settings.SAKIP_NOTIFIKASI_BATAS_SEJENIS == 5


def _simpan(pemda, url: str) -> None:
    PengaturanNotifikasi(pemda=pemda, webhook_url=url, webhook_rahasia="r").full_clean()


@pytest.fixture
def dns(monkeypatch):
    """Names resolved without a network: gateway.contoh.id is public, lan.contoh.id private."""
    peta = {"gateway.contoh.id": "93.184.216.34", "lan.contoh.id": "192.168.1.20"}

    def getaddrinfo(host, *a, **k):
        if host not in peta:
            raise socket.gaierror("tidak dikenal")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (peta[host], 0))]

    monkeypatch.setattr(webhook.socket, "getaddrinfo", getaddrinfo)


def test_a_public_https_webhook_saves(pemeran, dns, settings):
    settings.DEBUG = False
    _simpan(pemeran.pemda, "https://gateway.contoh.id/sakip")
    _simpan(pemeran.pemda, "https://93.184.216.34/sakip")


@pytest.mark.parametrize(
    ("url", "pesan"),
    [
        ("http://gateway.contoh.id/sakip", "harus memakai https://"),
        ("ftp://gateway.contoh.id/", "harus memakai https://"),
        ("https://localhost/", "alamat lokal"),
        ("https://127.0.0.1:8000/admin/", "alamat lokal"),
        ("https://[::1]/", "alamat lokal"),
        ("https://169.254.169.254/latest/", "link-local"),
        ("https://10.0.0.5/", "jaringan privat"),
        ("https://lan.contoh.id/", "jaringan privat"),
        ("https://tidak-ada.contoh.id/", "tidak ditemukan"),
    ],
)
def test_a_bad_webhook_is_refused_when_saved_with_a_clear_message(pemeran, dns, settings, url, pesan):
    settings.DEBUG = False
    with pytest.raises(ValidationError) as galat:
        _simpan(pemeran.pemda, url)
    assert any(pesan in teks for teks in galat.value.message_dict["webhook_url"])


def test_settings_allow_a_lan_gateway_and_http_to_localhost_only_in_debug(pemeran, dns, settings):
    settings.DEBUG, settings.SAKIP_WEBHOOK_IZINKAN_PRIVAT = False, True
    _simpan(pemeran.pemda, "https://lan.contoh.id/")
    settings.DEBUG = True
    _simpan(pemeran.pemda, "http://localhost:9000/hook")
    with pytest.raises(ValidationError):
        _simpan(pemeran.pemda, "http://gateway.contoh.id/")  # http elsewhere: never


def test_the_admin_form_refuses_a_private_address(pemeran, client, dns, settings):
    settings.DEBUG = False
    pemeran.admin.is_staff = True  # a pemda administrator as the demo makes one
    pemeran.admin.save()
    client.force_login(pemeran.admin)
    resp = client.post("/admin/notifikasi/pengaturannotifikasi/add/", {
        "pemda": pemeran.pemda.pk, "hari_menunggu_verifikasi": 5, "hari_rekomendasi_dekat": 14,
        "webhook_url": "https://10.1.2.3/hook", "webhook_rahasia": "r",
    })  # fmt: skip
    assert resp.status_code == 200 and "jaringan privat" in resp.content.decode()
    assert not PengaturanNotifikasi.objects.exists()


def test_at_send_a_private_address_is_refused_too(pemeran, dns, settings, monkeypatch):
    settings.SAKIP_WEBHOOK_IZINKAN_LOKAL = False
    PengaturanNotifikasi.objects.create(pemda=pemeran.pemda, webhook_url="https://lan.contoh.id/", webhook_rahasia="r")
    (pk,) = services.peristiwa_catat(pemeran.pemda.pk, _calon(pemeran.pd_a, 1))
    dibuka = []
    monkeypatch.setattr(webhook.urllib.request, "urlopen", lambda *a, **k: dibuka.append(a))
    assert webhook.webhook_kirim(pk) is None and dibuka == []
