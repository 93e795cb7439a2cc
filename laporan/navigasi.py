"""Menu entry of the laporan app."""

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Peran

MENU = [
    (_("Laporan"), "laporan:daftar", frozenset(Peran.values)),
    (_("Reviu LKjIP"), "laporan:reviu_daftar", frozenset({Peran.INSPEKTORAT})),  # laporan/reviu.py
]
