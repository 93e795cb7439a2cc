"""Navigation per role: which pages each role sees in the header, and where home sends it.

Each app may have a `navigasi.py` with `MENU` (a list of (label, url name, roles[, group])) and `BERANDA`
(role → url name). Entries that name a group (one of the GRUP_* labels below) share one sub-menu in the
header, so no role sees more than seven top-level items (issue 17 point 6); a group a role sees only one
entry of stays a plain link. Apps later in INSTALLED_APPS override earlier `BERANDA` entries, so a
dashboard app can take over a role's home page without editing this file.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from importlib.util import find_spec
from urllib.parse import urlencode

from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import PERAN_PEMDA, Peran

# The header's groups, in the order they appear after the role's home group.
GRUP_DASBOR = _("Dasbor")
GRUP_PERENCANAAN = _("Perencanaan")
GRUP_PENGUKURAN = _("Pengukuran Kinerja")
GRUP_EVALUASI = _("Evaluasi")
GRUP_LAPORAN = _("Laporan")

MENU = [
    (_("Perangkat Daerah"), "pd:daftar", PERAN_PEMDA),
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
    return _menu_peran(profil.peran, path, tahun)


def _menu_peran(peran: str, path: str, tahun: int | None) -> list[dict]:
    beranda = _gabungan()[1].get(peran)
    # the role's home page leads the menu; the rest keep the apps' order
    hasil = [
        {"label": m[0], "url": reverse(m[1]), "aktif": False, "grup": m[3] if len(m) > 3 else None}
        for m in sorted(_gabungan()[0], key=lambda m: m[1] != beranda)
        if peran in m[2]
    ]
    # the current page is the entry with the longest URL that the path starts with
    cocok = [m for m in hasil if m["url"] != "/" and path.startswith(m["url"])]
    if cocok:
        max(cocok, key=lambda m: len(m["url"]))["aktif"] = True
    if tahun is not None:
        for m in hasil:
            m["url"] = f"{m['url']}?{urlencode({'tahun': tahun})}"
    return hasil


@lru_cache(maxsize=1024)
def navigasi_html(peran: str, path: str, tahun: int | None, bahasa: str, awalan_skrip: str) -> str:
    """The header's rendered menu (templates/_navigasi.html) of a role on a page in a year and language.

    It depends on nothing else (no user, pemda or request data: the role's entries, which one is current,
    the year the links carry), so the layout renders it once per key per process instead of on every page
    view (issue 18 (f)); `awalan_skrip` (the URL prefix `reverse` uses) is part of the key for the same
    reason. An empty string for a role without menu entries.
    """
    menu = _menu_peran(peran, path, tahun)
    if not menu:
        return ""
    konteks = {"menu_grup": menu_bertingkat(menu), "is_admin_peran": peran == Peran.ADMIN}
    return render_to_string("_navigasi.html", konteks)


def menu_bertingkat(menu: list[dict]) -> list[dict]:
    """The header's top-level items from `menu_untuk`'s entries: each group (in the order of its first entry)
    becomes one item with its entries as `anak`; an entry without a group, or alone in its group, stays a link.
    """
    per_grup: dict = {}
    for m in menu:
        per_grup.setdefault(m["grup"] or m["url"], []).append(m)
    hasil = []
    for kunci, anak in per_grup.items():
        if len(anak) == 1:
            hasil.append({**anak[0], "anak": []})
        else:
            aktif = any(m["aktif"] for m in anak)
            hasil.append({"label": kunci, "url": None, "aktif": aktif, "grup": kunci, "anak": anak})
    return hasil


def tujuan_awalan(profil, awalan: str) -> str:
    """Where a bare URL prefix a user typed (`/dasbor/`, `/kinerja/`, `/perencanaan/`) leads for this role:
    the role's home page when it lies under the prefix, else the role's first menu entry under it, else the
    role's home page (issue 17 point 4: no 404 for a prefix, each role lands on its own page)."""
    beranda = reverse(beranda_untuk(profil.peran))
    if beranda.startswith(awalan):
        return beranda
    for m in _gabungan()[0]:
        if profil.peran in m[2] and (url := reverse(m[1])).startswith(awalan):
            return url
    return beranda
