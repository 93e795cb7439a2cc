"""One group's summary of the city tree page rebuilt by branch (`pohon_kota_cabang`, issue 13): a PD's nodes
(its branch) or the city nodes, reduced to what the page needs of them (`Cabang`), as
`pohon_kota.halaman_kota` computes the same for the whole city."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

from ..models import Indikator
from ..models_usulan import StatusKeputusan
from . import mutu_pohon
from .anggaran_pohon import BarisPagu, Jumlah
from .mutu_pohon import CEK, SIMPUL, Bahan, IndikatorMutu, SimpulMutu
from .pohon import Saringan, cocok, dengan_leluhur, keterangan
from .pohon_kota import _terdekat

KOTA = "kota"  # the city group's key (nodes without a PD)
GANDA = "indikator-ganda"


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
    cocok: bool = True  # under a filter: the node matches it (else it is rendered as a match's ancestor)


@dataclass
class Cabang:
    """One group's summary (`pohon_kota_cabang`'s docstring)."""

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
    hak: tuple = ()  # the rendered rows' actions for the summary's scope (`simpul.hak_pohon`'s sets, its rows only)
    isi: str = ""  # the digest of this summary's content (`pohon_kota_cabang._isi`)
    cocok: int = 0  # under a filter: how many of its nodes match it (`jumlah` without one)
    tema_kota: dict | None = None  # the city group's: its nodes' themes (`_Tema`), for a theme filter's ancestors


class _Tema(NamedTuple):
    """What the theme filter reads of a node's ancestors (`pohon._bertema`)."""

    pk: int
    induk_id: int | None
    tema: str


class _Cocok(NamedTuple):
    """What the filters read of a node (`pohon.cocok`), from its row (`pohon_kota_cabang._KOLOM`)."""

    pk: int
    induk_id: int | None
    perangkat_daerah_id: int | None
    kode: str
    uraian: str
    tema: str
    kode_nomenklatur: str
    jabatan: str


@dataclass
class _Ket:
    """What `pohon.keterangan` reads of a node."""

    tema: str
    kode_nomenklatur: str
    jabatan: str
    nip: str


def _mutu(per_id: dict, ids: frozenset, indikator: list[IndikatorMutu], lintas: set, tingkat: dict):
    """The six one-node checks over the group (the duplicate check spans groups: `pohon_kota_cabang`): the
    result, each check's (items checked, items failing) and the group's nodes any check notes."""
    bahan = Bahan(sasaran=list(per_id.values()), indikator=indikator, lintas=lintas, tingkat=tingkat)
    diperiksa, gagal_cek = {GANDA: []}, {GANDA: set()}
    for c in CEK:
        if c.kode != GANDA:
            diperiksa[c.kode], gagal_cek[c.kode] = c.periksa(bahan)
    mutu = mutu_pohon.HasilMutu(bahan=bahan, diperiksa=diperiksa, gagal=gagal_cek)
    cek, catatan = {}, set()
    for c in CEK:
        if c.kode == GANDA:
            continue
        if c.jenis == SIMPUL:
            d, gagal = [pk for pk in mutu.diperiksa[c.kode] if pk in ids], mutu.gagal[c.kode] & ids
            catatan |= gagal
        else:
            d, gagal = mutu.diperiksa[c.kode], mutu.gagal[c.kode]
            catatan |= {i.sasaran_id for i in mutu.bahan.indikator if i.pk in gagal}
        cek[c.kode] = (len(d), len(gagal))
    return mutu, cek, catatan


def _baris(tampil: list[int], per_baris: dict, indikator: list[IndikatorMutu], urutan: dict, kontributor: list,
           mutu, sama: set[int] | None) -> dict[int, Baris]:  # fmt: skip
    """The group's rendered rows, in `tampil`'s order."""
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
                        [c.kode for c in mutu.bendera_indikator(i.pk) if c.kode != GANDA]) for i in daftar],
            kontributor=teks_k.get(pk, []), bendera=[c.kode for c in mutu.bendera_simpul(pk)],
            cocok=sama is None or pk in sama,
        )  # fmt: skip
    return hasil


def _keluar(per_baris: dict, dekat: dict, hasil: dict[int, Baris], catatan: set) -> dict:
    """The budgets and deeper-node counts on their nearest rendered node: the group's own rows are filled in
    place; what goes to a city node above the group is returned."""
    keluar: dict = {}
    for pk, r in per_baris.items():  # budgets on their nearest rendered node (this group's, or a city node)
        if r[14] is None or (a := dekat.get(pk)) is None:
            continue
        if a in hasil:
            b = hasil[a]
            if b.anggaran is None:
                b.anggaran = Jumlah()
            b.anggaran.tambah(BarisPagu(pk, *r[14:19]))
        else:
            keluar.setdefault(a, {"anggaran": None, "ringkasan": {}})
            if keluar[a]["anggaran"] is None:
                keluar[a]["anggaran"] = Jumlah()
            keluar[a]["anggaran"].tambah(BarisPagu(pk, *r[14:19]))
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
    return keluar


def _sama(baris: list[tuple], indikator: list[IndikatorMutu], tingkat: dict, saring: Saringan,
          tema_kota: dict) -> set[int]:  # fmt: skip
    """The group's nodes that pass the filters `saring` (`pohon.cocok`, the whole build's rule), a theme through
    their ancestors up the city nodes (`tema_kota`)."""
    sendiri = {r[0]: _Cocok(*r[:3], r[4], r[5], r[6], r[7], r[8]) for r in baris}
    per_id = {**tema_kota, **sendiri}
    ind_per: dict[int, list[IndikatorMutu]] = {}
    for i in indikator:
        ind_per.setdefault(i.sasaran_id, []).append(i)
    kode = {pk: t.kode for pk, t in tingkat.items()}
    return {r[0] for r in baris if cocok(sendiri[r[0]], ind_per.get(r[0], []), saring, per_id, kode.get(r[3]))}


def bangun_cabang(g, baris: list[tuple], indikator: list[IndikatorMutu], urutan: dict, kontributor: list,
                  tingkat: dict, kota: dict[int, SimpulMutu], *, penuh: bool = False, saring: Saringan | None = None,
                  tema_kota: dict | None = None) -> Cabang:  # fmt: skip
    """The summary of group `g` from its rows (`pohon_kota_cabang._KOLOM`), indicators, contributors, the levels
    and the city nodes (its parents), as `pohon_kota.halaman_kota` computes the same for the whole city.
    `penuh`: every node of the group rendered (the city page filtered to one PD, `?pd=`), none summarised.
    `saring`: the city page under a search, level or theme filter: the group's matches and their ancestors in the
    group rendered (the city group: every node, each marked whether it matches; `pohon_cabang_susun.susun_saring`
    keeps those above a match), the city nodes' themes `tema_kota` (their ancestors) for a theme."""
    sendiri = {r[0]: SimpulMutu(*r[:4], r[4], r[5], r[14] is not None and r[14] > 0, False) for r in baris}
    per_id = {**kota, **sendiri} if g != KOTA else dict(sendiri)
    ids = frozenset(sendiri)
    lintas = {k.sasaran_id for k in kontributor if k.status == StatusKeputusan.DISETUJUI} & ids
    mutu, cek, catatan = _mutu(per_id, ids, indikator, lintas, tingkat)
    per_baris = {r[0]: r for r in baris}
    sama = _sama(baris, indikator, tingkat, saring, tema_kota or {}) if saring is not None else None
    if sama is not None and g != KOTA:
        dasar = [per_id[pk] for pk in per_baris if pk in sama]
    else:
        dasar = [per_id[pk] for pk, r in per_baris.items()
                 if penuh or r[2] is None or r[3] in mutu.bahan.tingkat_masuk or r[1] not in per_id]  # fmt: skip
    tampil = [s.pk for s in dengan_leluhur(dasar, per_id) if s.pk in ids]
    dekat = _terdekat(per_id, set(tampil) | (set(kota) if g != KOTA else set()))
    hasil = _baris(tampil, per_baris, indikator, urutan, kontributor, mutu, sama)
    keluar = _keluar(per_baris, dekat, hasil, catatan)
    periode = min(((r[4], r[10]) for r in baris if r[10] is not None), default=None)
    pd = next(((r[2], r[11], r[12], r[13]) for r in baris if r[2]), None)
    ganda = [(mutu_pohon.kunci_indikator(i), per_id[i.sasaran_id].induk_id, i.pk, i.sasaran_id, i.sasaran_id in lintas)
             for i in mutu.bahan.indikator if i.relasi_induk != Indikator.Relasi.SAMA]  # fmt: skip
    return Cabang(
        ids=ids, luar=frozenset(r[1] for r in baris if r[1] is not None and r[1] not in ids), jumlah=len(baris),
        tema={r[6] for r in baris} - {""}, periode=periode, pd=pd, cek=cek,
        jumlah_indikator=len(mutu.bahan.indikator), ganda=ganda, baris=list(hasil.values()), keluar=keluar,
        kota=dict(sendiri) if g == KOTA else None, cocok=len(sama) if sama is not None else len(baris),
        tema_kota={r[0]: _Tema(r[0], r[1], r[6]) for r in baris} if g == KOTA else None,
    )  # fmt: skip
