"""Reads of the performance tree (pohon kinerja): the tree of a working year as nested nodes with their
level, PD and indicators (target, verified realisasi, capaian), filtered by PD, level and a search text.

Who sees what comes from the choke point: the PD nodes are `Sasaran.objects.for_user(user)` (a PD user's
own PD only; another PD's page is a 404 through `ambil_untuk` in the view). City nodes (no PD) are shown to
a PD user only as the ancestors of the PD nodes they may see: the city plan their work hangs from, never
another PD's branch. A PD also sees the crosscutting nodes ("lintas PD") it accepted to contribute to
(`Kontributor`, disetujui) with the city nodes above them. A fixed number of queries whatever the number of nodes
and indicators (`halaman_pohon`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, Peran, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import dengan_satuan, format_persen
from sakip.lib.kueri import salah_satu

from .. import capaian
from ..models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target, TingkatPohon
from ..models_usulan import Kontributor, StatusKeputusan
from . import mutu_pohon, realisasi_terverifikasi
from .anggaran_pohon import Jumlah, anotasi_anggaran, dalam_tahun, jumlah_dari_anotasi
from .mutu_pohon import Bahan, Cek, HasilMutu, tingkat_dengan_induk_kota
from .pohon_baca import indikator_baca, simpul_baca

CARI_MAKS = 100  # characters of the search text that count


@dataclass
class BarisIndikator:
    """One indicator of a node as the tree shows it (texts ready to print)."""

    kode: str
    uraian: str
    satuan: str
    target: str
    realisasi: str
    capaian: str
    relasi: str = ""
    rumus: str = ""  # "dihitung dari N indikator turunan: …" when the parent value comes from a formula
    id: int = 0
    bendera: list[Cek] = field(default_factory=list)  # failed quality checks (selectors/mutu_pohon.py)
    aksi: list = field(default_factory=list)  # the page's links on it (selectors/pohon_tampil.py)


@dataclass
class Simpul:
    """One node of the tree, with its children."""

    id: int
    kode: str
    uraian: str
    tingkat: str
    pd: str
    keterangan: list[str]
    indikator: list[BarisIndikator]
    cocok: bool = True
    terbuka: bool = False
    anak: list[Simpul] = field(default_factory=list)
    kontributor: list[str] = field(default_factory=list)  # a crosscutting ("lintas PD") node's contributors
    bendera: list[Cek] = field(default_factory=list)  # failed quality checks (selectors/mutu_pohon.py)
    # the year's budget under the node (selectors/anggaran_pohon.py); its texts (`Jumlah.teks`) are made for the
    # rendered rows only (a search matching 8,000 nodes renders 500: formatting the rest cost a third of the page)
    anggaran: Jumlah | None = None
    ringkasan: list = field(default_factory=list)  # the city page's summary of the unrendered nodes below

    @property
    def jumlah_ringkas(self) -> int:
        """How many unrendered nodes are summarised on this node (selectors/pohon_kota.py)."""
        return sum(r.jumlah for r in self.ringkasan)


@dataclass
class Saringan:
    """The page's filters (GET): search text, PD id, level code, theme; unknown values are ignored."""

    cari: str = ""
    pd_id: int | None = None
    tingkat: str = ""
    tema: str = ""  # a node matches when it or one of its ancestors carries the theme (a thematic branch)

    @property
    def aktif(self) -> bool:
        return bool(self.cari or self.pd_id or self.tingkat or self.tema)


@dataclass
class HalamanPohon:
    """The tree page: roots, counts, the period of the year and the filter choices."""

    akar: list[Simpul]
    jumlah_simpul: int
    jumlah_cocok: int
    periode: PeriodePerencanaan | None
    pilihan_pd: list[PerangkatDaerah]
    pilihan_tingkat: list[TingkatPohon]
    saringan: Saringan
    perangkat_daerah: PerangkatDaerah | None = None
    pilihan_tema: list[str] = field(default_factory=list)
    mutu: HasilMutu | None = None  # the quality checks over the nodes of the page
    jumlah_tampil: int | None = None  # the city page's rendered nodes when the deeper ones are summarised
    sidik_ukuran: str = ""  # a composed page's (`pohon_kota_cabang`): what its measures read besides targets


def sasaran_terlihat(user) -> QuerySet[Sasaran]:
    """THE nodes `user` may see in any period, as a queryset (the API's `/api/v1/pohon-kinerja/`): the same
    rule as the tree pages (`_simpul_terlihat`). For city roles that is every node of the pemda, so the choke
    point's own queryset is returned (collecting 8,000 ids into an IN clause cost the API most of its time,
    bench/pohon.py); for a PD user, one query to collect the ids of their branch and the nodes above it."""
    profil = profil_pengguna(user)
    if profil is not None and not Peran.terikat_pd(profil.peran):
        return Sasaran.objects.for_user(user, Aksi.LIHAT)
    ids = [s.pk for s in _simpul_terlihat(user, tahun=None, perangkat_daerah=None)]
    return Sasaran.objects.filter(salah_satu("pk", ids))


def mutu_terlihat(user, *, tahun: int, perangkat_daerah: PerangkatDaerah | None = None) -> HasilMutu:
    """The quality checks (selectors/mutu_pohon.py) over the year's nodes `user` may see, as on the city tree
    page: the whole pemda for city roles, a PD user's branch, crosscutting nodes and the city nodes above
    them; with `perangkat_daerah` (one the caller may see), that PD's branch as its own users see it (the
    evaluation facts, evaluasi/selectors/fakta_kinerja.py). Four queries."""
    profil = profil_pengguna(user)
    sasaran = _simpul_terlihat(user, tahun=tahun, perangkat_daerah=perangkat_daerah, ringan=True)
    bahan = mutu_pohon.bahan_muat(sasaran=sasaran, pemda_id=profil.pemda_id if profil else None)
    return mutu_pohon.periksa(bahan)


def _simpul_terlihat(
    user, *, tahun: int | None, perangkat_daerah: PerangkatDaerah | None, ringan: bool = False, baca: bool = False
) -> list[Sasaran]:
    """The year's nodes (every period's when `tahun` is None) `user` may see (one query): every node of the
    pemda for city roles without a PD; otherwise the PD's nodes, the crosscutting nodes it accepted to
    contribute to, and the city nodes above them. With a year, `ringan`: as the quality checks' light rows
    (`mutu_pohon.SimpulMutu`) instead of models; `baca`: as the tree page reads them (`pohon_baca.SimpulBaca`)."""
    profil = profil_pengguna(user)
    if profil is None:
        return []
    if perangkat_daerah is None and Peran.terikat_pd(profil.peran):
        perangkat_daerah = profil.perangkat_daerah
    milik = Sasaran.objects.for_user(user, Aksi.LIHAT)
    if perangkat_daerah is not None:
        kota = Q(pemda_id=profil.pemda_id, perangkat_daerah__isnull=True)
        # crosscutting: the nodes this PD accepted to contribute to (kinerja/models_usulan.Kontributor)
        diterima = Kontributor.objects.filter(perangkat_daerah=perangkat_daerah, status=StatusKeputusan.DISETUJUI)
        lintas = Q(pemda_id=profil.pemda_id, pk__in=diterima.values("sasaran_id"))  # not `lintas=True`: that
        # ran the Exists below on every node of the pemda
        # each branch by the pemda: on PostgreSQL, an OR with a branch without it read a whole index
        sendiri = Q(pemda_id=profil.pemda_id, pk__in=milik.filter(perangkat_daerah=perangkat_daerah))
        milik = Sasaran.objects.annotate(lintas=Exists(diterima.filter(sasaran=OuterRef("pk")))).filter(
            sendiri | lintas | kota
        )
    if tahun is not None:  # with each node's own sub kegiatan budget (selectors/anggaran_pohon.py)
        milik = milik.filter(dalam_tahun(tahun, pemda_id=profil.pemda_id)).annotate(**anotasi_anggaran(tahun))
        if not baca:  # and whether it is above zero (the checks read it; `pohon_baca.simpul_baca` tells by the pagu)
            milik = milik.annotate(berpagu=mutu_pohon.berpagu_ada(tahun))
    if ringan:
        semua = mutu_pohon.simpul_ringan(milik.order_by("kode"), lintas=perangkat_daerah is not None)
    elif baca:
        semua = simpul_baca(milik.order_by("kode"), lintas=perangkat_daerah is not None, pemda_id=profil.pemda_id)
    else:
        semua = list(milik.select_related("tingkat", "perangkat_daerah", "periode").order_by("kode"))
    if perangkat_daerah is None:
        return semua
    dasar = [s for s in semua if s.perangkat_daerah_id == perangkat_daerah.pk or s.lintas]
    return dengan_leluhur(dasar, {s.pk: s for s in semua})


def dengan_leluhur(dasar: list[Sasaran], per_id: dict[int, Sasaran]) -> list[Sasaran]:
    """`dasar` and every ancestor of theirs found in `per_id`, in `per_id`'s order."""
    pilih = set()
    for s in dasar:
        while s is not None and s.pk not in pilih:
            pilih.add(s.pk)
            s = per_id.get(s.induk_id)
    return [s for pk, s in per_id.items() if pk in pilih]


@dataclass
class _Ukuran:
    """The measures of the shown nodes: indicators by node, targets and verified values by indicator, and
    the formula children of each indicator (which may sit in nodes the user does not see: only their sum
    is shown, as the parent's value)."""

    per_sasaran: dict[int, list[Indikator]]
    target: dict[int, Target]
    nilai: dict[int, Decimal | None]
    rumus: dict[int, list[Indikator]]
    triwulan: dict[int, int] = field(default_factory=dict)  # the last verified quarter
    kontributor: dict[int, list[str]] = field(default_factory=dict)  # "Dinkes (disetujui)" by node
    lintas: set[int] = field(default_factory=set)  # nodes with an accepted contributor
    anggaran: dict[int, Jumlah] = field(default_factory=dict)  # sub kegiatan budgets rolled up, by node


_KOLOM_TARGET = ("pk", *Target.NILAI_FIELDS, "versi")
_URUTAN_TARGET = tuple(f.attname for f in Target._meta.concrete_fields)  # built by position: ~3× faster


_ANOTASI_TARGET = {"id": "target_pk", "indikator_id": "pk", **{k: f"target_{k}" for k in _KOLOM_TARGET[1:]}}
_AMBIL_TARGET = attrgetter(*(_ANOTASI_TARGET[k] for k in _URUTAN_TARGET if k != "tahun"))  # in model order
_POSISI_TAHUN = _URUTAN_TARGET.index("tahun")


def _target_tahun(ind: Indikator, tahun: int) -> Target:
    """The year's target joined to `ind` (`ukuran`'s annotations) as a model."""
    nilai = _AMBIL_TARGET(ind)
    return Target.from_db(None, _URUTAN_TARGET, (*nilai[:_POSISI_TAHUN], tahun, *nilai[_POSISI_TAHUN:]))


def ukuran(
    sasaran_ids: Collection[int], tahun: int, kontributor: list[Kontributor] | None = None, *, manual: bool = True,
    baca: bool = False,
) -> _Ukuran:  # fmt: skip
    """The measures of the nodes `sasaran_ids`, in three queries: indicators (with formula children, the year's
    target joined and, for the quality checks, their manuals unless `manual` is False), verified realisations,
    contributors (unless given: the city page has read the pemda's). `baca` (with the manuals): the indicators
    and targets as rows (`pohon_baca.IndikatorBaca`, `TargetBaca`)."""
    tahunan = FilteredRelation("target", condition=Q(target__tahun=tahun))  # at most one a year (unique)
    anotasi = {"target_tahun": tahunan, **{f"target_{k}": F(f"target_tahun__{k}") for k in _KOLOM_TARGET}}
    # the formula children by their parent's id (an index), not by a join to the parent (a scan of every
    # indicator: the OR of a joined column is not indexable)
    terikat = salah_satu("sasaran_id", sasaran_ids)
    induk = Indikator.objects.filter(terikat).values("pk")
    rumus = Q(induk_indikator_id__in=induk, relasi_induk=Indikator.Relasi.RUMUS)
    daftar = Indikator.objects.filter(terikat | rumus).annotate(**anotasi)
    if manual:  # the quality checks read two columns of the manual (selectors/mutu_pohon.py), not a model
        daftar = daftar.annotate(**mutu_pohon.ANOTASI_MANUAL)
    if baca:
        daftar, target = indikator_baca(daftar.order_by("urutan", "kode"))
    else:
        daftar = list(daftar.order_by("urutan", "kode"))
        target = {i.pk: _target_tahun(i, tahun) for i in daftar if i.target_pk is not None}
    if kontributor is None:
        kontributor = list(Kontributor.objects.filter(terikat).select_related("perangkat_daerah"))
    return isi_ukuran(daftar, set(sasaran_ids), kontributor, tahun, target=target)


def isi_ukuran(
    daftar: list[Indikator], tampil: set[int], kontributor: list[Kontributor], tahun: int,
    target: dict[int, Target] | None = None,
) -> _Ukuran:  # fmt: skip
    """The measures of the indicators `daftar` (those of the nodes `tampil` and their formula children):
    one query for the verified realisations, and one for the year's targets unless given (by indicator)."""
    ids = salah_satu("indikator_id", [i.pk for i in daftar])
    if target is None:
        # unsorted: the model's order (by indicator) joins the indicators table
        target = {t.indikator_id: t for t in Target.objects.filter(ids, tahun=tahun).order_by()}
    realisasi = Realisasi.objects.filter(ids, tahun=tahun).order_by()  # unsorted: as the targets
    terverifikasi, _belum = realisasi_terverifikasi(realisasi)
    hasil = _Ukuran(defaultdict(list), target, {}, defaultdict(list))
    for k in kontributor:
        hasil.kontributor.setdefault(k.sasaran_id, []).append(f"{k.nama} ({k.get_status_display().lower()})")
    hasil.lintas = mutu_pohon.lintas_dari(kontributor)
    for ind in daftar:
        per_tw = terverifikasi.get((ind.pk, tahun))
        hasil.nilai[ind.pk] = capaian.nilai_tahunan(per_tw, ind.agregasi) if per_tw else None
        if per_tw:
            hasil.triwulan[ind.pk] = max(per_tw)
        if ind.sasaran_id in tampil:
            hasil.per_sasaran[ind.sasaran_id].append(ind)
        if ind.relasi_induk == Indikator.Relasi.RUMUS and ind.induk_indikator_id:
            hasil.rumus[ind.induk_indikator_id].append(ind)
    return hasil


def _teks_rumus(ind: Indikator, u: _Ukuran) -> tuple[str, Decimal | None]:
    """The explanation of a formula parent's value, and that value (the sum of its children's)."""
    anak = u.rumus.get(ind.pk)
    if not anak:
        return "", None
    nilai = capaian.nilai_dari_turunan([u.nilai.get(a.pk) for a in anak])
    teks = _("dihitung dari %(n)d indikator turunan") % {"n": len(anak)}
    if nilai is None:
        return teks + _(" (belum semua turunan memiliki realisasi terverifikasi)"), None
    # measured up to the quarter every child has reached, as each child is
    u.triwulan.setdefault(ind.pk, min(u.triwulan[a.pk] for a in anak))
    return f"{teks}: {dengan_satuan(ind.format_nilai(nilai), ind.satuan)}", nilai


def baris_indikator(ind: Indikator, u: _Ukuran, tahun: int) -> BarisIndikator:
    t = u.target.get(ind.pk)
    rumus, nilai_rumus = _teks_rumus(ind, u)
    nilai = u.nilai.get(ind.pk)
    if nilai is None:
        nilai = nilai_rumus
    if t is None:
        tahunan, teks_capaian = None, _("Target %(tahun)d belum ada") % {"tahun": tahun}
    else:
        # measured up to the last verified quarter, against that quarter's target when set (as elsewhere)
        tahunan, triwulan = t.sebagai_capaian(), u.triwulan.get(ind.pk)
        hasil = capaian.hitung_capaian(nilai, t.sebagai_capaian(triwulan) if triwulan else tahunan, ind.arah)
        teks_capaian = format_persen(hasil.persen) if hasil.persen is not None else (hasil.alasan or "–")
    return BarisIndikator(
        kode=ind.kode, uraian=ind.uraian, satuan=ind.satuan,
        target=tahunan.teks if tahunan is not None else "–", realisasi=ind.format_nilai(nilai),
        capaian=teks_capaian, relasi=ind.get_relasi_induk_display() if ind.relasi_induk else "", rumus=rumus,
        id=ind.pk,
    )  # fmt: skip


def _bertema(s: Sasaran | None, per_id: dict[int, Sasaran], tema: str) -> bool:
    """Whether `s` or one of its ancestors carries the theme `tema`."""
    dilalui = set()
    while s is not None and s.pk not in dilalui:
        if s.tema == tema:
            return True
        dilalui.add(s.pk)
        s = per_id.get(s.induk_id)
    return False


def cocok(s, indikator: list, saringan: Saringan, per_id: dict, kode_tingkat: str | None) -> bool:
    """Whether the node `s` (a model or a light row) with its indicators passes the filters."""
    if saringan.tema and not _bertema(s, per_id, saringan.tema):
        return False
    if saringan.pd_id and s.perangkat_daerah_id != saringan.pd_id:
        return False
    if saringan.tingkat and kode_tingkat != saringan.tingkat:
        return False
    if not saringan.cari:
        return True
    cari = saringan.cari.casefold()
    teks = [s.kode, s.uraian, s.tema, s.kode_nomenklatur, s.jabatan] + [f"{i.kode} {i.uraian}" for i in indikator]
    return any(cari in t.casefold() for t in teks)


def keterangan(s: Sasaran) -> list[str]:
    """A node's theme, code, position and NIP, those it has, labelled (a label translated only when shown)."""
    hasil = []
    if s.tema:
        hasil.append(f"{_('Tema')}: {s.tema}")
    if s.kode_nomenklatur:
        hasil.append(f"{_('Kode')}: {s.kode_nomenklatur}")
    if s.jabatan:
        hasil.append(f"{_('Jabatan')}: {s.jabatan}")
    if s.nip:
        hasil.append(f"{_('NIP')}: {s.nip}")
    return hasil


def tandai(simpul: dict[int, Simpul], mutu: HasilMutu) -> None:
    """The quality flags of the shown nodes and of their indicators (the checks ran over every node)."""
    for s_id, node in simpul.items():
        node.bendera = mutu.bendera_simpul(s_id)
        for baris in node.indikator:
            baris.bendera = mutu.bendera_indikator(baris.id)


def _susun(
    sasaran: list[Sasaran], u: _Ukuran, saringan: Saringan, tahun: int, mutu: HasilMutu
) -> tuple[list[Simpul], int]:
    """The nested tree of the nodes that match the filters and of their ancestors (shown for context);
    a node whose parent is not shown is a root. Returns the roots and how many nodes matched."""
    per_id = {s.pk: s for s in sasaran}
    sama = [s for s in sasaran if cocok(s, u.per_sasaran.get(s.pk, []), saringan, per_id, _kode(s))]
    tampil = dengan_leluhur(sama, per_id)
    id_cocok = {s.pk for s in sama}
    simpul = {
        s.pk: Simpul(
            id=s.pk,
            kode=s.kode,
            uraian=s.uraian,
            tingkat=s.tingkat.nama if s.tingkat else _("Tanpa tingkat"),
            pd=s.perangkat_daerah.singkatan or s.perangkat_daerah.nama if s.perangkat_daerah else _("Kota"),
            keterangan=keterangan(s),
            indikator=[baris_indikator(i, u, tahun) for i in u.per_sasaran.get(s.pk, [])],
            cocok=s.pk in id_cocok,
            kontributor=u.kontributor.get(s.pk, []),
            anggaran=u.anggaran.get(s.pk),
        )  # fmt: skip
        for s in sorted(tampil, key=lambda s: (s.tingkat.urutan if s.tingkat else 999, s.kode))
    }
    tandai(simpul, mutu)
    akar = []
    for s_id, node in simpul.items():
        induk = simpul.get(per_id[s_id].induk_id)
        (induk.anak if induk is not None else akar).append(node)
    buka(akar, 0, saringan.aktif)
    return akar, len(sama)


def _kode(s: Sasaran) -> str | None:
    return s.tingkat.kode if s.tingkat else None


def buka(daftar: list[Simpul], kedalaman: int, semua: bool) -> None:
    """The first two levels are open; with a filter, every shown node is (the matches are the point)."""
    for node in daftar:
        node.terbuka = semua or kedalaman < 2
        buka(node.anak, kedalaman + 1, semua)


# THE cap of a tree page: at most this many nodes rendered (a search or a level matching thousands of nodes gave
# 10 MB of HTML, too heavy for a phone): the first ones in reading order, and a message asking to narrow the filter.
# Both build paths cut with `urutkan`; the composed page (`pohon_cabang_susun._akar`) fills only the kept nodes
BATAS_BARIS = 500


@dataclass
class Urutan:
    """The nodes a page renders, in reading order with their depth (`urutkan`), and how many the tree has."""

    simpul: list[tuple[Simpul, int]]
    jumlah: int

    @property
    def terpotong(self) -> int:
        return self.jumlah - len(self.simpul)


def urutkan(akar: list[Simpul], batas: int | None = None) -> Urutan:
    """The first `batas` (`BATAS_BARIS`) nodes in reading order (a parent before its children), with their depth:
    every shown node's ancestors are shown before it; the rest are only counted."""
    batas = BATAS_BARIS if batas is None else batas
    urut, jumlah, tumpuk = [], 0, [(s, 0) for s in reversed(akar)]
    while tumpuk:
        s, d = tumpuk.pop()
        jumlah += 1
        if len(urut) < batas:
            urut.append((s, d))
        tumpuk.extend((a, d + 1) for a in reversed(s.anak))
    return Urutan(urut, jumlah)


def _pilihan_pd(user, profil, perangkat_daerah: PerangkatDaerah | None) -> list[PerangkatDaerah]:
    """The PD filter's choices: none on a PD's page or for PD staff (one PD: no filter to offer, no query)."""
    if perangkat_daerah is not None or profil is None or Peran.terikat_pd(profil.peran):
        return []
    return list(PerangkatDaerah.objects.for_user(user, Aksi.LIHAT).order_by("kode"))


def _periode(sasaran: list[Sasaran], pemda_id: int | None, tahun: int) -> PeriodePerencanaan | None:
    """The planning period of `tahun`: read with the nodes (they carry it), a query only for a tree without one."""
    for s in sasaran:
        if s.periode_id is not None and s.periode.tahun_mulai <= tahun <= s.periode.tahun_akhir:
            return s.periode
    return PeriodePerencanaan.objects.filter(pemda_id=pemda_id, tahun_mulai__lte=tahun, tahun_akhir__gte=tahun).first()


def halaman_pohon(
    *, user, tahun: int, saringan: Saringan, perangkat_daerah: PerangkatDaerah | None = None
) -> HalamanPohon:
    """The tree of `tahun` as `user` may see it (the whole pemda for city roles; one PD's branch with the
    city nodes above it for a PD page or a PD user), with the filter choices and the quality flags of its
    nodes (checked over the nodes of the page). Six queries (five for PD staff and on a PD page, where no PD
    filter is offered), the planning period read with the nodes when they carry it."""
    profil = profil_pengguna(user)
    pemda_id = profil.pemda_id if profil else None
    sasaran = _simpul_terlihat(user, tahun=tahun, perangkat_daerah=perangkat_daerah, baca=True)
    u = ukuran([s.pk for s in sasaran], tahun, baca=True)
    u.anggaran = jumlah_dari_anotasi(sasaran)  # rolled up from the nodes' annotations: no query
    tingkat = list(tingkat_dengan_induk_kota(TingkatPohon.objects.filter(pemda_id=pemda_id)).order_by("urutan"))
    bahan = Bahan(
        sasaran=[mutu_pohon.simpul_dari(s) for s in sasaran], lintas=u.lintas, tingkat={t.pk: t for t in tingkat},
        indikator=[mutu_pohon.indikator_dari(i) for daftar in u.per_sasaran.values() for i in daftar],
    )  # fmt: skip
    pilihan_tema = sorted({s.tema for s in sasaran if s.tema})
    if saringan.tema not in pilihan_tema:
        saringan.tema = ""  # an unknown theme is ignored, as the other filters
    mutu = mutu_pohon.periksa(bahan)
    akar, jumlah_cocok = _susun(sasaran, u, saringan, tahun, mutu)
    return HalamanPohon(
        akar=akar, jumlah_simpul=len(sasaran), jumlah_cocok=jumlah_cocok, periode=_periode(sasaran, pemda_id, tahun),
        pilihan_pd=_pilihan_pd(user, profil, perangkat_daerah),
        pilihan_tingkat=tingkat, saringan=saringan, perangkat_daerah=perangkat_daerah, pilihan_tema=pilihan_tema,
        mutu=mutu,
    )  # fmt: skip
