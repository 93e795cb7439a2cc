"""The city tree page composed from its groups' summaries (`pohon_kota_cabang`, issue 13): the rendered rows of
every group, the budgets and deeper-node counts each hands to the rendered nodes above it, the page's quality
figure and choices."""

from __future__ import annotations

from django.utils.translation import gettext as _

from perangkat_daerah.models import PerangkatDaerah

from . import mutu_pohon
from .anggaran_pohon import Jumlah
from .mutu_pohon import CEK
from .pohon import BarisIndikator, HalamanPohon, Saringan, Simpul, buka, urutkan
from .pohon_cabang_bangun import KOTA, Baris, Cabang
from .pohon_kota import Ringkasan, _tambah_jumlah, salin_sendiri

_CEK = {c.kode: c for c in CEK}


class _Mutu:
    """The page's kelengkapan figure (what the page reads of `HasilMutu`)."""

    def __init__(self, diperiksa: int, gagal: int) -> None:
        self.kelengkapan = mutu_pohon.persen_lolos(diperiksa, gagal)

    @property
    def kelengkapan_teks(self) -> str:
        from sakip.lib.angka import format_persen

        return format_persen(self.kelengkapan) if self.kelengkapan is not None else "–"


def _salin(j: Jumlah) -> Jumlah:
    return Jumlah(pagu=j.pagu, realisasi=dict(j.realisasi), sub_kegiatan=j.sub_kegiatan)


def tertutup(cabang: dict[object, Cabang]) -> bool:
    """Whether every group is closed: each node's parent in its own group, a city node or outside the scope."""
    pemilik: dict[int, object] = {}
    for g, c in cabang.items():
        for pk in c.ids:
            pemilik[pk] = g
    return not any(
        any(pemilik.get(p, g) not in (g, KOTA) for p in c.luar) or (g == KOTA and c.luar & pemilik.keys())
        for g, c in cabang.items()
    )


def _kelengkapan(cabang: dict[object, Cabang], gagal_ganda: set) -> _Mutu:
    diperiksa = gagal = 0
    for c in cabang.values():
        for d, n in c.cek.values():
            diperiksa, gagal = diperiksa + d, gagal + n
        diperiksa += c.jumlah_indikator
    return _Mutu(diperiksa, gagal + len(gagal_ganda))


def _gabung(cabang: dict[object, Cabang], baris: list[Baris], per_baris: dict[int, Baris]) -> tuple[dict, dict]:
    """Each rendered node's budget (rolled up the rendered nodes, as `pohon_kota._anggaran`) and deeper-node
    counts, with what the groups below hand to it."""
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
                _hitung(ringkasan[a], k, n)
    _naikkan(hasil, per_baris)
    return hasil, ringkasan


def _hitung(tujuan: dict, kunci: tuple, n: list) -> None:
    """The count line `n` ([nodes, locally noted, clean ids, lowest code]) added under `kunci` of `tujuan`
    (copied: a summary's own lines stay as cached)."""
    ada = tujuan.get(kunci)
    if ada is None:
        tujuan[kunci] = [n[0], n[1], list(n[2]), n[3]]
    else:
        ada[0], ada[1], ada[3] = ada[0] + n[0], ada[1] + n[1], min(ada[3], n[3])
        ada[2] = ada[2] + n[2]


def _kedalaman(per_baris: dict[int, Baris]) -> dict[int, int] | None:
    """Each rendered row's depth among the rendered rows (0: its parent is not rendered); None on a cycle."""
    hasil: dict[int, int] = {}
    for pk in per_baris:
        jalur, p = [], pk
        while p in per_baris and p not in hasil:
            jalur.append(p)
            if len(jalur) > len(per_baris):
                return None
            p = per_baris[p].induk_id
        d = hasil[p] + 1 if p in hasil else 0
        for q in reversed(jalur):
            hasil[q] = d
            d += 1
    return hasil


def _naikkan(hasil: dict[int, Jumlah], per_baris: dict[int, Baris]) -> None:
    """Each rendered node's own budget sum added up the rendered nodes above it (`pohon_kota._anggaran`): the
    deepest first, each node's total once to its rendered parent (a search rendering 8,000 nodes added each sum to
    every ancestor: 24,000 additions). A cycle (which the services refuse) is walked node by node."""
    dalam = _kedalaman(per_baris)
    if dalam is None:
        for s_id, sendiri in salin_sendiri(hasil):
            induk, dilalui = per_baris[s_id].induk_id, {s_id}
            while induk is not None and induk not in dilalui and induk in per_baris:
                dilalui.add(induk)
                _tambah_jumlah(hasil.setdefault(induk, Jumlah()), sendiri)
                induk = per_baris[induk].induk_id
        return
    for s_id in sorted(per_baris, key=dalam.__getitem__, reverse=True):
        jumlah, induk = hasil.get(s_id), per_baris[s_id].induk_id
        if jumlah is not None and induk in per_baris:
            _tambah_jumlah(hasil.setdefault(induk, Jumlah()), jumlah)


def _simpul(b: Baris, per_tingkat: dict, anggaran: Jumlah | None, ringkasan: dict, ganda: tuple, tanda: str) -> Simpul:
    """A rendered node's row, its measures as placeholders `tanda`."""
    node = _kerangka(b)
    _isi(node, b, per_tingkat, anggaran, ringkasan, ganda, tanda)
    return node


def _kerangka(b: Baris) -> Simpul:
    """A node's row with what its place in the tree needs, filled by `_isi` only if the page renders it."""
    return Simpul(id=b.pk, kode=b.kode, uraian=b.uraian, tingkat="", pd=b.pd, keterangan=b.keterangan, indikator=[])


def _isi(node: Simpul, b: Baris, per_tingkat: dict, anggaran: Jumlah | None, ringkasan: dict, ganda: tuple,
         tanda: str) -> None:  # fmt: skip
    gagal_ganda, simpul_ganda = ganda
    cek_ganda = mutu_pohon.CEK[-1]
    node.indikator = [
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
            bendera=[_CEK[k] for k in bendera] + ([cek_ganda] if pk in gagal_ganda else []),
        )  # fmt: skip
        for pk, kode, uraian, satuan, relasi, bendera in b.indikator
    ]
    lines = sorted(ringkasan.items(), key=lambda kv: kv[1][3])
    node.tingkat = per_tingkat[b.tingkat_id].nama if b.tingkat_id in per_tingkat else _("Tanpa tingkat")
    node.kontributor, node.anggaran, node.bendera = b.kontributor, anggaran, [_CEK[k] for k in b.bendera]
    node.ringkasan = [Ringkasan(pd_id, pd, n[0], n[1] + sum(1 for x in n[2] if x in simpul_ganda))
                      for (pd_id, pd), n in lines]  # fmt: skip


def susun(cabang: dict[object, Cabang], ganda: tuple, periode: list, tingkat_daftar: list, saringan: Saringan,
          tanda: str) -> HalamanPohon:  # fmt: skip
    """The page from closed groups' summaries (`tertutup`) and the duplicate check's result (failing indicators,
    their nodes)."""
    per_tingkat = {t.pk: t for t in tingkat_daftar}
    baris = [b for c in cabang.values() for b in c.baris]
    per_baris = {b.pk: b for b in baris}
    anggaran, ringkasan = _gabung(cabang, baris, per_baris)
    urut = sorted(baris, key=lambda b: (getattr(per_tingkat.get(b.tingkat_id), "urutan", 999), b.kode))
    simpul = {b.pk: _simpul(b, per_tingkat, anggaran.get(b.pk), ringkasan[b.pk], ganda, tanda) for b in urut}
    akar = []
    for s_id, node in simpul.items():
        induk = simpul.get(per_baris[s_id].induk_id)
        (induk.anak if induk is not None else akar).append(node)
    buka(akar, 0, saringan.aktif)
    return _halaman(
        cabang, akar, ganda, periode, tingkat_daftar, saringan, jumlah_cocok=None, jumlah_tampil=len(simpul)
    )


def _halaman(cabang: dict[object, Cabang], akar: list[Simpul], ganda: tuple, periode: list, tingkat_daftar: list,
             saringan: Saringan, *, jumlah_cocok: int | None, jumlah_tampil: int | None) -> HalamanPohon:  # fmt: skip
    """The page around the composed tree: the counts, the year's period, the choices and the kelengkapan figure,
    over every group."""
    jumlah = sum(c.jumlah for c in cabang.values())
    per_periode = {p.pk: p for p in periode}
    awal = min((c.periode for c in cabang.values() if c.periode and c.periode[1] in per_periode), default=None)
    pd = sorted((c.pd for c in cabang.values() if c.pd and c.jumlah), key=lambda p: p[1])
    return HalamanPohon(
        akar=akar, jumlah_simpul=jumlah, jumlah_cocok=jumlah if jumlah_cocok is None else jumlah_cocok,
        periode=per_periode[awal[1]] if awal else next(iter(periode), None),
        pilihan_pd=[PerangkatDaerah(pk=pk, kode=k, singkatan=sk or "", nama=n) for pk, k, sk, n in pd],
        pilihan_tingkat=tingkat_daftar, saringan=saringan,
        pilihan_tema=sorted(set().union(*(c.tema for c in cabang.values()))),
        mutu=_kelengkapan(cabang, ganda[0]), jumlah_tampil=jumlah_tampil,
    )  # fmt: skip


def _tercatat(b: Baris) -> bool:
    """Whether a group's rendered row carries a quality note of its own or of an indicator (the duplicate
    check apart, as the groups' counts of noted nodes)."""
    return bool(b.bendera) or any(i[5] for i in b.indikator)


def _satu(b: Baris) -> list:
    """A row counted as one node ([nodes, locally noted, clean ids, lowest code])."""
    catat = _tercatat(b)
    return [1, int(catat), [] if catat else [b.pk], b.kode]


def susun_pd(cabang: dict[object, Cabang], pd_id, ganda: tuple, periode: list, tingkat_daftar: list,
             saringan: Saringan, tanda: str) -> HalamanPohon:  # fmt: skip
    """The city page filtered to one PD (`?pd=`, as `pohon_kota.halaman_kota` builds it whole): every node of
    the PD (its group's summary has every node rendered, `bangun_cabang(penuh=True)`) and the city nodes above
    them; every other node of the scope counted, and its budget added, on its nearest rendered ancestor."""
    penuh = cabang.get(pd_id)
    baris_pd = penuh.baris if penuh is not None else []
    naik, baris = _di_atas_kota(cabang.get(KOTA), baris_pd, [b.induk_id for b in baris_pd])
    per_baris = {b.pk: b for b in baris}
    anggaran, ringkasan = _dari_luar(cabang, pd_id, per_baris, _per_kota(cabang))
    akar = _akar(baris, per_baris, anggaran, ringkasan, tingkat_daftar, ganda, tanda, lambda b: b.pk not in naik)
    return _halaman(cabang, akar, ganda, periode, tingkat_daftar, saringan,
                    jumlah_cocok=penuh.jumlah if penuh is not None else 0, jumlah_tampil=None)  # fmt: skip


def _per_kota(cabang: dict[object, Cabang]) -> dict:
    kota = cabang.get(KOTA)
    return kota.kota if kota is not None else {}


def _di_atas_kota(kota: Cabang | None, baris_pd: list[Baris], dasar: list) -> tuple[set[int], list[Baris]]:
    """The city nodes at or above the nodes `dasar` (ids) and the page's rows: `baris_pd` with those city nodes'."""
    per_kota = kota.kota if kota is not None else {}
    naik: set[int] = set()
    for p in dasar:
        while p in per_kota and p not in naik:
            naik.add(p)
            p = per_kota[p].induk_id
    return naik, baris_pd + [b for b in (kota.baris if kota is not None else []) if b.pk in naik]


def _akar(baris: list[Baris], per_baris: dict, anggaran: dict, ringkasan: dict, tingkat_daftar: list, ganda: tuple,
          tanda: str, cocok) -> list[Simpul]:  # fmt: skip
    """The filtered page's nested rows (their budgets rolled up the rendered nodes first), each marked whether it
    matches (`cocok(row)`), opened as a filtered page opens."""
    _naikkan(anggaran, per_baris)
    per_tingkat = {t.pk: t for t in tingkat_daftar}
    urut = sorted(baris, key=lambda b: (getattr(per_tingkat.get(b.tingkat_id), "urutan", 999), b.kode))
    simpul = {b.pk: _kerangka(b) for b in urut}
    akar = []
    for s_id, node in simpul.items():
        node.cocok = cocok(per_baris[s_id])
        induk = simpul.get(per_baris[s_id].induk_id)
        (induk.anak if induk is not None else akar).append(node)
    buka(akar, 0, True)
    # only the nodes the page renders (THE cut, `pohon.urutkan`, which the page applies again to the same tree)
    # get their indicators, flags, budget and count lines: a search matching 8,000 nodes renders 500
    for node, _d in urutkan(akar).simpul:
        b = per_baris[node.id]
        _isi(node, b, per_tingkat, anggaran.get(b.pk), ringkasan[b.pk], ganda, tanda)
    return akar


def _dari_luar(cabang: dict[object, Cabang], pd_id, per_baris: dict[int, Baris], per_kota: dict, *,
               tersaring: bool = False) -> tuple[dict, dict]:  # fmt: skip
    """The rendered rows' own budgets and count lines, with every other group's nodes and budgets added on
    their nearest rendered node (not yet rolled up the rendered nodes). `tersaring`: every PD group's summary is
    built under the page's filter (`susun_saring`): its rendered rows are all on the page, what it hands up goes
    to the nearest rendered city node; the city group's rows off the page are counted as `susun_pd` counts them."""
    anggaran: dict[int, Jumlah] = {b.pk: _salin(b.anggaran) for b in per_baris.values() if b.anggaran is not None}
    ringkasan: dict[int, dict] = {b.pk: {} for b in per_baris.values()}
    for b in per_baris.values():
        for k, n in b.ringkasan.items():
            _hitung(ringkasan[b.pk], k, n)

    def dekat(pk):  # the nearest rendered node at or above the city node `pk`
        dilalui = set()
        while pk is not None and pk not in per_baris and pk in per_kota and pk not in dilalui:
            dilalui.add(pk)
            pk = per_kota[pk].induk_id
        return pk if pk in per_baris else None

    def tambah(a, jumlah: Jumlah | None, garis: dict) -> None:
        if a is None:
            return
        if jumlah is not None:
            _tambah_jumlah(anggaran.setdefault(a, Jumlah()), jumlah)
        for k, n in garis.items():
            _hitung(ringkasan[a], k, n)

    for g, c in cabang.items():
        if g == pd_id:
            continue
        if tersaring and g != KOTA:
            for a, isi in c.keluar.items():
                tambah(dekat(a), isi["anggaran"], isi["ringkasan"])
            continue
        for b, a in _di_atas(g, c, per_baris, dekat):
            tambah(a, b.anggaran, {(g if g != KOTA else None, b.pd): _satu(b)})
            tambah(a, None, b.ringkasan)
        for a, isi in c.keluar.items():
            tambah(dekat(a), isi["anggaran"], isi["ringkasan"])
    return anggaran, ringkasan


def _di_atas(g, c: Cabang, per_baris: dict, dekat) -> list[tuple[Baris, int | None]]:
    """The unrendered rows of group `g` (all of them but the rendered city nodes), each with the rendered node
    its count and budget go to: the nearest rendered node above the city node its branch hangs from."""
    if g == KOTA:
        return [(b, dekat(b.induk_id)) for b in c.baris if b.pk not in per_baris]
    per_id = {b.pk: b for b in c.baris}
    puncak: dict[int, int | None] = {}

    def atas(b: Baris):  # the parent outside the group of the branch `b` is in
        jalur = []
        while b.pk not in puncak and b.induk_id in per_id and len(jalur) <= len(per_id):
            jalur.append(b.pk)
            b = per_id[b.induk_id]
        hasil = puncak.get(b.pk, b.induk_id)
        puncak.update(dict.fromkeys([*jalur, b.pk], hasil))
        return hasil

    return [(b, dekat(atas(b))) for b in c.baris]


def susun_saring(cabang: dict[object, Cabang], ganda: tuple, periode: list, tingkat_daftar: list,
                 saringan: Saringan, tanda: str) -> HalamanPohon:  # fmt: skip
    """The city page under a search, level or theme filter (`pohon_kota.halaman_kota`'s, built whole): each PD
    group's matches with their ancestors in the group (its summary built under the filter, `bangun_cabang(saring=)`)
    and the city nodes that match or stand above a match; every other node counted, and its budget added, on its
    nearest rendered ancestor (as `susun_pd` does for the groups it does not render)."""
    kota = cabang.get(KOTA)
    baris_pd = [b for g, c in cabang.items() if g != KOTA for b in c.baris]
    # the city nodes that match, and those above a match
    dasar = [b.induk_id for b in baris_pd] + [b.pk for b in (kota.baris if kota is not None else []) if b.cocok]
    _naik, baris = _di_atas_kota(kota, baris_pd, dasar)
    per_baris = {b.pk: b for b in baris}
    anggaran, ringkasan = _dari_luar(cabang, None, per_baris, _per_kota(cabang), tersaring=True)
    akar = _akar(baris, per_baris, anggaran, ringkasan, tingkat_daftar, ganda, tanda, lambda b: b.cocok)
    return _halaman(cabang, akar, ganda, periode, tingkat_daftar, saringan,
                    jumlah_cocok=sum(c.cocok for c in cabang.values()), jumlah_tampil=None)  # fmt: skip
