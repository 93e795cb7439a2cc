"""A cache of the tree pages, checked against a fingerprint of the tree's data on every request (issue 13: the
city tree page within 3× one query reading every node, which no page can be that reads 8,000 nodes and
12,000 indicators each time).

The fingerprint (`penanda`) is one query of small aggregates that change with every write a tree page shows:
- every service write (nodes, indicators, targets, manuals, sub kegiatan budgets, realisations and their
  verification, contributors' decisions, periods) records a Riwayat row, so the highest Riwayat id moves;
  the tree import records one per changed row too;
- every admin change (levels and the levels they may hang under, PD names, periods) records a LogEntry;
- rows created in bulk or without history move their table's highest id (nodes, indicators, targets,
  realisations, manuals, budgets, contributors, levels, periods, PD);
- the pemda's number of nodes and of indicators, so that a row deleted outside the services (a test's or a
  shell's `delete()`) is seen as well.
Not seen: raw UPDATEs outside the services and the admin; clear the cache after such surgery (as for the
dashboards, dasbor/tembolok.py, whose fingerprint this mirrors for the tree's own tables).
A cached page is used only under an unchanged fingerprint, so it is never stale; the timeout only frees memory.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection

from perangkat_daerah.models import PerangkatDaerah, Riwayat

from ..models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..models_usulan import Kontributor

AWALAN = "pohon:v1"
DETIK = 600  # bounds memory only: a write changes the fingerprint, so nothing stale is ever served
T = TypeVar("T")


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _k(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@functools.cache
def _sql(vendor: str) -> str:
    """One SELECT of scalar subqueries, each an index lookup, built once per database vendor (portable SQL).
    Highest ids are over the whole table (a primary-key lookup whatever the size): another pemda's write
    costs this pemda one rebuild."""
    bagian = [f"SELECT COUNT(*) FROM {_t(m)} WHERE {_k(m, 'pemda')} = %(p)s" for m in (Sasaran, Indikator)]
    for model in (Riwayat, LogEntry, Sasaran, Indikator, Target, Realisasi, ManualIK, AnggaranSubKegiatan,
                  Kontributor, TingkatPohon, PeriodePerencanaan, PerangkatDaerah):  # fmt: skip
        bagian.append(f"SELECT MAX(id) FROM {_t(model)}")
    return "SELECT " + ", ".join(f"({b})" for b in bagian)


def penanda(*, pemda_id: int) -> str:
    """The fingerprint of a pemda's tree data (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor), {"p": pemda_id})
        baris = cursor.fetchone()
    return hashlib.sha256(repr(baris).encode()).hexdigest()[:32]


def ambil(*, bagian: tuple, sidik: str, buat: Callable[[], T]) -> T:
    """The cached value for `bagian` (page, pemda, scope, role, year, filters, language) under fingerprint
    `sidik`, else `buat()` stored for the next request."""
    kunci = f"{AWALAN}:{hashlib.sha256(repr((bagian, sidik)).encode()).hexdigest()}"
    isi = cache.get(kunci)
    if isi is None:
        isi = buat()
        cache.set(kunci, isi, DETIK)
    return isi
