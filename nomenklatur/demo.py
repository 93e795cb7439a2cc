"""The demo's nomenclature: real codes of the demo PDs' affairs (kesehatan, pendidikan, lingkungan hidup),
from `data/nomenklatur_demo.csv`; rows that could not be sourced carry “contoh” in their `sumber` column.
Run by `muat_demo` after the city exists (it loads each app's `demo` module).

The rows added for the demo tree's full branches (kinerja/demo_pohon_*.py): the codes and names of
1.01.02.2.01.0029, 1.01.02.2.01.0047, 1.01.02.2.02.0042, 1.02.02.2.01.0014 and 1.02.05.2.02.0001 match
public listings of the Kepmendagri 050-5889/2021 sub kegiatan, but their kinerja/indikator/satuan are written
here, so those rows carry “contoh”; 1.02.05.2.02, 2.11.05.2.01(.0001) and 2.11.11.2.01.0002 could not be
checked against a listing and are “contoh” too. Program 1.02.05 is the decree's."""

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
