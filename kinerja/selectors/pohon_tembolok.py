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
Two levels, one query for both fingerprints (`sidik`): the rendered page (`Sidik.halaman`, every write above)
and the page with its measures as placeholders (`Sidik.kerangka`, selectors/pohon_tampil.py `_Kerangka`),
whose fingerprint leaves out what only the measures read: targets and realisations (their highest ids, and the
history rows of their entry and verification), and the history of the apps no tree page reads (evaluation,
reports). A realisation entered or verified anywhere in the pemda fills in
the shown indicators' measures again, without reading the whole scope and running its quality checks. A third
value (`Sidik.ukuran`) moves with the measures' own writes only (a target's or realisation's history, their
tables' highest ids): with the indicators' fingerprint it keys the composed city page's measures
(`pohon_tampil._ukur_tembolok`), which a tree write leaves in place.
Not seen: raw UPDATEs outside the services and the admin; clear the cache after such surgery (as for the
dashboards, dasbor/tembolok.py, whose fingerprint this mirrors for the tree's own tables).
A cached page is used only under an unchanged fingerprint, so it is never stale; the timeout only frees memory.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection

from perangkat_daerah.models import PerangkatDaerah, Riwayat

from ..models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..models_usulan import Kontributor

AWALAN = "pohon:v1"
AWALAN_KERANGKA = "pohon-kerangka:v1"
AWALAN_UKURAN = "pohon-ukuran:v1"
DETIK = 600  # bounds memory only: a write changes the fingerprint, so nothing stale is ever served
T = TypeVar("T")


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _k(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


# the models whose writes only the measures read (not in the fingerprint of the page without its measures)
_UKURAN = (Target, Realisasi)
# the apps whose history no tree page reads (evaluation worksheets, reports): their writes refill the measures only
_APP_LAIN = ("evaluasi", "laporan")
_JENDELA = 2000  # history rows read back for the measures' fingerprint (`Sidik.ukuran`)


@functools.cache
def _sql(vendor: str) -> str:
    """One SELECT of scalar subqueries, each an index lookup, built once per database vendor (portable SQL):
    the pemda's node and indicator counts, the pemda's highest history id without the measures' rows and the
    other apps' (read through the history's pemda index, issue 18 point 6: walking the whole table's primary key
    down crossed every other pemda's recent realisations, 66,000 rows and 45 ms at 150 synthetic pemda), then
    the highest ids of `_tabel()`. Highest ids are over the whole table (a primary-key lookup whatever the
    size): another pemda's write costs this pemda one rebuild."""
    bagian = [f"SELECT COUNT(*) FROM {_t(m)} WHERE {_k(m, 'pemda')} = %(p)s" for m in (Sasaran, Indikator)]
    ct, app, nama = _t(ContentType), _k(ContentType, "app_label"), _k(ContentType, "model")
    ukuran = " OR ".join(
        [f"({app} = '{m._meta.app_label}' AND {nama} = '{m._meta.model_name}')" for m in _UKURAN]
        + [f"{app} = '{a}'" for a in _APP_LAIN]
    )
    bagian.append(
        f"SELECT id FROM {_t(Riwayat)} WHERE {_k(Riwayat, 'pemda')} = %(p)s AND {_k(Riwayat, 'content_type')} "
        f"NOT IN (SELECT id FROM {ct} WHERE {ukuran}) ORDER BY id DESC LIMIT 1"
    )
    bagian += [f"SELECT MAX(id) FROM {_t(model)}" for model in _tabel()]
    # the measures' own writes: the highest history id of a target or realisation among the pemda's last
    # `_JENDELA` history rows (bounded: a tree edited all day walks no further); a new entry is the newest row,
    # so it always moves this, and a window sliding past an old one only costs one refill
    milik = " OR ".join(f"({app} = '{m._meta.app_label}' AND {nama} = '{m._meta.model_name}')" for m in _UKURAN)
    rw, rw_ct = _t(Riwayat), _k(Riwayat, "content_type")
    bagian.append(
        f"SELECT MAX(r.id) FROM (SELECT id, {rw_ct} AS ct FROM {rw} WHERE {_k(Riwayat, 'pemda')} = %(p)s "
        f"ORDER BY id DESC LIMIT {_JENDELA}) r WHERE r.ct IN (SELECT id FROM {ct} WHERE {milik})"
    )
    return "SELECT " + ", ".join(f"({b})" for b in bagian)


def _tabel() -> tuple:
    return (Riwayat, LogEntry, Sasaran, Indikator, Target, Realisasi, ManualIK, AnggaranSubKegiatan, Kontributor,
            TingkatPohon, PeriodePerencanaan, PerangkatDaerah)  # fmt: skip


class Sidik(NamedTuple):
    """The two fingerprints: of the rendered page (every write it shows) and of the page without its measures
    (the same without the measures' writes)."""

    halaman: str
    kerangka: str
    ukuran: str = ""  # the measures' own writes only (targets, realisations): with the indicators', their cache's key


def _hash(nilai: tuple) -> str:
    return hashlib.sha256(repr(nilai).encode()).hexdigest()[:32]


def sidik(*, pemda_id: int) -> Sidik:
    """Both fingerprints of a pemda's tree data (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor), {"p": pemda_id})
        baris = cursor.fetchone()
    baris, ukuran_riwayat = baris[:-1], baris[-1]
    per_tabel = dict(zip(_tabel(), baris[3:], strict=True))
    kerangka = baris[:3] + tuple(v for m, v in per_tabel.items() if m is not Riwayat and m not in _UKURAN)
    ukuran = (ukuran_riwayat, *(per_tabel[m] for m in _UKURAN))
    return Sidik(halaman=_hash(baris), kerangka=_hash(kerangka), ukuran=_hash(ukuran))


def penanda(*, pemda_id: int) -> str:
    """The fingerprint of a pemda's tree data, the rendered page's (one query)."""
    return sidik(pemda_id=pemda_id).halaman


def ambil(*, bagian: tuple, sidik: str, buat: Callable[[], T], awalan: str | None = None) -> T:
    """The cached value for `bagian` (page, pemda, scope, role, year, filters, language) under fingerprint
    `sidik`, else `buat()` stored for the next request. `awalan`: the level (`AWALAN` by default, the
    rendered page; `AWALAN_KERANGKA` the page with its measures as placeholders)."""
    kunci = f"{awalan or AWALAN}:{hashlib.sha256(repr((bagian, sidik)).encode()).hexdigest()}"
    isi = cache.get(kunci)
    if isi is None:
        isi = buat()
        cache.set(kunci, isi, DETIK)
    return isi
