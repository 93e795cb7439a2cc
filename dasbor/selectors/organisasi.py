"""Bagian Organisasi's review dashboard: one row per PD (internal score this year and last, the PD's own
assessment beside the Inspektorat's, realisation completeness, verification backlog, overdue
recommendations), a PD × component heatmap and a summary of the completeness matrix.

Scores come from stored results or the evaluasi engine (`hasil_banyak`), completeness from
kinerja's `kelengkapan`; a fixed number of queries whatever the number of PD.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from evaluasi.models import Evaluasi, Rekomendasi
from evaluasi.selectors import InfoKomponen, hasil_banyak, instrumen_siap, punya_hasil
from kinerja import capaian
from kinerja.models import Realisasi
from kinerja.selectors import STATUS_KELENGKAPAN, BarisKelengkapan, kelengkapan
from kinerja.selectors.kotak_masuk import antrean_verifikasi
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka, format_persen

from .umum import Nilai, gambaran_evaluasi_pd, nilai_dari, persen, teks_selisih

J = Evaluasi.Jenis
S = Realisasi.Status
# Completeness counts a PD quarter's indicators as the matrix does (SelKelengkapan.lengkap): neither
# empty nor still a draft.
BELUM_LENGKAP = ("kosong", S.DRAF)
PANAS_LANGKAH = 10  # heatmap colour steps of 10 % of the maximum


@dataclass(frozen=True)
class SelPanas:
    """One heatmap cell: a component's value as a share of its maximum."""

    komponen: str
    nilai_teks: str
    bagian: Decimal | None

    @property
    def bagian_teks(self) -> str:
        return format_persen(self.bagian)

    @property
    def kelas(self) -> str:
        """CSS class of the colour step (panas-0 … panas-10, panas-kosong)."""
        if self.bagian is None:
            return "panas-kosong"
        return f"panas-{min(int(self.bagian // PANAS_LANGKAH), PANAS_LANGKAH)}"


@dataclass
class BarisPd:
    """One PD's row of the review table, values kept as numbers (sorting, Excel) with their texts."""

    pd: PerangkatDaerah
    internal: Nilai | None
    internal_lalu: Nilai | None
    internal_status: str
    mandiri: Nilai | None
    kelengkapan: Decimal | None
    backlog: int
    rekomendasi_terlambat: int
    panas: list[SelPanas] = field(default_factory=list)

    @property
    def perubahan(self) -> Decimal | None:
        if self.internal is None or self.internal_lalu is None:
            return None
        return self.internal.total - self.internal_lalu.total

    @property
    def selisih_mandiri(self) -> Decimal | None:
        """The PD's own total minus the Inspektorat's: positive when the PD rated itself higher."""
        if self.internal is None or self.mandiri is None:
            return None
        return self.mandiri.total - self.internal.total

    @property
    def perubahan_teks(self) -> str:
        return teks_selisih(self.perubahan)

    @property
    def selisih_mandiri_teks(self) -> str:
        return teks_selisih(self.selisih_mandiri)

    @property
    def kelengkapan_teks(self) -> str:
        return format_persen(self.kelengkapan)


@dataclass(frozen=True)
class RingkasTriwulan:
    """One quarter of the completeness matrix, summed over the PD."""

    triwulan: int
    jumlah: dict[str, int]
    pd_lengkap: int
    pd_total: int

    @property
    def romawi(self) -> str:
        return {1: "I", 2: "II", 3: "III", 4: "IV"}[self.triwulan]


@dataclass(frozen=True)
class AntreanTahun:
    """Submitted quarters still waiting for verification in one year (every year is shown, oldest first)."""

    tahun: int
    triwulan_pd: int  # waiting PD quarters
    terlambat: int  # of which with a late submission
    indikator: int  # waiting indicator rows

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun)


@dataclass
class DasborOrganisasi:
    """Everything the review dashboard shows."""

    tahun: int
    tahun_evaluasi: int
    jumlah_pd: int  # the base of PD figures: the active PD
    minimal_lengkap: int  # final internal evaluations a year needs to count
    berjalan: int | None  # a later evaluation year under way
    berjalan_final: int
    baris: list[BarisPd]
    komponen: list[InfoKomponen]
    triwulan_wajib: int
    ringkas_triwulan: list[RingkasTriwulan]
    status_kelengkapan: list[str]
    antrean: list[AntreanTahun] = field(default_factory=list)

    @property
    def berjalan_teks(self) -> str:
        return "" if self.berjalan is None else str(self.berjalan)

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun)

    @property
    def tahun_evaluasi_teks(self) -> str:
        return str(self.tahun_evaluasi)

    @property
    def tahun_lalu_teks(self) -> str:
        return str(self.tahun_evaluasi - 1)

    @property
    def kolom_panas(self) -> list[dict[str, str]]:
        """The heatmap's columns: component code, name and maximum as shown."""
        return [{"kode": k.kode, "nama": k.nama, "bobot_teks": format_angka(k.bobot)} for k in self.komponen]


def triwulan_wajib(tahun: int, hari_ini=None) -> int:
    """Quarters of `tahun` already over (all four for past years): the ones completeness counts."""
    hari_ini = hari_ini or timezone.localdate()
    if tahun < hari_ini.year:
        return 4
    if tahun > hari_ini.year:
        return 0
    return (hari_ini.month - 1) // 3


def _kelengkapan(b: BarisKelengkapan, wajib: int) -> Decimal | None:
    """Share of the due indicator-quarters filled (not empty, not draft)."""
    sel = b.sel[:wajib]
    belum = sum(s.jumlah.get(k, 0) for s in sel for k in BELUM_LENGKAP)
    harus = b.indikator * len(sel)
    return persen(harus - belum, harus)


def _antrean(*, user) -> tuple[dict[int, int], list[AntreanTahun]]:
    """The verification backlog of every year (the inbox's own read, 1 query): submitted indicator rows
    per PD, and per year the waiting PD quarters, late ones and rows, oldest year first."""
    per_pd: dict[int, int] = defaultdict(int)
    per_tahun: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for b in antrean_verifikasi(user=user):
        if b["pd_id"] is not None:
            per_pd[b["pd_id"]] += b["n"]
        jumlah = per_tahun[b["tahun"]]
        jumlah[0] += 1
        jumlah[1] += bool(b["telat"])
        jumlah[2] += b["n"]
    return dict(per_pd), [AntreanTahun(t, *per_tahun[t]) for t in sorted(per_tahun)]


def _ringkas_triwulan(matriks: list[BarisKelengkapan]) -> list[RingkasTriwulan]:
    hasil = []
    for i, tw in enumerate(capaian.TRIWULAN):
        jumlah: dict[str, int] = defaultdict(int)
        for b in matriks:
            for k, n in b.sel[i].jumlah.items():
                jumlah[k] += n
        lengkap = sum(1 for b in matriks if b.indikator and b.sel[i].lengkap)
        hasil.append(RingkasTriwulan(tw, dict(jumlah), lengkap, sum(1 for b in matriks if b.indikator)))
    return hasil


def _evaluasi_pd(*, user, tahun: int) -> tuple[dict, dict]:
    """PD evaluations of `tahun` and the year before, by (jenis, tahun, pd id), and live results for
    those without a stored one (internal ones count only when final)."""
    # Only the instrument (engine, heatmap columns) and the stored result are read: PD and pemda rows are
    # not loaded (the model's ordering, by PD code, still decides which instrument gives the columns).
    daftar = list(
        Evaluasi.objects.for_user(user)
        .select_related("instrumen__skala_predikat", "hasil")
        .filter(tahun__in=[tahun - 1, tahun], perangkat_daerah__isnull=False, jenis__in=[J.INTERNAL, J.MANDIRI])
    )
    per = {(e.jenis, e.tahun, e.perangkat_daerah_id): e for e in daftar}
    live = hasil_banyak(e for e in daftar if e.jenis == J.MANDIRI and e.tahun == tahun and not punya_hasil(e))
    return per, live


def _panas(e: Evaluasi | None, komponen: list[InfoKomponen]) -> list[SelPanas]:
    nilai = e.hasil.nilai_komponen if e is not None and punya_hasil(e) else {}
    sel = []
    for k in komponen:
        v = Decimal(nilai[k.kode]) if k.kode in nilai else None
        sel.append(SelPanas(k.kode, format_angka(v), persen(v, k.bobot) if v is not None else None))
    return sel


def _terlambat_per_pd(*, user) -> dict[int, int]:
    return dict(
        Rekomendasi.objects.for_user(user)
        .filter(~Q(status=Rekomendasi.Status.SELESAI), batas_waktu__lt=timezone.localdate())
        .values_list("perangkat_daerah")
        .annotate(n=Count("pk"))
    )


def _status_internal(e: Evaluasi | None) -> str:
    if e is None:
        return "Belum dievaluasi"
    return "" if e.final else f"Dalam proses ({e.get_status_display().lower()})"


def dasbor_organisasi(*, user, tahun: int, jenis: str = "") -> DasborOrganisasi:
    """The review dashboard for the working year `tahun`: completeness of that year, evaluations of the
    latest year up to it whose internal evaluation is complete (the rule of the wali kota's dashboard),
    the verification backlog of every year; only PD of `jenis` when given."""
    matriks = [b for b in kelengkapan(user=user, tahun=tahun) if b.perangkat_daerah.aktif]
    gambaran = gambaran_evaluasi_pd(user=user, tahun=tahun, jumlah_pd=len(matriks))
    th_eval = gambaran.tahun or tahun
    per, live = _evaluasi_pd(user=user, tahun=th_eval)
    internal = [e for (j, t, _pd), e in per.items() if j == J.INTERNAL and t == th_eval and punya_hasil(e)]
    komponen = list(instrumen_siap(internal[0].instrumen).komponen) if internal else []
    wajib = triwulan_wajib(tahun)
    terlambat = _terlambat_per_pd(user=user)
    backlog, antrean = _antrean(user=user)
    baris = []
    for b in matriks:
        if jenis and b.perangkat_daerah.jenis != jenis:
            continue
        pd_id = b.perangkat_daerah.pk
        e_ini, e_lalu = per.get((J.INTERNAL, th_eval, pd_id)), per.get((J.INTERNAL, th_eval - 1, pd_id))
        e_mandiri = per.get((J.MANDIRI, th_eval, pd_id))
        baris.append(
            BarisPd(
                pd=b.perangkat_daerah,
                internal=nilai_dari(e_ini) if e_ini and e_ini.final else None,
                internal_lalu=nilai_dari(e_lalu) if e_lalu and e_lalu.final else None,
                internal_status=_status_internal(e_ini),
                mandiri=nilai_dari(e_mandiri, live.get(e_mandiri.pk)) if e_mandiri else None,
                kelengkapan=_kelengkapan(b, wajib),
                backlog=backlog.get(pd_id, 0),
                rekomendasi_terlambat=terlambat.get(pd_id, 0),
                panas=_panas(e_ini if e_ini and e_ini.final else None, komponen),
            )
        )
    return DasborOrganisasi(
        tahun=tahun,
        tahun_evaluasi=th_eval,
        jumlah_pd=gambaran.jumlah_pd,
        minimal_lengkap=gambaran.minimal,
        berjalan=gambaran.berjalan,
        berjalan_final=gambaran.berjalan_final,
        baris=baris,
        komponen=komponen,
        triwulan_wajib=wajib,
        ringkas_triwulan=_ringkas_triwulan(matriks),
        status_kelengkapan=list(STATUS_KELENGKAPAN),
        antrean=antrean,
    )


# --- sorting --------------------------------------------------------------------------------------------

KOLOM_URUT = {
    "kode": lambda b: b.pd.kode,
    "nama": lambda b: b.pd.nama.lower(),
    "jenis": lambda b: b.pd.get_jenis_display(),
    "internal": lambda b: b.internal.total if b.internal else None,
    "lalu": lambda b: b.internal_lalu.total if b.internal_lalu else None,
    "perubahan": lambda b: b.perubahan,
    "mandiri": lambda b: b.mandiri.total if b.mandiri else None,
    "selisih": lambda b: b.selisih_mandiri,
    "kelengkapan": lambda b: b.kelengkapan,
    "backlog": lambda b: b.backlog,
    "terlambat": lambda b: b.rekomendasi_terlambat,
}


def urutkan(baris: list[BarisPd], *, kolom: str, turun: bool) -> list[BarisPd]:
    """Rows sorted by a column of KOLOM_URUT (unknown: kode); empty values last in both directions."""
    kunci = KOLOM_URUT.get(kolom, KOLOM_URUT["kode"])
    ada = [b for b in baris if kunci(b) is not None]
    kosong = [b for b in baris if kunci(b) is None]
    ada.sort(key=lambda b: (kunci(b), b.pd.kode), reverse=turun)
    return ada + sorted(kosong, key=lambda b: b.pd.kode)
