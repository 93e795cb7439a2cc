"""Rate limits of costly actions (report requests, Excel imports): one per user and one per pemda, the same
for pages and API (issue 11 point 15).

`batasi` is the one check. The DRF throttle `BatasLajuApi` and the page decorator `dibatasi` both call it, so
a user refused by the API is refused by the page too. Rates come from `settings.SAKIP_BATAS_LAJU`
("<n>/<second|minute|hour|day>": `<scope>` per user, `<scope>_pemda` per pemda). Counters live in the cache
(shared between web processes when SAKIP_CACHE_URL is set) and are counted with atomic increments over a
sliding window (this window's count plus the previous window's, weighted by how much of it still overlaps).
A refused request is not counted, so one user hammering a page cannot use up the pemda's allowance.
"""

from __future__ import annotations

import functools
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle

from .access import profil_pengguna

DETIK = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class BatasTerlampaui(Exception):
    """The action is over its limit; `tunggu` is how many seconds until it is allowed again."""

    def __init__(self, tunggu: int):
        self.tunggu = max(1, tunggu)
        menit = math.ceil(self.tunggu / 60)
        super().__init__(
            _(
                "Terlalu banyak permintaan dalam waktu singkat. Permintaan Anda tidak diproses; coba lagi dalam "
                "%(menit)s menit."
            )
            % {"menit": menit}
        )


def _laju(teks: str) -> tuple[int, int]:
    jumlah, periode = teks.split("/")
    return int(jumlah), DETIK[periode.strip()[0]]


def _ambil(kunci: str, jendela: int, sekarang: float) -> tuple[str, float]:
    """This window's key and the weighted count of the previous window."""
    nomor = int(sekarang // jendela)
    sisa = 1 - (sekarang % jendela) / jendela
    lalu = cache.get(f"{kunci}:{nomor - 1}", 0)
    return f"{kunci}:{nomor}", lalu * sisa


def _hitung(kunci: str, batas: int, jendela: int, sekarang: float) -> int | None:
    """Count one request under `kunci`; None when allowed, else the seconds to wait (and nothing counted)."""
    kunci_ini, bobot_lalu = _ambil(kunci, jendela, sekarang)
    cache.add(kunci_ini, 0, timeout=2 * jendela)
    try:
        jumlah = cache.incr(kunci_ini)
    except ValueError:  # expired between add and incr
        cache.set(kunci_ini, 1, timeout=2 * jendela)
        jumlah = 1
    if jumlah + bobot_lalu <= batas:
        return None
    cache.decr(kunci_ini)
    return int(jendela - sekarang % jendela) + 1


def batasi(*, user, lingkup: str) -> None:
    """Count one `lingkup` action of `user` against the user's and the pemda's limits; raise BatasTerlampaui
    (nothing counted) when either is reached. Users without a profile are limited per user only."""
    laju = settings.SAKIP_BATAS_LAJU
    sekarang = time.time()
    profil = profil_pengguna(user)
    batas_user, jendela_user = _laju(laju[lingkup])
    kunci_user = f"sakip:batas:{lingkup}:u:{user.pk}"
    tunggu = _hitung(kunci_user, batas_user, jendela_user, sekarang)
    if tunggu is not None:
        raise BatasTerlampaui(tunggu)
    if profil is None or f"{lingkup}_pemda" not in laju:
        return
    batas_pemda, jendela_pemda = _laju(laju[f"{lingkup}_pemda"])
    tunggu = _hitung(f"sakip:batas:{lingkup}:p:{profil.pemda_id}", batas_pemda, jendela_pemda, sekarang)
    if tunggu is not None:
        cache.decr(_ambil(kunci_user, jendela_user, sekarang)[0])
        raise BatasTerlampaui(tunggu)


class BatasLajuApi(BaseThrottle):
    """DRF throttle over `batasi`, for the view's `throttle_scope`: 429 with an Indonesian message."""

    def allow_request(self, request, view) -> bool:
        try:
            batasi(user=request.user, lingkup=view.throttle_scope)
        except BatasTerlampaui as exc:
            raise exceptions.Throttled(wait=exc.tunggu, detail=str(exc)) from None
        return True


def _kembali(request) -> str:
    """The page the refused form was on (same host only), else the home page."""
    asal = request.headers.get("Referer", "")
    aman = url_has_allowed_host_and_scheme(asal, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return asal if asal and aman else "/"


def dibatasi(lingkup: str):
    """Page decorator: a POST counts against `batasi`; over the limit, a friendly page with HTTP 429."""

    def hias(view):
        @functools.wraps(view)
        def bungkus(request, *args, **kwargs):
            if request.method == "POST" and request.user.is_authenticated:
                try:
                    batasi(user=request.user, lingkup=lingkup)
                except BatasTerlampaui as exc:
                    konteks = {"pesan": str(exc), "kembali": _kembali(request)}
                    respons = render(request, "429.html", konteks, status=429)
                    respons["Retry-After"] = str(exc.tunggu)
                    return respons
            return view(request, *args, **kwargs)

        return bungkus

    return hias
