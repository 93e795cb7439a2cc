"""THE cursor of the fingerprint queries run on every page view (the dashboards', dasbor/tembolok.py; the tree
page's, kinerja/selectors/pohon_tembolok.py): on PostgreSQL a statement prepared on the connection at its first
execution, then planned no more while the connection lives (DATABASE_CONN_MAX_AGE; their subqueries cost the
server more planning than execution), through Django's cursor wrapper all the same (query log, error wrapping,
execute wrappers). Elsewhere Django's own cursor. Not for a query whose plan depends on the pemda's size: after
five runs PostgreSQL may keep a generic plan (the tree's groups' fingerprint was slower so).

And THE reading of a pemda's history in those fingerprints (`riwayat_terbaru`), and THE binding of a long list of
ids (`salah_satu`)."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection

from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import Expression

# how many of the newest history rows a fingerprint sums (`riwayat_terbaru`)
JENDELA_RIWAYAT = 64
# past this many ids, `salah_satu` binds them as one parameter
DAFTAR_PANJANG = 100


def kursor_siap():
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    mentah = _kelas_kursor_siap()(connection.connection)
    return connection.make_debug_cursor(mentah) if connection.queries_logged else connection.make_cursor(mentah)


@functools.cache
def _kelas_kursor_siap() -> type:
    """A server-side-binding psycopg cursor whose statements are prepared on their first execution."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class KursorSiap(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return KursorSiap


def riwayat_terbaru(sql_id_menurun: str) -> str:
    """The sum of the newest `JENDELA_RIWAYAT` ids that `sql_id_menurun` (a SELECT of history ids, newest first,
    without LIMIT) reads: a fingerprint of the history that a late commit moves too. A history id is taken when
    the row is written and seen when its transaction commits; a service that wrote its row before another
    transaction wrote and committed a newer one commits an id below the highest. The highest id alone missed
    that commit, and the page read in between was served stale until the next write. The sum moves with
    every row that commits among the newest `JENDELA_RIWAYAT` (a new row always displaces a lower id), and
    costs that many entries of an index that ends in the id. (Missed only if that many newer rows of the same
    pemda and kinds commit between a row's write and its own commit.)"""
    return f"SELECT SUM(terbaru.id) FROM ({sql_id_menurun} LIMIT {JENDELA_RIWAYAT}) terbaru"


class _DalamDaftar(Expression):
    """`<kolom> IN <ids>` with the ids as one parameter: `= ANY(%s)` of an array on PostgreSQL (an index scan, as
    an IN list: an `IN (SELECT unnest(...))` let the planner hash-join a whole table), a JSON array read by
    `json_each` on SQLite."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, kolom, ids: list[int]):
        super().__init__()
        self.kolom, self.ids = kolom, ids

    def get_source_expressions(self):
        return [self.kolom]

    def set_source_expressions(self, exprs):
        (self.kolom,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.kolom)
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.kolom)
        return f"{sql} = ANY(%s)", [*params, self.ids]


def salah_satu(kolom: str, ids: Collection[int]) -> Q:
    """THE condition "`kolom` is one of `ids`" for a long list of ids (a tree page's shown indicators, a branch's
    nodes): past `DAFTAR_PANJANG`, the ids are one parameter (`_DalamDaftar`) instead of one each. Each bound id
    cost Django its preparation and PostgreSQL its parsing (1.600 indicator ids: 9,8-10 ms on PostgreSQL and
    3,7-6 ms on SQLite, against 4,7-5,7 and 1,7-2,5 ms bound so; their realisations 10 and 7,3 ms against 2 and
    1,1), and SQLite refuses a statement of more variables than its build allows (32.766 by default: a filtered
    page of a large city). A short list stays `kolom__in`, as Django binds it (an empty one runs no query)."""
    daftar = [int(i) for i in ids]
    if len(daftar) <= DAFTAR_PANJANG:
        return Q(**{f"{kolom}__in": daftar})
    return Q(_DalamDaftar(F(kolom), daftar))
