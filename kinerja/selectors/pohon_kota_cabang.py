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
group moves it. What no group owns (the levels and the levels they may hang under, the periods, the PD names,
admin changes, any other history) is one "residue" fingerprint, part of every key: the highest history id
of the other kinds, the admin log's, and the highest ids of levels, periods and PDs. A PD summary also keys
on which city nodes there are (their count, highest id, parents, levels and periods: its parents' ids are all it
reads of them), so a city node renamed rebuilds the city's summary only. Raw UPDATEs outside the services and
the admin are not seen, as for `pohon_tembolok`.

Byte for byte the page of `halaman_kota` (tests/kinerja/test_pohon_cabang.py compares them after writes of
every kind). Used only where the groups are closed: every node's parent is in its own group, a city node or
outside the year's scope; a node hanging under another PD's node sends the page to the full build
(`komposisi` returns None), as do filters and PD roles (their pages are bounded by one PD).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import FilteredRelation, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import PerangkatDaerah, Riwayat

from ..models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..models_usulan import Kontributor, StatusKeputusan
from . import mutu_pohon
from .anggaran_pohon import Jumlah
from .mutu_pohon import CEK, SIMPUL, Bahan, IndikatorMutu, SimpulMutu
from .pohon import BarisIndikator, HalamanPohon, Saringan, Simpul, buka, dengan_leluhur, keterangan
from .pohon_kota import Ringkasan, _tambah_jumlah, _terdekat

AWALAN = "pohon-cabang:v1"
DETIK = 3600  # bounds memory only: every key holds the fingerprints of what it was built from
_KOTA = "kota"  # the city group's key (nodes without a PD)
_CEK = {c.kode: c for c in CEK}
_GANDA = "indikator-ganda"
_KOLOM = ("pk", "induk_id", "perangkat_daerah_id", "tingkat_id", "kode", "uraian", "tema", "kode_nomenklatur",
          "jabatan", "nip", "periode_id", "perangkat_daerah__kode", "perangkat_daerah__singkatan",
          "perangkat_daerah__nama", "ang__pagu", "ang__realisasi_t1", "ang__realisasi_t2", "ang__realisasi_t3",
          "ang__realisasi_t4")  # fmt: skip
_KOLOM_IND = (*mutu_pohon.KOLOM_INDIKATOR, "urutan", "sasaran__perangkat_daerah_id")


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
        f"WHERE x.{_k(Indikator, 'pemda')} = %(p)s GROUP BY x.{pd_i}",
        f"SELECT 'M', i.{pd_i}, COUNT(*), MAX(x.id), {versi}, SUM(x.{m_ind}), 0 FROM {_t(ManualIK)} x {lewat_ind} "
        f"WHERE i.{_k(Indikator, 'pemda')} = %(p)s GROUP BY i.{pd_i}",
        f"SELECT 'A', x.{pd_a}, COUNT(*), MAX(x.id), {versi}, SUM(x.{_k(AnggaranSubKegiatan, 'sasaran')}), 0 "
        f"FROM {_t(AnggaranSubKegiatan)} x WHERE x.{_k(AnggaranSubKegiatan, 'pemda')} = %(p)s GROUP BY x.{pd_a}",
        f"SELECT 'K', ss.{pd_s}, COUNT(*), MAX(x.id), {versi}, SUM(x.{_k(Kontributor, 'sasaran')}), "
        f"{_nol('x.' + _k(Kontributor, 'perangkat_daerah'))} "
        f"{gabung(Kontributor, 'x.' + _k(Kontributor, 'sasaran'))} GROUP BY ss.{pd_s}",
    ]
    ct, app, nama = _t(ContentType), _k(ContentType, "app_label"), _k(ContentType, "model")
    milik = (Sasaran, Indikator, ManualIK, AnggaranSubKegiatan, Kontributor, Target, Realisasi)
    lain = " OR ".join(
        [f"({app} = '{m._meta.app_label}' AND {nama} = '{m._meta.model_name}')" for m in milik]
        + [f"{app} = '{a}'" for a in ("evaluasi", "laporan")]
    )
    riwayat = (
        f"SELECT id FROM {_t(Riwayat)} WHERE {_k(Riwayat, 'pemda')} = %(p)s AND {_k(Riwayat, 'content_type')} "
        f"NOT IN (SELECT id FROM {ct} WHERE {lain})"
        " ORDER BY id DESC LIMIT 1"
    )
    sisa = [riwayat] + [f"SELECT MAX(id) FROM {_t(m)}" for m in (LogEntry, TingkatPohon, PeriodePerencanaan)]
    bagian.append(
        "SELECT 'R', NULL, " + ", ".join(f"({q})" for q in sisa) + f", (SELECT MAX(id) FROM {_t(PerangkatDaerah)})"
    )
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


def sidik(pemda_id: int) -> Sidik:
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
    return Sidik(grup, ganda, sisa, _hash(s[:2] + s[3:]))


# --- one group's summary ------------------------------------------------------------------------------


@dataclass
class Baris:
    """A rendered node of a group, with what its row prints (measures left for the page)."""

    pk: int
    induk_id: int | None
    tingkat_id: int | None
    kode: str
    uraian: str
    pd: str
    keterangan: list[str]
    indikator: list[tuple]  # (id, kode, uraian, satuan, relasi label, local flag codes)
    kontributor: list[str]
    bendera: list[str]  # node flag codes
    anggaran: Jumlah | None = None  # own: the budgets whose nearest rendered node it is
    ringkasan: dict = field(default_factory=dict)  # (pd_id, pd) -> [count, locally noted, clean ids, min kode]


@dataclass
class Cabang:
    """One group's summary (module docstring)."""

    ids: frozenset
    luar: frozenset  # parents outside the group (city nodes, or none in the year's scope)
    jumlah: int
    tema: set
    periode: tuple | None  # (kode, periode_id) of the first node by code with a period of the year
    pd: tuple | None  # (pk, kode, singkatan, nama)
    cek: dict  # check code -> (items checked, items failing), the duplicate check left out
    jumlah_indikator: int
    ganda: list  # (key, node's parent, indicator id, node id, crosscutting) of its compared indicators; cached apart
    baris: list[Baris]
    keluar: dict  # city node -> {"anggaran": Jumlah, "ringkasan": {(pd_id, pd): [...]}}
    kota: dict | None = None  # the city group's: its nodes as the checks' light rows (the PDs' parents)


def _kunci(*bagian) -> str:
    return f"{AWALAN}:{hashlib.sha256(repr(bagian).encode()).hexdigest()}"


class _Pagu:
    """A node's own budget of the year (read with the node), in the shape `Jumlah.tambah` reads."""

    __slots__ = ("pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4")

    def __init__(self, nilai) -> None:
        self.pagu, self.realisasi_t1, self.realisasi_t2, self.realisasi_t3, self.realisasi_t4 = nilai


def _bangun_cabang(g, baris: list[tuple], indikator: list[IndikatorMutu], urutan: dict, kontributor: list,
                   tingkat: dict, kota: dict[int, SimpulMutu]) -> Cabang:  # fmt: skip
    """The summary of group `g` from its rows (`_KOLOM`), indicators, contributors, the levels and the city
    nodes (its parents), as `pohon_kota.halaman_kota` computes the same for the whole city."""
    sendiri = {r[0]: SimpulMutu(*r[:4], r[4], r[5], r[14] is not None and r[14] > 0, False) for r in baris}
    per_id = {**kota, **sendiri} if g != _KOTA else dict(sendiri)
    ids = frozenset(sendiri)
    lintas = {k.sasaran_id for k in kontributor if k.status == StatusKeputusan.DISETUJUI} & ids
    bahan = Bahan(sasaran=list(per_id.values()), indikator=indikator, lintas=lintas, tingkat=tingkat)
    diperiksa, gagal_cek = {_GANDA: []}, {_GANDA: set()}  # the duplicate check spans groups: run over all (`_ganda`)
    for c in CEK:
        if c.kode != _GANDA:
            diperiksa[c.kode], gagal_cek[c.kode] = c.periksa(bahan)
    mutu = mutu_pohon.HasilMutu(bahan=bahan, diperiksa=diperiksa, gagal=gagal_cek)
    cek, catatan = {}, set()
    for c in CEK:
        if c.kode == _GANDA:
            continue
        if c.jenis == SIMPUL:
            d, gagal = [pk for pk in mutu.diperiksa[c.kode] if pk in ids], mutu.gagal[c.kode] & ids
            catatan |= gagal
        else:
            d, gagal = mutu.diperiksa[c.kode], mutu.gagal[c.kode]
            catatan |= {i.sasaran_id for i in mutu.bahan.indikator if i.pk in gagal}
        cek[c.kode] = (len(d), len(gagal))
    per_baris = {r[0]: r for r in baris}
    dasar = [per_id[pk] for pk, r in per_baris.items()
             if r[2] is None or r[3] in bahan.tingkat_masuk or r[1] not in per_id]  # fmt: skip
    tampil = [s.pk for s in dengan_leluhur(dasar, per_id) if s.pk in ids]
    dekat = _terdekat(per_id, set(tampil) | (set(kota) if g != _KOTA else set()))
    teks_k: dict[int, list[str]] = {}
    for k in kontributor:
        teks_k.setdefault(k.sasaran_id, []).append(f"{k.nama} ({k.get_status_display().lower()})")
    ind_per: dict[int, list[IndikatorMutu]] = {}
    for i in indikator:
        ind_per.setdefault(i.sasaran_id, []).append(i)
    relasi = dict(Indikator.Relasi.choices)
    hasil: dict[int, Baris] = {}
    for pk in tampil:
        r = per_baris[pk]
        daftar = sorted(ind_per.get(pk, []), key=lambda i: (urutan[i.pk], i.kode))
        hasil[pk] = Baris(
            pk=pk, induk_id=r[1], tingkat_id=r[3], kode=r[4], uraian=r[5],
            pd=(r[12] or r[13]) if r[2] else _("Kota"),
            keterangan=keterangan(_Ket(*r[6:10])),
            indikator=[(i.pk, i.kode, i.uraian, i.satuan, str(relasi[i.relasi_induk]) if i.relasi_induk else "",
                        [c.kode for c in mutu.bendera_indikator(i.pk) if c.kode != _GANDA]) for i in daftar],
            kontributor=teks_k.get(pk, []), bendera=[c.kode for c in mutu.bendera_simpul(pk)],
        )  # fmt: skip
    keluar: dict = {}
    for pk, r in per_baris.items():  # budgets on their nearest rendered node (this group's, or a city node)
        if r[14] is None or (a := dekat.get(pk)) is None:
            continue
        if a in hasil:
            b = hasil[a]
            if b.anggaran is None:
                b.anggaran = Jumlah()
            b.anggaran.tambah(_Pagu(r[14:19]))
        else:
            keluar.setdefault(a, {"anggaran": None, "ringkasan": {}})
            if keluar[a]["anggaran"] is None:
                keluar[a]["anggaran"] = Jumlah()
            keluar[a]["anggaran"].tambah(_Pagu(r[14:19]))
    for pk, r in per_baris.items():  # the unrendered nodes, counted on their nearest rendered node
        if pk in hasil or (a := dekat.get(pk)) is None:
            continue
        tujuan = (
            hasil[a].ringkasan if a in hasil else keluar.setdefault(a, {"anggaran": None, "ringkasan": {}})["ringkasan"]
        )
        n = tujuan.setdefault((r[2], r[12] or r[13] or _("Kota")), [0, 0, [], r[4]])
        n[0] += 1
        if pk in catatan:
            n[1] += 1
        else:
            n[2].append(pk)
        n[3] = min(n[3], r[4])
    periode = min(((r[4], r[10]) for r in baris if r[10] is not None), default=None)
    pd = next(((r[2], r[11], r[12], r[13]) for r in baris if r[2]), None)
    ganda = [(mutu_pohon.kunci_indikator(i), per_id[i.sasaran_id].induk_id, i.pk, i.sasaran_id, i.sasaran_id in lintas)
             for i in mutu.bahan.indikator if i.relasi_induk != Indikator.Relasi.SAMA]  # fmt: skip
    return Cabang(
        ids=ids, luar=frozenset(r[1] for r in baris if r[1] is not None and r[1] not in ids), jumlah=len(baris),
        tema={r[6] for r in baris} - {""}, periode=periode, pd=pd, cek=cek,
        jumlah_indikator=len(mutu.bahan.indikator), ganda=ganda, baris=list(hasil.values()), keluar=keluar,
        kota=dict(sendiri) if g == _KOTA else None,
    )  # fmt: skip


@dataclass
class _Ket:
    """What `pohon.keterangan` reads of a node."""

    tema: str
    kode_nomenklatur: str
    jabatan: str
    nip: str


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
    di = Q(sasaran__perangkat_daerah_id__in=pd_ids)
    if kota:
        di |= Q(sasaran__perangkat_daerah__isnull=True)
    indikator = list(Indikator.objects.filter(di, pemda_id=pemda_id).order_by().values_list(*_KOLOM_IND))
    kontributor = list(Kontributor.objects.filter(di, sasaran__pemda_id=pemda_id).select_related("perangkat_daerah"))
    return baris, indikator, kontributor


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


class _Mutu:
    """The page's kelengkapan figure (what the page reads of `HasilMutu`)."""

    def __init__(self, diperiksa: int, gagal: int) -> None:
        self.kelengkapan = mutu_pohon.persen_lolos(diperiksa, gagal)

    @property
    def kelengkapan_teks(self) -> str:
        from sakip.lib.angka import format_persen

        return format_persen(self.kelengkapan) if self.kelengkapan is not None else "–"


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


def komposisi(*, user, profil, tahun: int, saringan: Saringan, tanda: str) -> HalamanPohon | None:
    """The unfiltered city page of a city role composed from the groups' summaries (module docstring), its
    measures as placeholders `tanda`; None when the groups are not closed (the caller builds the whole page)."""
    pemda_id = profil.pemda_id
    s = sidik(pemda_id)
    periode, tingkat_daftar = _rujukan(pemda_id, tahun, s.sisa)
    periode_ids = sorted(p.pk for p in periode)
    bagian = (pemda_id, profil.peran, profil.perangkat_daerah_id, tahun, tuple(periode_ids), get_language())
    # a PD's summary reads of the city nodes only which there are (its parents: rendered, never a PD's entry)
    kunci = {g: _kunci("cabang", bagian, g, fp, s.kota if g != _KOTA else "", s.sisa) for g, fp in s.grup.items()}
    # the duplicate check's material of each group, kept apart (read only when the check runs again)
    kunci_ganda = {g: _kunci("ganda-bahan", bagian, g, fp, s.sisa) for g, fp in s.ganda.items()}
    kunci_hasil = _kunci("ganda", bagian, sorted(s.ganda.items(), key=repr), s.sisa)
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
    if basi:
        tingkat = {t.pk: t for t in tingkat_daftar}
        baris, indikator, kontributor = _baca(user, basi, periode_ids, tahun, pemda_id)
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
            cabang[_KOTA] = _bangun_cabang(_KOTA, *_urai(per_grup[_KOTA]), tingkat, {})
        kota = cabang[_KOTA].kota if _KOTA in cabang else {}
        for g in basi:
            if g != _KOTA:
                cabang[g] = _bangun_cabang(g, *_urai(per_grup[g]), tingkat, kota)
        baru = {}
        for g in basi:
            bahan_ganda[g], cabang[g].ganda = cabang[g].ganda, []
            baru[kunci[g]], baru[kunci_ganda[g]] = cabang[g], bahan_ganda[g]
        cache.set_many(baru, DETIK)
    if ganda is None:
        ganda = _ganda_hitung(list(bahan_ganda.values()))
        cache.set(kunci_hasil, ganda, DETIK)
    return _susun(cabang, ganda, periode, tingkat_daftar, saringan, tanda)


def _urai(isi: tuple) -> tuple:
    baris, indikator, kontributor, urutan = isi
    return baris, indikator, urutan, kontributor


def _susun(cabang: dict, ganda_hasil: tuple, periode: list, tingkat_daftar: list, saringan: Saringan,
           tanda: str) -> HalamanPohon | None:  # fmt: skip
    pemilik: dict[int, object] = {}
    for g, c in cabang.items():
        for pk in c.ids:
            pemilik[pk] = g
    for g, c in cabang.items():  # closed groups only: a parent in another PD's group needs the whole build
        if any(pemilik.get(p, g) not in (g, _KOTA) for p in c.luar) or (g == _KOTA and c.luar & pemilik.keys()):
            return None
    gagal_ganda, simpul_ganda = ganda_hasil
    ganda = mutu_pohon.CEK[-1]
    diperiksa = gagal = 0
    for c in cabang.values():
        for d, n in c.cek.values():
            diperiksa, gagal = diperiksa + d, gagal + n
        diperiksa += c.jumlah_indikator
    gagal += len(gagal_ganda)
    per_tingkat = {t.pk: t for t in tingkat_daftar}
    baris = [b for c in cabang.values() for b in c.baris]
    per_baris = {b.pk: b for b in baris}
    hasil: dict[int, Jumlah] = {}
    ringkasan: dict[int, dict] = {b.pk: dict(b.ringkasan) for b in baris}
    for b in baris:
        if b.anggaran is not None:
            hasil[b.pk] = _salin(b.anggaran)
    for c in cabang.values():
        for a, isi in c.keluar.items():
            if a not in per_baris:
                continue
            if isi["anggaran"] is not None:
                _tambah_jumlah(hasil.setdefault(a, Jumlah()), isi["anggaran"])
            for k, n in isi["ringkasan"].items():
                ada = ringkasan[a].get(k)
                if ada is None:
                    ringkasan[a][k] = [n[0], n[1], list(n[2]), n[3]]
                else:
                    ada[0], ada[1], ada[3] = ada[0] + n[0], ada[1] + n[1], min(ada[3], n[3])
                    ada[2] = ada[2] + n[2]
    for s_id, sendiri in list(hasil.items()):  # up the rendered nodes (`pohon_kota._anggaran`)
        induk, dilalui = per_baris[s_id].induk_id, {s_id}
        while induk is not None and induk not in dilalui and induk in per_baris:
            dilalui.add(induk)
            _tambah_jumlah(hasil.setdefault(induk, Jumlah()), sendiri)
            induk = per_baris[induk].induk_id
    urut = sorted(baris, key=lambda b: (getattr(per_tingkat.get(b.tingkat_id), "urutan", 999), b.kode))
    simpul: dict[int, Simpul] = {}
    for b in urut:
        indikator = [
            BarisIndikator(
                kode=kode,
                uraian=uraian,
                satuan=satuan,
                relasi=relasi,
                id=pk,
                target=f"\x00{tanda}:{pk}:target\x00",
                realisasi=f"\x00{tanda}:{pk}:realisasi\x00",
                capaian=f"\x00{tanda}:{pk}:capaian\x00",
                rumus=f"\x00{tanda}:{pk}:rumus\x00",
                bendera=[_CEK[k] for k in bendera] + ([ganda] if pk in gagal_ganda else []),
            )  # fmt: skip
            for pk, kode, uraian, satuan, relasi, bendera in b.indikator
        ]
        lines = sorted(ringkasan[b.pk].items(), key=lambda kv: kv[1][3])
        simpul[b.pk] = Simpul(
            id=b.pk, kode=b.kode, uraian=b.uraian,
            tingkat=per_tingkat[b.tingkat_id].nama if b.tingkat_id in per_tingkat else _("Tanpa tingkat"),
            pd=b.pd, keterangan=b.keterangan, indikator=indikator, cocok=True, kontributor=b.kontributor,
            anggaran=hasil[b.pk].teks if b.pk in hasil else None, bendera=[_CEK[k] for k in b.bendera],
            ringkasan=[Ringkasan(pd_id, pd, n[0], n[1] + sum(1 for x in n[2] if x in simpul_ganda))
                       for (pd_id, pd), n in lines],
        )  # fmt: skip
    akar = []
    for s_id, node in simpul.items():
        induk = simpul.get(per_baris[s_id].induk_id)
        (induk.anak if induk is not None else akar).append(node)
    buka(akar, 0, saringan.aktif)
    jumlah = sum(c.jumlah for c in cabang.values())
    per_periode = {p.pk: p for p in periode}
    awal = min((c.periode for c in cabang.values() if c.periode and c.periode[1] in per_periode), default=None)
    pd = sorted((c.pd for c in cabang.values() if c.pd and c.jumlah), key=lambda p: p[1])
    return HalamanPohon(
        akar=akar, jumlah_simpul=jumlah, jumlah_cocok=jumlah,
        periode=per_periode[awal[1]] if awal else next(iter(periode), None),
        pilihan_pd=[PerangkatDaerah(pk=pk, kode=k, singkatan=sk or "", nama=n) for pk, k, sk, n in pd],
        pilihan_tingkat=tingkat_daftar, saringan=saringan,
        pilihan_tema=sorted(set().union(*(c.tema for c in cabang.values()))),
        mutu=_Mutu(diperiksa, gagal), jumlah_tampil=len(simpul),
    )  # fmt: skip


def _salin(j: Jumlah) -> Jumlah:
    return Jumlah(pagu=j.pagu, realisasi=dict(j.realisasi), sub_kegiatan=j.sub_kegiatan)
