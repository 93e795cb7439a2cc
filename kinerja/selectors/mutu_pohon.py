"""Quality checks of the performance tree (issue 13 point 6) and "kelengkapan cascading", THE one home of both:
the /perencanaan/mutu/ page, the flags on the tree pages and the organisasi dashboard all read them here.

Each check (`CEK`) looks at a set of items (nodes or indicators) and returns the ones that fail. Every check
runs over the same material (`Bahan`): the nodes of a working year a user may see, their indicators with
their manuals, the sub kegiatan nodes with a budget that year, the crosscutting nodes and the "entry" levels.
The material is loaded in a fixed number of queries for the whole pemda (`bahan_muat`), or handed over by a
page that has already read it (the tree page), so the checks themselves run no query.

Definitions (also shown on the page and written in docs/KINERJA.md):
- an indicator "with a manual" has a ManualIK whose `definisi` is not blank;
- an "output" indicator has a manual of jenis output; an indicator without a manual is not counted as output
  (its kind is unknown, and check b already flags it);
- an "entry" level (`tingkat_masuk`) is a PD level that may hang under a city level (by default Sasaran
  Strategis): a PD node of such a level must have a city node as parent (check c), and a budgeted sub
  kegiatan must reach one by its parents (check f);
- the same indicator: the same description and unit, compared case-insensitively with spaces collapsed
  (codes are unique per pemda, so they cannot tell duplicates); an indicator declared as "sama" with its
  parent's indicator (`relasi_induk`) is a deliberate repetition down the cascade and is not compared;
- kelengkapan cascading = the share of checked items that pass, over all seven checks together:
  100 × (items checked − items failing) ÷ items checked, exact Decimal (no figure when nothing is checked).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from sakip.lib.angka import format_persen

from ..models import Indikator, Sasaran, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..models_usulan import Kontributor, StatusKeputusan

SIMPUL = "simpul"
INDIKATOR = "indikator"
BATAS_DAFTAR_ID = 1000


class SimpulMutu(NamedTuple):
    """What the checks read of a node (a light row: 8,000 nodes load in milliseconds, not seconds)."""

    pk: int
    induk_id: int | None
    perangkat_daerah_id: int | None
    tingkat_id: int | None
    kode: str
    uraian: str
    berpagu: bool  # a sub kegiatan budget above zero in the year (`berpagu_ada`)
    lintas: bool = False  # the tree selector's crosscutting mark for a PD's view (selectors/pohon.py)


class IndikatorMutu(NamedTuple):
    """What the checks read of an indicator and of its manual (None: no manual)."""

    pk: int
    sasaran_id: int
    kode: str
    uraian: str
    satuan: str
    relasi_induk: str
    definisi: str | None
    jenis: str | None


KOLOM_SIMPUL = ("pk", "induk_id", "perangkat_daerah_id", "tingkat_id", "kode", "uraian", "berpagu")
KOLOM_INDIKATOR = ("pk", "sasaran_id", "kode", "uraian", "satuan", "relasi_induk", "manual_ik__definisi",
                   "manual_ik__jenis")  # fmt: skip


def simpul_ringan(qs: QuerySet[Sasaran], *, lintas: bool) -> list[SimpulMutu]:
    """The nodes of `qs` (annotated by `berpagu_ada`, and by `lintas` when asked) as light rows."""
    return [SimpulMutu(*baris) for baris in qs.values_list(*KOLOM_SIMPUL, *(("lintas",) if lintas else ()))]


def simpul_dari(s: Sasaran) -> SimpulMutu:
    """A node already loaded as a model (annotated by `berpagu_ada`) as a light row."""
    return SimpulMutu(s.pk, s.induk_id, s.perangkat_daerah_id, s.tingkat_id, s.kode, s.uraian, s.berpagu)


# what the checks read of an indicator's manual, as annotations of an indicator query (None: no manual)
ANOTASI_MANUAL = {"manual_definisi": F("manual_ik__definisi"), "manual_jenis": F("manual_ik__jenis")}


def indikator_dari(ind: Indikator) -> IndikatorMutu:
    """An indicator annotated by `ANOTASI_MANUAL` as a light row."""
    return IndikatorMutu(
        ind.pk, ind.sasaran_id, ind.kode, ind.uraian, ind.satuan, ind.relasi_induk, ind.manual_definisi,
        ind.manual_jenis,
    )  # fmt: skip


@dataclass
class Bahan:
    """What every check reads: the nodes, their indicators with their manuals, the ids of crosscutting nodes
    (an accepted contributor), and the pemda's levels annotated by `tingkat_dengan_induk_kota`."""

    sasaran: list[SimpulMutu]
    indikator: list[IndikatorMutu]
    lintas: set[int]
    tingkat: dict[int, TingkatPohon]
    per_id: dict[int, SimpulMutu] = field(init=False)
    per_sasaran: dict[int, list[IndikatorMutu]] = field(init=False)
    berpagu: set[int] = field(init=False)
    tingkat_masuk: set[int] = field(init=False)

    def __post_init__(self) -> None:
        per_id = self.per_id = {s.pk: s for s in self.sasaran}
        per_sasaran: dict[int, list[IndikatorMutu]] = defaultdict(list)
        dalam = []
        for ind in self.indikator:  # one pass: the indicators of these nodes only, grouped by node
            if ind.sasaran_id in per_id:
                dalam.append(ind)
                per_sasaran[ind.sasaran_id].append(ind)
        self.indikator, self.per_sasaran = dalam, per_sasaran
        self.berpagu = {s.pk for s in self.sasaran if s.berpagu}
        self.tingkat_masuk = tingkat_masuk(self.tingkat.values())


def _ada_manual(ind: IndikatorMutu) -> bool:
    return ind.definisi is not None and bool(ind.definisi.strip())


def _nomenklatur(b: Bahan, s: SimpulMutu) -> str:
    tingkat = b.tingkat.get(s.tingkat_id)
    return tingkat.nomenklatur if tingkat is not None else ""


# --- the seven checks: each returns (items checked, items failing), ids of nodes or of indicators ---


def _tanpa_indikator(b: Bahan) -> tuple[list[int], set[int]]:
    return list(b.per_id), {pk for pk in b.per_id if not b.per_sasaran.get(pk)}


def _tanpa_manual(b: Bahan) -> tuple[list[int], set[int]]:
    return [i.pk for i in b.indikator], {i.pk for i in b.indikator if not _ada_manual(i)}


def _belum_selaras(b: Bahan) -> tuple[list[int], set[int]]:
    diperiksa = [s.pk for s in b.sasaran if s.perangkat_daerah_id and s.tingkat_id in b.tingkat_masuk]

    def selaras(s: SimpulMutu) -> bool:
        induk = b.per_id.get(s.induk_id)
        return induk is not None and induk.perangkat_daerah_id is None

    return diperiksa, {pk for pk in diperiksa if not selaras(b.per_id[pk])}


def _program_tanpa_indikator(b: Bahan) -> tuple[list[int], set[int]]:
    diperiksa = [s.pk for s in b.sasaran if _nomenklatur(b, s) == TingkatPohon.Nomenklatur.PROGRAM]
    return diperiksa, {pk for pk in diperiksa if not b.per_sasaran.get(pk)}


def _berpagu(b: Bahan) -> list[int]:
    return [s.pk for s in b.sasaran if s.pk in b.berpagu]


def _tanpa_output(b: Bahan) -> tuple[list[int], set[int]]:
    def ada_output(pk: int) -> bool:
        return any(ind.jenis == ManualIK.Jenis.OUTPUT for ind in b.per_sasaran.get(pk, []))

    diperiksa = _berpagu(b)
    return diperiksa, {pk for pk in diperiksa if not ada_output(pk)}


def _anggaran_lepas(b: Bahan) -> tuple[list[int], set[int]]:
    def sampai(s: SimpulMutu | None) -> bool:
        dilalui = set()
        while s is not None and s.pk not in dilalui:
            if s.perangkat_daerah_id and s.tingkat_id in b.tingkat_masuk:
                return True
            dilalui.add(s.pk)
            s = b.per_id.get(s.induk_id)
        return False

    diperiksa = _berpagu(b)
    return diperiksa, {pk for pk in diperiksa if not sampai(b.per_id[pk])}


def kunci_indikator(ind: IndikatorMutu) -> tuple[str, str]:
    """THE identity of "the same indicator" across nodes: description and unit, case-insensitive, spaces
    collapsed."""
    return " ".join(ind.uraian.split()).casefold(), " ".join(ind.satuan.split()).casefold()


def _indikator_ganda(b: Bahan) -> tuple[list[int], set[int]]:
    kelompok: dict[tuple[str, str], list[IndikatorMutu]] = defaultdict(list)
    for ind in b.indikator:
        if ind.relasi_induk != Indikator.Relasi.SAMA:
            kelompok[kunci_indikator(ind)].append(ind)
    gagal = set()
    for anggota in kelompok.values():  # one member: under one parent, whatever it is
        if len(anggota) > 1 and len({b.per_id[i.sasaran_id].induk_id for i in anggota}) > 1:
            gagal |= {i.pk for i in anggota if i.sasaran_id not in b.lintas}
    return [i.pk for i in b.indikator], gagal


@dataclass(frozen=True)
class Cek:
    """One quality check: its code (URL and anchor), the table heading, the badge on the tree, what it means,
    whether its items are nodes or indicators, and the function that runs it."""

    kode: str
    judul: str
    bendera: str
    penjelasan: str
    jenis: str
    periksa: Callable[[Bahan], tuple[list[int], set[int]]]


CEK: tuple[Cek, ...] = (
    Cek("tanpa-indikator", _("Simpul tanpa indikator"), _("tanpa indikator"),
        _("Simpul pohon kinerja yang belum memiliki satu pun indikator."), SIMPUL, _tanpa_indikator),
    Cek("tanpa-manual", _("Indikator tanpa manual"), _("belum ada manual"),
        _("Indikator yang belum memiliki Manual IK, atau manualnya belum berisi definisi operasional."),
        INDIKATOR, _tanpa_manual),
    Cek("belum-selaras", _("Sasaran PD belum selaras"), _("belum selaras"),
        _("Sasaran strategis PD (tingkat PD yang boleh bernaung di bawah tingkat kota) yang tidak berinduk, "
          "atau induknya bukan simpul kota pada periode ini."), SIMPUL, _belum_selaras),
    Cek("program-tanpa-indikator", _("Program tanpa indikator"), _("program tanpa indikator"),
        _("Simpul tingkat program yang belum memiliki indikator."), SIMPUL, _program_tanpa_indikator),
    Cek("tanpa-output", _("Sub kegiatan berpagu tanpa indikator output"), _("tanpa indikator output"),
        _("Sub kegiatan dengan pagu tahun ini di atas nol yang tidak memiliki indikator berjenis output menurut "
          "Manual IK-nya. Indikator tanpa manual tidak dihitung sebagai output."), SIMPUL, _tanpa_output),
    Cek("anggaran-lepas", _("Anggaran tidak terhubung ke sasaran"), _("anggaran tidak terhubung"),
        _("Sub kegiatan dengan pagu tahun ini yang rantai induknya tidak sampai ke sasaran strategis PD "
          "(cabang yatim)."), SIMPUL, _anggaran_lepas),
    Cek("indikator-ganda", _("Indikator ganda bukan lintas PD"), _("indikator ganda"),
        _("Indikator dengan uraian dan satuan yang sama muncul pada simpul dengan induk berbeda, padahal "
          "simpulnya bukan simpul lintas PD (tanpa kontributor yang menyetujui). Indikator berelasi "
          "\u201csama\u201d dengan indikator induknya tidak dihitung."), INDIKATOR, _indikator_ganda),
)  # fmt: skip

DEFINISI_KELENGKAPAN = _(
    "Kelengkapan cascading = jumlah butir yang lolos dibagi jumlah butir yang diperiksa, atas ketujuh "
    "pemeriksaan sekaligus, × 100%. Satu simpul atau indikator dihitung sekali pada setiap pemeriksaan yang "
    "berlaku baginya."
)


def persen_lolos(diperiksa: int, gagal: int) -> Decimal | None:
    """The exact share of passing items, in percent; None when nothing was checked."""
    if not diperiksa:
        return None
    return Decimal(100) * (diperiksa - gagal) / Decimal(diperiksa)


@dataclass
class HasilMutu:
    """The result of every check over one `Bahan`: per check code the items checked and those failing."""

    bahan: Bahan
    diperiksa: dict[str, list[int]]
    gagal: dict[str, set[int]]

    def pemilik(self, cek: Cek, item_id: int) -> int | None:
        """The PD id owning an item (None: a city node); an indicator belongs to its node's PD."""
        if cek.jenis == INDIKATOR:
            item_id = self._sasaran_indikator[item_id]
        return self.bahan.per_id[item_id].perangkat_daerah_id

    def simpul_dari(self, cek: Cek, item_id: int) -> int:
        return self._sasaran_indikator[item_id] if cek.jenis == INDIKATOR else item_id

    def simpul_bercatatan(self) -> set[int]:
        """The nodes with a failed check of their own or of one of their indicators."""
        hasil, peta = set(), self._sasaran_indikator
        for c in CEK:
            hasil.update(map(peta.__getitem__, self.gagal[c.kode]) if c.jenis == INDIKATOR else self.gagal[c.kode])
        return hasil

    def bendera_simpul(self, sasaran_id: int) -> list[Cek]:
        """The failed node checks of a node (a program without an indicator is not flagged twice)."""
        hasil = [c for c in CEK if c.jenis == SIMPUL and sasaran_id in self.gagal[c.kode]]
        if any(c.kode == "program-tanpa-indikator" for c in hasil):
            hasil = [c for c in hasil if c.kode != "tanpa-indikator"]
        return hasil

    @property
    def kelengkapan(self) -> Decimal | None:
        """Kelengkapan cascading over every check of this result (`persen_lolos`, the mutu page's figure)."""
        return persen_lolos(sum(map(len, self.diperiksa.values())), sum(map(len, self.gagal.values())))

    @property
    def kelengkapan_teks(self) -> str:
        return format_persen(self.kelengkapan) if self.kelengkapan is not None else "–"

    def bendera_indikator(self, indikator_id: int) -> list[Cek]:
        return [c for c in CEK if c.jenis == INDIKATOR and indikator_id in self.gagal[c.kode]]

    @property
    def _sasaran_indikator(self) -> dict[int, int]:
        if not hasattr(self, "_peta"):
            self._peta = {i.pk: i.sasaran_id for i in self.bahan.indikator}
        return self._peta


def periksa(bahan: Bahan) -> HasilMutu:
    """Run the seven checks over `bahan` (no query)."""
    diperiksa, gagal = {}, {}
    for cek in CEK:
        diperiksa[cek.kode], gagal[cek.kode] = cek.periksa(bahan)
    return HasilMutu(bahan=bahan, diperiksa=diperiksa, gagal=gagal)


def tingkat_dengan_induk_kota(qs: QuerySet[TingkatPohon]) -> QuerySet[TingkatPohon]:
    """`qs` annotated with `induk_kota`: whether the level may hang under a city level (no extra query)."""
    through = TingkatPohon.induk_boleh.through
    kota = through.objects.filter(from_tingkatpohon=OuterRef("pk"), to_tingkatpohon__lingkup=TingkatPohon.Lingkup.KOTA)
    return qs.annotate(induk_kota=Exists(kota))


def tingkat_masuk(tingkat: Iterable[TingkatPohon]) -> set[int]:
    """THE entry levels among levels annotated by `tingkat_dengan_induk_kota`: PD levels that may hang under a
    city level (by default Sasaran Strategis)."""
    return {t.pk for t in tingkat if t.lingkup == TingkatPohon.Lingkup.PD and t.induk_kota}


def berpagu_ada(tahun: int) -> Exists:
    """For a Sasaran queryset: whether the node has a sub kegiatan budget above zero in `tahun`. Annotated as
    `berpagu` on the nodes of the tree selector (kinerja/selectors/pohon.py), so it costs no query."""
    return Exists(AnggaranSubKegiatan.objects.filter(sasaran=OuterRef("pk"), tahun=tahun, pagu__gt=0))


def lintas_dari(kontributor: Iterable[Kontributor]) -> set[int]:
    """The crosscutting nodes: those with at least one accepted contributor."""
    return {k.sasaran_id for k in kontributor if k.status == StatusKeputusan.DISETUJUI}


def bahan_muat(*, sasaran: list[SimpulMutu], pemda_id: int | None) -> Bahan:
    """The material of the checks for `sasaran` (light rows, `simpul_ringan`): three queries whatever their
    number. Past `BATAS_DAFTAR_ID` nodes, indicators and contributors are read by pemda and kept for the given
    nodes only (binding thousands of ids is slower than reading the pemda's rows)."""
    ids = {s.pk for s in sasaran}
    # a PD's few nodes by id; a whole city's by pemda, kept for `ids` below
    dalam = {"sasaran_id__in": ids} if len(ids) <= BATAS_DAFTAR_ID else {"sasaran__pemda_id": pemda_id}
    indikator = Indikator.objects.filter(**dalam).order_by("urutan", "kode").values_list(*KOLOM_INDIKATOR)
    kontributor = Kontributor.objects.filter(**dalam, status=StatusKeputusan.DISETUJUI)
    tingkat = tingkat_dengan_induk_kota(TingkatPohon.objects.filter(pemda_id=pemda_id))
    return Bahan(
        sasaran=sasaran, indikator=[IndikatorMutu(*baris) for baris in indikator if baris[1] in ids],
        lintas={pk for pk in kontributor.values_list("sasaran_id", flat=True) if pk in ids},
        tingkat={t.pk: t for t in tingkat},
    )  # fmt: skip
