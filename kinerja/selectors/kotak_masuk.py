"""The verification inbox: every submitted PD quarter that waits for a decision, of every year.

Issue 11 point 4: the inbox looked at the working year only, so a new year said "nothing waits" while the
previous year's submissions (many late) stayed unseen. The backlog is therefore read across all years,
oldest first and grouped by year, in a fixed number of queries whatever the number of years and PD.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db.models import Count, F, Min, Q

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import PerangkatDaerah

from ..models import Realisasi
from . import ROMAWI
from .lengkap import triwulan_lewat_tenggat


@dataclass(frozen=True)
class KotakMasuk:
    """One submitted quarter waiting in the inbox: a PD's, or the city's own indicators (IKU kota) when
    `perangkat_daerah` is None."""

    perangkat_daerah: PerangkatDaerah | None
    tahun: int
    triwulan: int
    diajukan: int  # indicators submitted and not yet decided
    terlambat: int  # of which submitted after the quarter's deadline
    diajukan_sejak: datetime.datetime | None  # the oldest submission among them
    lewat_tenggat: bool = False  # the PD's quarter is overdue: past its deadline, indicators still unsubmitted

    @property
    def triwulan_romawi(self) -> str:
        return ROMAWI[self.triwulan]


@dataclass(frozen=True)
class KotakTahun:
    """The waiting quarters of one year, oldest first."""

    tahun: int
    baris: list[KotakMasuk]

    @property
    def jumlah(self) -> int:
        """Waiting quarters (PD × triwulan)."""
        return len(self.baris)

    @property
    def terlambat(self) -> int:
        """Waiting quarters with at least one late submission."""
        return sum(1 for k in self.baris if k.terlambat)

    @property
    def diajukan(self) -> int:
        """Waiting indicator rows."""
        return sum(k.diajukan for k in self.baris)


def antrean_verifikasi(*, user) -> list[dict]:
    """Per (PD, year, quarter) the user may verify: submitted rows, late ones and the oldest submission
    time (1 query). Keys: pd_id (None for the city's own indicators), tahun, triwulan, n, telat, sejak."""
    return list(
        Realisasi.objects.for_user(user, Aksi.VERIFIKASI)
        .filter(status=Realisasi.Status.DIAJUKAN)
        .values("tahun", "triwulan", pd_id=F("indikator__perangkat_daerah"))
        .annotate(n=Count("id"), telat=Count("id", filter=Q(terlambat=True)), sejak=Min("diajukan_pada"))
        .order_by("tahun", "triwulan")
    )


def kotak_verifikasi(*, user) -> list[KotakTahun]:
    """Every waiting quarter the user may verify, grouped by year, oldest year and quarter first; within a
    quarter the city's own indicators first, then PD by code (2 queries, and one for the user's profile
    when not loaded yet)."""
    baris = antrean_verifikasi(user=user)
    pd = PerangkatDaerah.objects.in_bulk({b["pd_id"] for b in baris if b["pd_id"] is not None})
    semua = [KotakMasuk(pd.get(b["pd_id"]), b["tahun"], b["triwulan"], b["n"], b["telat"], b["sejak"]) for b in baris]
    semua.sort(key=lambda k: (k.tahun, k.triwulan, k.perangkat_daerah is not None, _kode(k)))
    per_tahun: dict[int, list[KotakMasuk]] = {}
    for k in semua:
        per_tahun.setdefault(k.tahun, []).append(k)
    return [KotakTahun(tahun, daftar) for tahun, daftar in per_tahun.items()]


def tandai_tenggat(per_tahun: list[KotakTahun]) -> list[KotakTahun]:
    """`kotak_verifikasi`'s years with each PD row marked `lewat_tenggat` by the input page's overdue rule
    (`lengkap.triwulan_lewat_tenggat`; the city's own indicators have no such row): three queries."""
    semua = [(k.perangkat_daerah, k.tahun, k.triwulan) for g in per_tahun for k in g.baris if k.perangkat_daerah]
    telat = triwulan_lewat_tenggat(semua)

    def tandai(k: KotakMasuk) -> KotakMasuk:
        kunci = (k.perangkat_daerah.pk if k.perangkat_daerah else None, k.tahun, k.triwulan)
        return replace(k, lewat_tenggat=kunci in telat)

    return [KotakTahun(g.tahun, [tandai(k) for k in g.baris]) for g in per_tahun]


def _kode(k: KotakMasuk) -> str:
    return k.perangkat_daerah.kode if k.perangkat_daerah else ""
