"""The city's key indicators (IKU) over the years: capaian by kinerja.capaian, from verified
realisations only, as the LKjIP counts them (3 queries)."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja import capaian
from kinerja.models import Indikator, Realisasi, Target
from kinerja.selectors import realisasi_terverifikasi
from sakip.lib.angka import format_persen
from sakip.lib.kueri import salah_satu

TAHUN_TREN = 5  # years of the trend, the working year included
ALASAN_BELUM_DIVERIFIKASI = "Belum diverifikasi"


@dataclass(frozen=True)
class SelIku:
    """One IKU in one year: target, year value and capaian with its category and formula."""

    tahun: int
    target_teks: str
    realisasi_teks: str
    hasil: capaian.Capaian
    belum_diverifikasi: bool

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun)

    @property
    def capaian_teks(self) -> str:
        if self.hasil.persen is not None:
            return format_persen(self.hasil.persen)
        return ALASAN_BELUM_DIVERIFIKASI if self.belum_diverifikasi else (self.hasil.alasan or "–")

    @property
    def kategori_kode(self) -> str:
        return self.hasil.kategori.kode if self.hasil.kategori else "kosong"

    @property
    def kategori_nama(self) -> str:
        return self.hasil.kategori.nama if self.hasil.kategori else ""

    @property
    def keterangan(self) -> str:
        """The formula beside the percentage (DOMAIN §4), or why there is none."""
        return self.hasil.rumus or self.capaian_teks


@dataclass(frozen=True)
class BarisIku:
    """One key indicator: its latest year with a capaian, and every year of the trend."""

    kode: str
    uraian: str
    satuan: str
    arah: str
    terakhir: SelIku | None
    tren: list[SelIku]


def _sel(ind: Indikator, tahun: int, target: Target | None, tw: dict, belum: bool) -> SelIku:
    t = target.sebagai_capaian() if target else capaian.Target()
    nilai = capaian.nilai_tahunan(tw, ind.agregasi) if tw else None
    return SelIku(tahun, t.teks, ind.format_nilai(nilai), capaian.hitung_capaian(nilai, t, ind.arah), belum)


def iku_kota(*, user, tahun: int) -> tuple[list[BarisIku], list[int]]:
    """The city IKU with capaian per year up to `tahun`, and the years shown (those with realisations)."""
    return _iku(
        Indikator.objects.for_user(user), Target.objects.for_user(user), Realisasi.objects.for_user(user), tahun
    )


def iku_kota_publik(*, pemda_id: int, tahun: int) -> tuple[list[BarisIku], list[int]]:
    """`iku_kota` of one pemda for the public page (no user): the same rows, verified realisations only."""
    return _iku(
        Indikator.objects.filter(pemda_id=pemda_id),
        Target.objects.filter(indikator__pemda_id=pemda_id),
        Realisasi.objects.filter(indikator__pemda_id=pemda_id),
        tahun,
    )


def _iku(indikator_qs, target_qs, realisasi_qs, tahun: int) -> tuple[list[BarisIku], list[int]]:
    jendela = list(range(tahun - TAHUN_TREN + 1, tahun + 1))
    indikator = list(
        indikator_qs.filter(perangkat_daerah__isnull=True, iku=True)
        .order_by("urutan", "kode")
        .only("kode", "uraian", "satuan", "arah", "agregasi", "bilangan_bulat")  # bilangan_bulat: format_nilai
    )
    ids = [i.pk for i in indikator]
    target = {
        (t.indikator_id, t.tahun): t for t in target_qs.filter(salah_satu("indikator_id", ids), tahun__in=jendela)
    }
    nilai, belum = realisasi_terverifikasi(realisasi_qs.filter(salah_satu("indikator_id", ids), tahun__in=jendela))
    tahun_ada = sorted({th for _i, th in [*nilai, *belum]}) or [tahun]
    hasil = []
    for ind in indikator:
        tren = [_sel(ind, th, target.get((ind.pk, th)), nilai.get((ind.pk, th), {}), (ind.pk, th) in belum)
                for th in tahun_ada]  # fmt: skip
        terakhir = next((s for s in reversed(tren) if s.hasil.persen is not None), None)
        hasil.append(BarisIku(ind.kode, ind.uraian, ind.satuan, ind.get_arah_display(), terakhir, tren))
    return hasil, tahun_ada
