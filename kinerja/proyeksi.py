"""Year-end projection and early warning of an indicator (issue 16 point 4), as `capaian.py` reads a year.

Pure arithmetic: no Django, `Decimal` in and out (exact `Fraction` in between), one rounding of the projected
value (`sakip.lib.angka.bulatkan`, 4 decimals, so a formula shows what was compared). From the quarters entered
so far this year, the projection follows the indicator's agregasi (DOMAIN.md §4):

- kumulatif: the run rate, the mean of the quarters entered × 4 ("Laju rata-rata TW I–III × 4");
- akhir (the year value is the last one): a straight-line trend (least squares over the quarters entered)
  carried on to TW IV; one quarter alone is kept as it is. A trend, not the last value, because an akhir
  indicator that has been moving all year usually keeps moving in the same direction;
- rata_rata: the mean of the quarters entered, carried on to TW IV.

Seasonality: where earlier years have all four quarters entered, their pattern replaces the rule above: the
share of the year's value usually reached by the quarters entered now (pooled over those years: the sum of
their values ÷ the sum of their year values, so a big year weighs more than a small one). kumulatif: the sum so
far ÷ that share; rata_rata: the same ÷ 4; akhir: the last value ÷ (its quarter's value ÷ TW IV's value).

The projected capaian is `capaian.hitung_capaian` against the year target, so the direction (arah turun) and
range targets count as for a realisation. An indicator is berisiko when that capaian is below the threshold
(default 90 %, a per-pemda setting); exactly at the threshold is not. Where a Renstra path exists (the target of
the period's first year and the period-end target), the projection is placed against the straight line between
them for its year: ahead or behind, by how much, in the indicator's unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sakip.lib.angka import bulatkan, dengan_satuan, format_nilai, format_persen, parse_angka

from .capaian import NOL, TRIWULAN, Agregasi, Arah, Capaian, Target, _pilihan, _tampil, hitung_capaian

__all__ = [
    "AMBANG_BERISIKO_BAWAAN",
    "Jalur",
    "PosisiJalur",
    "Proyeksi",
    "alasan_kosong",
    "hitung_proyeksi",
    "posisi_jalur",
]

AMBANG_BERISIKO_BAWAAN = Decimal(90)
# The projected value keeps this many decimals: enough for a quarter of a 2-decimal target (12,34 ÷ 4 = 3,085).
DESIMAL_PROYEKSI = 4
_ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def alasan_kosong(triwulan: int) -> str:
    """Why there is no projection: nothing entered up to the quarter."""
    return f"Belum ada realisasi sampai TW {_ROMAWI[triwulan]}: proyeksi akhir tahun belum dapat dihitung"


@dataclass(frozen=True, slots=True)
class Jalur:
    """The Renstra path: the target of the period's first year and the period-end target (single values)."""

    tahun_awal: int
    nilai_awal: Decimal
    tahun_akhir: int
    nilai_akhir: Decimal


@dataclass(frozen=True, slots=True)
class PosisiJalur:
    """The projection against the path: the path's value for the year, and `selisih` = how far ahead
    (positive) or behind (negative), already turned for arah turun; `kalimat` says it in Indonesian."""

    nilai_jalur: Decimal
    selisih: Decimal
    kalimat: str


@dataclass(frozen=True, slots=True)
class Proyeksi:
    """A year-end projection: `nilai` with its `metode` sentence, or None with `alasan`; the projected
    `capaian`, whether it is `berisiko` below `ambang`, and the `posisi` against the Renstra path."""

    nilai: Decimal | None
    alasan: str | None = None
    metode: str | None = None
    capaian: Capaian | None = None
    berisiko: bool = False
    ambang: Decimal = AMBANG_BERISIKO_BAWAAN
    posisi: PosisiJalur | None = None
    musiman: bool = False
    bulat: bool = False
    satuan: str = ""

    @property
    def nilai_teks(self) -> str:
        """The projected value as shown, THE format of the indicator's values (`format_nilai`): "90,67"; a
        count's whole projection "12"; or "–"."""
        return format_nilai(self.nilai, bulat=self.bulat)

    @property
    def capaian_teks(self) -> str:
        """The projected capaian as shown: "90,67%", or why there is none."""
        if self.capaian is None:
            return "–"
        return format_persen(self.capaian.persen) if self.capaian.persen is not None else self.capaian.alasan or "–"

    @property
    def ambang_teks(self) -> str:
        """The threshold as shown: "90,00%"."""
        return format_persen(self.ambang)

    @property
    def ringkasan(self) -> str:
        """One line for a title or a details box: value, capaian, method and the path."""
        if self.nilai is None:
            return self.alasan or ""
        nilai = dengan_satuan(self.nilai_teks, self.satuan)
        bagian = [f"Proyeksi akhir tahun {nilai}, capaian {self.capaian_teks}", f"Metode: {self.metode}"]
        if self.posisi is not None:
            bagian.append(self.posisi.kalimat)
        return ". ".join(bagian) + "."


# --- the quarters ----------------------------------------------------------------------------------


def _terisi(nilai_tw: Mapping[int, Decimal | str | None], sampai: int = 4) -> dict[int, Decimal]:
    """The quarters 1..`sampai` entered; None or "" is not entered, an explicit 0 is."""
    hasil: dict[int, Decimal] = {}
    for tw in TRIWULAN:
        nilai = parse_angka(nilai_tw.get(tw)) if tw <= sampai else None
        if nilai is not None:
            hasil[tw] = nilai
    return hasil


def _jumlah(nilai: Iterable[Decimal]) -> Fraction:
    """An exact sum: stored values have at most 20 digits, so a Decimal sum of a few years' quarters is exact
    within the context's 28; the ratios that follow are Fractions."""
    return Fraction(sum(nilai, NOL))


def _label(triwulan: list[int]) -> str:
    """ "TW I–III" for quarters from I without a gap, else "TW I, III"."""
    if len(triwulan) > 1 and triwulan == list(range(1, triwulan[-1] + 1)):
        return f"TW I–{_ROMAWI[triwulan[-1]]}"
    return "TW " + ", ".join(_ROMAWI[tw] for tw in triwulan)


def _label_tahun(tahun: list[int]) -> str:
    if len(tahun) > 1 and tahun == list(range(tahun[0], tahun[-1] + 1)):
        return f"{tahun[0]}–{tahun[-1]}"
    return ", ".join(str(t) for t in tahun)


def _desimal(nilai: Fraction) -> Decimal:
    return bulatkan(Decimal(nilai.numerator) / Decimal(nilai.denominator), DESIMAL_PROYEKSI)


# --- the projection rules --------------------------------------------------------------------------


def _laju(agregasi: Agregasi, tw: dict[int, Decimal]) -> tuple[Fraction, str]:
    """Without an earlier pattern: run rate, trend or mean (the module docstring names the choice)."""
    label = _label(list(tw))
    rata = _jumlah(tw.values()) / len(tw)
    if agregasi is Agregasi.KUMULATIF:
        return rata * 4, f"Laju rata-rata {label} × 4"
    if agregasi is Agregasi.RATA_RATA:
        return rata, f"Rata-rata {label} diteruskan sampai TW IV"
    if len(tw) == 1:
        return Fraction(next(iter(tw.values()))), f"Nilai terakhir {label} dipertahankan sampai akhir tahun"
    return _tren(tw), f"Tren garis lurus {label} diteruskan sampai TW IV"


def _tren(tw: dict[int, Decimal]) -> Fraction:
    """The least-squares line through (quarter, value), read at TW IV."""
    n = len(tw)
    x_rata = Fraction(sum(tw), n)
    y_rata = _jumlah(tw.values()) / n
    pembilang = sum(((x - x_rata) * (Fraction(y) - y_rata) for x, y in tw.items()), Fraction(0))
    penyebut = sum(((x - x_rata) ** 2 for x in tw), Fraction(0))
    return y_rata + pembilang / penyebut * (4 - x_rata)


def _pola(
    agregasi: Agregasi, tw: dict[int, Decimal], riwayat: Mapping[int, Mapping[int, Decimal | str | None]]
) -> tuple[Fraction, list[int]] | None:
    """The pooled share of the year reached by the quarters entered now, over the earlier years with all four
    quarters entered; None when no such year or the share is not positive."""
    akhir = max(tw)
    atas, bawah, tahun = [], [], []
    for th in sorted(riwayat):
        lengkap = _terisi(riwayat[th])
        if len(lengkap) < 4:
            continue
        if agregasi is Agregasi.AKHIR:
            atas.append(lengkap[akhir])
            bawah.append(lengkap[4])
        else:
            atas.extend(lengkap[t] for t in tw)
            bawah.extend(lengkap.values())
        tahun.append(th)
    pembilang, penyebut = _jumlah(atas), _jumlah(bawah)
    if not tahun or penyebut <= 0 or pembilang <= 0:
        return None
    return pembilang / penyebut, tahun


def _musiman(agregasi: Agregasi, tw: dict[int, Decimal], bagian: Fraction, tahun: list[int]) -> tuple[Fraction, str]:
    persen = format_persen(bulatkan(Decimal(bagian.numerator * 100) / Decimal(bagian.denominator), 0), 0)
    awal = f"Pola musiman {_label_tahun(tahun)}: "
    if agregasi is Agregasi.AKHIR:
        label = f"TW {_ROMAWI[max(tw)]}"
        return Fraction(tw[max(tw)]) / bagian, f"{awal}nilai {label} biasanya {persen} dari nilai akhir tahun"
    jumlah = _jumlah(tw.values()) / bagian
    label = _label(list(tw))
    if agregasi is Agregasi.KUMULATIF:
        return jumlah, f"{awal}{label} biasanya {persen} dari setahun"
    return jumlah / 4, f"{awal}{label} biasanya {persen} dari jumlah setahun, dibagi 4 triwulan"


def _tahun_penuh(agregasi: Agregasi, tw: dict[int, Decimal]) -> tuple[Fraction, str] | None:
    """The year value when it is already known: all four quarters entered, or for akhir TW IV (the year value
    of an akhir indicator is its last quarter's, whatever came before)."""
    if agregasi is Agregasi.AKHIR and 4 in tw:
        bukan = "nilai akhir tahun, bukan perkiraan"
        label = "TW I–IV lengkap" if len(tw) == 4 else "TW IV sudah ada"
        return Fraction(tw[4]), f"Realisasi {label}: {bukan}"
    if len(tw) == 4:
        return _laju(agregasi, tw)[0], "Realisasi TW I–IV lengkap: nilai setahun, bukan perkiraan"
    return None


def posisi_jalur(
    nilai: Decimal, jalur: Jalur, tahun: int, arah: Arah | str, *, bulat: bool = False, satuan: str = ""
) -> PosisiJalur:
    """The projection against the straight line from the period's first-year target to its end target; the
    amounts in the sentence in THE format of the indicator's values (`bulat`, with `satuan`)."""
    arah = _pilihan(Arah, arah, "Arah")
    langkah = jalur.tahun_akhir - jalur.tahun_awal
    bagian = Fraction(tahun - jalur.tahun_awal, langkah) if langkah else Fraction(1)
    awal, akhir = Fraction(jalur.nilai_awal), Fraction(jalur.nilai_akhir)
    nilai_jalur = _desimal(awal + (akhir - awal) * bagian)
    selisih = nilai - nilai_jalur if arah is Arah.NAIK else nilai_jalur - nilai
    tujuan = f"jalur Renstra menuju target {jalur.tahun_akhir} ({_tampil(jalur.nilai_akhir)})"

    def teks(x: Decimal) -> str:
        return dengan_satuan(format_nilai(x, bulat=bulat), satuan)

    jalur_tahun = f"jalur {tahun}: {teks(nilai_jalur)}"
    if selisih == 0:
        kalimat = f"Tepat pada {tujuan}; {jalur_tahun}"
    else:
        arah_kata = "Di depan" if selisih > 0 else "Di belakang"
        kalimat = f"{arah_kata} {tujuan} sebesar {teks(abs(selisih))} ({jalur_tahun})"
    return PosisiJalur(nilai_jalur=nilai_jalur, selisih=selisih, kalimat=kalimat)


def _nilai_akhir_tahun(agregasi: Agregasi, tw: dict, riwayat: Mapping) -> tuple[Decimal, str, bool]:
    """The year-end value, its method and whether the seasonal pattern shaped it: the known year value when the
    quarters already make one, else the earlier years' pattern where one exists, else the run rate/trend/mean."""
    penuh = _tahun_penuh(agregasi, tw)
    if penuh is not None:
        mentah, metode = penuh
        return _desimal(mentah), metode, False
    pola = _pola(agregasi, tw, riwayat)
    mentah, metode = _musiman(agregasi, tw, *pola) if pola is not None else _laju(agregasi, tw)
    return _desimal(mentah), metode, pola is not None


def hitung_proyeksi(
    *,
    agregasi: Agregasi | str,
    arah: Arah | str,
    target: Target,
    nilai_tw: Mapping[int, Decimal | str | None],
    triwulan: int,
    riwayat: Mapping[int, Mapping[int, Decimal | str | None]] | None = None,
    ambang: Decimal | None = None,
    jalur: Jalur | None = None,
    tahun: int | None = None,
    bulat: bool = False,
    satuan: str = "",
) -> Proyeksi:
    """The year-end projection at the end of `triwulan` from this year's quarters 1..`triwulan` (`nilai_tw`),
    with `riwayat` = earlier years' quarters ({tahun: {triwulan: nilai}}) for the seasonal pattern.

    The year value already known (all four quarters; for akhir, TW IV) is the value itself, not a projection.
    Nothing entered: None with the reason. berisiko: projected capaian < `ambang` (default 90). `jalur` and
    `tahun` together place the projection on the Renstra path. `bulat` and `satuan` (the indicator's
    `Indikator.bulat` and unit) only shape the texts: a count prints "12 inovasi", never "12,00".
    """
    agregasi = _pilihan(Agregasi, agregasi, "Agregasi")
    arah = _pilihan(Arah, arah, "Arah")
    if triwulan not in TRIWULAN:
        raise ValueError(f"Triwulan {triwulan} tidak dikenal; triwulan adalah 1 sampai 4.")
    ambang = AMBANG_BERISIKO_BAWAAN if ambang is None else ambang
    tw = _terisi(nilai_tw, triwulan)
    if not tw:
        return Proyeksi(nilai=None, alasan=alasan_kosong(triwulan), ambang=ambang, bulat=bulat, satuan=satuan)
    nilai, metode, musiman = _nilai_akhir_tahun(agregasi, tw, riwayat or {})
    hasil = hitung_capaian(nilai, target, arah)
    posisi = (
        posisi_jalur(nilai, jalur, tahun, arah, bulat=bulat, satuan=satuan)
        if jalur is not None and tahun is not None
        else None
    )
    return Proyeksi(
        nilai=nilai,
        metode=metode,
        capaian=hasil,
        berisiko=hasil.persen is not None and hasil.persen < ambang,
        ambang=ambang,
        posisi=posisi,
        musiman=musiman,
        bulat=bulat,
        satuan=satuan,
    )
