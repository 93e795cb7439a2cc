"""Reads of "budget follows performance" (issue 13 point 5): sub kegiatan budgets rolled up the performance
tree (kegiatan, program, sasaran, PD, city), THE budget of a PD for a year (`anggaran_pd_tahun`: the sum of
its sub kegiatan budgets, else the PD-level `Anggaran` as the fallback, saying which), and per sasaran the
budget under it, serapan, capaian kinerja and efficiency (`kinerja/efisiensi.py`). Every function reads in a
fixed number of queries, whatever the number of nodes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, F, FilteredRelation, Q, Sum
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, Peran, berhak, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka, format_persen
from sakip.lib.kueri import salah_satu

from .. import capaian
from .. import efisiensi as ef
from ..models import Anggaran, Indikator, PeriodePerencanaan, Sasaran, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..services.rencana import anggaran_terkunci
from . import angka_isian
from .anggaran import capaian_indikator, rupiah

SUMBER_SUB_KEGIATAN = "sub_kegiatan"
SUMBER_PD = "pd"
NOL = Decimal(0)


def dalam_tahun(tahun: int, *, pemda_id: int) -> Q:
    """Nodes of pemda `pemda_id`'s planning period that contains `tahun` (or without a period): THE rule of the
    tree's pages, the budgets and the reports. The periods are named by a subquery over the pemda's own (its
    index), not joined: an OR across the LEFT JOIN let PostgreSQL's planner read every pemda's periods through
    their primary key (tests/test_explain_pemda.py, the organisasi dashboard)."""
    periode = PeriodePerencanaan.objects.filter(pemda_id=pemda_id, tahun_mulai__lte=tahun, tahun_akhir__gte=tahun)
    return Q(periode__isnull=True) | Q(periode_id__in=periode.values("pk"))


@dataclass
class Jumlah:
    """A budget summed from rows of the `PaguRealisasi` shape (pagu, each quarter's own realisasi): the budget
    under a node (its sub kegiatan's), of a PD, of the city. A quarter nobody entered stays absent (not 0)."""

    pagu: Decimal = NOL
    realisasi: dict[int, Decimal] = field(default_factory=dict)  # quarter → sum of the values entered
    sub_kegiatan: int = 0

    def tambah(self, a) -> None:
        """Add one row's pagu and quarters (an `AnggaranSubKegiatan`; a PD's budget for the city total), counted
        as one."""
        self.pagu += a.pagu
        self.sub_kegiatan += 1
        per_tw = (a.realisasi_t1, a.realisasi_t2, a.realisasi_t3, a.realisasi_t4)
        for tw, nilai in zip(capaian.TRIWULAN, per_tw, strict=True):
            if nilai is not None:
                self.realisasi[tw] = self.realisasi.get(tw, NOL) + nilai

    @property
    def realisasi_t1(self) -> Decimal | None:
        return self.realisasi.get(1)

    @property
    def realisasi_t2(self) -> Decimal | None:
        return self.realisasi.get(2)

    @property
    def realisasi_t3(self) -> Decimal | None:
        return self.realisasi.get(3)

    @property
    def realisasi_t4(self) -> Decimal | None:
        return self.realisasi.get(4)

    @property
    def realisasi_total(self) -> Decimal | None:
        """Spending so far: the quarters entered, summed (None when none is entered), as
        `capaian.nilai_tahunan(..., "kumulatif")` reads a row's quarters."""
        return sum(self.realisasi.values(), NOL) if self.realisasi else None

    @property
    def serapan(self) -> Decimal | None:
        return ef.serapan(self.realisasi_total, self.pagu)

    @property
    def teks(self) -> dict[str, str]:
        return {
            "pagu": rupiah(self.pagu),
            "realisasi": rupiah(self.realisasi_total),
            "serapan": format_persen(self.serapan),
        }


def gulung(anggaran: Iterable[AnggaranSubKegiatan], simpul: dict[int, Sasaran]) -> dict[int, Jumlah]:
    """Each budget added to its node and to every ancestor of it found in `simpul` (by id): no query."""
    hasil: dict[int, Jumlah] = {}
    for a in anggaran:
        s_id, dilalui = a.sasaran_id, set()
        while s_id is not None and s_id not in dilalui:
            dilalui.add(s_id)
            hasil.setdefault(s_id, Jumlah()).tambah(a)
            s = simpul.get(s_id)
            s_id = s.induk_id if s is not None else None
    return hasil


def jumlah_simpul(sasaran: Iterable[Sasaran], tahun: int) -> dict[int, Jumlah]:
    """The budgets of `tahun` under each of the nodes `sasaran` (their own sub kegiatan's, summed up the
    tree through the nodes given): one query. The tree pages show it on each node."""
    per_id = {s.pk: s for s in sasaran}
    baris = AnggaranSubKegiatan.objects.filter(salah_satu("sasaran_id", per_id), tahun=tahun).only(
        "sasaran_id", "pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"
    )
    return gulung(baris, per_id)


_ANOTASI = {"anggaran_pagu": "pagu", **{f"anggaran_t{tw}": f"realisasi_t{tw}" for tw in capaian.TRIWULAN}}
KOLOM_ANGGARAN = tuple(_ANOTASI)  # the annotations' names (`anotasi_anggaran`)


def anotasi_anggaran(tahun: int) -> dict:
    """For a Sasaran queryset: each node's own sub kegiatan budget of `tahun` (pagu, quarters) as annotations,
    so a page that reads the nodes gets the budgets with them, without a query of its own. One join (at most
    one budget a node and year: unique), not a subquery a column (five to compile and run on every node)."""
    tahunan = FilteredRelation("anggaran_sub_kegiatan", condition=Q(anggaran_sub_kegiatan__tahun=tahun))
    return {"anggaran_tahun": tahunan, **{nama: F(f"anggaran_tahun__{kolom}") for nama, kolom in _ANOTASI.items()}}


def jumlah_dari_anotasi(sasaran: list[Sasaran]) -> dict[int, Jumlah]:
    """`jumlah_simpul` for nodes annotated by `anotasi_anggaran`: no query."""
    baris = [
        BarisPagu(s.pk, *(getattr(s, nama) for nama in KOLOM_ANGGARAN))
        for s in sasaran
        if getattr(s, "anggaran_pagu", None) is not None
    ]  # rows, not models: a model a budgeted node cost a PD page 1 ms (bench/pohon.py)
    return gulung(baris, {s.pk: s for s in sasaran})


class BarisPagu(NamedTuple):
    """A node's own sub kegiatan budget of a year as a row, read as `Jumlah.tambah` and `gulung` read an
    `AnggaranSubKegiatan` (the tree pages: rows, not models)."""

    sasaran_id: int
    pagu: Decimal
    realisasi_t1: Decimal | None
    realisasi_t2: Decimal | None
    realisasi_t3: Decimal | None
    realisasi_t4: Decimal | None


@dataclass(kw_only=True)
class AnggaranPD(Jumlah):
    """A PD's budget of a year and where it comes from: the sum of its sub kegiatan budgets, or the
    PD-level `Anggaran` row when the PD has no sub kegiatan budget that year. Reads like an `Anggaran`."""

    perangkat_daerah_id: int
    sumber: str

    @property
    def teks(self) -> dict[str, str]:
        return super().teks | {"sumber": self.sumber_teks}

    @property
    def sumber_teks(self) -> str:
        if self.sumber == SUMBER_SUB_KEGIATAN:
            return _("Jumlah anggaran %(n)d sub kegiatan") % {"n": self.sub_kegiatan}
        return _("Anggaran tingkat PD (belum ada anggaran sub kegiatan)")


def _terisi(nilai: dict[int, Decimal | None]) -> dict[int, Decimal]:
    return {tw: v for tw, v in nilai.items() if v is not None}


def anggaran_pd_tahun(perangkat_daerah: Iterable[PerangkatDaerah | int], tahun: int) -> dict[int, AnggaranPD]:
    """THE budget of each PD for `tahun`, by PD id (PD without any budget are absent): the sum of its sub
    kegiatan budgets when it has any that year, else its PD-level `Anggaran`. Every reader of a PD's budget
    (budget pages, PK page, LKjIP) uses this, so all agree. Two queries."""
    ids = [getattr(p, "pk", p) for p in perangkat_daerah]
    hasil = {
        a.perangkat_daerah_id: AnggaranPD(
            perangkat_daerah_id=a.perangkat_daerah_id,
            sumber=SUMBER_PD,
            pagu=a.pagu,
            realisasi=_terisi({tw: getattr(a, f"realisasi_t{tw}") for tw in capaian.TRIWULAN}),
        )  # fmt: skip
        for a in Anggaran.objects.filter(perangkat_daerah_id__in=ids, tahun=tahun)
    }
    jumlah = (
        AnggaranSubKegiatan.objects.filter(perangkat_daerah_id__in=ids, tahun=tahun)
        .values("perangkat_daerah_id")
        .annotate(
            pagu_=Sum("pagu"),
            t1=Sum("realisasi_t1"),
            t2=Sum("realisasi_t2"),
            t3=Sum("realisasi_t3"),
            t4=Sum("realisasi_t4"),
            n=Count("pk"),
        )  # fmt: skip
        .order_by()
    )
    for j in jumlah:
        pd = j["perangkat_daerah_id"]
        hasil[pd] = AnggaranPD(
            perangkat_daerah_id=pd, sumber=SUMBER_SUB_KEGIATAN, pagu=j["pagu_"], sub_kegiatan=j["n"],
            realisasi=_terisi({tw: j[f"t{tw}"] for tw in capaian.TRIWULAN}),
        )  # fmt: skip
    return hasil


@dataclass
class BarisEfisiensi:
    """One sasaran with the budget of the programmes under it, serapan, capaian and efficiency."""

    simpul: Sasaran
    jumlah: Jumlah | None
    capaian: Decimal | None
    indikator_dinilai: int
    indikator: int

    @property
    def serapan(self) -> Decimal | None:
        return self.jumlah.serapan if self.jumlah else None

    @property
    def efisiensi(self) -> Decimal | None:
        return ef.efisiensi(self.capaian, self.serapan)

    @property
    def teks(self) -> dict[str, str]:
        dasar = self.jumlah.teks if self.jumlah else {"pagu": "–", "realisasi": "–", "serapan": "–"}
        nilai = self.efisiensi
        return dasar | {
            "capaian": format_persen(self.capaian),
            "efisiensi": format_angka(nilai) if nilai is not None else "–",
            "indikator": _("%(d)d dari %(n)d indikator dinilai") % {"d": self.indikator_dinilai, "n": self.indikator},
        }

    @property
    def rumus(self) -> str:
        return ef.rumus(self.capaian, self.serapan)


def efisiensi_sasaran(simpul: list[Sasaran], jumlah: dict[int, Jumlah], tahun: int) -> list[BarisEfisiensi]:
    """Per node of `simpul` (in that order): the budget under it (`jumlah`), the mean capaian of its own
    indicators from verified realisations (`capaian_indikator`), serapan and efficiency. Three queries."""
    indikator = list(
        Indikator.objects.filter(salah_satu("sasaran_id", [s.pk for s in simpul])).only(
            "id", "sasaran_id", "perangkat_daerah", "arah", "agregasi"
        )
    )
    persen = capaian_indikator(indikator=indikator, tahun=tahun)
    per_simpul: dict[int, list[Indikator]] = {}
    for ind in indikator:
        per_simpul.setdefault(ind.sasaran_id, []).append(ind)
    hasil = []
    for s in simpul:
        milik = per_simpul.get(s.pk, [])
        nilai = [persen[i.pk] for i in milik if i.pk in persen]
        hasil.append(BarisEfisiensi(s, jumlah.get(s.pk), ef.rata_rata(nilai), len(nilai), len(milik)))
    return hasil


def simpul_sasaran_pd(simpul: list[Sasaran]) -> list[Sasaran]:
    """The sasaran of a PD that programmes serve: its program-level nodes and their PD ancestors (sasaran
    strategis), ordered by level then code. Levels are data: a level is a programme's by its nomenclature."""
    per_id = {s.pk: s for s in simpul}
    pilih: set[int] = set()
    for s in simpul:
        if s.tingkat is None or s.tingkat.nomenklatur != TingkatPohon.Nomenklatur.PROGRAM:
            continue
        while s is not None and s.pk not in pilih:
            pilih.add(s.pk)
            s = per_id.get(s.induk_id)
    return sorted((per_id[i] for i in pilih), key=lambda s: (s.tingkat.urutan if s.tingkat else 999, s.kode))


# --- the pages: a PD's sub kegiatan budgets, and the city's budgets per PD ------------------------------


@dataclass
class BarisSubKegiatan:
    """One sub kegiatan row of the PD page: its budget (None: not entered), and after a refused save what
    the user typed (`isian`) and the errors by field (`galat`)."""

    simpul: Sasaran
    anggaran: AnggaranSubKegiatan | None
    isian: dict[str, str] = field(default_factory=dict)
    galat: dict[str, list[str]] = field(default_factory=dict)

    @property
    def teks(self) -> dict[str, str]:
        a = self.anggaran
        hasil = {f"t{tw}": rupiah(getattr(a, f"realisasi_t{tw}") if a else None) for tw in capaian.TRIWULAN}
        total = a.realisasi_total if a else None
        serapan = ef.serapan(total, a.pagu) if a else None
        return hasil | {
            "pagu": rupiah(a.pagu if a else None),
            "total": rupiah(total),
            "serapan": format_persen(serapan),
        }

    @property
    def nilai_isian(self) -> dict[str, str]:
        """The values in the form: what the user typed, else the stored ones ("1.234.567.890")."""
        if self.isian:
            return self.isian
        a = self.anggaran
        kolom = ["pagu"] + [f"realisasi_t{tw}" for tw in capaian.TRIWULAN]
        return {k: angka_isian(getattr(a, k)) if a and getattr(a, k) is not None else "" for k in kolom}


@dataclass
class Kelompok:
    """A programme or a kegiatan of the PD page (None: sub kegiatan not under one) with its subtotal."""

    simpul: Sasaran | None
    jumlah: Jumlah
    isi: list = field(default_factory=list)  # Kelompok (kegiatan of a programme) or BarisSubKegiatan


@dataclass
class HalamanAnggaranPD:
    """A PD's sub kegiatan budgets of a year grouped by programme and kegiatan, the PD's total and its
    source, the per sasaran efficiency, the Renja that locks the budgets ("" if none), and edit rights."""

    perangkat_daerah: PerangkatDaerah
    tahun: int
    program: list[Kelompok]
    total: AnggaranPD | None
    efisiensi: list[BarisEfisiensi]
    terkunci: str
    boleh_kelola: bool
    rumus_efisiensi: str = ef.RUMUS_EFISIENSI
    tafsir_efisiensi: str = ef.TAFSIR_EFISIENSI

    @property
    def jumlah_sub_kegiatan(self) -> int:
        return sum(len(k.isi) for p in self.program for k in p.isi)

    def baris(self, sasaran_id: int) -> BarisSubKegiatan | None:
        return next((b for p in self.program for k in p.isi for b in k.isi if b.simpul.pk == sasaran_id), None)


def _leluhur(s: Sasaran, per_id: dict[int, Sasaran], nomenklatur: str) -> Sasaran | None:
    dilalui = set()
    while s is not None and s.pk not in dilalui:
        dilalui.add(s.pk)
        if s.tingkat is not None and s.tingkat.nomenklatur == nomenklatur:
            return s
        s = per_id.get(s.induk_id)
    return None


def _kelompokkan(simpul: list[Sasaran], anggaran: dict[int, AnggaranSubKegiatan], jumlah) -> list[Kelompok]:
    """Sub kegiatan rows under their kegiatan under their programme, each by code; no query."""
    per_id = {s.pk: s for s in simpul}
    program: dict[int | None, Kelompok] = {}
    kegiatan: dict[int | None, Kelompok] = {}
    N = TingkatPohon.Nomenklatur
    for s in sorted(simpul, key=lambda s: s.kode):
        if s.tingkat is None or s.tingkat.nomenklatur != N.SUB_KEGIATAN:
            continue
        keg, prog = _leluhur(s, per_id, N.KEGIATAN), _leluhur(s, per_id, N.PROGRAM)
        kp = program.setdefault(prog and prog.pk, Kelompok(prog, jumlah.get(prog.pk, Jumlah()) if prog else Jumlah()))
        kunci = (keg and keg.pk, prog and prog.pk)
        if kunci not in kegiatan:
            kegiatan[kunci] = Kelompok(keg, jumlah.get(keg.pk, Jumlah()) if keg else Jumlah())
            kp.isi.append(kegiatan[kunci])
        kegiatan[kunci].isi.append(BarisSubKegiatan(s, anggaran.get(s.pk)))
        a = anggaran.get(s.pk)
        for k in (kp, kegiatan[kunci]) if a else ():
            if k.simpul is None:  # "tanpa program/kegiatan": no node to roll into, so summed here
                k.jumlah.tambah(a)
    return sorted(program.values(), key=lambda k: (k.simpul is None, k.simpul.kode if k.simpul else ""))


def halaman_anggaran_pd(*, user, perangkat_daerah: PerangkatDaerah, tahun: int) -> HalamanAnggaranPD:
    """The PD page (the view has checked the PD is in the user's scope): seven queries whatever the number
    of nodes (nodes, budgets, the PD total, the Renja lock, indicators, targets, realisations)."""
    simpul = list(
        Sasaran.objects.for_user(user, Aksi.LIHAT)
        .filter(dalam_tahun(tahun, pemda_id=perangkat_daerah.pemda_id), perangkat_daerah=perangkat_daerah)
        .select_related("tingkat")
    )
    anggaran = {
        a.sasaran_id: a
        for a in AnggaranSubKegiatan.objects.filter(salah_satu("sasaran_id", [s.pk for s in simpul]), tahun=tahun)
    }
    jumlah = gulung(anggaran.values(), {s.pk: s for s in simpul})
    return HalamanAnggaranPD(
        perangkat_daerah=perangkat_daerah, tahun=tahun, program=_kelompokkan(simpul, anggaran, jumlah),
        total=anggaran_pd_tahun([perangkat_daerah], tahun).get(perangkat_daerah.pk),
        efisiensi=efisiensi_sasaran(simpul_sasaran_pd(simpul), jumlah, tahun),
        terkunci=anggaran_terkunci(Sasaran(perangkat_daerah=perangkat_daerah), tahun),
        boleh_kelola=berhak(user, Aksi.KELOLA, perangkat_daerah),
    )  # fmt: skip


@dataclass
class BarisPD:
    perangkat_daerah: PerangkatDaerah
    anggaran: AnggaranPD | None

    @property
    def teks(self) -> dict[str, str]:
        if self.anggaran is not None:
            return self.anggaran.teks
        return {"pagu": "–", "realisasi": "–", "serapan": "–", "sumber": _("Belum ada anggaran")}


@dataclass
class HalamanAnggaranKota:
    """The city page: each PD's budget (with its source) and the city totals; for city roles, the city
    sasaran with the budget under them and their efficiency."""

    tahun: int
    baris: list[BarisPD]
    efisiensi: list[BarisEfisiensi]
    rumus_efisiensi: str = ef.RUMUS_EFISIENSI
    tafsir_efisiensi: str = ef.TAFSIR_EFISIENSI

    @property
    def jumlah(self) -> dict[str, str]:
        """The city total of the PD budgets shown ("–" everywhere when no PD has one)."""
        kota = Jumlah()
        for b in self.baris:
            if b.anggaran:
                kota.tambah(b.anggaran)
        return kota.teks if kota.sub_kegiatan else {"pagu": "–", "realisasi": "–", "serapan": "–"}


def halaman_anggaran_kota(*, user, tahun: int) -> HalamanAnggaranKota:
    """Every PD the user may see with its budget (three queries); for users not bound to a PD also the city
    sasaran with the budgets rolled up from every PD's sub kegiatan (five more), whatever the counts."""
    daftar_pd = list(PerangkatDaerah.objects.for_user(user, Aksi.LIHAT).order_by("kode"))
    per_pd = anggaran_pd_tahun(daftar_pd, tahun)
    baris = [BarisPD(pd, per_pd.get(pd.pk)) for pd in daftar_pd]
    profil = profil_pengguna(user)
    if profil is None or Peran.terikat_pd(profil.peran):
        return HalamanAnggaranKota(tahun, baris, [])
    tahunan = dalam_tahun(tahun, pemda_id=profil.pemda_id)
    simpul = list(Sasaran.objects.for_user(user, Aksi.LIHAT).filter(tahunan).select_related("tingkat"))
    jumlah = jumlah_simpul(simpul, tahun)
    kota = sorted(
        (s for s in simpul if s.perangkat_daerah_id is None),
        key=lambda s: (s.tingkat.urutan if s.tingkat else 999, s.kode),
    )
    return HalamanAnggaranKota(tahun, baris, efisiensi_sasaran(kota, jumlah, tahun))
