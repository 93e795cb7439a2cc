"""Navigation per role: which pages each role sees in the header, and where home sends it.

Each app may have a `navigasi.py` with `MENU` (a list of (label, url name, roles)) and `BERANDA` (role →
url name). Apps later in INSTALLED_APPS override earlier `BERANDA` entries, so a dashboard app can take over
a role's home page without editing this file.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from importlib.util import find_spec
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import Peran

MENU = [
    (_("Perangkat Daerah"), "pd:daftar", frozenset(Peran.values)),
]

BERANDA = {
    Peran.OPERATOR_PD: "pd:milik_saya",
    Peran.KEPALA_PD: "pd:milik_saya",
    Peran.BAGIAN_ORGANISASI: "pd:daftar",
    Peran.INSPEKTORAT: "pd:daftar",
    Peran.PIMPINAN: "pd:daftar",
    Peran.ADMIN: "pd:daftar",
}


@lru_cache(maxsize=1)
def _gabungan() -> tuple[tuple, dict]:
    """MENU and BERANDA of every installed app, in INSTALLED_APPS order."""
    menu, beranda = [], {}
    for config in apps.get_app_configs():
        nama = f"{config.name}.navigasi"
        if not find_spec(config.name) or not find_spec(nama):
            continue
        modul = import_module(nama)
        menu.extend(getattr(modul, "MENU", []))
        beranda.update(getattr(modul, "BERANDA", {}))
    return tuple(menu), beranda


def beranda_untuk(peran: str) -> str:
    """The URL name of a role's home page."""
    return _gabungan()[1][peran]


def menu_untuk(profil, path: str, tahun: int | None = None) -> list[dict]:
    """The menu entries for a profile, each with its URL and whether it is the current page.

    With `tahun` every URL carries it (`?tahun=`), so a page opened from the menu shows the year the
    current page shows (issue 11 point 5)."""
    if profil is None:
        return []
    beranda = _gabungan()[1].get(profil.peran)
    # the role's home page leads the menu; the rest keep the apps' order
    hasil = [
        {"label": label, "url": reverse(nama_url), "aktif": False}
        for label, nama_url, peran in sorted(_gabungan()[0], key=lambda m: m[1] != beranda)
        if profil.peran in peran
    ]
    # the current page is the entry with the longest URL that the path starts with
    cocok = [m for m in hasil if m["url"] != "/" and path.startswith(m["url"])]
    if cocok:
        max(cocok, key=lambda m: len(m["url"]))["aktif"] = True
    if tahun is not None:
        for m in hasil:
            m["url"] = f"{m['url']}?{urlencode({'tahun': tahun})}"
    return hasil
