"""Menu entry of the laporan app."""

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import PERAN_PEMDA, Peran
from perangkat_daerah.navigasi import GRUP_LAPORAN

MENU = [
    (_("Laporan"), "laporan:daftar", PERAN_PEMDA, GRUP_LAPORAN),
    (_("Reviu LKjIP"), "laporan:reviu_daftar", frozenset({Peran.INSPEKTORAT}), GRUP_LAPORAN),  # laporan/reviu.py
]
