"""Scoring engine for the evaluation worksheet (LKE): PermenPANRB 88/2021, DOMAIN.md §2–3.

Pure: frozen dataclasses of `Decimal` in and out, nothing of Django. Every regulation number (weights,
answer values, grade shares, proposal thresholds, predicate bands) comes in as data; the `*_default()`
factories build the default data that the database data migration mirrors.

Rounding (DOMAIN.md §2.2): each sub-component value is rounded half-up to 2 decimals with the product's
one helper (`bulatkan`); a component is the sum of its rounded sub-components, the total the sum of the
components, and the predicate is read from that total. Divisions run in a fixed 28-digit context: the
exact quotient of these small rationals is never within 1e-26 of a rounding tie unless it *is* the tie
(then it is exact), so the half-up result is the exact one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal
from itertools import pairwise
from operator import attrgetter
from types import MappingProxyType

from sakip.lib.angka import DUA_DESIMAL, bulatkan

__all__ = [
    "JENIS_KRITERIA",
    "JENIS_SUBKOMPONEN",
    "METODE_A",
    "METODE_B",
    "AmbangUsulan",
    "Band",
    "Hasil",
    "HasilKomponen",
    "HasilKriteria",
    "HasilSubKomponen",
    "Instrumen",
    "Komponen",
    "Kriteria",
    "Perubahan",
    "PoinHilang",
    "Rencana",
    "SkalaJawaban",
    "SkalaPredikat",
    "SubKomponen",
    "TabelNilaiA",
    "plan",
    "predikat",
    "score",
    "skala_jawaban_default",
    "skala_predikat_default",
    "tabel_nilai_a_default",
    "total_minimal",
    "usulan_nilai_a",
]

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
    predicate scale, unique codes, known scales, at least one criterion per sub-component.
    """

    kode: str
    metode: str
    komponen: tuple[Komponen, ...]
    skala_predikat: SkalaPredikat
    skala_jawaban: Mapping[str, SkalaJawaban]
    tabel_nilai_a: TabelNilaiA | None = None
    _sub: tuple[_SubSiap, ...] = field(init=False, repr=False, compare=False)
    _kode_kriteria: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "skala_jawaban", MappingProxyType(dict(self.skala_jawaban)))
        _periksa_instrumen(self)
        subs = tuple(_siapkan_sub(self, k, s) for k in self.komponen for s in k.subkomponen)
        object.__setattr__(self, "_sub", subs)
        object.__setattr__(self, "_kode_kriteria", frozenset(k.kode for s in subs for k in s.kriteria))

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
    for k in ins.komponen:
        if k.bobot != sum(s.bobot for s in k.subkomponen):
            raise ValueError(f"Bobot komponen {k.kode} tidak sama dengan jumlah bobot subkomponennya.")
    if sum(k.bobot for k in ins.komponen) != ins.skala_predikat._naik[-1].batas_atas:
        raise ValueError(f"Jumlah bobot instrumen {ins.kode} tidak sama dengan nilai maksimal skala predikat.")
    if any(not k.subkomponen for k in ins.komponen) or any(not s.kriteria for s in subs):
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


# --- Scoring ------------------------------------------------------------------------------------------


def score(
    instrumen: Instrumen, jawaban: Mapping[str, str | None], nilai_sub: Mapping[str, str | None] | None = None
) -> Hasil:
    """Score one evaluation: per sub-component, per component, total, predicate and lost points.

    `jawaban` maps criterion code -> answer code; a missing key or None means not answered yet.
    `nilai_sub` (method A only) maps sub-component code -> the evaluator's grade.

    Missing answers are never counted as 0 silently: the result has `lengkap=False` and lists them.
    Method B scores a sub-component by the mean over its *answered* criteria; a sub with no answer at
    all is worth 0 and its criteria are listed as unanswered. Method A scores a sub by its grade; a
    sub without a grade is worth 0 and listed in `subkomponen_belum_dinilai`; `usulan` is the grade
    proposed by the share of Y answers (None until all of its criteria are answered).

    Lost points (`poin_hilang`, points of the total, rounded to 2 decimals, largest first):
    method B, criterion = (max − value) / answered criteria of its sub × sub weight. Method A: a graded
    sub loses weight − value; the part below the all-met grade (BB) is split equally over its criteria
    not met (answered below the top of their scale), the rest (what only A/AA judgement earns, or all of
    it when no criterion is unmet) is one entry for the sub-component itself. Unanswered criteria and
    ungraded subs have no lost-points entry. For a complete evaluation the entries add up to
    maximum − total within 0.005 × (criteria + sub-components), the rounding of each entry and part.
    """
    if not jawaban.keys() <= instrumen._kode_kriteria:
        asing = sorted(set(jawaban) - instrumen._kode_kriteria)
        raise ValueError(f"Kriteria {', '.join(asing)} tidak ada pada instrumen {instrumen.kode}.")
    if instrumen.metode == METODE_B:
        if nilai_sub:
            raise ValueError("Nilai subkomponen hanya dipakai pada instrumen metode A.")
        hasil_sub = [_skor_sub_b(s, jawaban) for s in instrumen._sub]
    else:
        nilai_sub = nilai_sub or {}
        kode_sub = {s.sub.kode for s in instrumen._sub}
        if not nilai_sub.keys() <= kode_sub:
            raise ValueError(f"Subkomponen {', '.join(sorted(set(nilai_sub) - kode_sub))} tidak dikenal.")
        hasil_sub = [
            _skor_sub_a(s, jawaban, nilai_sub.get(s.sub.kode), instrumen.tabel_nilai_a) for s in instrumen._sub
        ]
    return _rangkum(instrumen, hasil_sub)


def _nilai_jawaban(kr: _KriteriaSiap, kode: str) -> Decimal:
    nilai = kr.nilai.get(kode)
    if nilai is None:
        raise ValueError(f"Jawaban {kode!r} untuk kriteria {kr.kode} tidak ada pada skalanya.")
    return nilai


def _skor_sub_b(siap: _SubSiap, jawaban: Mapping[str, str | None]) -> tuple[HasilSubKomponen, list]:
    sub = siap.sub
    kode_jawaban = [jawaban.get(kr.kode) for kr in siap.kriteria]
    # The common case, all answered with valid codes: per-criterion results are precomputed per answer code.
    baris = (
        None if None in kode_jawaban else [kr.penuh.get(k) for kr, k in zip(siap.kriteria, kode_jawaban, strict=True)]
    )
    if baris is not None and None not in baris:
        nilai = _bagi(sum(b[0] for b in baris) * sub.bobot, len(baris))
        hasil = HasilSubKomponen(
            sub.kode,
            sub.bobot,
            nilai,
            sub.bobot - nilai,
            len(baris),
            len(baris),
            True,
            tuple(b[1] for b in baris),
        )
        return hasil, [b[2] for b in baris if b[2] is not None]
    return _skor_sub_b_sebagian(siap, kode_jawaban)  # also refuses codes not on a criterion's scale


def _skor_sub_b_sebagian(siap: _SubSiap, kode_jawaban: list[str | None]) -> tuple[HasilSubKomponen, list]:
    sub = siap.sub
    nilai_kr = [None if k is None else _nilai_jawaban(kr, k) for kr, k in zip(siap.kriteria, kode_jawaban, strict=True)]
    m = sum(v is not None for v in nilai_kr)
    nilai = _bagi(sum(v for v in nilai_kr if v is not None) * sub.bobot, m) if m else _NOL
    hasil_kr, poin = [], []
    for kr, kode, v in zip(siap.kriteria, kode_jawaban, nilai_kr, strict=True):
        hilang = None if v is None else _bagi((kr.maks - v) * sub.bobot, m)
        hasil_kr.append(HasilKriteria(kr.kode, kode, v, hilang))
        if hilang:
            poin.append(PoinHilang(kr.kode, JENIS_KRITERIA, sub.kode, siap.komponen.kode, hilang))
    n = len(siap.kriteria)
    hasil = HasilSubKomponen(sub.kode, sub.bobot, nilai, sub.bobot - nilai, n, m, False, tuple(hasil_kr))
    return hasil, poin


def _skor_sub_a(
    siap: _SubSiap, jawaban: Mapping[str, str | None], nilai_a: str | None, tabel: TabelNilaiA
) -> tuple[HasilSubKomponen, list]:
    sub = siap.sub
    kode_jawaban = [jawaban.get(kr.kode) for kr in siap.kriteria]
    nilai_kr = [None if k is None else _nilai_jawaban(kr, k) for kr, k in zip(siap.kriteria, kode_jawaban, strict=True)]
    belum = [kr for kr, v in zip(siap.kriteria, nilai_kr, strict=True) if v is not None and v < kr.maks]
    n, m = len(siap.kriteria), sum(v is not None for v in nilai_kr)
    usulan = usulan_nilai_a(n - len(belum), n, tabel) if m == n else None
    if nilai_a is not None and nilai_a not in tabel.bagian:
        raise ValueError(f"Nilai {nilai_a!r} untuk subkomponen {sub.kode} tidak ada pada tabel nilai.")
    nilai = _NOL if nilai_a is None else bulatkan(tabel.bagian[nilai_a] * sub.bobot)
    hilang_kr, poin = _poin_hilang_a(siap, tabel, nilai, belum) if nilai_a is not None else ({}, [])
    hasil_kr = tuple(
        HasilKriteria(kr.kode, k, v, None if v is None or nilai_a is None else hilang_kr.get(kr.kode, _NOL))
        for kr, k, v in zip(siap.kriteria, kode_jawaban, nilai_kr, strict=True)
    )
    lengkap = m == n and nilai_a is not None
    hasil = HasilSubKomponen(sub.kode, sub.bobot, nilai, sub.bobot - nilai, n, m, lengkap, hasil_kr, nilai_a, usulan)
    return hasil, poin


def _poin_hilang_a(
    siap: _SubSiap, tabel: TabelNilaiA, nilai: Decimal, belum: list[_KriteriaSiap]
) -> tuple[dict[str, Decimal], list[PoinHilang]]:
    sub, n = siap.sub, len(siap.kriteria)
    nilai_penuh = bulatkan(tabel.bagian[usulan_nilai_a(n, n, tabel)] * sub.bobot)
    bagian_kriteria = max(nilai_penuh - nilai, _NOL) if belum else _NOL
    per_kriteria = _bagi(bagian_kriteria, len(belum)) if belum else _NOL
    sisa = sub.bobot - nilai - bagian_kriteria
    poin = [PoinHilang(kr.kode, JENIS_KRITERIA, sub.kode, siap.komponen.kode, per_kriteria) for kr in belum]
    poin = [p for p in poin if p.poin]
    if sisa:
        poin.append(PoinHilang(sub.kode, JENIS_SUBKOMPONEN, sub.kode, siap.komponen.kode, sisa))
    return {kr.kode: per_kriteria for kr in belum}, poin


def _rangkum(instrumen: Instrumen, hasil_sub: list[tuple[HasilSubKomponen, list]]) -> Hasil:
    komponen, poin, i = [], [], 0
    for k in instrumen.komponen:
        bagian = [h for h, _ in hasil_sub[i : i + len(k.subkomponen)]]
        for _, p in hasil_sub[i : i + len(k.subkomponen)]:
            poin.extend(p)
        i += len(k.subkomponen)
        komponen.append(HasilKomponen(k.kode, k.bobot, sum(h.nilai for h in bagian), tuple(bagian)))
    total = sum(k.nilai for k in komponen)
    subs = [h for h, _ in hasil_sub]
    belum_dijawab = tuple(
        kr.kode for h in subs if h.jumlah_terjawab < h.jumlah_kriteria for kr in h.kriteria if kr.jawaban is None
    )
    belum_dinilai = tuple(h.kode for h in subs if instrumen.metode == METODE_A and h.nilai_a is None)
    poin.sort(key=attrgetter("poin"), reverse=True)  # stable: ties keep worksheet order
    return Hasil(
        instrumen.kode,
        instrumen.metode,
        tuple(komponen),
        total,
        predikat(total, instrumen.skala_predikat),
        not belum_dijawab and not belum_dinilai,
        instrumen.jumlah_kriteria,
        instrumen.jumlah_kriteria - len(belum_dijawab),
        belum_dijawab,
        belum_dinilai,
        tuple(poin),
    )


def _nilai_rata(jumlah: Decimal, terjawab: int, bobot: Decimal) -> Decimal:
    """Method B: mean of `terjawab` answered values (summing to `jumlah`) × weight, rounded; 0 if none."""
    return _bagi(jumlah * bobot, terjawab) if terjawab else _NOL


# --- Planning: the fewest changes that reach a target -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Perubahan:
    """One change of a plan: a criterion's answer (method B) or a sub-component's grade (method A).

    `tambahan` is the gain in total points with the plan's earlier changes of the same sub-component
    applied (largest gap first). Rounded sub-component values make single gains depend on that order,
    but the gains of a plan add up exactly to its total minus the current total.
    For method A, `kriteria_belum_terpenuhi` names the criteria of the sub not yet met (T or unanswered).
    """

    kode: str
    jenis: str
    subkomponen_kode: str
    dari: str | None
    ke: str
    tambahan: Decimal
    kriteria_belum_terpenuhi: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rencana:
    """A what-if plan. When `tercapai` is False no set of changes reaches `target_total`, and
    `perubahan` is instead the fewest changes giving the highest total the worksheet allows."""

    tercapai: bool
    target_total: Decimal
    target_predikat: str | None
    total_awal: Decimal
    total: Decimal
    predikat: Band
    perubahan: tuple[Perubahan, ...]

    @property
    def jumlah_perubahan(self) -> int:
        """Number of changes in the plan."""
        return len(self.perubahan)


@dataclass(frozen=True, slots=True)
class _Opsi:
    """A sub-component's best rounded value with a given number of changes, and which changes."""

    nilai: Decimal
    naik: tuple[_KriteriaSiap, ...] = ()  # answered criteria raised to the top of their scale
    isi: tuple[_KriteriaSiap, ...] = ()  # unanswered criteria answered at the top of their scale
    nilai_a: str | None = None


def plan(
    instrumen: Instrumen,
    jawaban: Mapping[str, str | None],
    target_total: Decimal | None = None,
    target_predikat: str | None = None,
    nilai_sub: Mapping[str, str | None] | None = None,
    nilai_maks_a: str | None = None,
) -> Rencana:
    """The fewest answer changes that make the total reach the target; ties go to the highest total.

    The target is `target_total` (total >= it), `target_predikat` (the smallest total of that band:
    BB needs 70.01 under the default rule), or both. Method B changes a criterion at most once, to the
    top of its scale; unanswered criteria may be answered (from None). Method A changes a
    sub-component's grade, up to `nilai_maks_a`, by default the all-met grade (BB): A and AA need the
    evaluator's judgement. Exact despite rounding: per sub-component the best rounded value for every
    number of changes (raise the criteria with the largest gaps, fill the missing ones with the largest
    top values), then a knapsack over sub-components on number of changes -> highest total.
    Unanswered criteria stay out of the means as in `score`, so with missing answers the plan is as
    provisional as the score.
    """
    awal = score(instrumen, jawaban, nilai_sub)
    ambang = _ambang(instrumen.skala_predikat, target_total, target_predikat)
    nilai_sub = nilai_sub or {}
    if instrumen.metode == METODE_B:
        opsi = [_opsi_sub_b(s, jawaban) for s in instrumen._sub]
    else:
        maks = _nilai_maks_a(instrumen.tabel_nilai_a, nilai_maks_a)
        opsi = [_opsi_sub_a(s, nilai_sub.get(s.sub.kode), maks, instrumen.tabel_nilai_a) for s in instrumen._sub]
    terbaik, jejak = _knapsack(opsi)
    k = next((k for k, total in enumerate(terbaik) if total >= ambang), None)
    tercapai = k is not None
    k = k if tercapai else terbaik.index(max(terbaik))
    perubahan = []
    for siap, pilihan, j in zip(instrumen._sub, opsi, _lacak(jejak, k), strict=True):
        if j:
            perubahan.extend(_langkah(siap, jawaban, nilai_sub, pilihan[0], pilihan[j]))
    perubahan.sort(key=attrgetter("tambahan"), reverse=True)
    total = terbaik[k]
    return Rencana(
        tercapai=tercapai,
        target_total=ambang,
        target_predikat=target_predikat,
        total_awal=awal.total,
        total=total,
        predikat=predikat(total, instrumen.skala_predikat),
        perubahan=tuple(perubahan),
    )


def _ambang(skala: SkalaPredikat, target_total: Decimal | None, target_predikat: str | None) -> Decimal:
    """The smallest total that meets every target given."""
    if target_total is None and target_predikat is None:
        raise ValueError("Tentukan target nilai total atau target predikat.")
    batas = [] if target_total is None else [Decimal(target_total)]
    if target_predikat is not None:
        batas.append(total_minimal(target_predikat, skala))
    return max(batas)


def _nilai_maks_a(tabel: TabelNilaiA, nilai_maks_a: str | None) -> str:
    """The highest grade a plan may give: `nilai_maks_a`, or by default the all-met grade (BB)."""
    maks = nilai_maks_a or usulan_nilai_a(1, 1, tabel)
    if maks not in tabel.bagian:
        raise ValueError(f"Nilai maksimal {maks!r} tidak ada pada tabel nilai.")
    return maks


def _opsi_sub_b(siap: _SubSiap, jawaban: Mapping[str, str | None]) -> list[_Opsi]:
    """Index j: the best option with exactly j changes in this sub-component."""
    bobot = siap.sub.bobot
    dijawab = [(kr, kr.nilai[jawaban[kr.kode]]) for kr in siap.kriteria if jawaban.get(kr.kode) is not None]
    naik = sorted((p for p in dijawab if p[1] < p[0].maks), key=lambda p: p[0].maks - p[1], reverse=True)
    isi = sorted((kr for kr in siap.kriteria if jawaban.get(kr.kode) is None), key=attrgetter("maks"), reverse=True)
    jumlah = sum((v for _, v in dijawab), _NOL)
    terbaik: dict[int, _Opsi] = {}
    for r in range(len(naik) + 1):
        jumlah_r = jumlah + sum((kr.maks - v for kr, v in naik[:r]), _NOL)
        for f in range(len(isi) + 1):
            nilai = _nilai_rata(jumlah_r + sum((kr.maks for kr in isi[:f]), _NOL), len(dijawab) + f, bobot)
            if r + f not in terbaik or nilai > terbaik[r + f].nilai:
                terbaik[r + f] = _Opsi(nilai, tuple(kr for kr, _ in naik[:r]), tuple(isi[:f]))
    return [terbaik[j] for j in range(len(terbaik))]


def _opsi_sub_a(siap: _SubSiap, sekarang: str | None, maks: str, tabel: TabelNilaiA) -> list[_Opsi]:
    """Method A: keep the grade, or (one change) raise it to `maks` when that is higher."""
    bobot = siap.sub.bobot
    tetap = _Opsi(_NOL if sekarang is None else bulatkan(tabel.bagian[sekarang] * bobot), nilai_a=sekarang)
    if sekarang is not None and tabel.bagian[sekarang] >= tabel.bagian[maks]:
        return [tetap]
    return [tetap, _Opsi(bulatkan(tabel.bagian[maks] * bobot), nilai_a=maks)]


def _knapsack(opsi: list[list[_Opsi]]) -> tuple[list[Decimal], list[list[int]]]:
    """terbaik[k]: the highest total with exactly k changes; jejak[s][k]: changes taken in sub s."""
    terbaik: list[Decimal] = [_NOL]
    jejak = []
    for pilihan in opsi:
        baru: list[Decimal | None] = [None] * (len(terbaik) + len(pilihan) - 1)
        dipilih = [0] * len(baru)
        for k, total in enumerate(terbaik):
            for j, o in enumerate(pilihan):
                calon = total + o.nilai
                if baru[k + j] is None or calon > baru[k + j]:
                    baru[k + j], dipilih[k + j] = calon, j
        terbaik = baru
        jejak.append(dipilih)
    return terbaik, jejak


def _lacak(jejak: list[list[int]], k: int) -> list[int]:
    """Walk the knapsack back from k changes: how many changes each sub-component takes."""
    pilihan = []
    for dipilih in reversed(jejak):
        pilihan.append(dipilih[k])
        k -= dipilih[k]
    return pilihan[::-1]


def _langkah(
    siap: _SubSiap,
    jawaban: Mapping[str, str | None],
    nilai_sub: Mapping[str, str | None],
    awal: _Opsi,
    opsi: _Opsi,
) -> list[Perubahan]:
    """The changes of one sub-component's chosen option, each with its gain in total points."""
    sub = siap.sub
    if opsi.nilai_a is not None:
        belum = tuple(kr.kode for kr in siap.kriteria if kr.nilai.get(jawaban.get(kr.kode)) != kr.maks)
        dari = nilai_sub.get(sub.kode)
        return [Perubahan(sub.kode, JENIS_SUBKOMPONEN, sub.kode, dari, opsi.nilai_a, opsi.nilai - awal.nilai, belum)]
    dijawab = [kr.nilai[jawaban[kr.kode]] for kr in siap.kriteria if jawaban.get(kr.kode) is not None]
    jumlah, m = sum(dijawab, _NOL), len(dijawab)
    sebelum, langkah = awal.nilai, []
    for kr in opsi.naik + opsi.isi:
        dari = jawaban.get(kr.kode)
        jumlah, m = (jumlah + kr.maks, m + 1) if dari is None else (jumlah + kr.maks - kr.nilai[dari], m)
        sesudah = _nilai_rata(jumlah, m, sub.bobot)
        langkah.append(Perubahan(kr.kode, JENIS_KRITERIA, sub.kode, dari, kr.kode_maks, sesudah - sebelum))
        sebelum = sesudah
    return langkah
