"""Demo kinerja data for the demo city, as of the demo's today (kinerja/demo_jam.py, issue 17 point 9): per PD
6–10 indicators (naik and turun, single and range targets, kumulatif and akhir), targets over the RPJMD period
and the complete years before it, realisations of the two years before the current one all verified, the
current year's quarters before the due one verified and the due one in mixed states (Dinkes' returned, one
kecamatan's empty: late once its deadline passed), a few IKU behind plan (`BERISIKO_DEMO`), the city's IKU
(IPM, penduduk miskin, IKM), PK (the next year's drafts), quarter locks and deadlines, budgets, and published
national or provincial benchmarks on a few indicators (`PEMBANDING_DEMO`).

Deterministic (seeded by the year, `JamDemo.benih`), idempotent (does nothing when the pemda already has
sasaran; `--reset` rebuilds) and bulk-created so the whole `muat_demo` stays fast.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from perangkat_daerah.demo import KODE_PEMDA_DEMO, KODE_PEMDA_LAIN
from sakip.lib.angka import satuan_cacah

from . import capaian, demo_pohon, demo_renaksi
from .demo_jam import JamDemo, jam_demo
from .models import (
    Anggaran,
    Indikator,
    KunciTriwulan,
    PengaturanKinerja,
    PerjanjianKinerja,
    Realisasi,
    RevisiPK,
    Sasaran,
    Target,
)
from .models_manual import DokumenIKU
from .models_perencanaan import PeriodePerencanaan, TingkatPohon

BENIH = 20250401
LANGKAH_MAKS = 5  # a target path grows for at most six years (a seventh repeats the sixth): no 110 %
# IKU behind plan in the current year (realisations at 76–84 % of the target, or 116–124 % for a lower-is-better
# one), so the dashboards' at-risk list (kinerja/selectors/proyeksi.py) shows some on the default year: Disdik's
# and DLH's first two, whose due quarter is submitted or verified (`STATUS_TETAP`).
BERISIKO_DEMO = {"1.01.01.01", "1.01.01.02", "2.11.01.01", "2.11.01.02"}


@dataclass(frozen=True)
class Pola:
    """An indicator pattern: uraian, satuan, arah, agregasi, 2021 base target, yearly step, range width."""

    uraian: str
    satuan: str
    arah: str
    agregasi: str
    dasar: Decimal
    langkah: Decimal
    lebar: Decimal | None = None  # a range target [t - lebar/2, t + lebar/2] when set
    maksimum: Decimal | None = None  # the indicator's valid range 0..maksimum, as data (a SAKIP score: 100)


def _p(uraian, satuan, arah, agregasi, dasar, langkah, lebar=None, maks=None) -> Pola:
    def d(x):
        return None if x is None else Decimal(x)

    return Pola(uraian, satuan, arah, agregasi, Decimal(dasar), Decimal(langkah), d(lebar), d(maks))


UMUM = [
    _p("Indeks kepuasan masyarakat terhadap layanan", "indeks", "naik", "akhir", "78", "1", "4"),
    _p("Persentase pemenuhan standar pelayanan minimal", "%", "naik", "akhir", "85", "2"),
    _p("Jumlah inovasi pelayanan publik yang diterapkan", "inovasi", "naik", "kumulatif", "4", "1"),
    _p("Persentase pengaduan masyarakat yang tidak terselesaikan", "%", "turun", "akhir", "9", "-1"),
    _p("Nilai evaluasi SAKIP perangkat daerah", "nilai", "naik", "akhir", "62", "2", maks="100"),
    _p("Rata-rata waktu penyelesaian layanan", "hari", "turun", "akhir", "7", "-0.5", "1"),
    _p("Persentase temuan pemeriksaan yang ditindaklanjuti", "%", "naik", "akhir", "80", "3", "10"),
    _p("Jumlah kegiatan sosialisasi dan edukasi", "kegiatan", "naik", "kumulatif", "24", "2"),
    _p("Persentase data sektoral yang dimutakhirkan", "%", "naik", "akhir", "70", "5"),
    _p("Tingkat kesalahan administrasi kepegawaian", "%", "turun", "akhir", "4", "-0.4", "1"),
]

KHUSUS = {
    "1.02.01": [
        _p("Angka kematian ibu", "per 100.000 KH", "turun", "akhir", "80", "-5"),
        _p("Prevalensi balita stunting", "%", "turun", "akhir", "12", "-1.2", "1"),
        _p("Cakupan imunisasi dasar lengkap", "%", "naik", "akhir", "90", "1.5"),
        _p("Jumlah kunjungan rawat jalan puskesmas", "kunjungan", "naik", "kumulatif", "480000", "20000"),
    ],
    "1.01.01": [
        _p("Angka partisipasi murni SD/MI", "%", "naik", "akhir", "96", "0.5", "2"),
        _p("Angka putus sekolah SMP", "%", "turun", "akhir", "0.8", "-0.1"),
        _p("Jumlah guru tersertifikasi", "orang", "naik", "kumulatif", "400", "50"),
    ],
    "2.11.01": [
        _p("Indeks kualitas lingkungan hidup", "indeks", "naik", "akhir", "56", "1.5"),
        _p("Persentase sampah yang tertangani", "%", "naik", "akhir", "68", "3"),
        _p("Volume sampah yang dibuang ke TPA", "ton", "turun", "kumulatif", "310000", "-8000"),
    ],
}

# (kode, uraian, satuan, arah, agregasi, target of the first target year, yearly step, realisations per quarter
# as the difference from the year's target: {0: the first complete year, 1: the previous year, 2: the current})
IKU_KOTA = [
    ("IKU.01", "Indeks Pembangunan Manusia (IPM)", "indeks", "naik", "akhir", "81.60", "0.30",
     {0: {4: "0.23"}, 1: {4: "0.42"}}),
    ("IKU.02", "Persentase penduduk miskin", "%", "turun", "akhir", "2.90", "-0.10",
     {0: {4: "-0.15"}, 1: {4: "-0.24"}}),
    ("IKU.03", "Indeks kepuasan masyarakat (IKM)", "indeks", "naik", "rata_rata", "78", "1",
     {0: {2: "1.10", 4: "2.35"}, 1: {2: "2.02", 4: "3.10"}, 2: {2: "2.40"}}),
]  # fmt: skip

# The benchmarks of the LKjIP's fourth analysis (Indikator.pembanding_*) the demo records, by indicator wording:
# published national or provincial figures, each with the publication that states it (checked against the
# publishers' releases as the press reported them), so the demo's LKjIP compares with real numbers. The other
# indicators record none, and their analysis says "tidak tersedia pembanding".
PEMBANDING_DEMO = {
    # SSGI 2022: 21,6 % of children under five stunted, nationally (Kementerian Kesehatan, January 2023)
    "Prevalensi balita stunting": ("21.6", "nasional", "Survei Status Gizi Indonesia (SSGI), Kemenkes", 2022),
    # Long Form SP2020 (BPS): 189 nationally, Provinsi Banten 127 maternal deaths per 100.000 live births
    "Angka kematian ibu": ("127", "provinsi", "Provinsi Banten, hasil Long Form Sensus Penduduk 2020 (BPS)", 2020),
    # IKLH 2023: 72,54 (Kementerian Lingkungan Hidup dan Kehutanan, December 2023)
    "Indeks kualitas lingkungan hidup": ("72.54", "nasional", "Kementerian Lingkungan Hidup dan Kehutanan", 2023),
    # IPM 2024: 75,08 (BPS, Berita Resmi Statistik, 15 November 2024)
    "Indeks Pembangunan Manusia (IPM)": ("75.08", "nasional", "Berita Resmi Statistik IPM, BPS", 2024),
    # poverty rate March 2024: 9,03 % (BPS, Berita Resmi Statistik, 1 July 2024)
    "Persentase penduduk miskin": ("9.03", "nasional", "Profil Kemiskinan di Indonesia Maret, BPS", 2024),
}  # fmt: skip

BATAS_WAKTU = {1: (4, 15), 2: (7, 15), 3: (10, 15), 4: (1, 15)}


def _batas(tahun: int, tw: int) -> datetime.date:
    bulan, hari = BATAS_WAKTU[tw]
    return datetime.date(tahun + 1 if tw == 4 else tahun, bulan, hari)


def _waktu(tahun: int, tw: int, jam: JamDemo, terlambat: bool = False) -> datetime.datetime:
    """A submission moment a few days before the quarter's deadline (`terlambat`: two days after it), never
    later than yesterday."""
    geser = datetime.timedelta(days=2 if terlambat else -5)
    waktu = timezone.make_aware(datetime.datetime.combine(_batas(tahun, tw) + geser, datetime.time(10)))
    return min(waktu, jam.kemarin())


def _uraian(p: Pola, pd) -> str:
    """A shared pattern's wording names its PD: the same wording and unit in two PDs' branches would be one
    indicator under two parents, which the tree's quality check flags (kinerja/selectors/mutu_pohon.py)."""
    return f"{p.uraian} {pd.singkatan}" if p in UMUM else p.uraian


def _pembanding(uraian: str) -> dict:
    """The benchmark fields of an indicator worded `uraian` (`PEMBANDING_DEMO`), or none."""
    if uraian not in PEMBANDING_DEMO:
        return {}
    nilai, tingkat, sumber, tahun = PEMBANDING_DEMO[uraian]
    return {"pembanding_nilai": Decimal(nilai), "pembanding_tingkat": tingkat, "pembanding_sumber": sumber,
            "pembanding_tahun": tahun}  # fmt: skip


def _bulat(x: Decimal, tempat: int = 2) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-tempat))


# --- building --------------------------------------------------------------------------------------


class _Pembangun:
    """Collects the rows of one pemda in memory, then bulk-creates them."""

    def __init__(self, pemda, acak: random.Random, jam: JamDemo):
        self.pemda = pemda
        self.acak = acak
        self.jam = jam
        self.target: list[Target] = []
        self.realisasi: list[Realisasi] = []

    def indikator_pd(self, pd, induk: Sasaran | None) -> list[tuple[Indikator, Pola]]:
        pola = list(KHUSUS.get(pd.kode, [])) + self.acak.sample(UMUM, k=len(UMUM))
        jumlah = self.acak.randint(6, 10)
        sasaran = Sasaran.objects.bulk_create(
            [
                Sasaran(pemda=self.pemda, perangkat_daerah=pd, induk=induk, kode=f"{pd.kode}.S1",
                        uraian=f"Meningkatnya kualitas layanan {pd.singkatan}"),
                Sasaran(pemda=self.pemda, perangkat_daerah=pd, kode=f"{pd.kode}.S2",
                        uraian=f"Meningkatnya akuntabilitas kinerja {pd.singkatan}"),
            ]
        )  # fmt: skip
        baris = []
        for i, p in enumerate(pola[:jumlah], start=1):
            ind = Indikator(
                sasaran=sasaran[0 if i <= jumlah // 2 + 1 else 1], pemda=self.pemda, perangkat_daerah=pd,
                kode=f"{pd.kode}.{i:02d}", uraian=_uraian(p, pd), satuan=p.satuan, arah=p.arah, agregasi=p.agregasi,
                iku=i <= 2, urutan=i, definisi=f"{p.uraian} pada akhir periode pelaporan.",
                sumber_data=f"Laporan {pd.singkatan}", **_pembanding(_uraian(p, pd)),
                nilai_minimum=None if p.maksimum is None else Decimal(0), nilai_maksimum=p.maksimum,
            )  # fmt: skip
            baris.append((ind, p))
        Indikator.objects.bulk_create([ind for ind, _ in baris])
        return baris

    def target_untuk(self, ind: Indikator, p: Pola) -> dict[int, Target]:
        hasil = {}
        for n, tahun in enumerate(self.jam.tahun_target):
            pusat = _bulat(p.dasar + p.langkah * min(n, LANGKAH_MAKS))
            t = Target(indikator=ind, tahun=tahun)
            if p.lebar is not None:
                t.lo, t.hi = _bulat(pusat - p.lebar / 2), _bulat(pusat + p.lebar / 2)
            else:
                t.nilai = pusat
            if p.agregasi == "kumulatif":  # THE split: a count into whole quarters (9 → s.d. 2, 4, 6, 9)
                per_tw = capaian.target_sd_triwulan(pusat, p.agregasi, bulat=satuan_cacah(p.satuan))
                t.t1, t.t2, t.t3, t.t4 = (per_tw[tw] for tw in capaian.TRIWULAN)
            hasil[tahun] = t
        self.target.extend(hasil.values())
        return hasil

    def nilai_triwulan(self, p: Pola, target: Target, tw: int, tertinggal: bool = False) -> Decimal:
        """A quarter's value near the target (88–112 %); `tertinggal`: behind plan (76–84 %, or 116–124 % of a
        lower-is-better target)."""
        acuan = target.nilai if target.nilai is not None else (target.lo + target.hi) / 2
        persen = self.acak.randint(88, 112)
        if tertinggal:
            persen = 200 - (persen // 3 + 47) if p.arah == "turun" else persen // 3 + 47
        faktor = Decimal(persen) / 100
        if p.agregasi == "kumulatif":
            return _bulat(acuan / 4 * faktor, 0 if acuan > 100 or satuan_cacah(p.satuan) else 2)
        return _bulat(acuan * faktor, 0 if satuan_cacah(p.satuan) else 2)

    def realisasi_tahun(self, ind, p, target: Target, tahun: int, status_tw: dict[int, str]) -> None:
        tertinggal = tahun == self.jam.tahun and ind.kode in BERISIKO_DEMO
        for tw, status in status_tw.items():
            if status == "kosong":
                continue
            r = Realisasi(indikator=ind, tahun=tahun, triwulan=tw, status=status, versi=1)
            r.nilai = self.nilai_triwulan(p, target, tw, tertinggal=tertinggal)
            r.penjelasan = "Sesuai laporan bulanan bidang." if status != Realisasi.Status.DRAF else ""
            if status in (Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI, Realisasi.Status.DIKEMBALIKAN):
                # late only after the deadline has passed (a demo row is never submitted in the future)
                r.terlambat = (status == Realisasi.Status.DIAJUKAN and self.acak.random() < 0.2
                               and _batas(tahun, tw) < self.jam.hari_ini - datetime.timedelta(days=2))  # fmt: skip
                r.diajukan_pada = _waktu(tahun, tw, self.jam, r.terlambat)
            if status == Realisasi.Status.DIVERIFIKASI:
                r.diverifikasi_pada = min(r.diajukan_pada + datetime.timedelta(days=3), self.jam.kemarin(15))
            if status == Realisasi.Status.DIKEMBALIKAN:
                r.catatan_verifikasi = "Lampirkan bukti dukung (laporan bulanan) dan perbaiki penjelasan."
            self.realisasi.append(r)


# The due quarter of the current year, fixed for a few PDs so the demo always shows each case: Dinas Kesehatan
# (the demo operator's PD) has two indicators returned to fix and the rest drafts to submit; Disdik's is submitted,
# DLH's verified (their IKU are the ones behind plan, `BERISIKO_DEMO`), Kecamatan Setu's empty (late once the
# quarter's deadline has passed).
STATUS_TETAP = {
    "1.02.01": Realisasi.Status.DIKEMBALIKAN,
    "1.01.01": Realisasi.Status.DIAJUKAN,
    "2.11.01": Realisasi.Status.DIVERIFIKASI,
    "7.01.07": "kosong",
}


def _status_berjalan(acak: random.Random, kode_pd: str) -> str:
    """One PD's state of the current year's due quarter: verified, submitted, returned, a draft or empty."""
    if kode_pd in STATUS_TETAP:
        return STATUS_TETAP[kode_pd]
    return acak.choice(
        [
            Realisasi.Status.DIVERIFIKASI,
            Realisasi.Status.DIVERIFIKASI,
            Realisasi.Status.DIAJUKAN,
            Realisasi.Status.DIKEMBALIKAN,
            Realisasi.Status.DRAF,
            "kosong",
        ]
    )


def status_tahun_berjalan(jam: JamDemo, status_jatuh_tempo: str) -> dict[int, str]:
    """The current year's quarters of one indicator: those before the due quarter verified, the due one in
    `status_jatuh_tempo`, the later ones not begun."""
    hasil = dict.fromkeys(range(1, jam.triwulan), Realisasi.Status.DIVERIFIKASI)
    hasil[jam.triwulan] = status_jatuh_tempo
    return hasil


def _muat_pd(b: _Pembangun, daftar_pd, sasaran_kota: Sasaran | None) -> None:
    jam = b.jam
    for pd in daftar_pd:
        status_pd = _status_berjalan(b.acak, pd.kode)
        for n, (ind, p) in enumerate(b.indikator_pd(pd, sasaran_kota if pd.kode.startswith("1.") else None)):
            target = b.target_untuk(ind, p)
            for tahun in jam.tahun_terverifikasi:
                b.realisasi_tahun(
                    ind, p, target[tahun], tahun, dict.fromkeys((1, 2, 3, 4), Realisasi.Status.DIVERIFIKASI)
                )
            # A returned quarter has one or two indicators sent back; the rest were verified (Dinkes': drafts).
            status = status_pd
            if status_pd == Realisasi.Status.DIKEMBALIKAN and n >= 2:
                status = Realisasi.Status.DRAF if pd.kode == "1.02.01" else Realisasi.Status.DIVERIFIKASI
            b.realisasi_tahun(ind, p, target[jam.tahun], jam.tahun, status_tahun_berjalan(jam, status))


def _muat_kota(b: _Pembangun) -> Sasaran:
    sasaran = Sasaran.objects.create(
        pemda=b.pemda, kode="K.S1", uraian="Meningkatnya kualitas hidup dan kesejahteraan masyarakat"
    )
    daftar = [
        Indikator(sasaran=sasaran, pemda=b.pemda, kode=kode, uraian=uraian, satuan=satuan, arah=arah,
                  agregasi=agregasi, iku=True, urutan=i, sumber_data="BPS / Bappelitbangda", **_pembanding(uraian))
        for i, (kode, uraian, satuan, arah, agregasi, *_nilai) in enumerate(IKU_KOTA, start=1)
    ]  # fmt: skip
    Indikator.objects.bulk_create(daftar)
    jam = b.jam
    tahun_realisasi = (*jam.tahun_terverifikasi, jam.tahun)
    for ind, (*_awal, dasar, langkah, realisasi) in zip(daftar, IKU_KOTA, strict=True):
        target = {t: Decimal(dasar) + Decimal(langkah) * min(n, LANGKAH_MAKS) for n, t in enumerate(jam.tahun_target)}
        b.target.extend(Target(indikator=ind, tahun=t, nilai=v) for t, v in target.items())
        for i, per_tw in realisasi.items():
            tahun = tahun_realisasi[i]
            status = Realisasi.Status.DIVERIFIKASI if tahun < jam.tahun else Realisasi.Status.DIAJUKAN
            b.realisasi.extend(
                Realisasi(indikator=ind, tahun=tahun, triwulan=tw, nilai=target[tahun] + Decimal(v), status=status,
                          diajukan_pada=_waktu(tahun, tw, jam), penjelasan="Data BPS.")
                for tw, v in per_tw.items() if tahun < jam.tahun or tw <= jam.triwulan
            )  # fmt: skip
    return sasaran


# The PD-level pagu of 2024 in billions of rupiah, at the scale of a city of 1.4 million people whose APBD spends
# about Rp4 trillion a year (Kota Tangerang Selatan): education, health, public works and the finance office
# carry most of it, a kecamatan or a small badan a few tens of billions; the city's total (THE PD budgets,
# anggaran_pd_tahun) is some Rp4.0 trillion in 2024 and grows 4 % a year (`PERTUMBUHAN_PAGU`): Rp4.3 trillion in
# 2026, Rp4.7 trillion in 2028. Demo figures ("contoh"), not the city's budget.
# A PD with sub kegiatan budgets in the tree (demo_pohon_*) reports those instead (anggaran_pd_tahun); Dinkes'
# row here is set near its tree's sum (some Rp476 billion in 2024, demo_pohon_dinkes) so both read alike.
PAGU_DEMO_MILIAR = {
    "1.01.01": 1150, "1.02.01": 476, "1.02.02": 270, "1.03.01": 545, "1.03.02": 150, "1.04.01": 170,
    "1.05.01": 60, "1.05.02": 25, "1.05.03": 85, "1.06.01": 70, "2.07.01": 30, "2.08.01": 45, "2.11.01": 190,
    "2.12.01": 35, "2.15.01": 110, "2.16.01": 75, "2.17.01": 25, "2.18.01": 30, "2.19.01": 40, "2.23.01": 25,
    "3.26.01": 20, "3.27.01": 35, "3.31.01": 30, "4.01.01": 250, "4.02.01": 120, "5.01.01": 45, "5.02.01": 90,
    "5.02.02": 400, "5.03.01": 40, "6.01.01": 22, "8.01.01": 18,
}  # fmt: skip
PAGU_KECAMATAN_MILIAR = 35
PERTUMBUHAN_PAGU = Decimal("1.04")  # the budget grows 4 % a year from its 2024 scale


def _pagu_demo(pd, tahun: int, acak: random.Random) -> Decimal:
    """A PD's pagu for `tahun`: its 2024 scale (`PAGU_DEMO_MILIAR`), the years' growth and ±4 %, to the million."""
    miliar = PAGU_DEMO_MILIAR.get(pd.kode, PAGU_KECAMATAN_MILIAR)
    faktor = (PERTUMBUHAN_PAGU ** (tahun - 2024)).quantize(Decimal("0.0001")) * acak.randint(96, 104) / 100
    return (Decimal(miliar) * 1000 * faktor).quantize(Decimal(1)) * 1_000_000


def _pk(pd, tahun: int, jam: JamDemo) -> PerjanjianKinerja:
    """The PK of a year up to the current one is set (at the end of its January, never after yesterday); the next
    year's is a draft, for its kepala PD to set (kepala.dinkes' Tetapkan)."""
    if tahun > jam.tahun:
        return PerjanjianKinerja(perangkat_daerah=pd, tahun=tahun)
    ditetapkan_pada = min(timezone.make_aware(datetime.datetime(tahun, 1, 31, 9)), jam.kemarin(9))
    return PerjanjianKinerja(perangkat_daerah=pd, tahun=tahun, status="ditetapkan", ditetapkan_pada=ditetapkan_pada)


def _pk_kunci_anggaran(pemda, daftar_pd, acak: random.Random, jam: JamDemo) -> None:
    """PKs of the target years through the next one, quarter deadlines (the quarters before the due one of the
    current year locked) and the PD budgets of `jam.tahun_anggaran` (the current year's spent through its due
    quarter)."""
    tahun_pk = [t for t in jam.tahun_target if t <= jam.tahun_depan]
    PerjanjianKinerja.objects.bulk_create(_pk(pd, tahun, jam) for pd in daftar_pd for tahun in tahun_pk)
    KunciTriwulan.objects.bulk_create(
        KunciTriwulan(pemda=pemda, tahun=tahun, triwulan=tw, batas_waktu=_batas(tahun, tw),
                      terkunci=tahun < jam.tahun or (tahun == jam.tahun and tw < jam.triwulan))
        for tahun in (*jam.tahun_anggaran, jam.tahun_depan) for tw in (1, 2, 3, 4)
    )  # fmt: skip
    anggaran = []
    for pd in daftar_pd:
        for tahun in jam.tahun_anggaran:
            pagu = _pagu_demo(pd, tahun, acak)
            a = Anggaran(perangkat_daerah=pd, tahun=tahun, pagu=pagu)
            for tw in range(1, 5 if tahun < jam.tahun else jam.triwulan + 1):
                setattr(a, f"realisasi_t{tw}", _bulat(pagu * Decimal(acak.randint(17, 26)) / 100, 0))
            anggaran.append(a)
    Anggaran.objects.bulk_create(anggaran)


def _muat_pemda(pemda, daftar_pd, benih: int, dengan_kota: bool, jam: JamDemo) -> None:
    if Sasaran.objects.filter(pemda=pemda).exists():
        return
    b = _Pembangun(pemda, random.Random(benih + jam.benih), jam)
    sasaran_kota = _muat_kota(b) if dengan_kota else None
    _muat_pd(b, daftar_pd, sasaran_kota)
    pohon = _Pembangun(pemda, random.Random(benih + 13 + jam.benih), jam)  # its own stream
    demo_pohon.muat(pohon, daftar_pd=daftar_pd, dengan_cabang=dengan_kota)
    Target.objects.bulk_create(b.target + pohon.target, batch_size=1000)
    Realisasi.objects.bulk_create(b.realisasi + pohon.realisasi, batch_size=1000)
    _pk_kunci_anggaran(pemda, daftar_pd, b.acak, jam)
    if dengan_kota:
        demo_renaksi.muat(daftar_pd, jam)
        # the next year's PKs are drafts while an operator may already work on it: the demo city lets a PD
        # submit before its PK is set (the default does not)
        PengaturanKinerja.objects.update_or_create(pemda=pemda, defaults={"ajukan_sebelum_pk": True})


def muat(konteks) -> None:
    """Load the demo kinerja data of both demo pemda as of the demo's today (`konteks.hari_ini`); does nothing
    for a pemda that already has some."""
    jam = jam_demo(konteks.hari_ini)
    _muat_pemda(konteks.pemda, sorted(konteks.pd.values(), key=lambda pd: pd.kode), BENIH, True, jam)
    _muat_pemda(konteks.pemda_lain, sorted(konteks.pd_lain.values(), key=lambda pd: pd.kode), BENIH + 1, False, jam)


def hapus() -> None:
    """Remove every kinerja row (and stored evidence file) of the demo pemda."""
    from perangkat_daerah.models import Pemda

    pemda = list(Pemda.objects.filter(kode__in=[KODE_PEMDA_DEMO, KODE_PEMDA_LAIN]))
    realisasi = Realisasi.objects.filter(indikator__pemda__in=pemda)
    for r in realisasi.exclude(bukti=""):
        r.bukti.delete(save=False)
    realisasi.delete()
    Target.objects.filter(indikator__pemda__in=pemda).delete()
    RevisiPK.objects.filter(perjanjian__perangkat_daerah__pemda__in=pemda).delete()
    PerjanjianKinerja.objects.filter(perangkat_daerah__pemda__in=pemda).delete()
    demo_pohon.hapus(pemda)
    Indikator.objects.filter(pemda__in=pemda).delete()
    Sasaran.objects.filter(pemda__in=pemda).update(induk=None)
    Sasaran.objects.filter(pemda__in=pemda).delete()
    DokumenIKU.objects.filter(pemda__in=pemda).delete()
    PeriodePerencanaan.objects.filter(pemda__in=pemda).delete()
    TingkatPohon.objects.filter(pemda__in=pemda).delete()
    KunciTriwulan.objects.filter(pemda__in=pemda).delete()
    Anggaran.objects.filter(perangkat_daerah__pemda__in=pemda).delete()
