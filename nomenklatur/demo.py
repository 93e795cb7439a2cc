"""The demo's nomenclature: real codes of the demo PDs' affairs (kesehatan, pendidikan, lingkungan hidup),
from `data/nomenklatur_demo.csv`; rows that could not be sourced carry “contoh” in their `sumber` column.
Run by `muat_demo` after the city exists (it loads each app's `demo` module)."""

from __future__ import annotations

from pathlib import Path

from .berkas import baca_baris
from .services import nomenklatur_muat

BERKAS_DEMO = Path(__file__).resolve().parent / "data" / "nomenklatur_demo.csv"
SUMBER_DEMO = "Kepmendagri 900.1.15.5-1317/2023"


def muat(konteks=None):
    """Load the demo nomenclature (idempotent: a second run changes nothing)."""
    return nomenklatur_muat(baris=baca_baris(BERKAS_DEMO), sumber=SUMBER_DEMO)


def hapus():
    """National reference data outlives a demo reset: rows of other apps may point at it."""
