"""The city tree page rebuilt by branch (issue 13: the page as built after a write ≤ 150 ms, ≤ 12 queries,
≤ 3× one query reading every node).

The summarised city page of a city role without a filter (`pohon_kota.halaman_kota`) is the same page composed
from one cached summary per group of nodes: each PD's nodes (its branch) and the city nodes. A group's summary
(`Cabang`) holds what the page needs of it, already reduced: its rendered rows (the PD's entry level, orphans
and their ancestors) with their indicators, quality flags, contributors and budget, the counts of its deeper
nodes by nearest rendered node, the budgets and counts it adds to the city nodes above it, its figures of the
quality checks (`mutu_pohon`'s six checks of one node; the seventh, the duplicate indicator, spans PDs), its
theme, period and PD choice, and the material of the duplicate check. A write to one node rebuilds the
summary of that node's group only (three queries over its rows) and reuses the others'; the duplicate check
runs again over every group's material only when what it reads moved, else its result is cached too.

Fingerprints (`_sql`, one query): per group (the node's PD, NULL for the city), for the nodes, their
indicators, manuals, sub kegiatan budgets (these three by the indicator's and the budget's own PD, which their
`save()` and the tree import keep equal to the node's) and contributors, the row count, the highest id, the sum of
`versi` (every service, the tree import and `perbarui_dengan_riwayat` raise it) and the sums of the ids a row
points to (parent, level, period; node, parent indicator; PD): a create, delete, edit, move or decision in the
group moves it. What no group owns (the levels and the levels they may hang under, the periods, the PD names)
is one "residue" fingerprint, part of every key: the pemda's highest history id of each of those kinds (their
services and admin changes record one; the history of any other kind, an action plan, an evaluation, leaves
every summary in place), its highest ids of levels, periods and PDs and its number of levels (its own rows only,
through indexes that start with the pemda: issue 18 point 6, a write in another pemda leaves every key here in
place). A PD summary also keys on which city nodes there are
(their count, highest id, parents, levels and periods: its parents' ids are all it reads of them), so a city
node renamed rebuilds the city's summary only. Raw UPDATEs outside the services and
the admin are not seen, as for `pohon_tembolok`.

The page filtered to one PD (`?pd=`, no other filter) is composed the same way: that PD's summary is built
with every node rendered (`bangun_cabang(penuh=True)`, its own key), the others' are the unfiltered page's
(`pohon_cabang_susun.susun_pd` counts them on the city nodes above): a write to the PD rebuilds its group only.
Under a search, level or theme filter (with or without a PD), every group's summary is built under the filter
(`bangun_cabang(saring=)`: its matches and their ancestors in the group; the city group renders every city node,
each marked whether it matches), keyed by the filter and, for the PDs, by the city group's whole fingerprint (a
theme matches through the city nodes above); `pohon_cabang_susun.susun_saring` keeps the city nodes that match
or stand above a match and counts the rest on their nearest rendered node. A theme none of the nodes carries
goes to the whole build, which ignores it.

Byte for byte the page of `halaman_kota` (tests/kinerja/test_pohon_cabang.py, test_pohon_cabang_pd.py and
test_pohon_cabang_saring.py compare them after writes of every kind). Used only where the groups are closed:
every node's parent is in its own group, a city node or outside the year's scope; a node hanging under another
PD's node sends the page to the full build (`komposisi` returns None), as do PD roles (their pages are bounded by
one PD).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from dataclasses import astuple, dataclass, replace
from operator import attrgetter, itemgetter

from django.core.cache import cache
from django.db import connection
from django.db.models import FilteredRelation, Q
from django.utils.translation import get_language

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import PerangkatDaerah

from ..models import Indikator, PeriodePerencanaan, Sasaran, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..models_usulan import Kontributor
from . import mutu_pohon
from .mutu_pohon import IndikatorMutu
from .pohon import HalamanPohon, Saringan
from .pohon_cabang_bangun import KOTA as _KOTA
from .pohon_cabang_bangun import Baris, Cabang  # noqa: F401 (the summaries' home, named here as before)
from .pohon_cabang_bangun import bangun_cabang as _bangun_cabang
from .pohon_cabang_susun import susun, susun_pd, susun_saring, tertutup
from .pohon_tembolok import ambil, riwayat_jenis, tertinggi
from .simpul import HakPohon, hak_pohon

AWALAN = "pohon-cabang:v3"  # v3: a summary carries its digest (`Cabang.isi`) and its filter's matches
DETIK = 3600  # bounds memory only: every key holds the fingerprints of what it was built from
_KOLOM = ("pk", "induk_id", "perangkat_daerah_id", "tingkat_id", "kode", "uraian", "tema", "kode_nomenklatur",
          "jabatan", "nip", "periode_id", "perangkat_daerah__kode", "perangkat_daerah__singkatan",
          "perangkat_daerah__nama", "ang__pagu", "ang__realisasi_t1", "ang__realisasi_t2", "ang__realisasi_t3",
          "ang__realisasi_t4")  # fmt: skip
_KOLOM_IND = (*mutu_pohon.KOLOM_INDIKATOR, "urutan")  # grouped by their node (`_bangun_basi`): no join to it
_SISA = (TingkatPohon, PeriodePerencanaan, PerangkatDaerah)  # what the page reads that no group owns


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _k(model, nama: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(nama).column)


def _nol(kolom: str) -> str:
    return f"SUM(COALESCE({kolom}, 0))"


@functools.cache
def _sql(vendor: str) -> str:
    """The groups' fingerprints and the residue's, in one query (portable SQL, built once per vendor)."""
    s, pd_s, s_id = _t(Sasaran), _k(Sasaran, "perangkat_daerah"), _k(Sasaran, "id")
    ss = f"{s} ss"

    def gabung(model, kolom_sasaran: str, lewat: str = "") -> str:
        pemda = _k(Sasaran, "pemda")
        return f"FROM {_t(model)} x {lewat} JOIN {ss} ON ss.{s_id} = {kolom_sasaran} WHERE ss.{pemda} = %(p)s"

    versi = "SUM(x.versi)"
    m_ind = _k(ManualIK, "indikator")
    lewat_ind = f"JOIN {_t(Indikator)} i ON i.id = x.{m_ind}"
    pd_i, pd_a = _k(Indikator, "perangkat_daerah"), _k(AnggaranSubKegiatan, "perangkat_daerah")
    bagian = [
        f"SELECT 'S', {pd_s}, COUNT(*), MAX(id), SUM(versi), {_nol(_k(Sasaran, 'induk'))}, "
        f"{_nol(_k(Sasaran, 'tingkat'))} + {_nol(_k(Sasaran, 'periode'))} FROM {s} "
        f"WHERE {_k(Sasaran, 'pemda')} = %(p)s GROUP BY {pd_s}",
        # indicators and budgets by their own PD and pemda (their save() copies the node's: no join)
        f"SELECT 'I', x.{pd_i}, COUNT(*), MAX(x.id), {versi}, SUM(x.{_k(Indikator, 'sasaran')}), "
        f"{_nol('x.' + _k(Indikator, 'induk_indikator'))} FROM {_t(Indikator)} x "
        f"WHERE x.{_k(Indikator, 'pemda')} + 0 = %(p)s GROUP BY x.{pd_i}",  # its own index (models.Indikator)
        f"SELECT 'M', i.{pd_i}, COUNT(*), MAX(x.id), {versi}, SUM(x.{m_ind}), 0 FROM {_t(ManualIK)} x {lewat_ind} "
        f"WHERE i.{_k(Indikator, 'pemda')} + 0 = %(p)s GROUP BY i.{pd_i}",  # the indicators from their index alone
        f"SELECT 'A', x.{pd_a}, COUNT(*), MAX(x.id), {versi}, SUM(x.{_k(AnggaranSubKegiatan, 'sasaran')}), 0 "
        f"FROM {_t(AnggaranSubKegiatan)} x WHERE x.{_k(AnggaranSubKegiatan, 'pemda')} = %(p)s GROUP BY x.{pd_a}",
        f"SELECT 'K', ss.{pd_s}, COUNT(*), MAX(x.id), {versi}, SUM(x.{_k(Kontributor, 'sasaran')}), "
        f"{_nol('x.' + _k(Kontributor, 'perangkat_daerah'))} "
        f"{gabung(Kontributor, 'x.' + _k(Kontributor, 'sasaran'))} GROUP BY ss.{pd_s}",
    ]
    # the history of what the page reads outside the groups (the levels and the levels they may hang under,
    # the periods, the PD names): not any other kind's, an action plan or an evaluation saved would otherwise
    # have made the next tree view after it rebuild every summary (the whole scope, ~150 ms on the bench city)
    riwayat = riwayat_jenis(_SISA)
    # the pemda's own rows only, through indexes that start with the pemda (issue 18 point 6)
    sisa = [riwayat] + [tertinggi(m, vendor) for m in _SISA]
    t = _t(TingkatPohon)
    sisa.append(f"SELECT COUNT(*) FROM {t} WHERE {t}.{_k(TingkatPohon, 'pemda')} = %(p)s")  # a level deleted
    bagian.append("SELECT 'R', NULL, " + ", ".join(f"({q})" for q in sisa))
    return " UNION ALL ".join(bagian)


def _hash(nilai) -> str:
    return hashlib.sha256(repr(nilai).encode()).hexdigest()[:32]


@dataclass
class Sidik:
    """The fingerprints: per group (PD id or `_KOTA`) all it reads, and what the duplicate check reads of it;
    the residue's."""

    grup: dict
    ganda: dict
    sisa: tuple
    kota: str = ""  # which city nodes there are (count, highest id, parents, levels and periods; not their texts)
    indikator: str = ""  # every group's indicators with the residue: what the measures read besides targets


def sidik(pemda_id: int) -> Sidik:
    # not prepared (`kursor_siap`): PostgreSQL's generic plan of these GROUP BYs was slower than a custom one
    # (10,2 against 9,8 ms on the bench city), more than the planning it saves
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor), {"p": pemda_id})
        baris = cursor.fetchall()
    per_grup: dict = {}
    sisa = ()
    for jenis, pd_id, *nilai in baris:
        if jenis == "R":
            sisa = tuple(nilai)
            continue
        per_grup.setdefault(pd_id if pd_id is not None else _KOTA, {})[jenis] = tuple(nilai)
    grup = {g: _hash(sorted(v.items())) for g, v in per_grup.items()}
    # the duplicate check reads indicators, the nodes' parents and the crosscutting decisions
    ganda = {g: _hash((v.get("S", ())[:2] + v.get("S", ())[3:4], v.get("I"), v.get("K"))) for g, v in per_grup.items()}
    s = per_grup.get(_KOTA, {}).get("S", ())
    indikator = _hash((sorted(((repr(g), v.get("I")) for g, v in per_grup.items())), sisa))
    return Sidik(grup, ganda, sisa, _hash(s[:2] + s[3:]), indikator)


def _kunci(*bagian) -> str:
    return f"{AWALAN}:{hashlib.sha256(repr(bagian).encode()).hexdigest()}"


def _baca(user, grup: list, periode_ids: list[int], tahun: int, pemda_id: int):
    """The rows of the groups `grup` (PD ids, `_KOTA`): nodes of the year with their own budget, indicators
    with their manuals, contributors. Three queries."""
    pd_ids = [g for g in grup if g != _KOTA]
    kota = _KOTA in grup
    dalam = Q(perangkat_daerah_id__in=pd_ids)
    if kota:
        dalam |= Q(perangkat_daerah__isnull=True)
    ang = FilteredRelation("anggaran_sub_kegiatan", condition=Q(anggaran_sub_kegiatan__tahun=tahun))
    qs = (
        Sasaran.objects.for_user(user, Aksi.LIHAT)
        .filter(Q(periode__isnull=True) | Q(periode_id__in=periode_ids))
        .filter(dalam)
        .annotate(ang=ang)
        .order_by()
    )
    baris = list(qs.values_list(*_KOLOM))
    # the indicators by their own PD (their save() and the tree import keep it the node's, as the fingerprints
    # read them) and the contributors through the groups' nodes: both through indexes, not the pemda's every row
    indikator = Indikator.objects.filter(dalam, pemda_id=pemda_id).order_by().values_list(*_KOLOM_IND)
    simpul = Sasaran.objects.filter(dalam, pemda_id=pemda_id).values("pk")
    kontributor = Kontributor.objects.filter(sasaran_id__in=simpul).select_related("perangkat_daerah")
    return baris, list(indikator), list(kontributor)


def _rujukan(pemda_id: int, tahun: int, sisa: tuple) -> tuple[list, list]:
    """The year's periods and the pemda's levels (annotated `induk_kota`), cached under the residue."""
    kunci = _kunci("rujukan", pemda_id, tahun, sisa)
    isi = cache.get(kunci)
    if isi is None:
        periode = list(PeriodePerencanaan.objects.filter(pemda_id=pemda_id, tahun_mulai__lte=tahun,
                                                         tahun_akhir__gte=tahun))  # fmt: skip
        tingkat = mutu_pohon.tingkat_dengan_induk_kota(TingkatPohon.objects.filter(pemda_id=pemda_id))
        isi = (periode, list(tingkat.order_by("urutan")))
        cache.set(kunci, isi, DETIK)
    return isi


def _ganda_hitung(bahan: list[list]) -> tuple[set[int], set[int]]:
    """The duplicate check over every group's material (`mutu_pohon._indikator_ganda`'s rule): the failing
    indicators and their nodes."""
    kelompok: dict = {}
    for daftar in bahan:
        for kunci_i, induk, pk, s_id, lintas in daftar:
            kelompok.setdefault(kunci_i, []).append((induk, pk, s_id, lintas))
    gagal, simpul = set(), set()
    for anggota in kelompok.values():
        if len(anggota) > 1 and len({a[0] for a in anggota}) > 1:
            for _induk, pk, s_id, lintas in anggota:
                if not lintas:
                    gagal.add(pk)
                    simpul.add(s_id)
    return gagal, simpul


def _kunci_grup(s: Sidik, bagian: tuple, penuh=None, saring: Saringan | None = None) -> tuple[dict, dict, str]:
    """The cache keys of each group's summary (group `penuh`'s with every node rendered, `?pd=`; every group's
    under the filters `saring`), of each group's duplicate-check material and of the check's result."""
    # a PD's summary reads of the city nodes only which there are (its parents: rendered, never a PD's entry);
    # under a filter, their themes too (a theme matches through the ancestors): the city group's whole fingerprint
    if saring is not None:
        kota = s.grup.get(_KOTA, "")
        kunci = {g: _kunci("cabang-saring", bagian, astuple(saring), g, fp, kota if g != _KOTA else "", s.sisa)
                 for g, fp in s.grup.items()}  # fmt: skip
    else:
        kunci = {
            g: _kunci("cabang-penuh" if g == penuh else "cabang", bagian, g, fp, s.kota if g != _KOTA else "", s.sisa)
            for g, fp in s.grup.items()
        }
    # the duplicate check's material of each group, kept apart (read only when the check runs again)
    kunci_ganda = {g: _kunci("ganda-bahan", bagian, g, fp, s.sisa) for g, fp in s.ganda.items()}
    return kunci, kunci_ganda, _kunci("ganda", bagian, sorted(s.ganda.items(), key=repr), s.sisa)


def _bangun_basi(basi: list, cabang: dict, *, user, periode_ids: list[int], tahun: int, pemda_id: int,
                 tingkat: dict, penuh=None, saring: Saringan | None = None) -> bool:  # fmt: skip
    """The summaries of the groups `basi` built from their rows (three queries) into `cabang`, the city's
    first (the PDs' parents), group `penuh`'s with every node rendered (`?pd=`, `bangun_cabang`), every group's
    under the filters `saring` when given, with the actions on their rendered rows (one query)."""
    baris, indikator, kontributor = _baca(user, basi, periode_ids, tahun, pemda_id)
    # in id order: the same rows give the same summary, byte for byte (`_isi`), whatever order the database read
    # them in (an updated row moves in PostgreSQL's heap)
    baris.sort(key=itemgetter(0))
    indikator.sort(key=itemgetter(0))
    kontributor.sort(key=attrgetter("pk"))
    per_grup: dict = {g: ([], [], [], {}) for g in basi}
    for r in baris:
        per_grup[r[2] if r[2] is not None else _KOTA][0].append(r)
    pd_simpul = {r[0]: (r[2] if r[2] is not None else _KOTA) for r in baris}
    for i in indikator:
        if (g := pd_simpul.get(i[1])) is not None:
            per_grup[g][1].append(IndikatorMutu._make(i[:8]))
            per_grup[g][3][i[0]] = i[8]
    for k in kontributor:
        if k.sasaran_id in pd_simpul:
            per_grup[pd_simpul[k.sasaran_id]][2].append(k)
    if _KOTA in basi:
        cabang[_KOTA] = _bangun_cabang(_KOTA, *_urai(per_grup[_KOTA]), tingkat, {}, saring=saring)
    kota = cabang[_KOTA].kota if _KOTA in cabang else {}
    tema_kota = cabang[_KOTA].tema_kota if _KOTA in cabang else {}
    for g in basi:
        if g != _KOTA:
            cabang[g] = _bangun_cabang(g, *_urai(per_grup[g]), tingkat, kota, penuh=g == penuh, saring=saring,
                                       tema_kota=tema_kota)  # fmt: skip
    hak = hak_pohon(user, sasaran_ids=[b.pk for g in basi for b in cabang[g].baris])  # one query for them all
    for g in basi:
        ids = {b.pk for b in cabang[g].baris}
        cabang[g].hak = (hak.ubah & ids, hak.induk & ids, hak.usulkan & ids, hak.lihat & ids)
    return hak.buat


def _isi(c: Cabang) -> str:
    """The digest of a summary's content (its duplicate-check material kept apart): two builds from the same rows
    give the same digest, in any process (its themes, strings, in order: a set's order follows the process's
    string hashes)."""
    return hashlib.sha256(pickle.dumps(replace(c, tema=sorted(c.tema), isi=""), protocol=5)).hexdigest()[:32]


def _hak(user, daftar: list[Cabang | None], buat: bool | None) -> HakPohon:
    """The actions on the rows of the summaries `daftar` (each kept its own, `Cabang.hak`), with whether the user
    may create nodes (`buat`, as the summaries' build read it; else asked, with no query)."""
    hasil = HakPohon(buat=buat) if buat is not None else hak_pohon(user, sasaran_ids=[])
    for c in daftar:
        if c is not None:
            for tujuan, ids in zip((hasil.ubah, hasil.induk, hasil.usulkan, hasil.lihat), c.hak, strict=True):
                tujuan |= ids
    return hasil


def _muat(s: Sidik, bagian: tuple, *, user, periode_ids: list[int], tahun: int, pemda_id: int, tingkat: dict,
          penuh=None, saring: Saringan | None = None) -> tuple[dict, tuple, bool | None]:  # fmt: skip
    """Every group's summary, kept or built again (`_bangun_basi`: the groups whose key moved), and the duplicate
    check's result; with whether the user may create nodes when a build read it."""
    kunci, kunci_ganda, kunci_hasil = _kunci_grup(s, bagian, penuh=penuh, saring=saring)
    tersimpan = cache.get_many([*kunci.values(), kunci_hasil])
    cabang = {g: tersimpan[k] for g, k in kunci.items() if k in tersimpan}
    ganda = tersimpan.get(kunci_hasil)
    bahan_ganda: dict = {}
    if ganda is None:
        ada = cache.get_many([kunci_ganda[g] for g in cabang])
        bahan_ganda = {g: ada[kunci_ganda[g]] for g in cabang if kunci_ganda[g] in ada}
        for g in [g for g in cabang if g not in bahan_ganda]:  # its material evicted: the group is rebuilt
            del cabang[g]
    basi = [g for g in kunci if g not in cabang]
    buat = None
    if basi:
        buat = _bangun_basi(basi, cabang, user=user, periode_ids=periode_ids, tahun=tahun, pemda_id=pemda_id,
                            tingkat=tingkat, penuh=penuh, saring=saring)  # fmt: skip
        baru = {}
        for g in basi:
            bahan_ganda[g], cabang[g].ganda = cabang[g].ganda, []
            cabang[g].isi = _isi(cabang[g])
            baru[kunci[g]], baru[kunci_ganda[g]] = cabang[g], bahan_ganda[g]
        cache.set_many(baru, DETIK)
    if ganda is None:
        ganda = _ganda_hitung(list(bahan_ganda.values()))
        cache.set(kunci_hasil, ganda, DETIK)
    return cabang, ganda, buat


def sidik_tersimpan(pemda_id: int, halaman: str | None) -> Sidik:
    """The groups' fingerprints, read once for every view under the same page fingerprint `halaman`
    (`pohon_tembolok.Sidik.kerangka`, which every write they read moves, as it moves the pages cached under it):
    after a write, the first view of any role, user or filter reads them, the others reuse them. None: read."""
    if halaman is None:
        return sidik(pemda_id)
    return ambil(bagian=("cabang-sidik", pemda_id), sidik=halaman, buat=lambda: sidik(pemda_id), awalan=AWALAN)


def komposisi(*, user, profil, tahun: int, saringan: Saringan, tanda: str,
              sidik_halaman: str | None = None) -> Susunan | None:  # fmt: skip
    """The city page of a city role, unfiltered (`susun`), filtered to one PD only (`?pd=`, `susun_pd`) or by a
    search, level or theme (with or without a PD, `susun_saring`), composed from the groups' summaries (module
    docstring), its measures as placeholders `tanda`, with the actions on its rows (kept in each summary: the key
    holds the role and the user's PD, as the page's), named by its content (`Susunan`); None when the groups are
    not closed or the theme is none of the page's (the caller builds the whole page)."""
    pemda_id = profil.pemda_id
    s = sidik_tersimpan(pemda_id, sidik_halaman)
    periode, tingkat_daftar = _rujukan(pemda_id, tahun, s.sisa)
    periode_ids = sorted(p.pk for p in periode)
    bagian = (pemda_id, profil.peran, profil.perangkat_daerah_id, tahun, tuple(periode_ids), get_language())
    saring = saringan if saringan.cari or saringan.tingkat or saringan.tema else None
    # `?pd=` alone: a PD with no node this year has nothing to render
    pd_id = saringan.pd_id if saring is None and saringan.pd_id in s.grup else None
    cabang, ganda, buat = _muat(s, bagian, user=user, periode_ids=periode_ids, tahun=tahun, pemda_id=pemda_id,
                                tingkat={t.pk: t for t in tingkat_daftar}, penuh=pd_id, saring=saring)  # fmt: skip
    if not tertutup(cabang):  # a parent in another PD's group: the whole build
        return None
    if saringan.tema and saringan.tema not in set().union(*(c.tema for c in cabang.values())):
        return None  # the whole build ignores a theme none of the nodes carries
    tampil = [cabang.get(_KOTA), cabang.get(pd_id)] if saring is None and saringan.pd_id else list(cabang.values())
    hak = _hak(user, tampil, buat)
    isi = sorted((repr(g), c.isi) for g, c in cabang.items())
    kunci_isi = _kunci("susunan", bagian, pd_id, astuple(saringan), isi, sorted(ganda[0]), sorted(ganda[1]), s.sisa,
                       hak.buat)  # fmt: skip

    def halaman() -> tuple[HalamanPohon, HakPohon]:
        if saring is not None:
            h = susun_saring(cabang, ganda, periode, tingkat_daftar, saringan, tanda)
        elif saringan.pd_id:
            h = susun_pd(cabang, pd_id, ganda, periode, tingkat_daftar, saringan, tanda)
        else:
            h = susun(cabang, ganda, periode, tingkat_daftar, saringan, tanda)
        h.sidik_ukuran = s.indikator
        return h, hak

    return Susunan(kunci_isi, halaman, s.indikator)


@dataclass
class Susunan:
    """The page composed from the summaries: `kunci` names its content (every summary's digest, the duplicate
    check's result, the residue, the language, role, year and filter, whether the user may create nodes), so a
    write that leaves every rendered row as it was (a deeper node renamed, a budget moved within a PD) gives the
    same key and the page composed before is reused (`pohon_tampil._dari_cabang`); `halaman()` composes it."""

    kunci: str
    halaman: Callable[[], tuple[HalamanPohon, HakPohon]]
    sidik_ukuran: str  # what the measures read of the indicators (`Sidik.indikator`): the measures' key, today's


def _urai(isi: tuple) -> tuple:
    baris, indikator, kontributor, urutan = isi
    return baris, indikator, urutan, kontributor
