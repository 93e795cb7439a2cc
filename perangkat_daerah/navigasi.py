"""Navigation per role: which pages each role sees in the header, and where home sends it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import Peran

# (label, url name, roles). Later issues add their pages here, in one place.
MENU = [
    (_("Perangkat Daerah"), "pd:daftar", frozenset(Peran.values)),
]

BERANDA_PER_PERAN = {
    Peran.OPERATOR_PD: "pd:milik_saya",
    Peran.KEPALA_PD: "pd:milik_saya",
    Peran.BAGIAN_ORGANISASI: "pd:daftar",
    Peran.INSPEKTORAT: "pd:daftar",
    Peran.PIMPINAN: "pd:daftar",
    Peran.ADMIN: "pd:daftar",
}


def menu_untuk(profil, path: str) -> list[dict]:
    """The menu entries for a profile, each with its URL and whether it is the current page."""
    if profil is None:
        return []
    hasil = []
    for label, nama_url, peran in MENU:
        if profil.peran in peran:
            url = reverse(nama_url)
            hasil.append({"label": label, "url": url, "aktif": path.startswith(url)})
    return hasil
