"""A cache of the dashboards' rendered content, checked against a fingerprint of the data on every request.

The fingerprint (`penanda`) of a pemda is one query of small aggregates over that pemda's rows only, each read
through an index that starts with the pemda (issue 18 point 6), so a write in another pemda leaves this pemda's
cached pages alone and the query costs the same at 1 or 550 pemda:
- every service write (realisasi, target, PK, quarter locks, evaluations, answers, results,
  recommendations), every import row and every admin add, change or delete of a pemda's row
  (perangkat_daerah/admin_dasar.py) records a Riwayat row of that pemda, so the sum of the pemda's newest
  Riwayat ids moves, even when the row commits after a newer one (`sakip.lib.kueri.riwayat_terbaru`);
- rows created in bulk under the pemda (data loads) move the pemda's highest id of the tables that carry
  the pemda (PD, evaluations, recommendations, indicators, performance-tree nodes, sub kegiatan budgets); a
  reload after a reset creates a new pemda;
- an instrument or band-table change touches Instrumen.diubah_pada (the national ones and the pemda's own).
Not seen: raw UPDATE/DELETE statements outside the services and the admin, and child rows (results, targets,
realisations, manuals, contributors) bulk-created under existing parents without history (a shell session);
clear the cache after such surgery.
A cached page is used only when the fingerprint, the day (overdue recommendations, quarters due) and
the query are unchanged, so a stale figure is never served; the timeout only frees memory. The
fingerprint also carries the number of active PD, which the wali kota's dashboard needs anyway.

The group dashboard reads many pemda: it uses the install-wide fingerprint (`penanda_semua`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language

from evaluasi.models import Evaluasi, HasilEvaluasi, Instrumen, Rekomendasi
from kinerja.models import Indikator, Realisasi, Sasaran, Target
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_manual import ManualIK
from kinerja.models_usulan import Kontributor
from perangkat_daerah.access import Lingkup, sql_lingkup
from perangkat_daerah.models import PerangkatDaerah, Riwayat
from sakip.lib.kueri import kursor_siap, riwayat_terbaru

AWALAN = "dasbor:v2"
AWALAN_RESPONS = "dasbor-respons:v1"
# what a whole page is rendered with in place of the CSRF token; each request gets its own token (`respons`)
TOKEN_SEMENTARA = "sakipTokenCsrfSementara7d1f0c3a9e5b"
# the tables a data load fills under a pemda without history rows (their pemda's highest id is read)
_TABEL_PEMDA = (PerangkatDaerah, Evaluasi, Rekomendasi, Indikator, Sasaran, AnggaranSubKegiatan)


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _k(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _bagian(p: str) -> list[str]:
    """The fingerprint's scalar subqueries for the pemda `p` (a parameter or a column), each through an index
    that starts with the pemda: its active PD, instruments, newest history ids (`riwayat_terbaru`) and highest ids
    of `_TABEL_PEMDA`.

    `id + 0`: the highest id among the pemda's rows, read through the pemda's index, not by walking the whole
    table's primary key down past every other pemda's newer rows."""
    pd, ins, riw = _t(PerangkatDaerah), _t(Instrumen), _t(Riwayat)
    bagian = [
        f"SELECT COUNT(*) FROM {pd} WHERE {pd}.{_k(PerangkatDaerah, 'pemda')} = {p} "
        f"AND {pd}.{_k(PerangkatDaerah, 'aktif')} = %(ya)s",
        f"SELECT MAX({_k(Instrumen, 'diubah_pada')}) FROM {ins} "
        f"WHERE {ins}.{_k(Instrumen, 'pemda')} = {p} OR {ins}.{_k(Instrumen, 'pemda')} IS NULL",
        riwayat_terbaru(f"SELECT {riw}.id FROM {riw} WHERE {riw}.{_k(Riwayat, 'pemda')} = {p} ORDER BY {riw}.id DESC"),
    ]
    bagian += [f"SELECT MAX({_t(m)}.id + 0) FROM {_t(m)} WHERE {_t(m)}.{_k(m, 'pemda')} = {p}" for m in _TABEL_PEMDA]
    return bagian


@functools.cache
def _sql(vendor: str) -> str:
    """The fingerprint of the pemda `%(p)s` (portable SQL: SQLite and PostgreSQL), built once per vendor."""
    return "SELECT " + ", ".join(f"({b})" for b in _bagian("%(p)s"))


@functools.cache
def _sql_pengguna(vendor: str) -> str:
    """The scope of the user `%(u)s` (access.SQL_LINGKUP) and the fingerprint of their pemda, in one query."""
    kolom = ", ".join(f"({b})" for b in _bagian("lingkup.pemda_id"))
    return f"SELECT lingkup.*, {kolom} FROM ({sql_lingkup()}) lingkup"


@functools.cache
def _sql_semua(vendor: str) -> str:
    """The install-wide fingerprint: the highest id of every table a dashboard reads (primary-key lookups), and of
    the two histories (the services' and the admin's) the sum of their newest ids (`riwayat_terbaru`: a row
    that commits after a newer one moves it too)."""
    bagian = [f"SELECT MAX({_k(Instrumen, 'diubah_pada')}) FROM {_t(Instrumen)}"]
    bagian += [riwayat_terbaru(f"SELECT id FROM {_t(m)} ORDER BY id DESC") for m in (Riwayat, LogEntry)]
    for model in (PerangkatDaerah, Evaluasi, HasilEvaluasi, Rekomendasi, Indikator, Target, Realisasi, Sasaran,
                  ManualIK, AnggaranSubKegiatan, Kontributor):  # fmt: skip
        bagian.append(f"SELECT MAX(id) FROM {_t(model)}")
    return "SELECT " + ", ".join(f"({b})" for b in bagian)


def _baca(sql: str, parameter: dict) -> tuple | None:
    with kursor_siap() as cursor:
        cursor.execute(sql, parameter)
        return cursor.fetchone()


def _hash(baris: tuple) -> str:
    return hashlib.sha256(repr(baris).encode()).hexdigest()[:32]


def penanda(*, pemda_id: int) -> tuple[str, int]:
    """The data fingerprint of a pemda (one query over its own rows), and its number of active PD.

    On PostgreSQL the query is a prepared statement of the connection (`sakip.lib.kueri.kursor_siap`: its
    subqueries took 0.6 ms of the server's planning for 0.25 ms of execution).
    """
    baris = _baca(_sql(connection.vendor), {"p": pemda_id, "ya": True})
    return _hash(baris), int(baris[0])


class Sidik(NamedTuple):
    """A user's scope read with their pemda's fingerprint (`penanda_pengguna`)."""

    lingkup: Lingkup
    sidik: str
    jumlah_pd: int


def penanda_pengguna(user) -> Sidik | None:
    """The scope of `user` as the database holds it now and their pemda's fingerprint, in one query (the
    profile's and the fingerprint's round trips in one, issue 18 (f)); None for a user without a profile."""
    baris = _baca(_sql_pengguna(connection.vendor), {"u": user.pk, "ya": True})
    if baris is None:
        return None
    n = len(Lingkup._fields)
    return Sidik(Lingkup(*baris[:n]), _hash(baris[n:]), int(baris[n]))


def penanda_semua() -> str:
    """The install-wide data fingerprint (one query of primary-key lookups): any write anywhere moves it."""
    return _hash(_baca(_sql_semua(connection.vendor), {}))


def _kunci(awalan: str, bagian: tuple, sidik: str) -> str:
    mentah = repr((bagian, sidik, timezone.localdate().isoformat(), str(settings.SAKIP_TARGET_NILAI_KOTA)))
    return f"{awalan}:{hashlib.sha256(mentah.encode()).hexdigest()}"


def ambil(*, awalan: str, bagian: tuple, sidik: str, buat: Callable[[], object]):
    """The cached value for `bagian` under fingerprint `sidik` (and the day), else `buat()` stored for the next
    request; always `buat()` when the cache is switched off (SAKIP_DASBOR_TEMBOLOK_DETIK = 0)."""
    detik = settings.SAKIP_DASBOR_TEMBOLOK_DETIK
    if not detik:
        return buat()
    kunci = _kunci(awalan, bagian, sidik)
    isi = cache.get(kunci)
    if isi is None:
        isi = buat()
        cache.set(kunci, isi, detik)
    return isi


def halaman(*, bagian: tuple, sidik: str, buat: Callable[[], str]) -> str:
    """The cached content for `bagian` (page, pemda, role, year, query) under fingerprint `sidik`, else
    `buat()` stored for the next request."""
    return ambil(awalan=AWALAN, bagian=bagian, sidik=sidik, buat=buat)


def respons(request, *, lingkup: Lingkup, bagian: tuple, sidik: str, buat: Callable[[], bytes]) -> bytes:
    """A whole page's bytes for this user, scope, path and language under fingerprint `sidik`, else `buat()`
    (rendered with TOKEN_SEMENTARA for the CSRF token) stored for the next request; the request's own CSRF
    token put in. A hit renders no template (issue 18 (f)). Everything the layout shows of the user is in the
    key (their id and names, their scope as read with the fingerprint), so no other user, role, PD or pemda
    is ever served this page."""
    user = request.user
    pengguna = (user.pk, user.get_username(), user.get_full_name())
    kunci = (bagian, tuple(lingkup), pengguna, request.get_full_path(), get_language(), get_script_prefix())
    isi = ambil(awalan=AWALAN_RESPONS, bagian=kunci, sidik=sidik, buat=buat)
    return isi.replace(TOKEN_SEMENTARA.encode(), get_token(request).encode())
