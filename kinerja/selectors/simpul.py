"""Reads of the node and indicator forms of the performance tree (issue 13 point 7): the choices a form
offers (levels that fit the owner, parents, periods, nomenclature codes, parent indicators) and which
actions the tree page offers on each node. The writes re-check every choice (kinerja/services/simpul.py).

Rights come from the one guard: a PD's node is written by its operator or kepala (ISI), a city node by
Bagian Organisasi (KELOLA) — `aksi_simpul`, the same rule `wajib_hak` checks in the services."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from perangkat_daerah.access import Aksi, Peran, boleh, profil_pengguna
from sakip.lib.kueri import salah_satu

from ..models import Indikator, PeriodePerencanaan, PerjanjianKinerja, Sasaran, Target, TingkatPohon
from . import angka_isian

NOMENKLATUR_MAKS = 300  # codes in a form's datalist: enough to pick from, small enough to send
BATAS_ID = 1000  # node ids `hak_pohon` binds; more read the user's whole scope (faster than a long IN list)


def aksi_simpul(sasaran: Sasaran) -> str:
    """The right that writes `sasaran` and its indicators: ISI for a PD's node, KELOLA for a city node."""
    return Aksi.ISI if sasaran.perangkat_daerah_id else Aksi.KELOLA


def pemilik_baru(user) -> tuple[int, int | None] | None:
    """(pemda id, PD id or None) of a node `user` creates: a PD user's own PD, the city for the other
    roles; None without a profile. Whether the user may create it at all is the guard's answer."""
    profil = profil_pengguna(user)
    if profil is None:
        return None
    pd_id = profil.perangkat_daerah_id if Peran.terikat_pd(profil.peran) else None
    return profil.pemda_id, pd_id


def tingkat_pilihan(pemda_id: int, pd_id: int | None) -> QuerySet[TingkatPohon]:
    """The pemda's levels that fit the owner: city levels for a city node, PD levels for a PD's."""
    lingkup = TingkatPohon.Lingkup.PD if pd_id else TingkatPohon.Lingkup.KOTA
    return TingkatPohon.objects.filter(pemda_id=pemda_id, lingkup=lingkup).order_by("urutan")


def induk_pilihan(pemda_id: int, pd_id: int | None) -> QuerySet[Sasaran]:
    """The nodes a node of `pd_id` (None: the city) may hang under: the city nodes and, for a PD's node,
    that PD's own nodes, never another PD's; and only nodes of a level that some level of the owner may
    hang under (a PD's sasaran never goes under a tujuan). Which level exactly: THE node rule."""
    milik = Q(perangkat_daerah__isnull=True) | (Q(perangkat_daerah_id=pd_id) if pd_id else Q(pk__in=[]))
    lewat = TingkatPohon.induk_boleh.through.objects.filter(from_tingkatpohon__in=tingkat_pilihan(pemda_id, pd_id))
    return Sasaran.objects.filter(
        milik, pemda_id=pemda_id, tingkat_id__in=lewat.values("to_tingkatpohon_id")
    ).select_related("tingkat", "perangkat_daerah")


def periode_pilihan(pemda_id: int) -> QuerySet[PeriodePerencanaan]:
    """The pemda's planning periods, newest first."""
    return PeriodePerencanaan.objects.filter(pemda_id=pemda_id).order_by("-tahun_mulai")


def indikator_induk_pilihan(sasaran: Sasaran) -> list[Indikator]:
    """The indicators a node's indicator may serve: those of the node's parent (none without a parent)."""
    if sasaran.induk_id is None:
        return []
    return list(Indikator.objects.filter(sasaran_id=sasaran.induk_id).order_by("urutan", "kode"))


def nomenklatur_saran(*, jenis: list[str], pemda_id: int, pd_id: int | None) -> list:
    """In-force nomenclature codes of the given kinds for a form's datalist. For a PD whose nodes already
    carry codes, only codes under the same bidang urusan (the first two parts, e.g. "1.02"); at most
    NOMENKLATUR_MAKS codes."""
    from nomenklatur.models import Nomenklatur

    if not jenis:
        return []
    qs = Nomenklatur.objects.berlaku().filter(jenis__in=jenis).order_by("kode")
    if pd_id:
        kode = Sasaran.objects.filter(pemda_id=pemda_id, perangkat_daerah_id=pd_id).exclude(kode_nomenklatur="")
        bidang = {".".join(k.split(".")[:2]) + "." for k in kode.values_list("kode_nomenklatur", flat=True)}
        if bidang:
            saring = Q()
            for awalan in sorted(bidang):
                saring |= Q(kode__startswith=awalan)
            qs = qs.filter(saring)
    return list(qs.only("kode", "nama")[:NOMENKLATUR_MAKS])


def target_periode(indikator: Indikator | None, sasaran: Sasaran) -> list[tuple[int, Target | None]]:
    """The years of the node's period with the indicator's stored target of each (None when missing); the
    last year's target is the end-of-period target. Empty when the node has no period."""
    if sasaran.periode_id is None:
        return []
    periode = sasaran.periode
    ada = {}
    if indikator is not None and indikator.pk:
        ada = {t.tahun: t for t in Target.objects.filter(indikator=indikator)}
    return [(tahun, ada.get(tahun)) for tahun in range(periode.tahun_mulai, periode.tahun_akhir + 1)]


@dataclass
class HakPohon:
    """What the tree page offers on its nodes, as sets of node ids to test membership: the nodes the user
    may change (and add indicators to, and change those), hang a new node under, propose a branch from
    (Bagian Organisasi, city nodes), and whose indicators' manuals the user may open."""

    buat: bool = False  # a new node of the user's own PD (operator, kepala) or of the city (Bagian Organisasi)
    ubah: set[int] = field(default_factory=set)
    induk: set[int] = field(default_factory=set)
    usulkan: set[int] = field(default_factory=set)
    lihat: set[int] = field(default_factory=set)


def hak_pohon(user, *, sasaran_ids: Collection[int] | None = None) -> HakPohon:
    """`berhak` for every node of the user's scope at once: the scopes of the one guard (`for_user` with the
    node's right, `aksi_simpul`; the manual's `Indikator.for_user`) and the possible parents when the user may
    create nodes (`induk_pilihan`), read in ONE query as flags per node. `sasaran_ids`: only those nodes (the
    nodes a page renders; a city's 8,000 flags cost a tree page most of its time); past `BATAS_ID` ids, the
    user's whole scope."""
    buat = boleh(user, Aksi.ISI) or boleh(user, Aksi.KELOLA)
    lingkup = Sasaran.objects.for_user(user, Aksi.LIHAT)
    pemilik = pemilik_baru(user)
    calon_induk = induk_pilihan(*pemilik) if buat and pemilik is not None else Sasaran.objects.none()
    sebagian = sasaran_ids is not None and len(sasaran_ids) <= BATAS_ID
    if sebagian:
        dasar = Sasaran.objects.filter(salah_satu("pk", sasaran_ids))
    else:
        dasar = Sasaran.objects.filter(Q(pk__in=lingkup.values("pk")) | Q(pk__in=calon_induk.values("pk")))
    pd_bisa = Sasaran.objects.for_user(user, Aksi.ISI).filter(perangkat_daerah__isnull=False, pk=OuterRef("pk"))
    kota_bisa = Sasaran.objects.for_user(user, Aksi.KELOLA).filter(perangkat_daerah__isnull=True, pk=OuterRef("pk"))
    # the manual page shows an indicator in the user's scope (Indikator.for_user), which is its node's scope
    ada_ind = Indikator.objects.for_user(user, Aksi.LIHAT).filter(sasaran_id=OuterRef("pk"))
    flags = dasar.annotate(
        dalam=Exists(lingkup.filter(pk=OuterRef("pk"))),
        isi=Exists(pd_bisa),
        kelola=Exists(kota_bisa),
        lihat=Exists(ada_ind),
        calon=Exists(calon_induk.filter(pk=OuterRef("pk"))),
    )
    if not sebagian:  # only the rows with some right (a node without any adds nothing below); the page's own
        # nodes are read as they are: the filter repeats each Exists (4,0 → 2,8 ms for a 200-node PD page)
        kan = Q(dalam=True, isi=True) | Q(dalam=True, kelola=True) | Q(dalam=True, lihat=True) | Q(calon=True)
        flags = flags.filter(kan)
    flags = flags.order_by().values_list("pk", "dalam", "isi", "kelola", "lihat", "calon")
    hak = HakPohon(buat=buat)
    for pk, dalam, isi, kelola, lihat, calon in flags:
        if dalam and (isi or kelola):
            hak.ubah.add(pk)
        if dalam and kelola:
            hak.usulkan.add(pk)
        if dalam and lihat:
            hak.lihat.add(pk)
        if calon:
            hak.induk.add(pk)
    return hak


@dataclass
class HalamanSimpul:
    """The node form: the node (None for a new one), its owner, the choices and the lock of the node."""

    sasaran: Sasaran | None
    pd_id: int | None
    tingkat: list[TingkatPohon]
    induk: list[Sasaran]
    periode: list[PeriodePerencanaan]
    nomenklatur: list
    terkunci: str = ""


def halaman_simpul(*, pemda_id: int, pd_id: int | None, sasaran: Sasaran | None, terkunci: str) -> HalamanSimpul:
    """The choices of the node form for a node of `pd_id` (None: the city). Five queries."""
    tingkat = list(tingkat_pilihan(pemda_id, pd_id))
    induk = [s for s in induk_pilihan(pemda_id, pd_id).order_by("perangkat_daerah_id", "kode") if s != sasaran]
    if sasaran is not None and sasaran.tingkat_id and sasaran.tingkat.nomenklatur:
        jenis = [sasaran.tingkat.nomenklatur]
    else:
        jenis = sorted({t.nomenklatur for t in tingkat if t.nomenklatur})
    return HalamanSimpul(
        sasaran=sasaran, pd_id=pd_id, tingkat=tingkat, induk=induk, periode=list(periode_pilihan(pemda_id)),
        nomenklatur=nomenklatur_saran(jenis=jenis, pemda_id=pemda_id, pd_id=pd_id), terkunci=terkunci,
    )  # fmt: skip


def tingkat_anak(tingkat: list[TingkatPohon], induk: Sasaran | None) -> TingkatPohon | None:
    """The first of `tingkat` a child of `induk` may have (to preselect it on "+ Simpul turunan")."""
    if induk is None or induk.tingkat_id is None:
        return None
    boleh = TingkatPohon.induk_boleh.through.objects.filter(to_tingkatpohon_id=induk.tingkat_id)
    cocok = set(boleh.values_list("from_tingkatpohon_id", flat=True))
    return next((t for t in tingkat if t.pk in cocok), None)


@dataclass
class BarisTarget:
    """One year of the node's period in the indicator form: the stored target as typed, its version, and
    whether it can be changed here (not a range; the year's PK not set)."""

    tahun: int
    nilai: str
    versi: int | None
    akhir: bool  # the last year: its target is the end-of-period target
    rentang: str = ""  # a range target, shown read-only (changed on the PK page)
    pk_ditetapkan: bool = False
    galat: list[str] = field(default_factory=list)  # the refusal of this year's target, set by the page


@dataclass
class HalamanIndikator:
    """The indicator form of a node: the parent node's indicators to relate to, the targets of each year of
    the node's period, and the lock of the node."""

    sasaran: Sasaran
    indikator: Indikator | None
    induk_indikator: list[Indikator]
    target: list[BarisTarget]
    terkunci: str = ""


def halaman_indikator(*, sasaran: Sasaran, indikator: Indikator | None, terkunci: str) -> HalamanIndikator:
    """The choices and the targets of the indicator form. At most four queries."""
    baris = target_periode(indikator, sasaran)
    tahun = [t for t, _ in baris]
    ditetapkan = set()
    if sasaran.perangkat_daerah_id and tahun:
        ditetapkan = set(
            PerjanjianKinerja.objects.filter(
                perangkat_daerah_id=sasaran.perangkat_daerah_id, tahun__in=tahun,
                status=PerjanjianKinerja.Status.DITETAPKAN,
            ).values_list("tahun", flat=True)
        )  # fmt: skip
    target = []
    for th, t in baris:
        b = BarisTarget(tahun=th, nilai="", versi=None, akhir=th == tahun[-1], pk_ditetapkan=th in ditetapkan)
        if t is not None:
            b.versi = t.versi
            b.nilai = angka_isian(t.nilai) if t.nilai is not None else ""
            if t.lo is not None or t.hi is not None:
                b.rentang = t.sebagai_capaian().teks
        target.append(b)
    return HalamanIndikator(
        sasaran=sasaran,
        indikator=indikator,
        induk_indikator=indikator_induk_pilihan(sasaran),
        target=target,
        terkunci=terkunci,
    )
