"""A cache of the dashboards' rendered content, checked against a fingerprint of the data on every request.

The fingerprint (`penanda`) is one query of small aggregates that change with every write the dashboards
depend on:
- every service write (realisasi, target, PK, quarter locks, evaluations, answers, results,
  recommendations) records a Riwayat row of its pemda, so the pemda's highest Riwayat id moves;
- every admin change records a LogEntry, so the highest LogEntry id moves;
- rows created or deleted in bulk (data loads, imports) change a table's count or highest id;
- an instrument or band-table change touches Instrumen.diubah_pada.
A cached page is used only when the fingerprint, the day (overdue recommendations, quarters due) and
the query are unchanged, so a stale figure is never served; the timeout only frees memory. The
fingerprint also carries the number of active PD, which the wali kota's dashboard needs anyway.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from evaluasi.models import Evaluasi, HasilEvaluasi, Instrumen, Rekomendasi
from kinerja.models import Indikator, Realisasi, Target
from perangkat_daerah.models import PerangkatDaerah, Riwayat

AWALAN = "dasbor:v1"


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _k(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _sql() -> str:
    """One SELECT of scalar subqueries (portable SQL: SQLite and PostgreSQL)."""
    pd, ind, ev = _t(PerangkatDaerah), _t(Indikator), _t(Evaluasi)
    per_pemda_ind = f"{_k(Indikator, 'pemda')} = %(p)s"
    per_pemda_pd = f"{_k(PerangkatDaerah, 'pemda')} = %(p)s"
    bagian = [
        f"SELECT MAX(id) FROM {_t(Riwayat)} WHERE {_k(Riwayat, 'pemda')} = %(p)s",
        f"SELECT MAX(id) FROM {_t(LogEntry)}",
        f"SELECT MAX({_k(Instrumen, 'diubah_pada')}) FROM {_t(Instrumen)}",
        f"SELECT COUNT(*) FROM {pd} WHERE {per_pemda_pd} AND {_k(PerangkatDaerah, 'aktif')} = %(ya)s",
        f"SELECT COUNT(*) FROM {pd} WHERE {per_pemda_pd}",
        f"SELECT MAX(id) FROM {pd} WHERE {per_pemda_pd}",
        f"SELECT COUNT(*) FROM {ev} WHERE {_k(Evaluasi, 'pemda')} = %(p)s",
        f"SELECT MAX(id) FROM {ev} WHERE {_k(Evaluasi, 'pemda')} = %(p)s",
        f"SELECT COUNT(*) FROM {_t(HasilEvaluasi)} WHERE {_k(HasilEvaluasi, 'evaluasi')} IN "
        f"(SELECT id FROM {ev} WHERE {_k(Evaluasi, 'pemda')} = %(p)s)",
        f"SELECT MAX({_k(HasilEvaluasi, 'dihitung_pada')}) FROM {_t(HasilEvaluasi)} WHERE "
        f"{_k(HasilEvaluasi, 'evaluasi')} IN (SELECT id FROM {ev} WHERE {_k(Evaluasi, 'pemda')} = %(p)s)",
        f"SELECT COUNT(*) FROM {_t(Rekomendasi)} WHERE {_k(Rekomendasi, 'pemda')} = %(p)s",
        f"SELECT MAX(id) FROM {_t(Rekomendasi)} WHERE {_k(Rekomendasi, 'pemda')} = %(p)s",
        f"SELECT COUNT(*) FROM {ind} WHERE {per_pemda_ind}",
        f"SELECT MAX(id) FROM {ind} WHERE {per_pemda_ind}",
    ]
    for model in (Target, Realisasi):
        dari = f"FROM {_t(model)} WHERE {_k(model, 'indikator')} IN (SELECT id FROM {ind} WHERE {per_pemda_ind})"
        bagian += [f"SELECT COUNT(*) {dari}", f"SELECT MAX(id) {dari}"]
    return "SELECT " + ", ".join(f"({b})" for b in bagian)


def penanda(*, pemda_id: int) -> tuple[str, int]:
    """The data fingerprint of a pemda (one query), and its number of active PD."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"p": pemda_id, "ya": True})
        baris = cursor.fetchone()
    return hashlib.sha256(repr(baris).encode()).hexdigest()[:32], int(baris[3])


def halaman(*, bagian: tuple, sidik: str, buat: Callable[[], str]) -> str:
    """The cached content for `bagian` (page, pemda, role, year, query) under fingerprint `sidik`, else
    `buat()` stored for the next request."""
    detik = getattr(settings, "SAKIP_DASBOR_TEMBOLOK_DETIK", 600)
    if not detik:
        return buat()
    kunci_mentah = repr((bagian, sidik, timezone.localdate().isoformat(), str(settings.SAKIP_TARGET_NILAI_KOTA)))
    kunci = f"{AWALAN}:{hashlib.sha256(kunci_mentah.encode()).hexdigest()}"
    isi = cache.get(kunci)
    if isi is None:
        isi = buat()
        cache.set(kunci, isi, detik)
    return isi
