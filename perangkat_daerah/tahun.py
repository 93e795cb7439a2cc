"""The working year: chosen once with the year selector, remembered in the session."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

KUNCI_SESI = "tahun"


def tahun_tersedia() -> list[int]:
    """The years the selector offers: from SAKIP_TAHUN_PERTAMA up to next year."""
    pertama = getattr(settings, "SAKIP_TAHUN_PERTAMA", 2021)
    return list(range(timezone.localdate().year + 1, pertama - 1, -1))


def tahun_bawaan() -> int:
    """The default working year when the user has not chosen one."""
    return getattr(settings, "SAKIP_TAHUN_AKTIF", None) or timezone.localdate().year


def tahun_dari_sesi(session) -> int:
    """The remembered year, or the default when none (or an unknown one) is stored."""
    tahun = session.get(KUNCI_SESI)
    return tahun if tahun in tahun_tersedia() else tahun_bawaan()
