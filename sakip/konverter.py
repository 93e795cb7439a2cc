"""Path converters for the year and quarter in page URLs, registered once in sakip/urls.py.

A year the year selector does not offer (`perangkat_daerah.tahun.tahun_tersedia`) or a quarter outside
I–IV does not match, so the page is a 404 before any view runs; no view checks them again.
"""

from __future__ import annotations

from perangkat_daerah.tahun import tahun_tersedia

__all__ = ["TahunConverter", "TriwulanConverter"]


class TahunConverter:
    """`<tahun:tahun>`: a year the year selector offers (SAKIP_TAHUN_PERTAMA up to next year)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        tahun = int(value)  # ValueError past Python's digit limit: no match either
        if tahun not in tahun_tersedia():
            raise ValueError(value)  # no match: 404
        return tahun

    def to_url(self, value: int) -> str:
        return str(int(value))


class TriwulanConverter:
    """`<triwulan:triwulan>`: a quarter, 1 to 4."""

    regex = "[1-4]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))  # reverse() refuses anything the regex does not match
