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

from .models import Pemda, Riwayat


class VersiKedaluwarsa(Exception):
    """A stale write: the row changed since the user loaded it (HTTP 409 in the API)."""

    def __init__(self, pesan: str | None = None):
        super().__init__(
            pesan or _("Data ini sudah diubah oleh pengguna lain sejak Anda membukanya. Muat ulang lalu ulangi.")
        )


def nilai_polos(nilai: Any) -> Any:
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


def _sama(lama: Any, baru: Any) -> bool:
    """Whether a stored value equals a new one: numbers by value (80 = 80.0000), rows by id, files by name."""
    if isinstance(lama, Decimal) or isinstance(baru, Decimal):
        try:
            return lama is not None and baru is not None and Decimal(lama) == Decimal(baru)
        except (TypeError, ArithmeticError):
            return False
    return nilai_polos(lama) == nilai_polos(baru)


def potret(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of `fields` (default: every concrete field) as a JSON-safe dict."""
    nama = fields or [f.attname for f in obj._meta.concrete_fields]
    return {n: nilai_polos(getattr(obj, n)) for n in nama}


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


def perbarui_dengan_riwayat(
    obj: models.Model,
    *,
    versi: int | None,
    oleh,
    aksi: str,
    pemda_id: int,
    kolom: list[str],
    nilai: dict[str, Any],
    tambahan: dict[str, Any] | None = None,
    catatan: str = "",
    versi_tetap: bool = False,
) -> bool:
    """THE versioned, history-recording update: snapshot → version-checked update → history row.

    `versi` is the version the writer read (None: the caller already holds the row locked and has checked
    it); a different one raises VersiKedaluwarsa (409). Fields of `nilai` that equal the stored values are
    skipped, and when none differ nothing is written (False). Otherwise the changed fields and `tambahan`
    (e.g. who/when columns, never compared) are written, `versi` goes up, and the history records who,
    when, the `kolom` before and after, and `catatan` (True). With `versi_tetap` (a counter kept on the row
    beside what its forms edit, e.g. a document's revision count; the caller holds the row locked) `versi`
    stays, so a form open on the row is not made stale by it; only such a counter may be written so."""
    if versi is not None and versi != obj.versi:
        raise VersiKedaluwarsa()
    berubah = {k: v for k, v in nilai.items() if not _sama(getattr(obj, k), v)}
    if not berubah:
        return False
    sebelum = potret(obj, kolom)
    if versi_tetap:
        type(obj)._default_manager.filter(pk=obj.pk).update(**berubah, **(tambahan or {}))
        for kunci, isi in {**berubah, **(tambahan or {})}.items():
            setattr(obj, kunci, isi)
    else:
        perbarui_berversi(obj, versi=obj.versi, **berubah, **(tambahan or {}))
    riwayat_catat(
        obj=obj, pemda_id=pemda_id, aksi=aksi, oleh=oleh, sebelum=sebelum, sesudah=potret(obj, kolom), catatan=catatan
    )
    return True


def buat_dengan_riwayat(model: type[models.Model], *, oleh, aksi: str, pemda_id: int | None, kolom: list[str],
                        catatan: str = "", **nilai) -> models.Model:  # fmt: skip
    """The create variant: save a new row and record it in the history (before: none). A new Pemda (the
    onboarding's) has no id to file it under yet: `pemda_id=None` files it under its own."""
    if pemda_id is None and model is not Pemda:
        raise ValueError("pemda_id is required except for a new Pemda")
    obj = model(**nilai)
    obj.save()
    riwayat_catat(obj=obj, pemda_id=obj.pk if pemda_id is None else pemda_id, aksi=aksi, oleh=oleh, sebelum=None,
                  sesudah=potret(obj, kolom), catatan=catatan)  # fmt: skip
    return obj


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
