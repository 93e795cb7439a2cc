"""Request-wide values: the chosen working year."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .tahun import tahun_dari_sesi


class TahunMiddleware:
    """Puts the remembered working year on `request.tahun`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tahun = tahun_dari_sesi(request.session)
        return self.get_response(request)


class SesiAbsolutMiddleware:
    """End a session SESSION_ABSOLUTE_SECONDS after login, however active it was (idle expiry is
    SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST)."""

    KUNCI = "_sakip_mulai"

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
        return self.get_response(request)


class KebijakanKontenMiddleware:
    """Send the Content-Security-Policy of settings.SAKIP_CSP on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.SAKIP_CSP)
        return response
