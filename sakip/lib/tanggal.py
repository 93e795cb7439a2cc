"""Dates as Indonesian users write them: "10 Juli 2025", "10 Juli 2025 14.05".

The one date formatter of the product (dashboards, reports, evaluation pages): always in Indonesian,
whatever the browser's language, and a timestamp in the local time zone (Asia/Jakarta).
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

__all__ = ["format_tanggal"]


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
