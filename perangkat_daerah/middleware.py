"""Request-wide values: the chosen working year."""

from __future__ import annotations

from .tahun import tahun_dari_sesi


class TahunMiddleware:
    """Puts the remembered working year on `request.tahun`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tahun = tahun_dari_sesi(request.session)
        return self.get_response(request)
