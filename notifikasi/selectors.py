"""Reads of the notifikasi app: a user's notifications, always through the choke point (`for_user`) and
only the user's own rows."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Jenis, Notifikasi, Preferensi


def notifikasi_pengguna(user) -> QuerySet:
    """The notifications shown to `user` in the app, newest first (another PD's or pemda's never)."""
    return (
        Notifikasi.objects.for_user(user)
        .filter(user=user, tampil=True)
        .select_related("peristiwa")
        .order_by("-peristiwa__dibuat_pada", "-pk")
    )


def jumlah_belum_dibaca(user) -> int:
    """How many of the user's notifications are unread (1 query; the bell)."""
    return notifikasi_pengguna(user).filter(dibaca_pada__isnull=True).count()


def preferensi_pengguna(user) -> list[dict]:
    """Each kind of event with the user's choice (in the app, by e-mail); no row = both (1 query)."""
    ada = {p.jenis: p for p in Preferensi.objects.filter(user=user)}
    return [
        {"jenis": j, "label": label, "tampil": ada[j].tampil if j in ada else True,
         "surel": ada[j].surel if j in ada else True}
        for j, label in Jenis.choices
    ]  # fmt: skip
