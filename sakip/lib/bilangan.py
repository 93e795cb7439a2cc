"""Whole numbers from the outside world: ids and years in URLs, query strings, form fields and API bodies.

One parser for the whole product (issue 11 point 20). Python's `int()` and `str.isdigit()` accept more than a
user types ("²", "١٢", " 12 ", "1_000") and nothing bounds the result, so a crafted value reaches the database
as an overflow or a CHECK violation (a 500). `bilangan_bulat` accepts only ASCII digits with an optional
leading minus, and a value inside [minimum, maksimum]; anything else raises `BilanganTidakValid` with an
Indonesian message. This module imports nothing of Django or the apps.
"""

from __future__ import annotations

import re

__all__ = ["ID_MAKS", "BilanganTidakValid", "bilangan_bulat", "bilangan_bulat_atau_none"]

# The largest id a 64-bit primary key (and a PostgreSQL bigint) holds; ids above it cannot exist.
ID_MAKS = 2**63 - 1
_POLA = re.compile(r"-?[0-9]+", re.ASCII)
_PANJANG_MAKS = 20  # digits of 2**63 - 1 plus a sign; longer text is refused before int() sees it


class BilanganTidakValid(ValueError):
    """Raised when a text is not a whole number in the allowed range; the message is Indonesian."""


def bilangan_bulat(nilai, *, minimum: int = 1, maksimum: int = ID_MAKS, nama: str = "nilai") -> int:
    """Parse `nilai` (text or int) as a whole number in [minimum, maksimum] (defaults: a database id).

    Accepts ints (not bools) and text of ASCII digits with an optional leading "-". Refuses empty text,
    spaces, signs other than a leading "-", decimal points, non-ASCII digits, and values out of range.
    """
    if isinstance(nilai, bool):
        raise BilanganTidakValid(f"{nama}: harus berupa bilangan bulat.")
    if isinstance(nilai, int):
        angka = nilai
    else:
        teks = "" if nilai is None else str(nilai)
        if len(teks) > _PANJANG_MAKS or not _POLA.fullmatch(teks):
            raise BilanganTidakValid(f"{nama}: “{teks[:30]}” bukan bilangan bulat yang valid.")
        angka = int(teks)
    if angka < minimum or angka > maksimum:
        raise BilanganTidakValid(f"{nama}: harus antara {minimum} dan {maksimum}.")
    return angka


def bilangan_bulat_atau_none(nilai, **batas) -> int | None:
    """As `bilangan_bulat`, but None (or empty text) gives None."""
    if nilai is None or (isinstance(nilai, str) and nilai == ""):
        return None
    return bilangan_bulat(nilai, **batas)
