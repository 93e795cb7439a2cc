"""Request-wide values: the chosen working year."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .tahun import BilanganTidakValid, baca_tahun, tahun_dari_sesi, tahun_tersedia


class TahunMiddleware:
    """Puts the year the page shows on `request.tahun`: the year the URL names (`?tahun=`, or a `tahun` in
    its path), else the remembered working year. Naming a year in a URL changes nothing stored (a GET is
    safe); the year selector does (perangkat_daerah.views.pilih_tahun). Links carry the year instead.

    A `?tahun=` that is not an offered year falls back to the remembered year with a message, never an
    error. The API is left alone: there `?tahun=` is a filter of the endpoint's own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tahun = tahun_dari_sesi(request.session)
        teks = request.GET.get("tahun")
        if teks is not None and not request.path.startswith("/api/"):
            try:
                tahun = baca_tahun(teks)
            except BilanganTidakValid:
                messages.warning(
                    request,
                    _("Tahun “%(teks)s” tidak tersedia; halaman ini menampilkan tahun %(tahun)s.")
                    % {"teks": teks[:30], "tahun": request.tahun},
                )
            else:
                request.tahun = tahun
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        tahun = view_kwargs.get("tahun")
        if isinstance(tahun, int) and tahun in tahun_tersedia() and not request.path.startswith("/api/"):
            request.tahun = tahun


def catat_awal_sesi(sender, request, user, **kwargs) -> None:
    """At login: the absolute lifetime and the idle renewal both start now (written with the login itself)."""
    sekarang = int(time.time())
    request.session[SesiAbsolutMiddleware.KUNCI] = sekarang
    request.session[SesiAbsolutMiddleware.KUNCI_AKSES] = sekarang


class SesiAbsolutMiddleware:
    """End a session SESSION_ABSOLUTE_SECONDS after login, however active it was; and keep an active
    session alive: it is re-saved (its SESSION_COOKIE_AGE idle expiry renewed) at most once every
    SAKIP_SESSION_PERBARUI_DETIK, so ordinary page views write nothing."""

    KUNCI = "_sakip_mulai"
    KUNCI_AKSES = "_sakip_akses"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            sekarang = int(time.time())
            mulai = request.session.setdefault(self.KUNCI, sekarang)
            if sekarang - mulai > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Sesi Anda telah berakhir. Silakan masuk kembali."))
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            # activity pushes the idle expiry back, saving the session at most once per interval
            if sekarang - request.session.get(self.KUNCI_AKSES, 0) >= settings.SAKIP_SESSION_PERBARUI_DETIK:
                request.session[self.KUNCI_AKSES] = sekarang
        return self.get_response(request)


class KebijakanKontenMiddleware:
    """Send the Content-Security-Policy of settings.SAKIP_CSP on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.SAKIP_CSP)
        return response
