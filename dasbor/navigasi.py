"""The dashboards in the header menu, and the home page of the roles that decide (see
perangkat_daerah.navigasi: later apps override earlier BERANDA entries)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Peran
from perangkat_daerah.navigasi import GRUP_DASBOR

PERAN_PIMPINAN = frozenset({Peran.PIMPINAN, Peran.BAGIAN_ORGANISASI, Peran.ADMIN})
PERAN_ORGANISASI = frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN})
PERAN_WILAYAH = frozenset({Peran.PEMBINA})  # the group dashboard (issue 18): which groups, access.grup_binaan

MENU = [
    (_("Dasbor Pimpinan"), "dasbor:pimpinan", PERAN_PIMPINAN, GRUP_DASBOR),
    (_("Dasbor Organisasi"), "dasbor:organisasi", PERAN_ORGANISASI, GRUP_DASBOR),
    (_("Dasbor Wilayah"), "dasbor:wilayah", PERAN_WILAYAH, GRUP_DASBOR),
]

BERANDA_DASBOR = {
    Peran.PIMPINAN: "dasbor:pimpinan",
    Peran.BAGIAN_ORGANISASI: "dasbor:organisasi",
    Peran.ADMIN: "dasbor:organisasi",
    Peran.PEMBINA: "dasbor:wilayah",  # the group dashboard, or the list of their groups when several
}
BERANDA = BERANDA_DASBOR
