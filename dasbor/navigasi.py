"""The dashboards in the header menu, and the home page of the roles that decide (see
perangkat_daerah.navigasi: later apps override earlier BERANDA entries)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Peran
from perangkat_daerah.navigasi import GRUP_DASBOR

PERAN_PIMPINAN = frozenset({Peran.PIMPINAN, Peran.BAGIAN_ORGANISASI, Peran.ADMIN})
PERAN_ORGANISASI = frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN})

MENU = [
    (_("Dasbor Pimpinan"), "dasbor:pimpinan", PERAN_PIMPINAN, GRUP_DASBOR),
    (_("Dasbor Organisasi"), "dasbor:organisasi", PERAN_ORGANISASI, GRUP_DASBOR),
]

BERANDA_DASBOR = {
    Peran.PIMPINAN: "dasbor:pimpinan",
    Peran.BAGIAN_ORGANISASI: "dasbor:organisasi",
    Peran.ADMIN: "dasbor:organisasi",
}
BERANDA = BERANDA_DASBOR
