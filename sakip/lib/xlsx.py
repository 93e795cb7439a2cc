"""Writing values into openpyxl workbooks so that no text is ever a formula (issue 11 points 13 and 14).

openpyxl turns a string beginning with "=" into a formula cell and a string such as "#N/A" into an error
cell, and refuses (raises on) control characters. A note typed by a user ("=HYPERLINK(...)", "+1+1",
"@SUM(A1)") must stay the text it was, and a row stored before the input rule must not break the export.
So every text goes through `tulis_sel`: control characters removed with `tanpa_kendali`, the cell forced
to a string cell, and marked with a quote prefix when it begins like a formula, so a spreadsheet keeps it
text even after the user edits the cell. Numbers, dates and empty values are written unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from openpyxl.cell.cell import Cell

from .teks import tanpa_kendali

__all__ = ["AWALAN_RUMUS", "tambah_baris", "teks_sel", "tulis_sel"]

# What spreadsheets read as the start of a formula (OWASP "CSV injection"), tab and CR included.
AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def teks_sel(teks: str) -> str:
    """`teks` as a cell may hold it: without control characters, at most Excel's 32,767 characters."""
    return tanpa_kendali(teks)[:32767]


def tulis_sel(sel: Cell, nilai) -> Cell:
    """Write `nilai` into `sel`: any text as a string cell that no spreadsheet evaluates; anything else as is."""
    if isinstance(nilai, Promise):
        nilai = str(nilai)
    if not isinstance(nilai, str):
        sel.value = nilai
        return sel
    teks = teks_sel(nilai)
    sel.value = teks
    sel.data_type = "s"  # openpyxl has just made "=…" a formula and "#N/A" an error: undo that
    if teks.startswith(AWALAN_RUMUS):
        sel.quotePrefix = True
    return sel


def tambah_baris(lembar, nilai: Iterable) -> None:
    """`lembar.append(nilai)` with every value written by `tulis_sel`."""
    lembar.append([tulis_sel(Cell(lembar), v) for v in nilai])
