"""Values every page's layout needs: the user's profile, pemda, menu and the year selector."""

from __future__ import annotations

from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .access import Peran, profil_pengguna
from .navigasi import navigasi_html
from .tahun import tahun_tersedia


def sakip(request) -> dict:
    """Layout context: profil, pemda, the rendered menu, working year and the years offered.

    The menu is rendered once per role, page, year and language (`navigasi_html`), not on every page view."""
    profil = profil_pengguna(getattr(request, "user", None))
    tahun = getattr(request, "tahun", None)
    menu = navigasi_html(profil.peran, request.path, tahun, get_language(), get_script_prefix()) if profil else ""
    return {
        "profil": profil,
        "pemda_aktif": profil.pemda if profil else None,
        # rendered (autoescaped) by templates/_navigasi.html from the role's menu entries only
        "menu": mark_safe(menu),  # noqa: S308
        "tahun_aktif": tahun,
        "tahun_pilihan": tahun_tersedia(),
        "is_admin_peran": profil is not None and profil.peran == Peran.ADMIN,
    }
