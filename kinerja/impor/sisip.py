"""Inserting the rows an import creates, many thousands at a time, without a model instance per row.

`bulk_create` builds an instance for every row and prepares every field of it through the ORM: for the
tree import's 72,000 targets that is most of the write. `sisip_massal` takes plain tuples instead: the
given columns as the import checked them, every other concrete field at its default (prepared once). On
PostgreSQL the rows go through COPY, elsewhere through one executemany; both run on the connection of the
caller's transaction, so a failure anywhere rolls everything back. Like bulk_create it calls no `save()` and
sends no signal; the caller records the history. A row the database refuses (a code taken meanwhile) raises
IntegrityError as bulk_create would.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

# Fields whose Python values every backend's driver takes as they are (Decimal too: the ORM's preparation
# of a Decimal is the Decimal itself, and Django teaches SQLite's driver to store it).
_APA_ADANYA = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DecimalField", "ForeignKey",
    "IntegerField", "OneToOneField", "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "TextField",
}  # fmt: skip


def _bawaan(field: models.Field):
    """The value a new row takes for a field the import does not give (as `Model()` and `pre_save` would)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def _penyiap(field: models.Field) -> Callable | None:
    """How a column's values are prepared for the database; None when they go as they are."""
    if field.get_internal_type() in _APA_ADANYA:
        return None
    siapkan = field.get_db_prep_save
    return lambda nilai: None if nilai is None else siapkan(nilai, connection)


def sisip_massal(
    model: type[models.Model],
    kolom: Sequence[str],
    baris: Sequence[Sequence],
    *,
    tetap: Mapping[str, Any] | None = None,
    siap: Collection[str] = (),
) -> int:
    """Insert `baris` (tuples of the values, of the fields' Python types, of the fields named by attname in
    `kolom`) into `model`'s table; the number of rows inserted. `tetap`: columns of the same value in every
    row (attname → value), prepared once like the defaults; `siap`: columns of `kolom` whose values are
    already what the database takes (JSON text from `dasar.json_teks`), not prepared again. The primary key
    is the database's: read the new rows back by their natural key when their ids are needed. No rows, no
    query."""
    if not baris:
        return 0
    tetap = tetap or {}
    semua = [f for f in model._meta.concrete_fields if not f.primary_key]
    medan = {f.attname: f for f in semua}
    lain = [f for f in semua if f.attname not in kolom and (f.attname in tetap or f.db_default is models.NOT_PROVIDED)]
    nilai_tetap = (tetap[f.attname] if f.attname in tetap else _bawaan(f) for f in lain)
    akhir = tuple(f.get_db_prep_save(v, connection) for f, v in zip(lain, nilai_tetap, strict=True))
    penyiap = [(i, p) for i, k in enumerate(kolom) if k not in siap and (p := _penyiap(medan[k])) is not None]
    nama = ", ".join(connection.ops.quote_name(medan[k].column) for k in [*kolom, *(f.attname for f in lain)])
    tabel = connection.ops.quote_name(model._meta.db_table)

    def siapkan(b: Sequence) -> tuple:
        if not penyiap:
            return (*b, *akhir)
        b = list(b)
        for i, p in penyiap:
            b[i] = p(b[i])
        return (*b, *akhir)

    with connection.cursor() as kursor, connection.wrap_database_errors:  # IntegrityError, as the ORM raises
        if connection.vendor == "postgresql":
            with kursor.copy(f"COPY {tabel} ({nama}) FROM STDIN") as salin:
                for b in baris:
                    salin.write_row(siapkan(b))
        else:
            tanda = ", ".join(["%s"] * (len(kolom) + len(lain)))
            kursor.executemany(f"INSERT INTO {tabel} ({nama}) VALUES ({tanda})", [siapkan(b) for b in baris])
    return len(baris)
