"""Values every page's layout needs: the user's profile, pemda, menu and the year selector."""

from __future__ import annotations

from .access import Peran, profil_pengguna
from .navigasi import menu_bertingkat, menu_untuk
from .tahun import tahun_tersedia


def sakip(request) -> dict:
    """Layout context: profil, pemda, menu, working year and the years offered."""
    profil = profil_pengguna(getattr(request, "user", None))
    menu = menu_untuk(profil, request.path, getattr(request, "tahun", None))
    return {
        "profil": profil,
        "pemda_aktif": profil.pemda if profil else None,
        "menu": menu,
        "menu_grup": menu_bertingkat(menu),
        "tahun_aktif": getattr(request, "tahun", None),
        "tahun_pilihan": tahun_tersedia(),
        "is_admin_peran": profil is not None and profil.peran == Peran.ADMIN,
    }
