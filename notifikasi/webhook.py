"""A pemda's webhook: every event as JSON, POSTed to the URL the pemda set, signed with HMAC-SHA256 of the
body under its secret (header `X-SAKIP-Signature: sha256=<hex>`), so a gateway it runs (WhatsApp, chat) can
check that SAKIP sent it. Sent by a Celery task, never in a request; transport failures are retried."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from .models import PengaturanNotifikasi, Peristiwa

log = logging.getLogger(__name__)
HEADER_TANDA_TANGAN = "X-SAKIP-Signature"
BATAS_WAKTU_DETIK = 10


class GagalSementara(OSError):
    """The gateway did not take the event now (a network error or a 5xx): the task retries."""


def tanda_tangan(rahasia: str, isi: bytes) -> str:
    """THE signature of a webhook body: `sha256=` + hex HMAC-SHA256 of the bytes under the secret."""
    return "sha256=" + hmac.new(rahasia.encode(), isi, hashlib.sha256).hexdigest()


def tanda_tangan_sah(rahasia: str, isi: bytes, tanda: str) -> bool:
    """Whether `tanda` is the signature of `isi` (what a receiving gateway checks; constant time)."""
    return hmac.compare_digest(tanda_tangan(rahasia, isi), tanda or "")


def _lokal_diizinkan() -> bool:
    return bool(settings.SAKIP_WEBHOOK_IZINKAN_LOKAL or settings.DEBUG)


def _nama_lokal(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def ip_terlarang(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """THE rule of the addresses a webhook may not reach: link-local (a cloud's metadata service), multicast,
    reserved; this machine (loopback, unspecified) unless `SAKIP_WEBHOOK_IZINKAN_LOKAL` (or DEBUG, a developer's
    own gateway); a private network unless `SAKIP_WEBHOOK_IZINKAN_PRIVAT`."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_link_local or ip.is_multicast or ip.is_reserved:
        return True
    if ip.is_loopback or ip.is_unspecified:
        return not _lokal_diizinkan()
    return ip.is_private and not settings.SAKIP_WEBHOOK_IZINKAN_PRIVAT


def alamat_terlarang(url: str) -> str | None:
    """Why the webhook may not go to `url` (None: it may): a host that resolves to an address `ip_terlarang`
    refuses. Raises `GagalSementara` when the name cannot be resolved now."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        alamat = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise GagalSementara(f"nama {host} tidak dapat diselesaikan: {exc}") from exc
    for a in sorted(alamat):
        ip = ipaddress.ip_address(a.split("%")[0])
        if ip_terlarang(ip):
            return f"{host} ({ip}) adalah alamat lokal, privat atau link-local"
    return None


def galat_url(url: str) -> str | None:
    """Why a pemda may not save `url` as its webhook, in Indonesian (None: it may), checked when it is saved
    (`PengaturanNotifikasi.clean`) as well as at send: https only (http just for localhost while DEBUG), and
    no address `ip_terlarang` refuses, the host's name resolved now."""
    bagian = urllib.parse.urlsplit(url)
    host = (bagian.hostname or "").lower()
    if not host:
        return _("Alamat webhook harus lengkap, misalnya https://gateway.contoh.go.id/sakip.")
    if bagian.scheme != "https" and not (bagian.scheme == "http" and settings.DEBUG and _nama_lokal(host)):
        return _("Alamat webhook harus memakai https:// (http:// hanya untuk localhost dalam mode pengembangan).")
    try:
        alamat = [ipaddress.ip_address(host)]
    except ValueError:
        if _nama_lokal(host):
            alamat = [ipaddress.ip_address("127.0.0.1")]
        else:
            try:
                alamat = [ipaddress.ip_address(i[4][0].split("%")[0]) for i in socket.getaddrinfo(host, None)]
            except OSError:
                return _("Nama host %(h)s tidak ditemukan; periksa kembali alamat webhook.") % {"h": host}
    for ip in alamat:
        if ip_terlarang(ip):
            return _(
                "Alamat webhook %(h)s menuju alamat lokal, jaringan privat atau link-local (%(ip)s) yang tidak "
                "diizinkan. Gunakan alamat gateway yang dapat dijangkau dari internet."
            ) % {"h": host, "ip": ip}
    return None


def muatan(p: Peristiwa) -> bytes:
    """The JSON body of one event."""
    data = {
        "id": p.pk,
        "jenis": p.jenis,
        "judul": p.judul,
        "pesan": p.pesan,
        "tautan": settings.SAKIP_URL_DASAR.rstrip("/") + p.tautan if p.tautan else "",
        "pemda": p.pemda_id,
        "perangkat_daerah": p.perangkat_daerah_id,
        "waktu": p.dibuat_pada.isoformat(),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def webhook_kirim(peristiwa_id: int) -> int | None:
    """POST one event to its pemda's webhook; the HTTP status, or None when the pemda has none or its address
    is refused (`alamat_terlarang`, logged). Raises
    `GagalSementara` for a failure worth retrying; a 4xx answer is final (the gateway refused it)."""
    p = Peristiwa.objects.filter(pk=peristiwa_id).first()
    pengaturan = p and PengaturanNotifikasi.objects.filter(pemda_id=p.pemda_id).exclude(webhook_url="").first()
    if not pengaturan:
        return None
    terlarang = alamat_terlarang(pengaturan.webhook_url)
    if terlarang:
        log.warning("Webhook pemda %s tidak dikirim: %s", p.pemda_id, terlarang)
        return None
    isi = muatan(p)
    permintaan = urllib.request.Request(
        pengaturan.webhook_url, data=isi, method="POST",
        headers={"Content-Type": "application/json", HEADER_TANDA_TANGAN: tanda_tangan(pengaturan.webhook_rahasia, isi),
                 "X-SAKIP-Event": p.jenis, "User-Agent": "SAKIP-Kota-Webhook"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(permintaan, timeout=BATAS_WAKTU_DETIK) as jawaban:  # noqa: S310 (http/https only: the model's URL field)
            return jawaban.status
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise GagalSementara(f"webhook {exc.code}") from exc
        return exc.code
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise GagalSementara(str(exc)) from exc
