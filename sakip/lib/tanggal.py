"""Dates as Indonesian users write them: "10 Juli 2025", "10 Juli 2025 14.05".

The one date formatter of the product (dashboards, reports, evaluation pages): always in Indonesian,
whatever the browser's language, and a timestamp in the local time zone (Asia/Jakarta).
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

__all__ = ["TanggalTidakValid", "baca_tanggal", "format_tanggal"]


def format_tanggal(
    nilai: datetime.date | datetime.datetime | None, *, dengan_jam: bool = False, kosong: str = ""
) -> str:
    """ "10 Juli 2025" (with `dengan_jam` and a timestamp: "10 Juli 2025 14.05"); `kosong` when there is
    no date. A timestamp is shown in the local time zone."""
    if not nilai:
        return kosong
    with translation.override("id"):
        if isinstance(nilai, datetime.datetime):
            if timezone.is_aware(nilai):
                nilai = timezone.localtime(nilai)
            return date_format(nilai, "j F Y H.i" if dengan_jam else "j F Y")
        return date_format(nilai, "j F Y")


class TanggalTidakValid(ValueError):
    """A date that is not a real calendar day in the form YYYY-MM-DD (the HTML date input's format)."""


def baca_tanggal(nilai) -> datetime.date | None:
    """A date from a date object or "YYYY-MM-DD" text; None for empty input; TanggalTidakValid otherwise."""
    if nilai in (None, ""):
        return None
    if isinstance(nilai, datetime.datetime):
        raise TanggalTidakValid("Isi tanggal tanpa jam.")
    if isinstance(nilai, datetime.date):
        return nilai
    teks = str(nilai).strip()
    if len(teks) != 10 or not teks.isascii():
        raise TanggalTidakValid("Tanggal harus berformat TTTT-BB-HH, mis. 2025-03-31.")
    try:
        return datetime.date.fromisoformat(teks)
    except ValueError:
        raise TanggalTidakValid("Tanggal harus berformat TTTT-BB-HH, mis. 2025-03-31.") from None
