"""The working year: the year every page shows and every action acts on.

It is chosen with the year selector, remembered in the session and on the user's profile
(`Profil.tahun_kerja`), and restored from the profile at each login (issue 11 point 5). A page whose URL
names a year (`?tahun=2025`, or a year in the path such as /kinerja/kelengkapan/2025/) shows that year
(TahunMiddleware) without changing what is stored; links carry the year the page shows, so a page opened
from another page shows the same year.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat

__all__ = [
    "KUNCI_SESI",
    "BilanganTidakValid",
    "baca_tahun",
    "tahun_bawaan",
    "tahun_dari_sesi",
    "tahun_ingat",
    "tahun_pulihkan",
    "tahun_tersedia",
    "url_dengan_tahun",
]

KUNCI_SESI = "tahun"


def tahun_tersedia() -> list[int]:
    """The years the selector offers: from SAKIP_TAHUN_PERTAMA up to next year."""
    pertama = settings.SAKIP_TAHUN_PERTAMA
    return list(range(timezone.localdate().year + 1, pertama - 1, -1))


def tahun_bawaan() -> int:
    """The default working year when the user has not chosen one."""
    return settings.SAKIP_TAHUN_AKTIF or timezone.localdate().year


def tahun_dari_sesi(session) -> int:
    """The remembered year, or the default when none (or an unknown one) is stored."""
    tahun = session.get(KUNCI_SESI)
    return tahun if tahun in tahun_tersedia() else tahun_bawaan()


def baca_tahun(nilai) -> int:
    """A year from outside (query string, form field, path) that the selector offers; raises
    BilanganTidakValid (Indonesian message) for text, non-ASCII digits, overflow or an unavailable year."""
    tersedia = tahun_tersedia()
    return bilangan_bulat(nilai, minimum=min(tersedia), maksimum=max(tersedia), nama="Tahun")


def tahun_ingat(request, tahun: int) -> None:
    """Make `tahun` the working year: in the session, and on the profile of a logged-in user.

    Writes only when the year changes (no session save or UPDATE on an ordinary page view)."""
    if request.session.get(KUNCI_SESI) != tahun:
        request.session[KUNCI_SESI] = tahun
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    from .models import Profil

    Profil.objects.filter(user_id=user.pk).exclude(tahun_kerja=tahun).update(tahun_kerja=tahun)


def tahun_pulihkan(sender, request, user, **kwargs) -> None:
    """At login: the working year stored on the profile becomes the session's (when still offered)."""
    from .models import Profil

    tahun = Profil.objects.filter(user_id=user.pk).values_list("tahun_kerja", flat=True).first()
    if request is not None and tahun in tahun_tersedia():
        request.session[KUNCI_SESI] = tahun


def url_dengan_tahun(url: str, tahun: int) -> str:
    """`url` showing `tahun`: a year in its path (when the path resolves to a view taking `tahun`) and a
    `?tahun=` in its query are replaced, everything else kept."""
    bagian = urlsplit(url)
    path = bagian.path or "/"
    try:
        cocok = resolve(path)
    except Resolver404:
        cocok = None
    if cocok is not None and "tahun" in cocok.kwargs:
        with contextlib.suppress(NoReverseMatch):
            path = reverse(cocok.view_name, kwargs={**cocok.kwargs, "tahun": tahun})
    kueri = QueryDict(bagian.query, mutable=True)
    if "tahun" in kueri:
        kueri["tahun"] = str(tahun)
    return urlunsplit(("", "", path, kueri.urlencode(), bagian.fragment))
