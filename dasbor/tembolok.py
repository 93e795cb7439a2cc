"""A cache of the dashboards' rendered content, checked against a fingerprint of the data on every request.

The fingerprint (`penanda`) is one query of small aggregates that change with every write the dashboards
depend on:
- every service write (realisasi, target, PK, quarter locks, evaluations, answers, results,
  recommendations) records a Riwayat row, so the highest Riwayat id moves;
- every admin change (add, change, delete) records a LogEntry, so the highest LogEntry id moves;
- rows created in bulk (data loads, imports) move their table's highest id (PD, evaluations, results,
  recommendations, indicators, targets, realisations, and the performance tree's nodes, manuals, sub
  kegiatan budgets and contributors, which the kelengkapan cascading card reads); a reload after a reset
  creates new ids;
- an instrument or band-table change touches Instrumen.diubah_pada.
Not seen: raw UPDATE/DELETE statements outside the services and the admin (a shell session); clear the
cache after such surgery.
A cached page is used only when the fingerprint, the day (overdue recommendations, quarters due) and
the query are unchanged, so a stale figure is never served; the timeout only frees memory. The
fingerprint also carries the number of active PD, which the wali kota's dashboard needs anyway.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from evaluasi.models import Evaluasi, HasilEvaluasi, Instrumen, Rekomendasi
from kinerja.models import Indikator, Realisasi, Sasaran, Target
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_manual import ManualIK
from kinerja.models_usulan import Kontributor
from perangkat_daerah.models import PerangkatDaerah, Riwayat

AWALAN = "dasbor:v1"


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _k(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@functools.cache
def _sql(vendor: str) -> str:
    """One SELECT of scalar subqueries, each an index lookup (portable SQL: SQLite and PostgreSQL), built
    once per database vendor.

    Highest ids are taken over the whole table, not per pemda: a write of another pemda then costs this
    pemda one rebuild, but every part of the fingerprint stays a primary-key lookup, whatever the size.
    """
    pd = _t(PerangkatDaerah)
    per_pemda_pd = f"{_k(PerangkatDaerah, 'pemda')} = %(p)s"
    bagian = [
        f"SELECT COUNT(*) FROM {pd} WHERE {per_pemda_pd} AND {_k(PerangkatDaerah, 'aktif')} = %(ya)s",
        f"SELECT MAX({_k(Instrumen, 'diubah_pada')}) FROM {_t(Instrumen)}",
    ]
    for model in (Riwayat, LogEntry, PerangkatDaerah, Evaluasi, HasilEvaluasi, Rekomendasi, Indikator, Target,
                  Realisasi, Sasaran, ManualIK, AnggaranSubKegiatan, Kontributor):  # fmt: skip
        bagian.append(f"SELECT MAX(id) FROM {_t(model)}")
    return "SELECT " + ", ".join(f"({b})" for b in bagian)


def penanda(*, pemda_id: int) -> tuple[str, int]:
    """The data fingerprint of a pemda (one query), and its number of active PD.

    On PostgreSQL the query is a prepared statement of the connection (planned once per connection, not on
    every page view: its 15 subqueries took 0.6 ms of the server's planning for 0.25 ms of execution),
    through Django's cursor wrapper all the same (query log, error wrapping, execute wrappers).
    """
    with _kursor() as cursor:
        cursor.execute(_sql(connection.vendor), {"p": pemda_id, "ya": True})
        baris = cursor.fetchone()
    return hashlib.sha256(repr(baris).encode()).hexdigest()[:32], int(baris[0])


def _kursor():
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


def halaman(*, bagian: tuple, sidik: str, buat: Callable[[], str]) -> str:
    """The cached content for `bagian` (page, pemda, role, year, query) under fingerprint `sidik`, else
    `buat()` stored for the next request."""
    detik = settings.SAKIP_DASBOR_TEMBOLOK_DETIK
    if not detik:
        return buat()
    kunci_mentah = repr((bagian, sidik, timezone.localdate().isoformat(), str(settings.SAKIP_TARGET_NILAI_KOTA)))
    kunci = f"{AWALAN}:{hashlib.sha256(kunci_mentah.encode()).hexdigest()}"
    isi = cache.get(kunci)
    if isi is None:
        isi = buat()
        cache.set(kunci, isi, detik)
    return isi
