"""Completeness of the quarterly realisations: the matrix PD × quarter (its verification inbox is
kotak_masuk.py), one PD's quarters for its home page, and which quarter is overdue."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import PerangkatDaerah

from .. import capaian
from ..models import INDIKATOR_DIHITUNG, Indikator, KunciTriwulan, Realisasi
from . import ROMAWI

STATUS_KELENGKAPAN = [
    "kosong",
    Realisasi.Status.DRAF,
    Realisasi.Status.DIAJUKAN,
    Realisasi.Status.DIVERIFIKASI,
    Realisasi.Status.DIKEMBALIKAN,
    "terlambat",
]
# what a PD still owes for a quarter: indicators not submitted yet, or sent back to it
_BELUM_DIAJUKAN = ("kosong", Realisasi.Status.DRAF, Realisasi.Status.DIKEMBALIKAN)


@dataclass
class SelKelengkapan:
    """One PD × quarter cell: status counts (kosong = indicators with no row), and late submissions.
    `lewat_batas`: the quarter's deadline has passed (services.realisasi.lewat_batas)."""

    jumlah: dict[str, int]
    triwulan: int = 0
    lewat_batas: bool = False
    url: str = ""
    batas_waktu: datetime.date | None = None

    @property
    def romawi(self) -> str:
        return ROMAWI.get(self.triwulan, "")

    @property
    def lengkap(self) -> bool:
        return self.jumlah.get("kosong", 0) == 0 and self.jumlah.get(Realisasi.Status.DRAF, 0) == 0

    @property
    def belum_diajukan(self) -> int:
        return sum(self.jumlah.get(s, 0) for s in _BELUM_DIAJUKAN)

    @property
    def lewat_tenggat(self) -> bool:
        """Overdue ("Terlambat"): past the deadline with indicators still not submitted."""
        return self.lewat_batas and self.belum_diajukan > 0

    @property
    def dikembalikan(self) -> int:
        return self.jumlah.get(Realisasi.Status.DIKEMBALIKAN, 0)


@dataclass
class BarisKelengkapan:
    """One PD's row of the completeness matrix."""

    perangkat_daerah: PerangkatDaerah
    indikator: int
    sel: list[SelKelengkapan]


def _lewat_batas(pemda_ids, tahun: int) -> dict[tuple[int, int], datetime.date]:
    """The deadlines of (pemda, quarter) that have passed, by THE deadline rule."""
    return _lewat_batas_tahun(pemda_ids, [tahun])[tahun]


def _lewat_batas_tahun(pemda_ids, tahun) -> dict[int, dict[tuple[int, int], datetime.date]]:
    """`_lewat_batas` of each of the years `tahun` (one query)."""
    from ..services.realisasi import lewat_batas  # services import the selectors

    hasil: dict[int, dict[tuple[int, int], datetime.date]] = defaultdict(dict)
    kunci = KunciTriwulan.objects.filter(pemda_id__in=pemda_ids, tahun__in=tahun, batas_waktu__isnull=False)
    for k in kunci:
        if lewat_batas(k):
            hasil[k.tahun][(k.pemda_id, k.triwulan)] = k.batas_waktu
    return hasil


def _hitung(realisasi, tahun: int) -> dict[tuple[int, int], dict[str, int]]:
    return _hitung_tahun(realisasi, [tahun])[tahun]


def _hitung_tahun(realisasi, tahun) -> dict[int, dict[tuple[int, int], dict[str, int]]]:
    """Status counts by year, then (PD, quarter), of the years `tahun` (one query)."""
    hitung: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for pd_id, th, tw, status, terlambat, n in (
        realisasi.filter(tahun__in=tahun, indikator__perangkat_daerah__isnull=False)
        .values_list("indikator__perangkat_daerah", "tahun", "triwulan", "status", "terlambat")
        .annotate(n=Count("id"))
    ):
        hitung[th][(pd_id, tw)][status] += n
        if terlambat:
            hitung[th][(pd_id, tw)]["terlambat"] += n
    return hitung


def _sel(pd, tahun: int, tw: int, h: dict[str, int], jumlah_ind: int, lewat: dict) -> SelKelengkapan:
    h = dict(h)
    terisi = sum(v for k, v in h.items() if k != "terlambat")
    h["kosong"] = jumlah_ind - terisi
    return SelKelengkapan(
        {s: h.get(s, 0) for s in STATUS_KELENGKAPAN}, triwulan=tw, lewat_batas=(pd.pemda_id, tw) in lewat,
        url=reverse("kinerja:realisasi", args=[pd.pk, tahun, tw]), batas_waktu=lewat.get((pd.pemda_id, tw)),
    )  # fmt: skip


def kelengkapan(*, user, tahun: int) -> list[BarisKelengkapan]:
    """The completeness matrix PD × quarter for `tahun` (4 queries)."""
    daftar_pd = list(PerangkatDaerah.objects.for_user(user, Aksi.LIHAT).order_by("kode"))
    jumlah_ind = dict(
        Indikator.objects.for_user(user, Aksi.LIHAT)
        .filter(perangkat_daerah__isnull=False)
        .exclude(INDIKATOR_DIHITUNG)  # computed from its formula children: no entry of its own
        .values_list("perangkat_daerah")
        .annotate(n=Count("id"))
    )
    hitung = _hitung(Realisasi.objects.for_user(user, Aksi.LIHAT), tahun)
    lewat = _lewat_batas({pd.pemda_id for pd in daftar_pd}, tahun)
    return [
        BarisKelengkapan(
            pd,
            jumlah_ind.get(pd.pk, 0),
            [_sel(pd, tahun, tw, hitung[(pd.pk, tw)], jumlah_ind.get(pd.pk, 0), lewat) for tw in capaian.TRIWULAN],
        )  # fmt: skip
        for pd in daftar_pd
    ]


def triwulan_pd(*, perangkat_daerah: PerangkatDaerah, tahun: int) -> list[SelKelengkapan]:
    """One PD's four quarters of `tahun`, counted as the matrix counts them (the caller has checked access)."""
    pd = perangkat_daerah
    jumlah_ind = Indikator.objects.filter(perangkat_daerah=pd).exclude(INDIKATOR_DIHITUNG).count()
    hitung = _hitung(Realisasi.objects.filter(indikator__perangkat_daerah=pd), tahun)
    lewat = _lewat_batas({pd.pemda_id}, tahun)
    return [_sel(pd, tahun, tw, hitung[(pd.pk, tw)], jumlah_ind, lewat) for tw in capaian.TRIWULAN]


def triwulan_lewat_tenggat(baris) -> set[tuple[int, int, int]]:
    """Which of the (PD, year, quarter) triples `baris` are overdue ("Terlambat", `SelKelengkapan.lewat_tenggat`:
    past the deadline with indicators still not submitted), as (pd id, year, quarter); three queries whatever
    the number of PD and years (the caller has checked access)."""
    baris = list(baris)
    if not baris:
        return set()
    pd_ids, tahun = {pd.pk for pd, _, _ in baris}, {th for _, th, _ in baris}
    jumlah_ind = dict(
        Indikator.objects.filter(perangkat_daerah_id__in=pd_ids)
        .exclude(INDIKATOR_DIHITUNG)
        .values_list("perangkat_daerah")
        .annotate(n=Count("id"))
    )
    hitung = _hitung_tahun(Realisasi.objects.filter(indikator__perangkat_daerah_id__in=pd_ids), tahun)
    lewat = _lewat_batas_tahun({pd.pemda_id for pd, _, _ in baris}, tahun)
    return {
        (pd.pk, th, tw)
        for pd, th, tw in baris
        if _sel(pd, th, tw, hitung[th][(pd.pk, tw)], jumlah_ind.get(pd.pk, 0), lewat[th]).lewat_tenggat
    }
