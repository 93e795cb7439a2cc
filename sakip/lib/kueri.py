"""THE cursor of the fingerprint queries run on every page view (the dashboards', dasbor/tembolok.py; the tree
page's, kinerja/selectors/pohon_tembolok.py): on PostgreSQL a statement prepared on the connection at its first
execution, then planned no more while the connection lives (DATABASE_CONN_MAX_AGE; their subqueries cost the
server more planning than execution), through Django's cursor wrapper all the same (query log, error wrapping,
execute wrappers). Elsewhere Django's own cursor. Not for a query whose plan depends on the pemda's size: after
five runs PostgreSQL may keep a generic plan (the tree's groups' fingerprint was slower so).

And THE reading of a pemda's history in those fingerprints (`riwayat_terbaru`)."""

from __future__ import annotations

import functools

from django.db import connection

# how many of the newest history rows a fingerprint sums (`riwayat_terbaru`)
JENDELA_RIWAYAT = 64


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
