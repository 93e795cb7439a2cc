"""Demo action plans (issue 16 point 7): for Dinkes, Disdik and DLH, two actions under each of their first three
PK or sub kegiatan indicators in the demo's current year (kinerja/demo_jam.py), with monthly targets toward the
year's target (whole numbers for a count) and monthly realisations through the last finished month (the months
before the last two verified, the one before the last submitted, the last a draft; one action per PD returned),
some behind plan with their hindering factor and follow-up. Deterministic (seeded), bulk-created
after the targets and PKs, like the rest of `kinerja.demo`; removed with their indicators (cascade)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from .models import Indikator, RealisasiAksi, RencanaAksi, Target
from .models_renaksi import INDIKATOR_RENAKSI, target_sd, tertinggal

BENIH = 20260101
AKSI = {
    "1.02.01": [
        ("Posyandu keliling dan sweeping imunisasi", "Kepala Bidang Pencegahan dan Pengendalian Penyakit"),
        ("Pendampingan gizi ibu hamil dan balita oleh kader", "Kepala Bidang Kesehatan Masyarakat"),
        ("Akreditasi dan supervisi mutu puskesmas", "Kepala Bidang Pelayanan Kesehatan"),
    ],
    "1.01.01": [
        ("Pendataan dan penjangkauan anak tidak sekolah", "Kepala Bidang Pembinaan SD"),
        ("Pelatihan guru pembelajaran literasi dan numerasi", "Kepala Bidang Ketenagaan"),
        ("Rehabilitasi ruang kelas rusak sedang", "Kepala Bidang Sarana dan Prasarana"),
    ],
    "2.11.01": [
        ("Pengawasan kualitas air sungai dan limbah industri", "Kepala Bidang Penaatan Lingkungan"),
        ("Pembentukan dan pembinaan bank sampah kelurahan", "Kepala Bidang Pengelolaan Sampah"),
        ("Penanaman pohon di ruang terbuka hijau", "Kepala Bidang Pertamanan"),
    ],
}
TAHAPAN = "Persiapan dan koordinasi; pelaksanaan di lapangan; pemantauan dan evaluasi bulanan"
PENGHAMBAT = "Pelaksanaan di lapangan tertunda karena jadwal dan anggaran belum tersedia penuh."
TINDAK_LANJUT = "Menjadwalkan ulang kegiatan dan mempercepat pencairan anggaran pada bulan berikutnya."
PENDUKUNG = "Koordinasi lintas bidang dan dukungan kelurahan berjalan baik."


def _acuan(target: Target | None) -> Decimal | None:
    if target is None:
        return None
    return target.nilai if target.nilai is not None else (target.lo + target.hi) / 2


def _batas(ind: Indikator, nilai: Decimal) -> Decimal:
    """A demo value kept inside the indicator's valid range (as the services would require)."""
    if ind.nilai_maksimum is not None:
        nilai = min(nilai, ind.nilai_maksimum)
    bawah = ind.nilai_minimum if ind.nilai_minimum is not None else (None if ind.boleh_negatif else Decimal(0))
    return max(nilai, bawah) if bawah is not None else nilai


def _tempat(ind: Indikator) -> Decimal:
    """The precision of a demo value: whole for a count (Indikator.bulat), else two decimals."""
    return Decimal(1) if ind.bulat else Decimal("0.01")


def _target_bulanan(ind: Indikator, awal: Decimal, akhir: Decimal) -> dict[str, str]:
    """Monthly targets toward the year's: a run rate for a cumulative indicator, else a straight path."""
    hasil = {}
    for b in range(1, 13):
        kumulatif = ind.agregasi == Indikator.Agregasi.KUMULATIF
        nilai = akhir * b / 12 if kumulatif else awal + (akhir - awal) * b / 12
        hasil[str(b)] = str(_batas(ind, nilai.quantize(_tempat(ind))).quantize(Decimal("0.0001")))
    return hasil


def _status(bulan: int, terakhir: int, dikembalikan: bool) -> str:
    if bulan <= terakhir - 2:
        return RealisasiAksi.Status.DIVERIFIKASI
    if bulan == terakhir - 1:
        return RealisasiAksi.Status.DIKEMBALIKAN if dikembalikan else RealisasiAksi.Status.DIAJUKAN
    return RealisasiAksi.Status.DRAF


def _realisasi(r: RencanaAksi, ind: Indikator, faktor: Decimal, dikembalikan: bool, jam) -> list[RealisasiAksi]:
    hasil = []
    for b in range(1, jam.bulan_terakhir + 1):
        target = target_sd(r.target_bulanan, b)
        nilai = _batas(ind, (target * faktor).quantize(_tempat(ind)))
        status = _status(b, jam.bulan_terakhir, dikembalikan)
        ra = RealisasiAksi(rencana_aksi=r, bulan=b, nilai=nilai, status=status, faktor_pendukung=PENDUKUNG)
        if tertinggal(ind.arah, target, nilai):
            ra.faktor_penghambat, ra.tindak_lanjut = PENGHAMBAT, TINDAK_LANJUT
        if status != RealisasiAksi.Status.DRAF:
            # submitted on the 5th of the next month, verified three days later (a finished month: never ahead
            # of today)
            ra.diajukan_pada = min(timezone.make_aware(datetime.datetime(r.tahun, b + 1, 5, 10)), jam.kemarin())
        if status == RealisasiAksi.Status.DIVERIFIKASI:
            ra.diverifikasi_pada = min(ra.diajukan_pada + datetime.timedelta(days=3), jam.kemarin(15))
        if status == RealisasiAksi.Status.DIKEMBALIKAN:
            ra.catatan_verifikasi = "Lampirkan dokumentasi kegiatan dan daftar hadir."
        hasil.append(ra)
    return hasil


def _faktor(acak: random.Random, arah: str, tertinggal_: bool) -> Decimal:
    """Behind plan: 80–92 % of the target (108–120 % for a lower-is-better indicator); else on plan or ahead."""
    persen = acak.randint(80, 92) if tertinggal_ else acak.randint(100, 106)
    if arah == Indikator.Arah.TURUN:
        persen = 200 - persen
    return Decimal(persen) / 100


def _indikator(pd) -> list[Indikator]:
    return list(Indikator.objects.filter(INDIKATOR_RENAKSI, perangkat_daerah=pd).order_by("kode")[:3])


def muat(daftar_pd, jam) -> None:
    """The demo plans of the three demo branches' PDs (the others have none) for `jam.tahun`."""
    acak = random.Random(BENIH + jam.benih)
    tahun = jam.tahun
    rencana, realisasi = [], []
    for pd in daftar_pd:
        if pd.kode not in AKSI:
            continue
        for n, ind in enumerate(_indikator(pd)):
            target = {t.tahun: _acuan(t) for t in Target.objects.filter(indikator=ind, tahun__in=(tahun - 1, tahun))}
            if target.get(tahun) is None:
                continue
            awal = target.get(tahun - 1) or target[tahun]
            for k in range(2):
                uraian, pj = AKSI[pd.kode][(n + k) % 3]
                r = RencanaAksi(
                    indikator=ind, pemda_id=ind.pemda_id, perangkat_daerah=pd, tahun=tahun, urutan=k + 1,
                    uraian=uraian, tahapan=TAHAPAN, penanggung_jawab=pj, jabatan=pj,
                    instruksi_kepala_daerah=(n, k) == (0, 0), target_bulanan=_target_bulanan(ind, awal, target[tahun]),
                )  # fmt: skip
                rencana.append(r)
                faktor = _faktor(acak, ind.arah, tertinggal_=k == 1)
                realisasi.extend(_realisasi(r, ind, faktor, (n, k) == (1, 0), jam))
    RencanaAksi.objects.bulk_create(rencana)
    RealisasiAksi.objects.bulk_create(realisasi)
