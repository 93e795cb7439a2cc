"""Reads of the action plans (rencana aksi, issue 16 point 1), always through the access choke point and in a
fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone

from perangkat_daerah.access import Aksi, boleh
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import dengan_satuan

from ..models import Indikator, PerjanjianKinerja
from ..models_renaksi import INDIKATOR_RENAKSI, RealisasiAksi, RencanaAksi, target_sd, tertinggal

BULAN = range(1, 13)


def indikator_renaksi(user) -> QuerySet:
    """The indicators under which `user` may plan actions: the PK and sub kegiatan indicators of their own PD
    (operator and kepala PD, ISI)."""
    return Indikator.objects.for_user(user, Aksi.ISI).filter(INDIKATOR_RENAKSI)


def rencana_dapat_diisi(user) -> QuerySet:
    """The actions whose plan and monthly realisation `user` may write: their own PD's (ISI)."""
    return RencanaAksi.objects.for_user(user, Aksi.ISI)


def rencana_terlihat(user) -> QuerySet:
    """The actions `user` may read: their PD's, or the whole pemda for city roles."""
    return RencanaAksi.objects.for_user(user, Aksi.LIHAT)


def realisasi_aksi_terlihat(user) -> QuerySet:
    """The monthly realisations `user` may read."""
    return RealisasiAksi.objects.for_user(user, Aksi.LIHAT)


def kunci_renaksi(perangkat_daerah_id: int, tahun: int) -> PerjanjianKinerja | None:
    """THE lock of an action plan: the set PK of the PD and year, or None while the PK is a draft (or absent)."""
    return (
        PerjanjianKinerja.objects.filter(
            perangkat_daerah_id=perangkat_daerah_id, tahun=tahun, status=PerjanjianKinerja.Status.DITETAPKAN
        )
        .select_related("perangkat_daerah")
        .first()
    )


def bulan_jatuh_tempo(tahun: int, hari=None) -> int:
    """The month a PD reports first: the last finished month of the current year (January while January
    runs), December of a past year, January of a coming one."""
    hari = hari or timezone.localdate()
    if tahun != hari.year:
        return 12 if tahun < hari.year else 1
    return max(1, hari.month - 1)


def _angka(indikator: Indikator, nilai) -> str:
    """A target or realisation of an action as printed: THE format of its indicator's values (a count whole,
    "12", never "12,00"); "" when empty."""
    return "" if nilai is None else indikator.format_nilai(Decimal(nilai), kosong="")


@dataclass
class SelBulan:
    """One month of an action on the plan page: its target and realisation as printed, and whether behind."""

    bulan: int
    target: str
    realisasi: str
    status: str
    tertinggal: bool
    status_label: str = ""


@dataclass
class BarisAksi:
    """One action with its twelve months."""

    rencana: RencanaAksi
    bulan: list[SelBulan]


@dataclass
class BarisIndikator:
    indikator: Indikator
    aksi: list[BarisAksi] = field(default_factory=list)


@dataclass
class HalamanRenaksi:
    """The action plan page of a PD and year."""

    perangkat_daerah: PerangkatDaerah
    tahun: int
    baris: list[BarisIndikator]
    pk: PerjanjianKinerja | None
    boleh_ubah: bool
    bulan_tempo: int

    @property
    def jumlah_aksi(self) -> int:
        return sum(len(b.aksi) for b in self.baris)


def _sel(rencana: RencanaAksi, bulan: int, realisasi: RealisasiAksi | None) -> SelBulan:
    target = rencana.target_bulanan.get(str(bulan))
    nilai = realisasi.nilai if realisasi else None
    return SelBulan(
        bulan=bulan, target=_angka(rencana.indikator, target), realisasi=_angka(rencana.indikator, nilai),
        status=realisasi.status if realisasi else "",
        status_label=realisasi.get_status_display() if realisasi else "",
        tertinggal=tertinggal(rencana.indikator.arah, target_sd(rencana.target_bulanan, bulan), nilai),
    )  # fmt: skip


def halaman_renaksi(*, user, perangkat_daerah: PerangkatDaerah, tahun: int) -> HalamanRenaksi:
    """The PD's PK and sub kegiatan indicators with their actions of `tahun` and each month (5 queries)."""
    indikator = (
        Indikator.objects.for_user(user, Aksi.LIHAT)
        .filter(INDIKATOR_RENAKSI, perangkat_daerah=perangkat_daerah)
        .select_related("sasaran")
        .order_by("sasaran__kode", "urutan", "kode")
    )
    baris = {i.pk: BarisIndikator(i) for i in indikator}
    rencana = (
        rencana_terlihat(user).filter(perangkat_daerah=perangkat_daerah, tahun=tahun).prefetch_related("realisasi")
    )
    for r in rencana:
        if r.indikator_id in baris:
            r.indikator = baris[r.indikator_id].indikator
            per_bulan = {x.bulan: x for x in r.realisasi.all()}
            baris[r.indikator_id].aksi.append(BarisAksi(r, [_sel(r, b, per_bulan.get(b)) for b in BULAN]))
    return HalamanRenaksi(
        perangkat_daerah=perangkat_daerah, tahun=tahun, baris=list(baris.values()),
        pk=kunci_renaksi(perangkat_daerah.pk, tahun),
        boleh_ubah=indikator_renaksi(user).filter(perangkat_daerah=perangkat_daerah).exists(),
        bulan_tempo=bulan_jatuh_tempo(tahun),
    )  # fmt: skip


@dataclass
class BarisLaporan:
    """One action in the monthly report form: the month's target, its row (or None) and what may be done."""

    rencana: RencanaAksi
    realisasi: RealisasiAksi | None
    target: str
    tertinggal: bool
    dapat_diubah: bool
    isian: dict = field(default_factory=dict)
    galat: list[str] = field(default_factory=list)

    @property
    def target_satuan(self) -> str:
        """The month's target with the indicator's unit ("12 inovasi", "87,50%"), "–" when none."""
        return dengan_satuan(self.target or "–", self.rencana.indikator.satuan)


def halaman_laporan(*, user, perangkat_daerah: PerangkatDaerah, tahun: int, bulan: int) -> list[BarisLaporan]:
    """The actions of a PD and year with their realisation of `bulan` (2 queries)."""
    rencana = (
        rencana_terlihat(user)
        .filter(perangkat_daerah=perangkat_daerah, tahun=tahun)
        .select_related("indikator")
        .order_by("indikator__kode", "urutan", "pk")
    )
    bulan_ini = {x.rencana_aksi_id: x for x in realisasi_aksi_terlihat(user).filter(
        rencana_aksi__perangkat_daerah=perangkat_daerah, rencana_aksi__tahun=tahun, bulan=bulan)}  # fmt: skip
    boleh_isi = boleh(user, Aksi.ISI)
    hasil = []
    for r in rencana:
        ra = bulan_ini.get(r.pk)
        target = target_sd(r.target_bulanan, bulan)
        hasil.append(BarisLaporan(
            rencana=r, realisasi=ra, target=_angka(r.indikator, target),
            tertinggal=tertinggal(r.indikator.arah, target, ra.nilai if ra else None),
            dapat_diubah=boleh_isi and (ra is None or ra.dapat_diubah),
        ))  # fmt: skip
    return hasil


def antrean_renaksi(user) -> QuerySet:
    """The submitted monthly realisations in the user's scope, oldest first (the verifier's inbox)."""
    return (
        realisasi_aksi_terlihat(user)
        .filter(status=RealisasiAksi.Status.DIAJUKAN)
        .select_related("rencana_aksi__indikator", "rencana_aksi__perangkat_daerah")
        .order_by("diajukan_pada", "pk")
    )


def pd_dengan_renaksi(user, tahun: int) -> list[tuple[PerangkatDaerah, int]]:
    """The active PDs in the user's scope with the number of actions they planned for `tahun` (2 queries)."""
    jumlah = dict(rencana_terlihat(user).filter(tahun=tahun).values_list("perangkat_daerah").annotate(n=Count("pk")))
    pd = PerangkatDaerah.objects.for_user(user, Aksi.LIHAT).filter(aktif=True).order_by("kode")
    return [(p, jumlah.get(p.pk, 0)) for p in pd]
