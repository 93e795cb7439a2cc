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
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_persen

from ..models import Indikator, Sasaran, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..models_usulan import Kontributor, StatusKeputusan

SIMPUL = "simpul"
INDIKATOR = "indikator"


@dataclass
class Bahan:
    """What every check reads: nodes (with `tingkat`), their indicators (with `manual_ik` loaded), the ids of
    budgeted sub kegiatan nodes, of crosscutting nodes (an accepted contributor) and of entry levels."""

    sasaran: list[Sasaran]
    indikator: list[Indikator]
    berpagu: set[int]
    lintas: set[int]
    tingkat_masuk: set[int]
    per_id: dict[int, Sasaran] = field(init=False)
    per_sasaran: dict[int, list[Indikator]] = field(init=False)

    def __post_init__(self) -> None:
        self.per_id = {s.pk: s for s in self.sasaran}
        self.indikator = [i for i in self.indikator if i.sasaran_id in self.per_id]
        self.per_sasaran = defaultdict(list)
        for ind in self.indikator:
            self.per_sasaran[ind.sasaran_id].append(ind)


def manual_dari(ind: Indikator) -> ManualIK | None:
    """The indicator's manual when it was loaded with `select_related("manual_ik")` (None when it has none)."""
    try:
        return ind.manual_ik
    except ManualIK.DoesNotExist:
        return None


def _ada_manual(ind: Indikator) -> bool:
    manual = manual_dari(ind)
    return manual is not None and bool(manual.definisi.strip())


def _nomenklatur(s: Sasaran) -> str:
    return s.tingkat.nomenklatur if s.tingkat is not None else ""


# --- the seven checks: each returns (items checked, items failing), ids of nodes or of indicators ---


def _tanpa_indikator(b: Bahan) -> tuple[list[int], set[int]]:
    return list(b.per_id), {pk for pk in b.per_id if not b.per_sasaran.get(pk)}


def _tanpa_manual(b: Bahan) -> tuple[list[int], set[int]]:
    return [i.pk for i in b.indikator], {i.pk for i in b.indikator if not _ada_manual(i)}


def _belum_selaras(b: Bahan) -> tuple[list[int], set[int]]:
    diperiksa = [s.pk for s in b.sasaran if s.perangkat_daerah_id and s.tingkat_id in b.tingkat_masuk]

    def selaras(s: Sasaran) -> bool:
        induk = b.per_id.get(s.induk_id)
        return induk is not None and induk.perangkat_daerah_id is None

    return diperiksa, {pk for pk in diperiksa if not selaras(b.per_id[pk])}


def _program_tanpa_indikator(b: Bahan) -> tuple[list[int], set[int]]:
    diperiksa = [s.pk for s in b.sasaran if _nomenklatur(s) == TingkatPohon.Nomenklatur.PROGRAM]
    return diperiksa, {pk for pk in diperiksa if not b.per_sasaran.get(pk)}


def _berpagu(b: Bahan) -> list[int]:
    return [s.pk for s in b.sasaran if s.pk in b.berpagu]


def _tanpa_output(b: Bahan) -> tuple[list[int], set[int]]:
    def ada_output(pk: int) -> bool:
        for ind in b.per_sasaran.get(pk, []):
            manual = manual_dari(ind)
            if manual is not None and manual.jenis == ManualIK.Jenis.OUTPUT:
                return True
        return False

    diperiksa = _berpagu(b)
    return diperiksa, {pk for pk in diperiksa if not ada_output(pk)}


def _anggaran_lepas(b: Bahan) -> tuple[list[int], set[int]]:
    def sampai(s: Sasaran | None) -> bool:
        dilalui = set()
        while s is not None and s.pk not in dilalui:
            if s.perangkat_daerah_id and s.tingkat_id in b.tingkat_masuk:
                return True
            dilalui.add(s.pk)
            s = b.per_id.get(s.induk_id)
        return False

    diperiksa = _berpagu(b)
    return diperiksa, {pk for pk in diperiksa if not sampai(b.per_id[pk])}


def kunci_indikator(ind: Indikator) -> tuple[str, str]:
    """THE identity of "the same indicator" across nodes: description and unit, case-insensitive, spaces
    collapsed."""
    return " ".join(ind.uraian.split()).casefold(), " ".join(ind.satuan.split()).casefold()


def _indikator_ganda(b: Bahan) -> tuple[list[int], set[int]]:
    kelompok: dict[tuple[str, str], list[Indikator]] = defaultdict(list)
    for ind in b.indikator:
        if ind.relasi_induk != Indikator.Relasi.SAMA:
            kelompok[kunci_indikator(ind)].append(ind)
    gagal = set()
    for anggota in kelompok.values():
        if len({b.per_id[i.sasaran_id].induk_id for i in anggota}) > 1:
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

    def bendera_simpul(self, sasaran_id: int) -> list[Cek]:
        """The failed node checks of a node (a program without an indicator is not flagged twice)."""
        hasil = [c for c in CEK if c.jenis == SIMPUL and sasaran_id in self.gagal[c.kode]]
        if any(c.kode == "program-tanpa-indikator" for c in hasil):
            hasil = [c for c in hasil if c.kode != "tanpa-indikator"]
        return hasil

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


def berpagu(sasaran: Iterable[Sasaran]) -> set[int]:
    """The budgeted nodes among `sasaran`, read with the `berpagu` annotation of `berpagu_ada`."""
    return {s.pk for s in sasaran if s.berpagu}


def lintas_dari(kontributor: Iterable[Kontributor]) -> set[int]:
    """The crosscutting nodes: those with at least one accepted contributor."""
    return {k.sasaran_id for k in kontributor if k.status == StatusKeputusan.DISETUJUI}


def bahan_muat(*, sasaran: list[Sasaran], pemda_id: int | None) -> Bahan:
    """The material of the checks for `sasaran` (loaded with `tingkat` and annotated by `berpagu_ada`): three
    queries whatever their number."""
    ids = [s.pk for s in sasaran]
    indikator = Indikator.objects.filter(sasaran_id__in=ids).select_related("manual_ik").order_by("urutan", "kode")
    kontributor = Kontributor.objects.filter(sasaran_id__in=ids, status=StatusKeputusan.DISETUJUI)
    tingkat = tingkat_dengan_induk_kota(TingkatPohon.objects.filter(pemda_id=pemda_id))
    return Bahan(
        sasaran=sasaran, indikator=list(indikator), berpagu=berpagu(sasaran),
        lintas=lintas_dari(kontributor.only("sasaran_id", "status")), tingkat_masuk=tingkat_masuk(tingkat),
    )  # fmt: skip


# --- the summary per PD and the lists of offending items (the /perencanaan/mutu/ page, the dashboard) ---

KOTA = "kota"  # the `pd` filter value of the city's own nodes


@dataclass
class BarisMutu:
    """One row of the summary: a PD, the city's own nodes or the whole pemda; per check the failing count."""

    nama: str
    pd: str  # the `pd` filter value of this row ("" for the total)
    jumlah: list[tuple[Cek, int]]
    diperiksa: int = 0
    gagal: int = 0

    @property
    def kelengkapan(self) -> Decimal | None:
        return persen_lolos(self.diperiksa, self.gagal)

    @property
    def kelengkapan_teks(self) -> str:
        return format_persen(self.kelengkapan)


@dataclass
class Temuan:
    """One offending item: the check, the node (and the indicator for an indicator check), the link."""

    cek: Cek
    kode: str
    uraian: str
    simpul: str  # the node's code and level, for an indicator
    pemilik: str
    url: str


def _hitung(hasil: HasilMutu) -> dict[str, dict[int | None, list[int]]]:
    """Per check, per owner (PD id, None for the city): [items checked, items failing], in one pass."""
    hitung: dict[str, dict[int | None, list[int]]] = {}
    for cek in CEK:
        per_pemilik = hitung[cek.kode] = defaultdict(lambda: [0, 0])
        gagal = hasil.gagal[cek.kode]
        for item in hasil.diperiksa[cek.kode]:
            angka = per_pemilik[hasil.pemilik(cek, item)]
            angka[0] += 1
            angka[1] += item in gagal
    return hitung


def _baris(hitung: dict, nama: str, pd: str, pemilik: Iterable[int | None] | None) -> BarisMutu:
    """The row of the owners `pemilik` (every owner when None)."""
    baris = BarisMutu(nama=nama, pd=pd, jumlah=[])
    for cek in CEK:
        per_pemilik = hitung[cek.kode]
        angka = [per_pemilik[p] for p in pemilik if p in per_pemilik] if pemilik is not None else per_pemilik.values()
        diperiksa, gagal = sum(a[0] for a in angka), sum(a[1] for a in angka)
        baris.jumlah.append((cek, gagal))
        baris.diperiksa += diperiksa
        baris.gagal += gagal
    return baris


def ringkas(hasil: HasilMutu, *, pilihan_pd: list[PerangkatDaerah], kota: bool) -> list[BarisMutu]:
    """A row per PD of `pilihan_pd`; with `kota`, also the city's own nodes and the whole pemda (last)."""
    hitung = _hitung(hasil)
    daftar = [_baris(hitung, pd.singkatan or pd.nama, str(pd.pk), [pd.pk]) for pd in pilihan_pd]
    if kota:
        daftar.append(_baris(hitung, _("Simpul tingkat kota"), KOTA, [None]))
        daftar.append(_baris(hitung, _("Seluruh kota"), "", None))
    return daftar


def _url_simpul(s: Sasaran, *, tahun: int, ke_kota: bool) -> str:
    """The node on its tree page, filtered to its code so that it is shown open, anchored at it."""
    kueri = urlencode({"tahun": tahun, "cari": s.kode})
    if s.perangkat_daerah_id and not ke_kota:
        return f"{reverse('perencanaan:pohon_pd', args=[s.perangkat_daerah_id])}?{kueri}#simpul-{s.pk}"
    return f"{reverse('perencanaan:pohon')}?{kueri}#simpul-{s.pk}"


def temuan(hasil: HasilMutu, *, tahun: int, cek: Cek | None, pilih: Callable[[int | None], bool]) -> list[Temuan]:
    """The failing items of `cek` (every check when None) whose owner `pilih` accepts, with their links.
    A duplicate indicator links to the city tree, where the other occurrences are also shown."""
    per_indikator = {i.pk: i for i in hasil.bahan.indikator}
    daftar = []
    for c in CEK if cek is None else (cek,):
        for item in sorted(hasil.gagal[c.kode]):
            if not pilih(hasil.pemilik(c, item)):
                continue
            s = hasil.bahan.per_id[hasil.simpul_dari(c, item)]
            obj = per_indikator[item] if c.jenis == INDIKATOR else s
            pemilik = s.perangkat_daerah.singkatan or s.perangkat_daerah.nama if s.perangkat_daerah else _("Kota")
            tingkat = s.tingkat.nama if s.tingkat else _("Tanpa tingkat")
            daftar.append(Temuan(
                cek=c, kode=obj.kode, uraian=obj.uraian, simpul=f"{s.kode} · {tingkat}", pemilik=pemilik,
                url=_url_simpul(s, tahun=tahun, ke_kota=c.kode == "indikator-ganda"),
            ))  # fmt: skip
    return sorted(daftar, key=lambda t: (t.pemilik, t.simpul, t.kode))


TEMUAN_MAKS = 300  # items listed at once; a PD or check filter narrows the list


@dataclass
class HalamanMutu:
    """The /perencanaan/mutu/ page: the summary rows, the headline row (the whole city, or a PD user's own
    PD), the listed items (when a filter is chosen, or always for a PD user) and the filters."""

    baris: list[BarisMutu]
    utama: BarisMutu | None
    temuan: list[Temuan] | None
    jumlah_temuan: int
    cek: Cek | None
    pd: str
    nama_pd: str
    ada_pilihan: bool = False  # a check or (for city roles) a PD was chosen: offer to clear it


def cek_dari(kode: str) -> Cek | None:
    """The check of a code from the query string; an unknown code is no check (no filter)."""
    return next((c for c in CEK if c.kode == kode), None)


def _pemilih(kunci: str) -> Callable[[int | None], bool]:
    """The owner test of a row's `pd` value: a PD id, `KOTA` (the city's own nodes) or "" (every owner)."""
    if kunci == KOTA:
        return lambda p: p is None
    if kunci:
        return lambda p, pk=int(kunci): p == pk
    return lambda p: True


def halaman_mutu(*, hasil: HasilMutu, pilihan_pd: list[PerangkatDaerah], terikat_pd: bool, tahun: int,
                 cek: Cek | None = None, pd: PerangkatDaerah | str | None = None) -> HalamanMutu:  # fmt: skip
    """The page over `hasil` (the checks over what the user may see): a row per PD of `pilihan_pd` and, for
    city roles, the city's own nodes and the whole city. `pd` is a PD fetched through the choke point, or
    `KOTA`. PD staff (`terikat_pd`, `pilihan_pd` their own PD) get their own row and items only."""
    baris = ringkas(hasil, pilihan_pd=pilihan_pd, kota=not terikat_pd)
    if terikat_pd:
        kunci = str(pilihan_pd[0].pk) if pilihan_pd else None
    else:
        kunci = str(pd.pk) if isinstance(pd, PerangkatDaerah) else (pd or "")
    daftar = None
    if kunci is None:
        daftar = []
    elif cek is not None or kunci or terikat_pd:
        daftar = temuan(hasil, tahun=tahun, cek=cek, pilih=_pemilih(kunci))
    return HalamanMutu(
        baris=baris, utama=baris[-1] if baris else None, cek=cek, pd=kunci or "",
        temuan=daftar[:TEMUAN_MAKS] if daftar is not None else None, jumlah_temuan=len(daftar or []),
        nama_pd=next((b.nama for b in baris if kunci and b.pd == kunci), ""),
        ada_pilihan=cek is not None or (bool(kunci) and not terikat_pd),
    )  # fmt: skip


@dataclass
class RingkasanKota:
    """The dashboard's card: the whole city's row and the PD with the lowest kelengkapan cascading."""

    kota: BarisMutu
    terendah: list[BarisMutu]


def ringkasan_kota(hasil: HasilMutu, *, jumlah: int = 5) -> RingkasanKota:
    """The city figure and the `jumlah` PD rows with the lowest figure among those with a failing item, the
    PD taken from the nodes themselves (no query)."""
    pd = {s.perangkat_daerah_id: s.perangkat_daerah for s in hasil.bahan.sasaran if s.perangkat_daerah_id}
    baris = ringkas(hasil, pilihan_pd=sorted(pd.values(), key=lambda p: p.kode), kota=True)
    per_pd = [b for b in baris[:-2] if b.gagal]
    return RingkasanKota(kota=baris[-1], terendah=sorted(per_pd, key=lambda b: (b.kelengkapan, b.nama))[:jumlah])
