"""Row factories for tests: a fixed cast of personas over two PD of one pemda, and a second pemda."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from perangkat_daerah.access import Peran
from perangkat_daerah.models import Pemda, PerangkatDaerah, Profil

_urut = itertools.count(1)


def buat_pemda(**kw) -> Pemda:
    """A pemda with a unique kode."""
    n = next(_urut)
    kw.setdefault("kode", f"pemda-{n}")
    kw.setdefault("nama", f"Kota Uji {n}")
    return Pemda.objects.create(**kw)


def buat_pd(pemda: Pemda, **kw) -> PerangkatDaerah:
    """A perangkat daerah of `pemda` with a unique kode."""
    n = next(_urut)
    kw.setdefault("kode", f"9.{n:02d}.01")
    kw.setdefault("nama", f"Dinas Uji {n}")
    kw.setdefault("singkatan", f"DU{n}")
    kw.setdefault("jenis", PerangkatDaerah.Jenis.DINAS)
    return PerangkatDaerah.objects.create(pemda=pemda, **kw)


def buat_pengguna(pemda: Pemda, peran: str, pd: PerangkatDaerah | None = None, username: str = ""):
    """A user with a profile of the given role (and PD for PD-bound roles)."""
    user = get_user_model().objects.create_user(
        username=username or f"{peran}-{next(_urut)}", password="kata-sandi-uji-123"
    )
    Profil.objects.create(user=user, pemda=pemda, peran=peran, perangkat_daerah=pd)
    return user


__all__ = ["Peran", "buat_pd", "buat_pemda", "buat_pengguna"]
