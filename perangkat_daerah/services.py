"""Write helpers shared by every app: history records and optimistic locking.

Every write of the product goes through an app's services.py inside a transaction; these helpers are what
those services share, so that history and stale-edit refusals look the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import Riwayat


class VersiKedaluwarsa(Exception):
    """A stale write: the row changed since the user loaded it (HTTP 409 in the API)."""

    def __init__(self, pesan: str | None = None):
        super().__init__(
            pesan or _("Data ini sudah diubah oleh pengguna lain sejak Anda membukanya. Muat ulang lalu ulangi.")
        )


def _polos(nilai: Any) -> Any:
    """A JSON-safe copy of a field value (Decimal as text, so nothing is rounded)."""
    if isinstance(nilai, Decimal):
        return str(nilai)
    if isinstance(nilai, models.Model):
        return nilai.pk
    if hasattr(nilai, "isoformat"):
        return nilai.isoformat()
    if isinstance(nilai, models.fields.files.FieldFile):
        return nilai.name or None
    return nilai


def potret(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of `fields` (default: every concrete field) as a JSON-safe dict."""
    nama = fields or [f.attname for f in obj._meta.concrete_fields]
    return {n: _polos(getattr(obj, n)) for n in nama}


def riwayat_catat(
    *, obj: models.Model, pemda_id: int, aksi: str, oleh, sebelum: dict | None, sesudah: dict | None, catatan: str = ""
) -> Riwayat:
    """Record one change to `obj` in the history."""
    return Riwayat.objects.create(
        pemda_id=pemda_id,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        aksi=aksi,
        oleh=oleh if getattr(oleh, "is_authenticated", False) else None,
        sebelum=sebelum,
        sesudah=sesudah,
        catatan=catatan,
    )


def riwayat_untuk(obj: models.Model):
    """The history of one object, newest first."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return Riwayat.objects.filter(content_type=ct, object_id=obj.pk).select_related("oleh")


def perbarui_berversi(obj: models.Model, *, versi: int, **nilai) -> None:
    """Update `obj` only if its `versi` is still `versi`, bumping it; otherwise raise VersiKedaluwarsa.

    One conditional UPDATE, so two concurrent writers cannot both win, on SQLite or PostgreSQL.
    """
    jumlah = type(obj)._default_manager.filter(pk=obj.pk, versi=versi).update(versi=F("versi") + 1, **nilai)
    if jumlah != 1:
        raise VersiKedaluwarsa()
    for kunci, isi in nilai.items():
        setattr(obj, kunci, isi)
    obj.versi = versi + 1


# --- stored files (evidence) -------------------------------------------------------------------------

_BERKAS_BARU: ContextVar[list | None] = ContextVar("berkas_baru", default=None)


@contextmanager
def berkas_dijaga() -> Iterator[None]:
    """Files stored by `berkas_ganti` inside this block are deleted again if the block raises: their rows
    roll back with the transaction, so a refused or conflicting write leaves no orphan in the media folder.
    Nested blocks hand their files to the enclosing one, which decides."""
    induk = _BERKAS_BARU.get()
    baru: list = []
    token = _BERKAS_BARU.set(baru)
    try:
        yield
    except BaseException:
        for berkas, nama, lama in reversed(baru):
            berkas.storage.delete(nama)
            setattr(berkas.instance, berkas.field.attname, lama)  # the in-memory row points at its file again
        raise
    finally:
        _BERKAS_BARU.reset(token)
    if induk is not None:
        induk.extend(baru)


def berkas_ganti(berkas, unggahan, nama: str) -> str:
    """Store `unggahan` as the new file of the FieldFile `berkas` (the row itself is saved by the caller)
    and return its stored name. The replaced file is deleted once the transaction commits; inside
    `berkas_dijaga`, the new one is deleted if the write fails."""
    lama = berkas.name
    berkas.save(nama, unggahan, save=False)
    storage, baru = berkas.storage, berkas.name
    daftar = _BERKAS_BARU.get()
    if daftar is not None:
        daftar.append((berkas, baru, lama))
    if lama and lama != baru:
        transaction.on_commit(lambda: storage.delete(lama))
    return baru
