"""Reads of perangkat daerah, always through the access choke point."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .access import Aksi
from .models import PerangkatDaerah


def perangkat_daerah_list(*, user, jenis: str = "", cari: str = "", aksi: str = Aksi.LIHAT) -> QuerySet:
    """The PD the user may see, optionally filtered by jenis and a search text."""
    qs = PerangkatDaerah.objects.for_user(user, aksi).select_related("pemda")
    if jenis:
        qs = qs.filter(jenis=jenis)
    if cari:
        qs = qs.filter(Q(nama__icontains=cari) | Q(singkatan__icontains=cari) | Q(kode__icontains=cari))
    return qs.order_by("kode")
