"""The client's address as the login lockout sees it (issue 11 point 16).

Without a proxy the address is the socket's (`REMOTE_ADDR`); any `X-Forwarded-For` is then a claim by the
client and is ignored. Behind `SAKIP_PROXY_COUNT` trusted proxies each appends the address it received
the request from, so the client is the entry that many places from the right; entries further left were
written by the client and cannot be trusted. django-ipware is not installed, so this callable
(`AXES_CLIENT_IP_CALLABLE`) is what makes the proxy setting take effect.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

__all__ = ["alamat_klien"]


def alamat_klien(request) -> str | None:
    """The client's IP address: from X-Forwarded-For behind SAKIP_PROXY_COUNT proxies, else REMOTE_ADDR."""
    langsung = request.META.get("REMOTE_ADDR")
    jumlah = settings.SAKIP_PROXY_COUNT
    if jumlah <= 0:
        return langsung
    rantai = [bagian.strip() for bagian in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    rantai = [bagian for bagian in rantai if bagian]
    if len(rantai) < jumlah:
        return langsung  # the proxy did not add its entry: it is misconfigured, or was bypassed
    calon = rantai[-jumlah]
    try:
        return str(ipaddress.ip_address(calon))
    except ValueError:
        return langsung
