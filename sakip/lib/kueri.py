"""THE cursor of the fingerprint queries run on every page view (the dashboards', dasbor/tembolok.py; the tree
page's, kinerja/selectors/pohon_tembolok.py): on PostgreSQL a statement prepared on the connection at its first
execution, then planned no more while the connection lives (DATABASE_CONN_MAX_AGE; their subqueries cost the
server more planning than execution), through Django's cursor wrapper all the same (query log, error wrapping,
execute wrappers). Elsewhere Django's own cursor. Not for a query whose plan depends on the pemda's size: after
five runs PostgreSQL may keep a generic plan (the tree's groups' fingerprint was slower so)."""

from __future__ import annotations

import functools

from django.db import connection


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
