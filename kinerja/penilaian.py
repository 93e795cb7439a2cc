"""The assessment of one indicator's quarter: capaian up to that quarter and the data-quality checks, as
the input page, the live preview, the submit rules and the API all see it. Only calls kinerja/capaian.py;
no database access (callers pass the rows they already loaded)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from sakip.lib.angka import format_nilai, format_persen

from . import capaian


def ambang_kualitas() -> capaian.AmbangKualitas:
    """The data-quality thresholds: capaian.py's defaults unless the pemda's settings replace them."""
    bawaan = capaian.AmbangKualitas()
    atur = settings.SAKIP_AMBANG_KUALITAS
    return capaian.AmbangKualitas(
        capaian_atas=Decimal(str(atur.get("capaian_atas", bawaan.capaian_atas))),
        capaian_bawah=Decimal(str(atur.get("capaian_bawah", bawaan.capaian_bawah))),
        kelipatan_tahun_lalu=Decimal(str(atur.get("kelipatan_tahun_lalu", bawaan.kelipatan_tahun_lalu))),
    )


@dataclass(frozen=True)
class Penilaian:
    """Capaian up to a quarter, and the warnings in three kinds: a missing penjelasan (blocks submit), a
    kumulatif value going down (blocks submit), a jump over last year (needs the user's confirmation)."""

    capaian: capaian.Capaian
    nilai_sd: Decimal | None
    target_teks: str
    wajib_penjelasan: list[str] = field(default_factory=list)
    kumulatif_turun: list[str] = field(default_factory=list)
    lonjakan: list[str] = field(default_factory=list)
    bulat: bool = False  # the indicator counts whole things (Indikator.bulat): its value shows no ",00"

    @property
    def persen_teks(self) -> str:
        """The percentage as shown: "109,23%", or "–" when there is none (see `capaian.alasan`)."""
        return format_persen(self.capaian.persen)

    @property
    def kategori_kode(self) -> str:
        return self.capaian.kategori.kode if self.capaian.kategori else ""

    @property
    def nilai_sd_teks(self) -> str:
        return format_nilai(self.nilai_sd, bulat=self.bulat)

    @property
    def peringatan(self) -> list[str]:
        return [*self.wajib_penjelasan, *self.kumulatif_turun, *self.lonjakan]

    @property
    def menghalangi(self) -> list[str]:
        """The warnings that stop a submission outright."""
        return [*self.wajib_penjelasan, *self.kumulatif_turun]


def sampai_triwulan(nilai_tw: Mapping[int, Decimal | None], triwulan: int) -> dict[int, Decimal | None]:
    """The quarters 1..`triwulan` of a year's values."""
    return {tw: nilai_tw.get(tw) for tw in capaian.TRIWULAN if tw <= triwulan}


def nilai(
    *,
    arah: str,
    agregasi: str,
    target: capaian.Target,
    nilai_tw: Mapping[int, Decimal | None],
    triwulan: int,
    penjelasan: str = "",
    nilai_tw_lalu: Mapping[int, Decimal | None] | None = None,
    bulat: bool = False,
) -> Penilaian:
    """Assess an indicator at the end of `triwulan`: the year value so far (per agregasi) against the
    target (the quarter's own when set), and the data-quality checks of capaian.py."""
    ambang = ambang_kualitas()
    berjalan = sampai_triwulan(nilai_tw, triwulan)
    nilai_sd = capaian.nilai_tahunan(berjalan, agregasi)
    hasil = capaian.hitung_capaian(nilai_sd, target, arah)
    wajib = capaian.peringatan_kualitas(capaian_persen=hasil.persen, penjelasan=penjelasan, ambang=ambang)
    turun = capaian.peringatan_kualitas(nilai_triwulan=berjalan, agregasi=agregasi, ambang=ambang)
    lonjakan: list[str] = []
    if nilai_tw_lalu:
        lalu = capaian.nilai_tahunan(sampai_triwulan(nilai_tw_lalu, triwulan), agregasi)
        lonjakan = capaian.peringatan_kualitas(nilai_tahun_ini=nilai_sd, nilai_tahun_lalu=lalu, ambang=ambang)
    return Penilaian(
        capaian=hasil,
        nilai_sd=nilai_sd,
        target_teks=target.teks,
        wajib_penjelasan=wajib,
        kumulatif_turun=turun,
        lonjakan=lonjakan,
        bulat=bulat,
    )
