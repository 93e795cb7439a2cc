"""The engine's data: the regulation numbers (DOMAIN.md §2.2 and §3), the input and result dataclasses,
the predicate of a total, the method-A proposal and the default factories the data migration mirrors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal
from itertools import pairwise
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING

from sakip.lib.angka import DUA_DESIMAL, bulatkan

if TYPE_CHECKING:
    from .rencana_b import RencanaB

METODE_A = "A"  # the evaluator grades each sub-component (KemenPANRB style)
METODE_B = "B"  # sub-component value = mean of its criterion values × weight
JENIS_KRITERIA = "kriteria"
JENIS_SUBKOMPONEN = "subkomponen"
PERSEN = Decimal(100)
_NOL = bulatkan(Decimal(0))
_SATU = Decimal(1)
_KONTEKS = Context(prec=28)

# --- Default data (DOMAIN.md §2.2 and §3); the data migration mirrors these ---------------------------

NILAI_A_DEFAULT = (
    ("AA", "1"),
    ("A", "0.9"),
    ("BB", "0.8"),
    ("B", "0.7"),
    ("CC", "0.6"),
    ("C", "0.5"),
    ("D", "0.3"),
    ("E", "0"),
)
# (grade, share of Y answers in percent, bound inclusive?): the first row the share passes proposes the grade.
USULAN_A_DEFAULT = (
    ("BB", "100", True),
    ("B", "75", False),
    ("CC", "50", False),
    ("C", "25", False),
    ("D", "0", False),
    ("E", "0", True),
)
SKALA_YT_DEFAULT = (("Y", "1"), ("T", "0"))
SKALA_AE_DEFAULT = (("A", "1"), ("B", "0.75"), ("C", "0.5"), ("D", "0.25"), ("E", "0"))
VERSI_SKALA_PREDIKAT_DEFAULT = "PermenPANRB 88/2021"
# DOMAIN §3: the product shows, per year, the share of PD whose internal predicate is at least BB (the
# descriptor of BB speaks of two thirds of the units) and at least B; BB is also the city's next predicate.
PREDIKAT_AMBANG_TINGGI = "BB"
PREDIKAT_AMBANG_DASAR = "B"
BAND_DEFAULT = (
    (
        "AA",
        "Sangat Memuaskan",
        "Kinerja dikelola sangat baik di seluruh unit, terukur sampai individu",
        "90",
        "100",
    ),
    ("A", "Memuaskan", "Memimpin perubahan menuju pemerintahan berorientasi hasil", "80", "90"),
    ("BB", "Sangat Baik", "Akuntabilitas sangat baik di dua pertiga unit kerja", "70", "80"),
    ("B", "Baik", "Akuntabilitas baik di sepertiga unit kerja, terutama unit utama", "60", "70"),
    ("CC", "Cukup (Memadai)", "Cukup; perlu banyak perbaikan yang tidak mendasar", "50", "60"),
    ("C", "Kurang", "Belum dapat diandalkan; perlu perbaikan mendasar", "30", "50"),
    ("D", "Sangat Kurang", "Perlu perubahan yang sangat mendasar", "0", "30"),
)


def _mapping_beku(pasangan) -> Mapping[str, Decimal]:
    return MappingProxyType({kode: Decimal(nilai) for kode, nilai in pasangan})


# --- Input data ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkalaJawaban:
    """An answer scale (YT, AE, AAE): answer code -> value between 0 and 1; the largest value is "met"."""

    kode: str
    nilai: Mapping[str, Decimal]

    def __post_init__(self) -> None:
        object.__setattr__(self, "nilai", _mapping_beku(self.nilai.items()))
        if not self.nilai:
            raise ValueError(f"Skala jawaban {self.kode} tidak punya pilihan jawaban.")
        if any(not (0 <= v <= _SATU) for v in self.nilai.values()):
            raise ValueError(f"Nilai skala jawaban {self.kode} harus di antara 0 dan 1.")

    @property
    def kode_maks(self) -> str:
        """The answer code with the highest value (the first one listed when several share it)."""
        return max(self.nilai, key=self.nilai.__getitem__)


@dataclass(frozen=True, slots=True)
class Band:
    """One predicate band: AA "Sangat Memuaskan" from `batas_bawah` to `batas_atas`."""

    kode: str
    nama: str
    makna: str
    batas_bawah: Decimal
    batas_atas: Decimal


@dataclass(frozen=True, slots=True)
class SkalaPredikat:
    """A versioned band table. Default rule: lower bound exclusive, upper inclusive (70.00 -> B).

    With `bawah_inklusif` the lower bound is inclusive and the upper exclusive (70.00 -> BB); either way
    the scale's two ends belong to the end bands (0 -> D, 100 -> AA).
    """

    versi: str
    bands: tuple[Band, ...]
    bawah_inklusif: bool = False
    _naik: tuple[Band, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        naik = tuple(sorted(self.bands, key=attrgetter("batas_bawah")))
        if not naik or len({b.kode for b in naik}) != len(naik):
            raise ValueError(f"Skala predikat {self.versi} kosong atau kodenya berulang.")
        for bawah, atas in pairwise(naik):
            if bawah.batas_atas != atas.batas_bawah:
                raise ValueError(f"Band {bawah.kode} dan {atas.kode} tidak bersambung.")
        if any(b.batas_bawah >= b.batas_atas for b in naik):
            raise ValueError(f"Batas band pada skala predikat {self.versi} tidak urut.")
        object.__setattr__(self, "_naik", naik)

    def band(self, kode: str) -> Band:
        """The band with this code; ValueError when the table has none."""
        for b in self._naik:
            if b.kode == kode:
                return b
        raise ValueError(f"Predikat {kode} tidak ada pada skala {self.versi}.")

    def urut_turun(self) -> tuple[Band, ...]:
        """The bands from the highest (AA) down to the lowest."""
        return self._naik[::-1]

    def peringkat(self, kode: str) -> int:
        """Rank of a predicate code, 0 for the lowest band; higher is better."""
        return self._naik.index(self.band(kode))


@dataclass(frozen=True, slots=True)
class AmbangUsulan:
    """A method-A proposal row: a share of Y answers above (or at, if `inklusif`) `persen_bawah` -> `kode`."""

    kode: str
    persen_bawah: Decimal
    inklusif: bool = False


@dataclass(frozen=True, slots=True)
class TabelNilaiA:
    """Method A: grade -> share of the sub-component weight, and the proposal rows checked in order."""

    bagian: Mapping[str, Decimal]
    usulan: tuple[AmbangUsulan, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "bagian", _mapping_beku(self.bagian.items()))
        if any(a.kode not in self.bagian for a in self.usulan):
            raise ValueError("Setiap nilai usulan harus ada pada tabel nilai metode A.")


@dataclass(frozen=True, slots=True)
class Kriteria:
    """A criterion of the worksheet, answered on the scale with code `skala`."""

    kode: str
    skala: str


@dataclass(frozen=True, slots=True)
class SubKomponen:
    """A sub-component (keberadaan / kualitas / pemanfaatan) with its weight in total points."""

    kode: str
    nama: str
    jenis: str
    bobot: Decimal
    kriteria: tuple[Kriteria, ...]


@dataclass(frozen=True, slots=True)
class Komponen:
    """A component; its weight must equal the sum of its sub-component weights."""

    kode: str
    nama: str
    bobot: Decimal
    subkomponen: tuple[SubKomponen, ...]


@dataclass(frozen=True, slots=True)
class _KriteriaSiap:
    """A criterion with its scale resolved once per instrument (for speed and validation)."""

    kode: str
    nilai: Mapping[str, Decimal]
    maks: Decimal
    kode_maks: str
    # answer code -> (value, result, lost points) when every criterion of the sub is answered (method B)
    penuh: Mapping[str, tuple[Decimal, HasilKriteria, PoinHilang | None]]


@dataclass(frozen=True, slots=True)
class _SubSiap:
    """A sub-component with its component and prepared criteria."""

    sub: SubKomponen
    komponen: Komponen
    kriteria: tuple[_KriteriaSiap, ...]


@dataclass(frozen=True, slots=True)
class Instrumen:
    """A versioned worksheet: components, scoring method, answer scales, predicate table (all data).

    Checked on creation: method A/B, component weight = sum of its subs, total weight = top of the
    predicate scale, unique codes, known scales, at least one criterion per sub-component. An instrument
    with components and no sub-component at all is a results-only one (`hasil_saja`): the instrument of an
    earlier era whose results are recorded from their LHE as figures, never scored from answers.
    """

    kode: str
    metode: str
    komponen: tuple[Komponen, ...]
    skala_predikat: SkalaPredikat
    skala_jawaban: Mapping[str, SkalaJawaban]
    tabel_nilai_a: TabelNilaiA | None = None
    _sub: tuple[_SubSiap, ...] = field(init=False, repr=False, compare=False)
    _kode_kriteria: frozenset[str] = field(init=False, repr=False, compare=False)
    _rencana_b: RencanaB | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "skala_jawaban", MappingProxyType(dict(self.skala_jawaban)))
        _periksa_instrumen(self)
        subs = tuple(_siapkan_sub(self, k, s) for k in self.komponen for s in k.subkomponen)
        object.__setattr__(self, "_sub", subs)
        object.__setattr__(self, "_kode_kriteria", frozenset(k.kode for s in subs for k in s.kriteria))
        from .rencana_b import kompilasi_b  # the compiled plan reads this module's classes

        object.__setattr__(self, "_rencana_b", kompilasi_b(self) if self.metode == METODE_B and subs else None)

    @property
    def hasil_saja(self) -> bool:
        """Components only: results are recorded as figures, never computed from answers."""
        return not self._sub

    @property
    def jumlah_kriteria(self) -> int:
        """Number of criteria in the worksheet."""
        return len(self._kode_kriteria)


def _periksa_instrumen(ins: Instrumen) -> None:
    if ins.metode not in (METODE_A, METODE_B):
        raise ValueError(f"Metode penilaian {ins.metode!r} tidak dikenal (A atau B).")
    if ins.metode == METODE_A and ins.tabel_nilai_a is None:
        raise ValueError("Instrumen metode A memerlukan tabel nilai A.")
    subs = [s for k in ins.komponen for s in k.subkomponen]
    kriteria = [kr for s in subs for kr in s.kriteria]
    if len({s.kode for s in subs}) != len(subs) or len({kr.kode for kr in kriteria}) != len(kriteria):
        raise ValueError(f"Kode subkomponen atau kriteria pada instrumen {ins.kode} berulang.")
    hasil_saja = not subs  # a results-only instrument (see Instrumen): its components carry the weights
    for k in ins.komponen:
        if not hasil_saja and k.bobot != sum(s.bobot for s in k.subkomponen):
            raise ValueError(f"Bobot komponen {k.kode} tidak sama dengan jumlah bobot subkomponennya.")
    if sum(k.bobot for k in ins.komponen) != ins.skala_predikat._naik[-1].batas_atas:
        raise ValueError(f"Jumlah bobot instrumen {ins.kode} tidak sama dengan nilai maksimal skala predikat.")
    if not ins.komponen or (
        not hasil_saja and (any(not k.subkomponen for k in ins.komponen) or any(not s.kriteria for s in subs))
    ):
        raise ValueError("Setiap komponen harus punya subkomponen dan setiap subkomponen punya kriteria.")
    for kr in kriteria:
        if kr.skala not in ins.skala_jawaban:
            raise ValueError(f"Skala jawaban {kr.skala} untuk kriteria {kr.kode} tidak dikenal.")


def _siapkan_sub(ins: Instrumen, komponen: Komponen, sub: SubKomponen) -> _SubSiap:
    n = len(sub.kriteria)
    siap = []
    for kr in sub.kriteria:
        skala = ins.skala_jawaban[kr.skala]
        maks = skala.nilai[skala.kode_maks]
        penuh = {}
        for kode, v in skala.nilai.items():
            hilang = _bagi((maks - v) * sub.bobot, n)
            hasil = HasilKriteria(kr.kode, kode, v, hilang)
            poin = PoinHilang(kr.kode, JENIS_KRITERIA, sub.kode, komponen.kode, hilang) if hilang else None
            penuh[kode] = (v, hasil, poin)
        siap.append(_KriteriaSiap(kr.kode, skala.nilai, maks, skala.kode_maks, penuh))
    return _SubSiap(sub, komponen, tuple(siap))


def _kembaran(cls: type) -> type:
    """A plain class with the slots of the frozen dataclass `cls`, for the method-B fast path.

    That path fills one with ordinary attribute stores, every field, then sets its `__class__` to `cls`
    (same slots, same layout): the object is then a `cls` like any other, made in less than half the time
    of the frozen `__init__` (one `object.__setattr__` call per field). tests/evaluasi/test_scoring.py
    checks that the fast path's results equal the general path's, field for field.
    """
    return type(f"_{cls.__name__}Isi", (), {"__slots__": cls.__slots__})


def _bagi(pembilang: Decimal, penyebut: int) -> Decimal:
    """`pembilang / penyebut` rounded half-up to 2 decimals (see the module docstring on exactness)."""
    return bulatkan(_KONTEKS.divide(pembilang, penyebut))


# --- Results ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HasilKriteria:
    """One criterion: the answer, its value, and the total points it lost (None when unanswered)."""

    kode: str
    jawaban: str | None
    nilai: Decimal | None
    poin_hilang: Decimal | None


@dataclass(frozen=True, slots=True)
class PoinHilang:
    """Points of the total lost at one criterion (or, method A, at the sub-component's grade itself)."""

    kode: str
    jenis: str  # JENIS_KRITERIA or JENIS_SUBKOMPONEN
    subkomponen_kode: str
    komponen_kode: str
    poin: Decimal


@dataclass(frozen=True, slots=True)
class HasilSubKomponen:
    """A sub-component's rounded value; `nilai_a` is the grade used and `usulan` the proposal (method A)."""

    kode: str
    bobot: Decimal
    nilai: Decimal
    poin_hilang: Decimal
    jumlah_kriteria: int
    jumlah_terjawab: int
    lengkap: bool
    kriteria: tuple[HasilKriteria, ...]
    nilai_a: str | None = None
    usulan: str | None = None
    jumlah_terpenuhi: int = 0  # answered at the top of their scale (Y): the share that proposes the grade
    melebihi_dukungan: bool = False  # method A: the grade is above the one its criteria support


@dataclass(frozen=True, slots=True)
class HasilKomponen:
    """A component: the sum of its rounded sub-component values."""

    kode: str
    bobot: Decimal
    nilai: Decimal
    subkomponen: tuple[HasilSubKomponen, ...]


@dataclass(frozen=True, slots=True)
class Hasil:
    """The score of one evaluation; when `lengkap` is False the total covers only what was answered."""

    instrumen_kode: str
    metode: str
    komponen: tuple[HasilKomponen, ...]
    total: Decimal
    predikat: Band
    lengkap: bool
    jumlah_kriteria: int
    jumlah_terjawab: int
    kriteria_belum_dijawab: tuple[str, ...]
    subkomponen_belum_dinilai: tuple[str, ...]
    poin_hilang: tuple[PoinHilang, ...]

    @property
    def subkomponen_melebihi_dukungan(self) -> tuple[HasilSubKomponen, ...]:
        """Method A: the sub-components graded above what their criteria support (`nilai_a_melebihi_dukungan`)."""
        return tuple(s for k in self.komponen for s in k.subkomponen if s.melebihi_dukungan)


_IsiSub = _kembaran(HasilSubKomponen)
_IsiKomponen = _kembaran(HasilKomponen)
_IsiHasil = _kembaran(Hasil)


# --- Predicate and method-A proposal --------------------------------------------------------------------


def predikat(total: Decimal, skala: SkalaPredikat) -> Band:
    """The band of `total` read at 2 decimals under the table's boundary rule; ValueError outside it."""
    total = bulatkan(total)
    naik = skala._naik
    if not (naik[0].batas_bawah <= total <= naik[-1].batas_atas):
        raise ValueError(
            f"Nilai total {total} di luar rentang {naik[0].batas_bawah}–{naik[-1].batas_atas} skala predikat."
        )
    if skala.bawah_inklusif:
        return next(b for b in reversed(naik) if total >= b.batas_bawah)
    return next(b for b in naik if total <= b.batas_atas)


def total_minimal(kode: str, skala: SkalaPredikat) -> Decimal:
    """The smallest 2-decimal total that earns predicate `kode` (BB by default: 70.01)."""
    band = skala.band(kode)
    if skala.bawah_inklusif or band is skala._naik[0]:
        return band.batas_bawah
    return band.batas_bawah + _SATU.scaleb(-DUA_DESIMAL)


def usulan_nilai_a(jumlah_y: int, jumlah_kriteria: int, tabel: TabelNilaiA | None = None) -> str:
    """The grade proposed by the share of Y answers (default: 100 % BB, > 75 % B, ..., 0 E); exact."""
    if jumlah_kriteria < 1 or not 0 <= jumlah_y <= jumlah_kriteria:
        raise ValueError(f"Jumlah Y ({jumlah_y}) dari {jumlah_kriteria} kriteria tidak valid.")
    tabel = tabel or _TABEL_NILAI_A_DEFAULT
    persen_kali_n = jumlah_y * PERSEN  # share × 100 × jumlah_kriteria, kept integral so comparisons are exact
    for ambang in tabel.usulan:
        batas = ambang.persen_bawah * jumlah_kriteria
        if persen_kali_n > batas or (ambang.inklusif and persen_kali_n == batas):
            return ambang.kode
    raise ValueError(f"Tabel usulan nilai tidak mencakup {jumlah_y} dari {jumlah_kriteria} kriteria.")


def nilai_a_melebihi_dukungan(
    nilai_a: str | None, usulan: str | None, semua_terpenuhi: bool, tabel: TabelNilaiA | None = None
) -> bool:
    """THE rule of a method-A grade above what its criteria support (DOMAIN.md §2.2).

    The grade the criteria support is the one the share of Y answers proposes (`usulan_nilai_a`, passed
    as `usulan`). A grade worth more than it is above that support, and needs the evaluator's written
    justification (or, by a pemda's setting, is refused), except when every criterion is met: then A and
    AA are the evaluator's judgement the regulation provides for. Undecided (False) until every criterion
    of the sub-component is answered (`usulan` None) or while it is not graded.
    """
    if nilai_a is None or usulan is None or semua_terpenuhi:
        return False
    tabel = tabel or _TABEL_NILAI_A_DEFAULT
    return tabel.bagian[nilai_a] > tabel.bagian[usulan]


# --- Default factories ------------------------------------------------------------------------------------


def skala_jawaban_default() -> Mapping[str, SkalaJawaban]:
    """The default answer scales YT, AE and AAE (AAE uses the method-A grade shares)."""
    skala = (
        SkalaJawaban("YT", dict(SKALA_YT_DEFAULT)),
        SkalaJawaban("AE", dict(SKALA_AE_DEFAULT)),
        SkalaJawaban("AAE", dict(NILAI_A_DEFAULT)),
    )
    return MappingProxyType({s.kode: s for s in skala})


def skala_predikat_default(bawah_inklusif: bool = False) -> SkalaPredikat:
    """The default band table AA..D (DOMAIN.md §3); `bawah_inklusif` selects the other boundary rule."""
    bands = tuple(
        Band(kode, nama, makna, Decimal(bawah), Decimal(atas)) for kode, nama, makna, bawah, atas in BAND_DEFAULT
    )
    return SkalaPredikat(VERSI_SKALA_PREDIKAT_DEFAULT, bands, bawah_inklusif)


def tabel_nilai_a_default() -> TabelNilaiA:
    """The default method-A grade shares (AA 100 % .. E 0 %) and proposal rows (DOMAIN.md §2.2)."""
    usulan = tuple(AmbangUsulan(kode, Decimal(persen), inklusif) for kode, persen, inklusif in USULAN_A_DEFAULT)
    return TabelNilaiA(dict(NILAI_A_DEFAULT), usulan)


_TABEL_NILAI_A_DEFAULT = tabel_nilai_a_default()
