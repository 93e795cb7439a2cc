"""Achievement (capaian) of a performance indicator against its target, as DOMAIN.md §4 states it.

Pure arithmetic: no Django, `Decimal` throughout, exact intermediate values and one rounding at the end
(`sakip.lib.angka.bulatkan`, half-up to 2 decimals). The regulation's numbers (category bands, data-quality
thresholds) are data with named defaults, so a pemda's own setting replaces them without touching code.
Inputs that are numbers may also be given as int or as Indonesian text ("1.234,56"); they go through
`parse_angka`, so empty text means "not entered", never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar, cast

from sakip.lib.angka import bulatkan, format_angka, format_persen, parse_angka

__all__ = [
    "ALASAN_BELUM_DILAPORKAN",
    "ALASAN_TARGET_KOSONG",
    "ALASAN_TARGET_NEGATIF",
    "ALASAN_TARGET_NOL",
    "Agregasi",
    "AmbangKualitas",
    "Arah",
    "Capaian",
    "PitaKategori",
    "Target",
    "TargetTidakValid",
    "TRIWULAN",
    "efisiensi",
    "hitung_capaian",
    "kategori",
    "kategori_default",
    "nilai_tahunan",
    "perlu_penjelasan",
    "peringatan_kualitas",
    "serapan_anggaran",
]

NOL = Decimal(0)
DUA = Decimal(2)
SERATUS = Decimal(100)
TRIWULAN = (1, 2, 3, 4)
_ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Inputs are shown in formulas with their own decimals (92, 2,36), at most this many.
_DESIMAL_TAMPIL_MAKS = 4

ALASAN_BELUM_DILAPORKAN = "Belum dilaporkan"
ALASAN_TARGET_KOSONG = "Target belum ditetapkan: capaian tidak dapat dihitung"
ALASAN_TARGET_NOL = "Target 0: capaian tidak dapat dihitung (pembagian dengan nol)"
ALASAN_TARGET_NEGATIF = "Target negatif: rumus capaian baku tidak berlaku, capaian perlu dijelaskan secara manual"


class Arah(StrEnum):
    """Direction of an indicator: naik (higher is better) or turun (lower is better)."""

    NAIK = "naik"
    TURUN = "turun"


class Agregasi(StrEnum):
    """How the quarters combine into the year value: sum, latest value, or mean of those entered."""

    KUMULATIF = "kumulatif"
    AKHIR = "akhir"
    RATA_RATA = "rata_rata"


class TargetTidakValid(ValueError):
    """Raised when a target is neither one value nor a proper range [lo, hi]."""


_E = TypeVar("_E", bound=StrEnum)


def _pilihan(jenis: type[_E], nilai: _E | str, nama: str) -> _E:
    try:
        return jenis(nilai)
    except ValueError:
        sah = ", ".join(p.value for p in jenis)
        raise ValueError(f"{nama} “{nilai}” tidak dikenal; pilihan: {sah}.") from None


def _tampil(nilai: Decimal) -> str:
    """An input number as written in a formula: its own decimals (92; 2,6; 6,5), Indonesian style."""
    eksponen = nilai.normalize().as_tuple().exponent
    tempat = min(max(0, -int(eksponen)), _DESIMAL_TAMPIL_MAKS)
    return format_angka(nilai, tempat)


# --- year value from quarters ----------------------------------------------------------------------


def _triwulan_terisi(nilai_triwulan: Mapping[int, Decimal | None]) -> dict[int, Decimal]:
    """The quarters actually entered, in order; an explicit 0 is entered, None or "" is not."""
    terisi: dict[int, Decimal] = {}
    for triwulan in sorted(nilai_triwulan):
        if triwulan not in TRIWULAN:
            raise ValueError(f"Triwulan {triwulan} tidak dikenal; triwulan adalah 1 sampai 4.")
        nilai = parse_angka(nilai_triwulan[triwulan])
        if nilai is not None:
            terisi[triwulan] = nilai
    return terisi


def nilai_tahunan(nilai_triwulan: Mapping[int, Decimal | None], agregasi: Agregasi | str) -> Decimal | None:
    """The year value from quarters 1–4: kumulatif sums, akhir takes the latest, rata_rata averages.

    Only quarters entered count (gaps are skipped, 0 counts); nothing entered gives None ("not
    reported"), never 0. The value is exact, not rounded.
    """
    agregasi = _pilihan(Agregasi, agregasi, "Agregasi")
    terisi = _triwulan_terisi(nilai_triwulan)
    if not terisi:
        return None
    if agregasi is Agregasi.AKHIR:
        return terisi[max(terisi)]
    jumlah = sum(terisi.values(), NOL)
    if agregasi is Agregasi.KUMULATIF:
        return jumlah
    return jumlah / len(terisi)


def target_sd_triwulan(tahunan: Decimal, agregasi: Agregasi | str, *, bulat: bool) -> dict[int, Decimal]:
    """The quarterly targets ("s.d. TW I..IV") derived from the year's target when none is set per quarter.

    Kumulatif: the year spread evenly, the last quarter ending exactly on the year. A count (`bulat`) is never
    split into fractions: each quarter gets the whole share and the remainder goes to the last quarters, one
    each (9 → 2, 2, 2, 3: s.d. 2, 4, 6, 9); other units get the even share rounded by THE rounding rule
    (half-up, 2 decimals). Akhir and rata-rata: every quarter aims at the year's value itself.
    """
    agregasi = _pilihan(Agregasi, agregasi, "Agregasi")
    tahunan = Decimal(tahunan)
    if agregasi is not Agregasi.KUMULATIF:
        return dict.fromkeys(TRIWULAN, tahunan)
    n = len(TRIWULAN)
    if bulat and tahunan == tahunan.to_integral_value():
        dasar, sisa = divmod(int(tahunan), n)
        bagian = [dasar + (1 if i >= n - sisa else 0) for i in range(n)]
        return {tw: Decimal(sum(bagian[:tw])) for tw in TRIWULAN}
    hasil = {tw: bulatkan(tahunan * tw / n) for tw in TRIWULAN}
    hasil[TRIWULAN[-1]] = tahunan
    return hasil


def nilai_dari_turunan(nilai_turunan: Sequence[Decimal | None]) -> Decimal | None:
    """The value of a parent indicator whose child indicators are components of its formula (relasi
    "rumus", PermenPANRB 89/2021 cascading): the sum of the children's values, exact. None when there is
    no child or any child has no value yet: a partial sum would understate the parent."""
    if not nilai_turunan or any(n is None for n in nilai_turunan):
        return None
    return sum(nilai_turunan, NOL)


# --- target ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """A target: one value (`nilai`) or a range [`lo`, `hi`] with lo <= hi; all None means not set yet."""

    nilai: Decimal | None = None
    lo: Decimal | None = None
    hi: Decimal | None = None

    def __post_init__(self) -> None:
        for nama in ("nilai", "lo", "hi"):
            object.__setattr__(self, nama, parse_angka(getattr(self, nama)))
        if self.nilai is not None and (self.lo is not None or self.hi is not None):
            raise TargetTidakValid("Isi target tunggal atau rentang target, tidak keduanya.")
        if (self.lo is None) != (self.hi is None):
            raise TargetTidakValid("Rentang target harus memiliki batas bawah dan batas atas.")
        if self.lo is not None and self.hi is not None and self.lo > self.hi:
            raise TargetTidakValid(
                f"Batas bawah target ({_tampil(self.lo)}) tidak boleh lebih besar dari batas atas ({_tampil(self.hi)})."
            )

    @property
    def kosong(self) -> bool:
        """True when no target has been set."""
        return self.nilai is None and self.lo is None

    @property
    def rentang(self) -> bool:
        """True for a range target [lo, hi]."""
        return self.lo is not None

    @property
    def teks(self) -> str:
        """The target as users read it: "2,6", "80–90", or "–" when not set."""
        if self.lo is not None and self.hi is not None:
            return f"{_tampil(self.lo)}–{_tampil(self.hi)}"
        return "–" if self.nilai is None else _tampil(self.nilai)


# --- category bands -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PitaKategori:
    """One category band, half-open: from `batas_bawah` (inclusive; None = no lower bound) up to the next."""

    kode: str
    nama: str
    batas_bawah: Decimal | None


def kategori_default() -> tuple[PitaKategori, ...]:
    """The default bands, Permendagri 86/2017 style: ≥ 91, 76 to < 91, 66 to < 76, 51 to < 66, < 51."""
    return (
        PitaKategori("sangat_tinggi", "Sangat Tinggi", Decimal(91)),
        PitaKategori("tinggi", "Tinggi", Decimal(76)),
        PitaKategori("sedang", "Sedang", Decimal(66)),
        PitaKategori("rendah", "Rendah", Decimal(51)),
        PitaKategori("sangat_rendah", "Sangat Rendah", None),
    )


def _batas_urut(pita: PitaKategori) -> Decimal:
    return Decimal("-Infinity") if pita.batas_bawah is None else pita.batas_bawah


def kategori(persen: Decimal | None, bands: Sequence[PitaKategori] | None = None) -> PitaKategori | None:
    """The band `persen` falls in (the highest band whose lower bound it reaches); None when no percentage.

    `persen` is read as given; `hitung_capaian` passes the rounded percentage, so the band agrees with
    the number shown. Bands may come in any order.
    """
    if persen is None:
        return None
    pita_pita = kategori_default() if bands is None else bands
    for pita in sorted(pita_pita, key=_batas_urut, reverse=True):
        if pita.batas_bawah is None or persen >= pita.batas_bawah:
            return pita
    return None


# --- achievement -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Capaian:
    """An achievement: `persen` (2 decimals) or None with `alasan`; `rumus` is the formula shown beside it."""

    persen: Decimal | None
    alasan: str | None = None
    rumus: str | None = None
    kategori: PitaKategori | None = None
    dalam_rentang: bool = False


def _rumus_naik(realisasi: Decimal, target: Decimal) -> tuple[Decimal, str]:
    persen = bulatkan(realisasi * SERATUS / target)
    angka = f"{_tampil(realisasi)} ÷ {_tampil(target)} × 100%"
    return persen, f"Realisasi ÷ Target × 100% = {angka} = {format_persen(persen)}"


def _rumus_turun(realisasi: Decimal, target: Decimal) -> tuple[Decimal, str]:
    mentah = (DUA * target - realisasi) * SERATUS / target
    persen = bulatkan(max(NOL, mentah))
    angka = f"(2 × {_tampil(target)} − {_tampil(realisasi)}) ÷ {_tampil(target)} × 100%"
    rumus = f"(2 × Target − Realisasi) ÷ Target × 100% = {angka} = {format_persen(persen)}"
    if mentah < 0:
        rumus += f" (hasil {format_persen(bulatkan(mentah))} dibatasi tidak kurang dari 0%)"
    return persen, rumus


_RUMUS: dict[Arah, Callable[[Decimal, Decimal], tuple[Decimal, str]]] = {
    Arah.NAIK: _rumus_naik,
    Arah.TURUN: _rumus_turun,
}


def _acuan(realisasi: Decimal, target: Target) -> tuple[Decimal, str]:
    """The target value the formula uses, and a lead-in naming it for range targets outside the range."""
    if target.lo is None or target.hi is None:
        return cast(Decimal, target.nilai), ""  # hitung_capaian has ruled out an unset target
    if realisasi > target.hi:
        return target.hi, f"Di atas rentang target {target.teks}, dibandingkan dengan batas atas: "
    return target.lo, f"Di bawah rentang target {target.teks}, dibandingkan dengan batas bawah: "


def hitung_capaian(
    realisasi: Decimal | None,
    target: Target,
    arah: Arah | str,
    *,
    bands: Sequence[PitaKategori] | None = None,
) -> Capaian:
    """Achievement of `realisasi` against `target` for an indicator of direction `arah` (DOMAIN.md §4).

    naik: R ÷ T × 100. turun: (2T − R) ÷ T × 100, never below 0. Range [lo, hi]: 100 inside, else the
    direction's formula against the nearer bound. No cap above 100. Empty realisasi is "Belum dilaporkan";
    a target of 0 (or unset, or negative) gives no percentage and says why.
    """
    arah = _pilihan(Arah, arah, "Arah")
    nilai = parse_angka(realisasi)
    if nilai is None:
        return Capaian(persen=None, alasan=ALASAN_BELUM_DILAPORKAN)
    if target.kosong:
        return Capaian(persen=None, alasan=ALASAN_TARGET_KOSONG)
    if target.lo is not None and target.hi is not None and target.lo <= nilai <= target.hi:
        persen = bulatkan(SERATUS)
        rumus = f"Realisasi {_tampil(nilai)} berada dalam rentang target {target.teks} = {format_persen(persen)}"
        return Capaian(persen=persen, rumus=rumus, kategori=kategori(persen, bands), dalam_rentang=True)
    acuan, pengantar = _acuan(nilai, target)
    if acuan == 0:
        return Capaian(persen=None, alasan=ALASAN_TARGET_NOL)
    if acuan < 0:
        return Capaian(persen=None, alasan=ALASAN_TARGET_NEGATIF)
    persen, rumus = _RUMUS[arah](nilai, acuan)
    return Capaian(persen=persen, rumus=pengantar + rumus, kategori=kategori(persen, bands))


# --- budget ---------------------------------------------------------------------------------------


def serapan_anggaran(realisasi: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Budget absorption: realisasi anggaran ÷ pagu × 100, 2 decimals; None when either is empty or pagu <= 0."""
    nilai, batas = parse_angka(realisasi), parse_angka(pagu)
    if nilai is None or batas is None or batas <= 0:
        return None
    return bulatkan(nilai * SERATUS / batas)


def efisiensi(capaian_persen: Decimal | None, serapan_persen: Decimal | None) -> Decimal | None:
    """Efficiency as DOMAIN.md §4 shows it: capaian kinerja minus serapan anggaran (percentage points)."""
    if capaian_persen is None or serapan_persen is None:
        return None
    return bulatkan(capaian_persen - serapan_persen)


# --- data-quality checks for the input page --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AmbangKualitas:
    """Thresholds of the data-quality checks: capaian outside [bawah, atas] % needs a penjelasan; a year
    value above `kelipatan_tahun_lalu` × last year's needs confirming."""

    capaian_atas: Decimal = Decimal(150)
    capaian_bawah: Decimal = Decimal(10)
    kelipatan_tahun_lalu: Decimal = Decimal(3)


def perlu_penjelasan(capaian_persen: Decimal | None, ambang: AmbangKualitas | None = None) -> bool:
    """True when the achievement is so high or so low (outside the thresholds) that it must be explained."""
    if capaian_persen is None:
        return False
    ambang = ambang or AmbangKualitas()
    return capaian_persen > ambang.capaian_atas or capaian_persen < ambang.capaian_bawah


def _cek_capaian(capaian_persen: Decimal | None, penjelasan: str, ambang: AmbangKualitas) -> list[str]:
    if capaian_persen is None or not perlu_penjelasan(capaian_persen, ambang) or penjelasan.strip():
        return []
    if capaian_persen > ambang.capaian_atas:
        batas = f"di atas {_tampil(ambang.capaian_atas)}%"
    else:
        batas = f"di bawah {_tampil(ambang.capaian_bawah)}%"
    return [f"Capaian {format_persen(bulatkan(capaian_persen))} {batas}: wajib diisi penjelasan."]


def _cek_kumulatif(nilai_triwulan: Mapping[int, Decimal | None]) -> list[str]:
    """The running sum of a kumulatif indicator must not go down, which only a negative quarter can do."""
    peringatan = []
    sebelumnya = NOL
    for triwulan, nilai in _triwulan_terisi(nilai_triwulan).items():
        sekarang = sebelumnya + nilai
        if sekarang < sebelumnya:
            peringatan.append(
                f"Triwulan {_ROMAWI[triwulan]}: nilai kumulatif turun dari {_tampil(sebelumnya)} menjadi "
                f"{_tampil(sekarang)} karena nilai triwulan negatif ({_tampil(nilai)}). Periksa kembali."
            )
        sebelumnya = sekarang
    return peringatan


def _cek_lonjakan(ini: Decimal | None, lalu: Decimal | None, ambang: AmbangKualitas) -> list[str]:
    # A last-year value of 0 or below gives no meaningful multiple (every new indicator would warn).
    if ini is None or lalu is None or lalu <= 0 or ini <= ambang.kelipatan_tahun_lalu * lalu:
        return []
    return [
        f"Nilai tahun ini ({_tampil(ini)}) lebih dari {_tampil(ambang.kelipatan_tahun_lalu)} kali "
        f"nilai tahun lalu ({_tampil(lalu)}): mohon konfirmasi kebenarannya."
    ]


def peringatan_kualitas(
    *,
    capaian_persen: Decimal | None = None,
    penjelasan: str = "",
    nilai_triwulan: Mapping[int, Decimal | None] | None = None,
    agregasi: Agregasi | str | None = None,
    nilai_tahun_ini: Decimal | None = None,
    nilai_tahun_lalu: Decimal | None = None,
    ambang: AmbangKualitas | None = None,
) -> list[str]:
    """Indonesian warnings about entered values; an empty list means nothing looks wrong.

    - capaian above `capaian_atas` or below `capaian_bawah` % without a penjelasan;
    - for kumulatif indicators, a quarter that makes the running sum go down (a negative quarter value);
    - a year value above `kelipatan_tahun_lalu` × last year's. When `nilai_tahun_ini` is not given it is
      computed from `nilai_triwulan` and `agregasi`.
    Checks whose inputs are missing are skipped.
    """
    ambang = ambang or AmbangKualitas()
    agregasi = None if agregasi is None else _pilihan(Agregasi, agregasi, "Agregasi")
    peringatan = _cek_capaian(parse_angka(capaian_persen), penjelasan, ambang)
    if nilai_triwulan is not None and agregasi is Agregasi.KUMULATIF:
        peringatan += _cek_kumulatif(nilai_triwulan)
    ini = parse_angka(nilai_tahun_ini)
    if ini is None and nilai_triwulan is not None and agregasi is not None:
        ini = nilai_tahunan(nilai_triwulan, agregasi)
    peringatan += _cek_lonjakan(ini, parse_angka(nilai_tahun_lalu), ambang)
    return peringatan
