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


def alamat_terlarang(url: str) -> str | None:
    """Why the webhook may not go to `url` (None: it may): a host that resolves to this machine (loopback,
    unspecified) or to a link-local address, unless `SAKIP_WEBHOOK_IZINKAN_LOKAL`."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        alamat = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise GagalSementara(f"nama {host} tidak dapat diselesaikan: {exc}") from exc
    for a in sorted(alamat):
        ip = ipaddress.ip_address(a.split("%")[0])
        if (
            ip.is_link_local
            or ip.is_multicast
            or (not settings.SAKIP_WEBHOOK_IZINKAN_LOKAL and (ip.is_loopback or ip.is_unspecified))
        ):
            return f"{host} ({ip}) adalah alamat lokal atau link-local"
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
