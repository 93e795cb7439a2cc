"""The city tree page of a city role (issue 13: ≤ 150 ms, ≤ 12 queries on a city of 8,000 nodes).

Without a filter it renders the city levels and each PD's entry level (`mutu_pohon.tingkat_masuk`, by default
Sasaran Strategis); every deeper node is summarised on its nearest rendered ancestor ("N simpul turunan ·
buka cabang PD", the PD page renders the whole branch). With a filter (search, PD, level, theme) it renders the
matching nodes with their ancestors, however deep. Measures (indicators, targets, verified realisations) are
loaded for the rendered nodes only. The quality checks run over the whole scope, on the same material as
`/perencanaan/mutu/` (`mutu_pohon.bahan_muat`'s rows), so the flags and the kelengkapan figure are the same.

Eight queries: the year's planning periods, the nodes as light rows (with their PD's names), the year's sub
kegiatan budgets, the pemda's indicators as the checks' light rows (with their manuals), the contributors, the
levels, the rendered nodes' indicators with their formula children and the year's target (`pohon.ukuran`, as a
PD's page reads them) and their realisations. No query sorts or joins more than it must: a
page of a city of 8,000 nodes reads them in about 1,5× the time of one bare query of every node.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, Peran, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah

from ..models import Indikator, PeriodePerencanaan, Sasaran, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_usulan import Kontributor
from . import mutu_pohon
from .anggaran_pohon import NOL, BarisPagu, Jumlah
from .mutu_pohon import Bahan, HasilMutu, IndikatorMutu, SimpulMutu
from .pohon import (
    HalamanPohon,
    Saringan,
    Simpul,
    baris_indikator,
    buka,
    cocok,
    dengan_leluhur,
    halaman_pohon,
    keterangan,
    tandai,
    ukuran,
)


class Baris(NamedTuple):
    """A node as the city page reads it (one row: no model is built for 8,000 nodes)."""

    pk: int
    induk_id: int | None
    perangkat_daerah_id: int | None
    tingkat_id: int | None
    kode: str
    uraian: str
    tema: str
    kode_nomenklatur: str
    jabatan: str
    nip: str
    pd_kode: str | None
    pd_singkatan: str | None
    pd_nama: str | None
    periode_id: int | None


_KOLOM = (*mutu_pohon.KOLOM_SIMPUL[:6], "tema", "kode_nomenklatur", "jabatan", "nip", "perangkat_daerah__kode",
          "perangkat_daerah__singkatan", "perangkat_daerah__nama", "periode_id")  # fmt: skip
_KOLOM_PAGU = ("sasaran_id", "pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4")


@dataclass
class _Muatan:
    """What the city page read: the nodes, the year's budgets, the contributors, the levels and the quality
    checks over the scope (with every indicator as a light row, `HasilMutu.bahan`)."""

    baris: list[Baris]
    pagu: list[BarisPagu]
    kontributor: list[Kontributor]
    tingkat: list[TingkatPohon]
    mutu: HasilMutu


@dataclass
class Ringkasan:
    """The unrendered nodes of one PD below a rendered node: how many, how many with a quality note."""

    pd_id: int | None
    pd: str
    jumlah: int
    bercatatan: int


def halaman_kota(*, user, tahun: int, saringan: Saringan) -> HalamanPohon:
    """The city tree page: summarised for city roles (module docstring); PD staff get their whole branch
    (`halaman_pohon`, bounded by one PD's size)."""
    profil = profil_pengguna(user)
    if profil is None or Peran.terikat_pd(profil.peran):
        return halaman_pohon(user=user, tahun=tahun, saringan=saringan)
    periode = list(PeriodePerencanaan.objects.filter(pemda_id=profil.pemda_id, tahun_mulai__lte=tahun,
                                                     tahun_akhir__gte=tahun))  # fmt: skip
    # the year's nodes (`dalam_tahun`) by their period's id: no join to the periods
    qs = Sasaran.objects.for_user(user, Aksi.LIHAT).filter(
        Q(periode__isnull=True) | Q(periode_id__in=[p.pk for p in periode])
    )
    baris = list(map(Baris._make, qs.values_list(*_KOLOM)))
    pagu = AnggaranSubKegiatan.objects.filter(pemda_id=profil.pemda_id, tahun=tahun).values_list(*_KOLOM_PAGU)
    pagu = list(map(BarisPagu._make, pagu))
    m = _Muatan(baris, pagu, *_mutu(baris, pagu, profil.pemda_id))
    tingkat, mutu = m.tingkat, m.mutu
    pilihan_tema = sorted(set(map(attrgetter("tema"), baris)) - {""})
    if saringan.tema not in pilihan_tema:
        saringan.tema = ""
    sama, tampil = _pilih(baris, mutu.bahan, saringan)
    akar = _susun(m, tampil, {b.pk for b in sama}, saringan, tahun)
    return HalamanPohon(
        akar=akar, jumlah_simpul=len(baris), jumlah_cocok=len(sama), periode=_periode(baris, periode),
        pilihan_pd=_pilihan_pd(baris), pilihan_tingkat=tingkat, saringan=saringan, pilihan_tema=pilihan_tema,
        mutu=mutu, jumlah_tampil=None if saringan.aktif else len(tampil),
    )  # fmt: skip


def _pilih(baris: list[Baris], bahan: Bahan, saringan: Saringan) -> tuple[list[Baris], list[Baris]]:
    """The matching nodes and the rendered ones: with a filter, the matches and their ancestors; without,
    the city nodes and each PD's entry level (`Bahan.tingkat_masuk`, from the level data) and the roots."""
    per_id = {b.pk: b for b in baris}
    if not saringan.aktif:
        dasar = [b for b in baris if b.perangkat_daerah_id is None or b.tingkat_id in bahan.tingkat_masuk
                 or b.induk_id not in per_id]  # fmt: skip
        return baris, dengan_leluhur(dasar, per_id)
    kode = {pk: t.kode for pk, t in bahan.tingkat.items()}
    sama = [b for b in baris if cocok(b, bahan.per_sasaran.get(b.pk, []), saringan, per_id, kode.get(b.tingkat_id))]
    return sama, dengan_leluhur(sama, per_id)


def _mutu(baris: list[Baris], pagu: list[BarisPagu], pemda_id: int) -> tuple[list[Kontributor], list, HasilMutu]:
    """The pemda's indicators (light rows), contributors and levels, and the quality checks over the scope:
    the same material as `mutu_pohon.bahan_muat` builds for `/perencanaan/mutu/` (a node "berpagu" has a
    budget above zero in the year, `mutu_pohon.berpagu_ada`). Three queries."""
    ids = {b.pk for b in baris}
    berpagu = {a.sasaran_id for a in pagu if a.pagu > 0}
    # what the checks read of every indicator (the shown ones are read with their measures, `pohon.ukuran`)
    indikator = Indikator.objects.filter(pemda_id=pemda_id).order_by().values_list(*mutu_pohon.KOLOM_INDIKATOR)
    indikator = list(map(IndikatorMutu._make, indikator))
    kontributor = list(Kontributor.objects.filter(sasaran__pemda_id=pemda_id).select_related("perangkat_daerah"))
    tingkat = mutu_pohon.tingkat_dengan_induk_kota(TingkatPohon.objects.filter(pemda_id=pemda_id))
    tingkat = list(tingkat.order_by("urutan"))
    bahan = Bahan(
        sasaran=[SimpulMutu._make((*b[:6], b.pk in berpagu, False)) for b in baris],
        indikator=indikator,
        lintas={pk for pk in mutu_pohon.lintas_dari(kontributor) if pk in ids}, tingkat={t.pk: t for t in tingkat},
    )  # fmt: skip
    return kontributor, tingkat, mutu_pohon.periksa(bahan)


def _anggaran(per_id: dict[int, SimpulMutu], pagu: list[BarisPagu], dekat: dict[int, int], tampil: set[int]) -> dict:
    """Each budget added to every rendered node at or above its node (`anggaran_pohon.gulung` for the
    rendered nodes only): summed first on the nearest rendered node, then up the rendered nodes. No query."""
    hasil: dict[int, Jumlah] = {}
    for a in pagu:
        s_id = dekat.get(a.sasaran_id)
        if s_id is None:
            continue
        jumlah = hasil.get(s_id)
        if jumlah is None:  # not setdefault: that builds a Jumlah for each of 4,800 rows
            jumlah = hasil[s_id] = Jumlah()
        jumlah.tambah(a)
    for s_id, sendiri in salin_sendiri(hasil):
        induk, dilalui = per_id[s_id].induk_id, {s_id}
        while induk is not None and induk not in dilalui:
            dilalui.add(induk)
            if induk in tampil:
                _tambah_jumlah(hasil.setdefault(induk, Jumlah()), sendiri)
            induk = per_id[induk].induk_id if induk in per_id else None
    return hasil


def salin_sendiri(hasil: dict[int, Jumlah]) -> list[tuple[int, Jumlah]]:
    """Each rendered node's own sum, copied before any is rolled up: a sum that already holds a rendered
    descendant's would carry it up a second time (`anggaran_pohon.gulung`'s rule: each budget once on every
    node at or above its own, whatever order the nodes are walked in)."""
    return [(s_id, Jumlah(pagu=j.pagu, realisasi=dict(j.realisasi), sub_kegiatan=j.sub_kegiatan))
            for s_id, j in hasil.items()]  # fmt: skip


def _tambah_jumlah(ke: Jumlah, dari: Jumlah) -> None:
    ke.pagu += dari.pagu
    ke.sub_kegiatan += dari.sub_kegiatan
    for tw, nilai in dari.realisasi.items():
        ke.realisasi[tw] = ke.realisasi.get(tw, NOL) + nilai


def _terdekat(per_id: dict[int, SimpulMutu], tampil: set[int]) -> dict[int, int]:
    """Each node's nearest rendered node: itself when rendered, else its nearest rendered ancestor (none when
    its parents end, or loop, before one). Each node is walked once: a walk stops at a node already known."""
    hasil = {pk: pk for pk in tampil if pk in per_id}
    tanpa: set[int] = set()  # nodes with no rendered ancestor
    for pk in per_id:
        jalur, s = [], pk
        while s not in hasil and s not in tanpa:
            b = per_id.get(s)
            if b is None or b.induk_id is None or s in jalur:
                break
            jalur.append(s)
            s = b.induk_id
        atas = hasil.get(s)
        if atas is None:
            tanpa.update(jalur)
            continue
        for j in jalur:
            hasil[j] = atas
    return hasil


def _susun(m: _Muatan, tampil: list[Baris], id_cocok: set[int], saringan: Saringan, tahun: int) -> list[Simpul]:
    """The nested tree of the rendered nodes, each deeper node counted on its nearest rendered ancestor."""
    id_tampil = {b.pk for b in tampil}
    u = ukuran(id_tampil, tahun, m.kontributor, manual=False)  # the checks have run: no manuals
    for daftar in u.per_sasaran.values():  # in Python's order of codes, whatever the database's collation
        daftar.sort(key=lambda i: (i.urutan, i.kode))
    per_id = m.mutu.bahan.per_id  # every node, as the checks' light rows (their parents)
    dekat = _terdekat(per_id, id_tampil)
    u.anggaran = _anggaran(per_id, m.pagu, dekat, id_tampil)
    per_tingkat = {t.pk: t for t in m.tingkat}
    urut = sorted(tampil, key=lambda b: (getattr(per_tingkat.get(b.tingkat_id), "urutan", 999), b.kode))
    simpul = {
        b.pk: Simpul(
            id=b.pk,
            kode=b.kode,
            uraian=b.uraian,
            tingkat=per_tingkat[b.tingkat_id].nama if b.tingkat_id in per_tingkat else _("Tanpa tingkat"),
            pd=(b.pd_singkatan or b.pd_nama) if b.perangkat_daerah_id else _("Kota"),
            keterangan=keterangan(b),
            indikator=[baris_indikator(i, u, tahun) for i in u.per_sasaran.get(b.pk, [])],
            cocok=b.pk in id_cocok,
            kontributor=u.kontributor.get(b.pk, []),
            anggaran=u.anggaran.get(b.pk),
        )  # fmt: skip
        for b in urut
    }
    tandai(simpul, m.mutu)
    _ringkas(m.baris, dekat, simpul, m.mutu)
    akar = []
    for s_id, node in simpul.items():
        induk = simpul.get(per_id[s_id].induk_id)
        (induk.anak if induk is not None else akar).append(node)
    buka(akar, 0, saringan.aktif)
    return akar


def _ringkas(baris: list[Baris], dekat: dict[int, int], simpul: dict[int, Simpul], mutu: HasilMutu) -> None:
    """Each unrendered node counted, by PD, on its nearest rendered ancestor (with whether it has a note)."""
    bercatatan = mutu.simpul_bercatatan()
    hitung: dict[tuple, list[int]] = {}  # (rendered node, PD id, PD name) -> [nodes, with a note]
    for b in baris:
        a = dekat.get(b.pk)
        if a is None or b.pk in simpul:
            continue
        kunci = (a, b.perangkat_daerah_id, b.pd_singkatan or b.pd_nama or _("Kota"))
        n = hitung.get(kunci)
        if n is None:
            n = hitung[kunci] = [0, 0]
        n[0] += 1
        n[1] += b.pk in bercatatan
    for (s_id, pd_id, pd), (jumlah, catatan) in hitung.items():
        simpul[s_id].ringkasan.append(Ringkasan(pd_id, pd, jumlah, catatan))


def _periode(baris: list[Baris], periode: list[PeriodePerencanaan]) -> PeriodePerencanaan | None:
    """The year's planning period: the one the first node (by code) carries, else the first of the year's."""
    per_id = {p.pk: p for p in periode}
    dipakai = min(((b.kode, b.periode_id) for b in baris if b.periode_id in per_id), default=None)
    return per_id[dipakai[1]] if dipakai else next(iter(periode), None)


def _pilihan_pd(baris: list[Baris]) -> list[PerangkatDaerah]:
    """The PD filter's choices: the PDs with nodes this year (read with the nodes)."""
    pd = {b.perangkat_daerah_id: (b.pd_kode, b.pd_singkatan, b.pd_nama) for b in baris if b.perangkat_daerah_id}
    daftar = [PerangkatDaerah(pk=pk, kode=k, singkatan=s or "", nama=n) for pk, (k, s, n) in pd.items()]
    return sorted(daftar, key=lambda p: p.kode)
