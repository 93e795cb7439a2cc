"""The demo city for tests, built once per session (and per demo today), then copied into each test's transaction.

`muat_demo` takes 5–15 s, and ~50 tests start from it. `muat_demo_salin(*args, hari_ini=...)` stands for
`call_command("muat_demo", *args, hari_ini=...)`: the first call of the session from a given database state
runs the real command and records what it changed (rows removed, rows added, per table); a later call that
finds the database exactly in that state (every row of every table) removes and inserts those same rows
(PostgreSQL COPY, SQLite executemany) and moves the id sequences past them. So a test sees the rows the
command made, byte for byte, whether it ran now or earlier in the session; a test that finds any other state
(rows of its own first) runs the real command. `--reset` and a second load are recorded the same way: their
real run happens once per session and each test still compares its own tables before and after.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from perangkat_daerah.demo import hari_ini_demo


@dataclass(frozen=True)
class _Rekaman:
    """One real run: the database before it and after it (rows as text, per table), and what it changed."""

    awal: dict[str, list[str]]
    sesudah: dict[str, list[str]]
    hapus: dict[str, list[int]]  # table -> primary keys of the rows it removed or changed
    baru: dict[str, object]  # table -> the rows it added or changed: COPY text (PostgreSQL) or tuples


_REKAMAN: dict[tuple, _Rekaman | None] = {}


def _tabel() -> dict[str, tuple[type, str]]:
    """Every table Django manages, with its model and primary key column."""
    hasil = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in hasil:
            hasil[meta.db_table] = (model, meta.pk.column)
    return hasil


def _keadaan(cursor, tabel) -> dict[str, dict[object, str]]:
    """Each non-empty table's rows by primary key, each row as its repr (rows may hold unhashable JSON)."""
    hasil = {}
    for nama, (_model, pk) in tabel.items():
        cursor.execute(f'SELECT * FROM "{nama}"')
        baris = cursor.fetchall()
        if baris:
            i = [d[0] for d in cursor.description].index(pk)
            hasil[nama] = {b[i]: repr(b) for b in baris}
    return hasil


def _teks(keadaan: dict) -> dict[str, list[str]]:
    return {nama: sorted(baris.values()) for nama, baris in keadaan.items()}


def _ambil(cursor, nama: str, pk: str, kunci: list[int] | None) -> object:
    """The rows of `nama` (those with a key in `kunci`, or all): COPY text on PostgreSQL, tuples elsewhere."""
    saring = "" if kunci is None else f' WHERE "{pk}" IN ({",".join(map(str, kunci))})'
    if connection.vendor != "postgresql":
        cursor.execute(f'SELECT * FROM "{nama}"{saring}')
        return cursor.fetchall()
    data = bytearray()
    with cursor.cursor.copy(f'COPY (SELECT * FROM "{nama}"{saring}) TO STDOUT') as copy:
        for potong in copy:
            data += potong
    return bytes(data)


def _rekam(cursor, tabel, awal: dict) -> _Rekaman | None:
    """What the run just changed, or None when a changed table's keys are not integers (then no copy)."""
    sesudah = _keadaan(cursor, tabel)
    hapus, baru = {}, {}
    for nama in sorted(set(awal) | set(sesudah)):
        lama, kini = awal.get(nama, {}), sesudah.get(nama, {})
        pergi = sorted(k for k, v in lama.items() if kini.get(k) != v)
        datang = sorted(k for k, v in kini.items() if lama.get(k) != v)
        if not all(isinstance(k, int) for k in [*pergi, *datang]):
            return None
        if pergi:
            hapus[nama] = pergi
        if datang:
            baru[nama] = _ambil(cursor, nama, tabel[nama][1], None if not lama else datang)
    return _Rekaman(awal=_teks(awal), sesudah=_teks(sesudah), hapus=hapus, baru=baru)


def _tulis(cursor, tabel, rekaman: _Rekaman) -> None:
    """Remove and insert the recorded rows, then move each id sequence past them."""
    for nama, kunci in rekaman.hapus.items():
        cursor.execute(f'DELETE FROM "{nama}" WHERE "{tabel[nama][1]}" IN ({",".join(map(str, kunci))})')
    for nama, isi in rekaman.baru.items():
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{nama}" FROM STDIN') as copy:
                copy.write(isi)
        else:
            tempat = ", ".join(["%s"] * len(isi[0]))
            cursor.executemany(f'INSERT INTO "{nama}" VALUES ({tempat})', isi)
    for sql in connection.ops.sequence_reset_sql(no_style(), [tabel[nama][0] for nama in rekaman.baru]):
        cursor.execute(sql)


def _kunci(args: tuple[str, ...], hari_ini: datetime.date | None, awal: dict[str, list[str]]) -> tuple:
    """The run (options, the demo's today) and the state it starts from (a digest of every row)."""
    sidik = hashlib.sha256(repr(sorted(awal.items())).encode()).hexdigest()
    return connection.vendor, hari_ini_demo(hari_ini), args, sidik


def muat_demo_salin(*args: str, hari_ini: str | datetime.date | None = None) -> None:
    """`call_command("muat_demo", *args, hari_ini=hari_ini)`, from the session's record of the same run from the
    same database state when there is one."""
    if isinstance(hari_ini, str):
        hari_ini = datetime.date.fromisoformat(hari_ini)
    tabel = _tabel()
    with connection.cursor() as cursor:
        awal = _keadaan(cursor, tabel)
        kunci = _kunci(args, hari_ini, _teks(awal))
        rekaman = _REKAMAN.get(kunci)
        if rekaman is not None and _teks(awal) == rekaman.awal:
            _tulis(cursor, tabel, rekaman)
            return
        call_command("muat_demo", *args, hari_ini=hari_ini.isoformat() if hari_ini else None)
        if kunci not in _REKAMAN:
            _REKAMAN[kunci] = _rekam(cursor, tabel, awal)


def keadaan_teks() -> dict[str, list[str]]:
    """Every non-empty table's rows, as text, sorted: what `_Rekaman.awal` and `.sesudah` hold."""
    with connection.cursor() as cursor:
        return _teks(_keadaan(cursor, _tabel()))


def rekaman(*args: str, hari_ini: datetime.date | None = None, awal: dict[str, list[str]]) -> _Rekaman | None:
    """The session's record of `muat_demo *args` as of `hari_ini` (the clock when None) from the state `awal`
    (`keadaan_teks()`), if one was made."""
    return _REKAMAN.get(_kunci(args, hari_ini, awal))
