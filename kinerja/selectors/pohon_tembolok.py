"""A cache of the tree pages, checked against a fingerprint of the tree's data on every request (issue 13: the
city tree page within 3× one query reading every node, which no page can be that reads 8,000 nodes and
12,000 indicators each time).

The fingerprint (`penanda`) is one query of small aggregates over the pemda's own rows, each read through an
index that starts with the pemda (issue 18 point 6: a write in another pemda leaves this pemda's cached pages
alone, and the query costs the same at 1 or 550 pemda), that change with every write a tree page shows:
- every service write (nodes, indicators, targets, manuals, sub kegiatan budgets, realisations and their
  verification, contributors' decisions, periods), every import row and every admin add, change or delete of
  a pemda's row (levels and the levels they may hang under, PD names, periods: perangkat_daerah/admin_dasar.py)
  records a Riwayat row of the pemda, so the sum of the pemda's newest Riwayat ids of that kind moves, even when
  the row commits after a newer one (`riwayat_jenis`; only the kinds a
  tree page reads: the history of an action plan, a PK, an evaluation or a report moves nothing here);
- rows created in bulk under the pemda (data loads) move the pemda's highest id of the tables that carry the
  pemda (`_TABEL_PEMDA`: nodes, indicators, budgets, levels, periods, PD);
- the pemda's number of nodes and of indicators, so that a row deleted outside the services (a test's or a
  shell's `delete()`) is seen as well.
Two levels, one query for both fingerprints (`sidik`): the rendered page (`Sidik.halaman`, every write above)
and the page with its measures as placeholders (`Sidik.kerangka`, selectors/pohon_tampil.py `_Kerangka`),
whose fingerprint leaves out what only the measures read: targets and realisations (the history rows of their
entry and verification). A realisation entered or verified anywhere in the pemda fills in
the shown indicators' measures again, without reading the whole scope and running its quality checks. A third
value (`Sidik.ukuran`) moves with the measures' own writes only (the pemda's history rows of targets and
realisations): with the indicators' fingerprint it keys the composed city page's measures
(`pohon_tampil._ukur_tembolok`), which a tree write leaves in place.
Not seen: raw UPDATEs outside the services and the admin, and child rows (targets, realisations, manuals,
contributors: they carry no pemda) created without history under existing parents (a shell session); clear
the cache after such surgery (as for the dashboards, dasbor/tembolok.py, whose fingerprint this mirrors).
A cached page is used only under an unchanged fingerprint, so it is never stale; the timeout only frees memory.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection

from perangkat_daerah.models import PerangkatDaerah, Riwayat
from sakip.lib.kueri import kursor_siap, riwayat_terbaru

from ..models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..models_usulan import Kontributor

AWALAN = "pohon:v2"  # v2: a page carries its cut (`pohon_tampil.BATAS_BARIS`)
AWALAN_KERANGKA = "pohon-kerangka:v2"
AWALAN_UKURAN = "pohon-ukuran:v1"
AWALAN_SUSUNAN = "pohon-susunan:v2"  # a composed city page by its content (`pohon_kota_cabang.Susunan`)
DETIK = 600  # bounds memory only: a write changes the fingerprint, so nothing stale is ever served
T = TypeVar("T")


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _k(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


# the models whose writes only the measures read (not in the fingerprint of the page without its measures)
_UKURAN = (Target, Realisasi)
# every other model a tree page reads: the history of any model outside these two lists (an action plan, an
# evaluation, a report) moves no tree fingerprint
_POHON = (Sasaran, Indikator, ManualIK, AnggaranSubKegiatan, Kontributor, TingkatPohon, PeriodePerencanaan,
          PerangkatDaerah)  # fmt: skip
# the tables that carry the pemda and that data loads fill without history (their pemda's highest id is read)
_TABEL_PEMDA = (Sasaran, Indikator, AnggaranSubKegiatan, TingkatPohon, PeriodePerencanaan, PerangkatDaerah)


def riwayat_jenis(model_model) -> str:
    """The pemda `%(p)s`'s newest history ids of the kinds `model_model`, summed: each kind's
    (`sakip.lib.kueri.riwayat_terbaru`, which a late commit below the highest id moves too) in one short walk down
    the history's (pemda, kind, id) index (`riwayat_pemda_jenis_id`), whatever the pemda's history of other kinds;
    a new row of a kind always raises the sum. One correlated
    subquery over the kinds' content type rows, planned once (and on PostgreSQL prepared, `kursor_siap`): eight MAX
    subqueries, each looking up its content type, cost PostgreSQL 2,5-3 ms of planning on every request. The ids
    are not read beforehand from ContentType's cache: a cold cache would cost a process's first page two queries."""
    rw, rw_ct, rw_p = _t(Riwayat), _k(Riwayat, "content_type"), _k(Riwayat, "pemda")
    ct, app, nama = _t(ContentType), _k(ContentType, "app_label"), _k(ContentType, "model")
    per_app: dict[str, list[str]] = {}
    for m in model_model:  # app labels and model names: identifiers, no quote to escape
        per_app.setdefault(m._meta.app_label, []).append(f"'{m._meta.model_name}'")
    jenis = " OR ".join(f"(v.{app} = '{a}' AND v.{nama} IN ({', '.join(daftar)}))" for a, daftar in per_app.items())
    langkah = riwayat_terbaru(f"SELECT r.id FROM {rw} r WHERE r.{rw_p} = %(p)s AND r.{rw_ct} = v.id ORDER BY r.id DESC")
    return f"SELECT SUM(({langkah})) FROM {ct} v WHERE {jenis}"


def tertinggi(model, vendor: str) -> str:
    """The highest id of the pemda `%(p)s`'s rows of `model`, through the index of its pemda (issue 18 point 6).
    SQLite: that index holds the rowid after the pemda, so the walk down it is one step. PostgreSQL: its
    entries of one pemda are not in id order, and `ORDER BY id` may walk the whole table's primary key down
    past every other pemda's newer rows; `id + 0` reads the pemda's entries (as dasbor/tembolok.py), and for
    the nodes, indicators and budgets is one step down their (pemda, id + 0) index (kinerja migration 0020,
    PostgreSQL only), which no other index can stand in for."""
    t, pemda = _t(model), _k(model, "pemda")
    if vendor == "sqlite":
        return f"SELECT {t}.id FROM {t} WHERE {t}.{pemda} = %(p)s ORDER BY {t}.id DESC LIMIT 1"
    return f"SELECT MAX({t}.id + 0) FROM {t} WHERE {t}.{pemda} = %(p)s"


def _bagian(vendor: str) -> list[str]:
    """The fingerprint's scalar subqueries for the pemda `%(p)s`, each over the pemda's own rows through an index
    that starts with the pemda (issue 18 point 6: a write in another pemda leaves them all in place):
    0-1. the pemda's node and indicator counts (a row deleted outside the services);
    2. its highest history id of the kinds a tree page reads besides the measures (`_POHON`, `Sidik.kerangka`);
    3. its highest history id of the measures' kinds (`_UKURAN`: targets, realisations; `Sidik.ukuran`);
    4-9. its highest ids of `_TABEL_PEMDA` (rows created in bulk, without history).
    Each kind's history in one index step (`riwayat_jenis`): walking the pemda's history down to the newest row
    of a kind crossed every newer row of the others (a month's realisations)."""
    bagian = [f"SELECT COUNT(*) FROM {_t(m)} WHERE {_k(m, 'pemda')} = %(p)s" for m in (Sasaran, Indikator)]
    bagian += [riwayat_jenis(_POHON), riwayat_jenis(_UKURAN)]
    return bagian + [tertinggi(m, vendor) for m in _TABEL_PEMDA]


@functools.cache
def _sql(vendor: str) -> str:
    """One SELECT of the scalar subqueries of `_bagian()`, built once per database vendor (portable SQL)."""
    return "SELECT " + ", ".join(f"({b})" for b in _bagian(vendor))


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
    with kursor_siap() as cursor:  # prepared on PostgreSQL: planned once a connection
        cursor.execute(_sql(connection.vendor), {"p": pemda_id})
        baris = cursor.fetchone()
    # the page without its measures: all but the measures' history (3)
    kerangka = baris[:3] + baris[4:]
    return Sidik(halaman=_hash(baris), kerangka=_hash(kerangka), ukuran=_hash(baris[3:4]))


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
