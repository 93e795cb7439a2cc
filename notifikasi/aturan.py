"""THE rules of when an event happens and who is told (issue 16 point 5).

Time-based rules (`ATURAN_SAPU`) read one pemda's rows in a fixed number of queries each and return the
candidate events (`Calon`) as of a day; the daily sweep (`services.sapu`) records those not recorded yet.
Transition rules (`dari_dikembalikan`, `dari_laporan`) build the event of a workflow step announced through
`sakip.peristiwa`. Who is told is stated once per kind as the right that acts on it (`access.HAK`, and the
proposal workflow's `PEMUTUS`): a PD's event reaches the PD-bound holders of that right in that PD and the
city-level holders; a city event only city-level holders.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluasi.models import Evaluasi, Rekomendasi
from kinerja.models import INDIKATOR_DIHITUNG, Indikator, Kontributor, KunciTriwulan, Realisasi, Usulan
from kinerja.selectors import ROMAWI
from kinerja.services.usulan import PEMUTUS
from laporan.models import Laporan
from perangkat_daerah.access import HAK, Aksi, Peran
from sakip.lib.tanggal import format_tanggal

from .models import Jenis, PengaturanNotifikasi

HARI_TENGGAT = {7: Jenis.TENGGAT_7, 1: Jenis.TENGGAT_1}  # days before a quarter's deadline → the reminder
TAHUN_TERLAMBAT = 1  # a quarter overdue is announced for this year and the previous one, not older ones
SUDAH_DIAJUKAN = (Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI)


@dataclass(frozen=True)
class Calon:
    """An event as a rule sees it: what, for which PD (None: the city), and who acts on it."""

    jenis: str
    kunci: str
    pd_id: int | None
    judul: str
    tautan: str = ""
    pesan: str = ""
    peran: frozenset[str] = frozenset()  # roles told (PD-bound ones only in their own PD)
    user_id: int | None = None  # or exactly this user (a report's requester)


def peran_untuk(*aksi: str, tambah: frozenset[str] = frozenset()) -> frozenset[str]:
    """The roles holding any of the rights `aksi` (plus `tambah`)."""
    return frozenset().union(*(HAK[a] for a in aksi)) | tambah


PERAN_PD = peran_untuk(Aksi.ISI)  # who enters and submits a PD's realisations
PERAN_VERIFIKASI = peran_untuk(Aksi.VERIFIKASI)
# A PD's recommendation: the PD follows it up, the Inspektorat monitors it. The city's, and every one of the
# official result (KemenPANRB's LHE, whichever PD carries it out): Bagian Organisasi coordinates the follow-up,
# the Inspektorat monitors it, the wali kota answers for it.
PERAN_REKOMENDASI_PD = peran_untuk(Aksi.ISI, Aksi.EVALUASI)
PERAN_REKOMENDASI_KOTA = peran_untuk(Aksi.KELOLA, Aksi.EVALUASI, tambah=frozenset({Peran.PIMPINAN}))


def menerima(calon: Calon, *, user_id: int, peran: str, pd_id: int | None) -> bool:
    """Whether this user is told of this event (the recipients' rule; reads go through `for_user` too)."""
    if calon.user_id is not None:
        return calon.user_id == user_id
    if peran not in calon.peran:
        return False
    return not Peran.terikat_pd(peran) or (calon.pd_id is not None and calon.pd_id == pd_id)


# --- quarters: due in 7 and 1 days, overdue --------------------------------------------------------


def _belum_diajukan(pemda_id: int, kunci: list[KunciTriwulan]) -> dict[tuple[int, int], list[int]]:
    """(tahun, triwulan) → the PD with at least one indicator not yet submitted (2 queries)."""
    jumlah = dict(
        Indikator.objects.filter(pemda_id=pemda_id, perangkat_daerah__isnull=False, perangkat_daerah__aktif=True)
        .exclude(INDIKATOR_DIHITUNG)
        .values_list("perangkat_daerah")
        .annotate(n=Count("id", distinct=True))
    )
    periode = Q()
    for k in kunci:
        periode |= Q(tahun=k.tahun, triwulan=k.triwulan)
    terajukan = defaultdict(int)
    for pd_id, tahun, tw, n in (
        Realisasi.objects.filter(periode, indikator__pemda_id=pemda_id, status__in=SUDAH_DIAJUKAN)
        .exclude(indikator__in=Indikator.objects.filter(INDIKATOR_DIHITUNG))
        .values_list("indikator__perangkat_daerah", "tahun", "triwulan")
        .annotate(n=Count("id"))
    ):
        terajukan[(pd_id, tahun, tw)] = n
    return {
        (k.tahun, k.triwulan): sorted(p for p, n in jumlah.items() if terajukan[(p, k.tahun, k.triwulan)] < n)
        for k in kunci
    }


def _calon_triwulan(jenis: str, k: KunciTriwulan, pd_id: int) -> Calon:
    teks = {"tw": ROMAWI[k.triwulan], "tahun": k.tahun, "tanggal": format_tanggal(k.batas_waktu)}
    judul = {
        Jenis.TENGGAT_7: _("Batas waktu realisasi TW %(tw)s %(tahun)s tinggal 7 hari (%(tanggal)s)"),
        Jenis.TENGGAT_1: _("Batas waktu realisasi TW %(tw)s %(tahun)s besok (%(tanggal)s)"),
        Jenis.TERLAMBAT: _("Realisasi TW %(tw)s %(tahun)s melewati batas waktu %(tanggal)s"),
    }[jenis] % teks
    return Calon(
        jenis=jenis, kunci=f"{jenis}:{pd_id}:{k.tahun}:{k.triwulan}", pd_id=pd_id, judul=judul,
        tautan=reverse("kinerja:realisasi", args=[pd_id, k.tahun, k.triwulan]), peran=PERAN_PD,
    )  # fmt: skip


def aturan_triwulan(pemda_id: int, hari: datetime.date, pengaturan: PengaturanNotifikasi) -> list[Calon]:
    """A quarter's deadline in 7 days and tomorrow, and a quarter past it, for each PD that has not submitted
    every indicator yet (3 queries). A locked quarter is closed: nobody is reminded of it."""
    tanggal = {hari + datetime.timedelta(days=n): jenis for n, jenis in HARI_TENGGAT.items()}
    kunci = list(
        KunciTriwulan.objects.filter(pemda_id=pemda_id, terkunci=False)
        .filter(Q(batas_waktu__in=list(tanggal)) | Q(batas_waktu__lt=hari, tahun__gte=hari.year - TAHUN_TERLAMBAT))
        .order_by("tahun", "triwulan")
    )
    if not kunci:
        return []
    belum = _belum_diajukan(pemda_id, kunci)
    hasil = []
    for k in kunci:
        jenis = tanggal.get(k.batas_waktu, Jenis.TERLAMBAT)
        hasil.extend(_calon_triwulan(jenis, k, pd_id) for pd_id in belum[(k.tahun, k.triwulan)])
    return hasil


# --- verification waiting too long ------------------------------------------------------------------


def aturan_verifikasi(pemda_id: int, hari: datetime.date, pengaturan: PengaturanNotifikasi) -> list[Calon]:
    """Submitted realisations waiting for verification longer than the pemda's N days, one event per PD and
    quarter (keyed by the oldest submission, so a later wait is a new event) for the verifiers (1 query)."""
    batas = timezone.make_aware(datetime.datetime.combine(hari, datetime.time.min)) - datetime.timedelta(
        days=pengaturan.hari_menunggu_verifikasi
    )
    baris = (
        Realisasi.objects.filter(
            indikator__pemda_id=pemda_id, status=Realisasi.Status.DIAJUKAN, diajukan_pada__lt=batas
        )
        .values_list("indikator__perangkat_daerah", "indikator__perangkat_daerah__singkatan", "tahun", "triwulan")
        .annotate(n=Count("id"), awal=Min("diajukan_pada"))
        .order_by("tahun", "triwulan", "indikator__perangkat_daerah")
    )
    hasil = []
    for pd_id, singkatan, tahun, tw, n, awal in baris:
        teks = {"pd": singkatan or _("IKU kota"), "tw": ROMAWI[tw], "tahun": tahun, "n": n,
                "hari": pengaturan.hari_menunggu_verifikasi}  # fmt: skip
        tautan = (
            reverse("kinerja:verifikasi_putuskan", args=[pd_id, tahun, tw])
            if pd_id
            else reverse("kinerja:verifikasi_kota", args=[tahun, tw])
        )
        hasil.append(Calon(
            jenis=Jenis.MENUNGGU_VERIFIKASI, kunci=f"verifikasi:{pd_id or 'kota'}:{tahun}:{tw}:{awal:%Y%m%d}",
            pd_id=pd_id, peran=PERAN_VERIFIKASI, tautan=tautan,
            judul=_("%(n)s realisasi %(pd)s TW %(tw)s %(tahun)s menunggu verifikasi lebih dari %(hari)s hari") % teks,
        ))  # fmt: skip
    return hasil


# --- proposals and crosscutting invitations ---------------------------------------------------------


def aturan_usulan(pemda_id: int, hari: datetime.date, pengaturan: PengaturanNotifikasi) -> list[Calon]:
    """Proposals and a PD's crosscutting invitations waiting for a decision, told to who decides them
    (`PEMUTUS`) (2 queries)."""
    hasil = []
    for u in Usulan.objects.filter(pemda_id=pemda_id, status="menunggu").select_related("perangkat_daerah"):
        hasil.append(Calon(
            jenis=Jenis.USULAN, kunci=f"usulan:{u.pk}", pd_id=u.perangkat_daerah_id,
            peran=peran_untuk(PEMUTUS[("usulan", u.arah)]),
            judul=_("Usulan %(kode)s (%(pd)s) menunggu keputusan")
            % {"kode": u.kode, "pd": u.perangkat_daerah.singkatan},
            tautan=reverse("perencanaan:usulan_putuskan", args=[u.pk]),
        ))  # fmt: skip
    undangan = Kontributor.objects.filter(
        sasaran__pemda_id=pemda_id, status="menunggu", perangkat_daerah__isnull=False
    ).select_related("sasaran")
    for k in undangan:
        hasil.append(Calon(
            jenis=Jenis.USULAN, kunci=f"kontributor:{k.pk}", pd_id=k.perangkat_daerah_id,
            peran=peran_untuk(PEMUTUS[("kontributor", "pd")]),
            judul=_("Undangan crosscutting %(kode)s menunggu jawaban") % {"kode": k.sasaran.kode},
            tautan=reverse("perencanaan:kontributor_putuskan", args=[k.pk]),
        ))  # fmt: skip
    return hasil


# --- recommendations near or past their deadline ----------------------------------------------------


def _peran_rekomendasi(r: Rekomendasi) -> frozenset[str]:
    kota = r.perangkat_daerah_id is None or r.evaluasi.jenis == Evaluasi.Jenis.RESMI
    return (PERAN_REKOMENDASI_KOTA if kota else frozenset()) | (
        PERAN_REKOMENDASI_PD if r.perangkat_daerah_id else frozenset()
    )


def aturan_rekomendasi(pemda_id: int, hari: datetime.date, pengaturan: PengaturanNotifikasi) -> list[Calon]:
    """Recommendations not finished whose deadline is within the pemda's N days (near) or past (1 query);
    keyed by the deadline, so a moved deadline is announced again."""
    batas = hari + datetime.timedelta(days=pengaturan.hari_rekomendasi_dekat)
    hasil = []
    for r in (
        Rekomendasi.objects.filter(pemda_id=pemda_id, batas_waktu__lte=batas)
        .exclude(status=Rekomendasi.Status.SELESAI)
        .select_related("evaluasi")
        .order_by("batas_waktu", "pk")
    ):
        lewat = r.batas_waktu < hari
        jenis = Jenis.REKOMENDASI_LEWAT if lewat else Jenis.REKOMENDASI_DEKAT
        teks = {"uraian": r.uraian[:120], "tanggal": format_tanggal(r.batas_waktu)}
        judul = (
            _("Batas tindak lanjut rekomendasi terlewati (%(tanggal)s): %(uraian)s")
            if lewat
            else _("Batas tindak lanjut rekomendasi %(tanggal)s: %(uraian)s")
        ) % teks
        hasil.append(Calon(
            jenis=jenis, kunci=f"{jenis}:{r.pk}:{r.batas_waktu:%Y%m%d}", pd_id=r.perangkat_daerah_id, judul=judul,
            peran=_peran_rekomendasi(r),
            tautan=reverse("evaluasi:rekomendasi_detail", args=[r.pk]),
        ))  # fmt: skip
    return hasil


# --- reports finished or failed that no transition announced -------------------------------------------


def aturan_laporan(pemda_id: int, hari: datetime.date, pengaturan: PengaturanNotifikasi) -> list[Calon]:
    """Reports finished or failed since yesterday, by the same key as their job's announcement, so that a job
    failed by the stuck-job sweep (its worker died) is told too, and an announced one never twice (1 query)."""
    sejak = timezone.make_aware(datetime.datetime.combine(hari - datetime.timedelta(days=1), datetime.time.min))
    baris = Laporan.objects.filter(
        pemda_id=pemda_id, status__in=("selesai", "gagal"), selesai_pada__gte=sejak, diminta_oleh__isnull=False
    ).order_by("pk")
    return [hasil[1] for r in baris if (hasil := dari_laporan(r)) is not None]


ATURAN_SAPU = (aturan_triwulan, aturan_verifikasi, aturan_usulan, aturan_rekomendasi, aturan_laporan)


# --- transitions --------------------------------------------------------------------------------------


def dari_dikembalikan(realisasi: Realisasi) -> tuple[int, Calon]:
    """A realisation returned to its PD (each return is its own event: keyed by the row's version)."""
    ind = realisasi.indikator
    teks = {"kode": ind.kode, "tw": ROMAWI[realisasi.triwulan], "tahun": realisasi.tahun}
    tautan = (
        reverse("kinerja:realisasi", args=[ind.perangkat_daerah_id, realisasi.tahun, realisasi.triwulan])
        if ind.perangkat_daerah_id
        else reverse("kinerja:realisasi_kota", args=[realisasi.tahun, realisasi.triwulan])
    )
    return ind.pemda_id, Calon(
        jenis=Jenis.DIKEMBALIKAN, kunci=f"dikembalikan:{realisasi.pk}:{realisasi.versi}",
        pd_id=ind.perangkat_daerah_id, peran=PERAN_PD if ind.perangkat_daerah_id else peran_untuk(Aksi.KELOLA),
        judul=_("Realisasi %(kode)s TW %(tw)s %(tahun)s dikembalikan untuk diperbaiki") % teks,
        pesan=realisasi.catatan_verifikasi, tautan=tautan,
    )  # fmt: skip


def dari_aksi_dikembalikan(realisasi) -> tuple[int, Calon]:
    """A month's realisation of an action plan returned to its PD (keyed by the row's version)."""
    rencana = realisasi.rencana_aksi
    teks = {"uraian": rencana.uraian[:100], "bulan": realisasi.bulan, "tahun": rencana.tahun}
    tautan = reverse("kinerja:renaksi_laporan", args=[rencana.perangkat_daerah_id, rencana.tahun])
    return rencana.pemda_id, Calon(
        jenis=Jenis.DIKEMBALIKAN, kunci=f"dikembalikan-aksi:{realisasi.pk}:{realisasi.versi}",
        pd_id=rencana.perangkat_daerah_id, peran=PERAN_PD, pesan=realisasi.catatan_verifikasi,
        judul=_("Realisasi rencana aksi bulan %(bulan)s/%(tahun)s dikembalikan: %(uraian)s") % teks,
        tautan=f"{tautan}?bulan={realisasi.bulan}",
    )  # fmt: skip


def dari_laporan(laporan) -> tuple[int, Calon] | None:
    """A report finished or failed, told to who requested it (keyed by status and attempt). Not a report of a
    group's batch (laporan/batch_grup.py): its requester follows the batch's progress page, not 550 messages."""
    if laporan.diminta_oleh_id is None or laporan.status not in ("selesai", "gagal"):
        return None
    if getattr(laporan, "batch_grup_id", None) is not None:
        return None
    jenis = Jenis.LAPORAN_SELESAI if laporan.status == "selesai" else Jenis.LAPORAN_GAGAL
    teks = {"jenis": laporan.get_jenis_display(), "tahun": laporan.tahun}
    judul = (
        _("Laporan %(jenis)s %(tahun)s selesai dibuat") if jenis == Jenis.LAPORAN_SELESAI
        else _("Laporan %(jenis)s %(tahun)s gagal dibuat")
    ) % teks  # fmt: skip
    return laporan.pemda_id, Calon(
        jenis=jenis, kunci=f"laporan:{laporan.pk}:{laporan.status}:{laporan.percobaan}",
        pd_id=laporan.perangkat_daerah_id, user_id=laporan.diminta_oleh_id, judul=judul, pesan=laporan.galat,
        tautan=reverse("laporan:detail", args=[laporan.pk]),
    )  # fmt: skip
