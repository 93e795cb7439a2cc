"""A city's evaluation and kinerja data for dashboard tests, bulk-created (so 80 PD stay fast): official
results 2023 and 2024, the city's self-estimate 2024 (method A, answers stored), internal results 2023
and 2024 and self-assessments 2024 of every PD, recommendations, and one city IKU."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from evaluasi.models import Evaluasi, HasilEvaluasi, Jawaban, NilaiSubKomponen, Rekomendasi
from evaluasi.selectors import Masukan, hitung, instrumen_siap
from evaluasi.services import hasil_baris
from kinerja.models import Indikator, Realisasi, Sasaran, Target
from perangkat_daerah.models import PerangkatDaerah
from tests.evaluasi.factories import instrumen_a, instrumen_b

J, S = Evaluasi.Jenis, Evaluasi.Status
RESMI = {2023: ("67.31", "B", {"1": "21.00", "2": "19.20", "3": "10.11", "4": "17.00"}),
         2024: ("69.04", "B", {"1": "21.50", "2": "19.80", "3": "10.24", "4": "17.50"})}  # fmt: skip
MANDIRI_NILAI = {"1a": "A", "1b": "B", "1c": "B", "2a": "BB", "2b": "B", "2c": "B",
                 "3a": "A", "3b": "B", "3c": "B", "4a": "BB", "4b": "B", "4c": "CC"}  # fmt: skip
MANDIRI_TIDAK = {"1b.8", "1c.3", "2b.6", "2c.1", "3b.6", "3c.2", "4b.5", "4c.1", "4c.2"}
LHE_2024 = datetime.date(2024, 12, 10)


@dataclass
class DataKota:
    """What was built, for the tests' expected values."""

    pd: list
    mandiri_kota: Evaluasi | None = None
    masukan_kota: Masukan | None = None
    internal: dict = field(default_factory=dict)  # (tahun, pd id) -> engine Hasil
    mandiri_pd: dict = field(default_factory=dict)  # pd id -> engine Hasil
    iku: Indikator | None = None


def _jawaban_pd(siap, i: int, geser: int) -> dict[str, str]:
    """Deterministic A–E answers whose level depends on the PD's position (spread over the bands)."""
    jawaban = {}
    for n, (kode, kr) in enumerate(sorted(siap.kriteria_kode.items())):
        langkah = (i + n + geser) % (2 + i % 3)  # 0 = the best answer
        jawaban[kode] = kr.pilihan[min(langkah, len(kr.pilihan) - 1)]
    return jawaban


def buat_pd_banyak(pemda, n: int) -> list:
    """`n` PD of `pemda`, bulk-created, alternating dinas and kecamatan."""
    PerangkatDaerah.objects.bulk_create(
        PerangkatDaerah(pemda=pemda, kode=f"8.{i:03d}", nama=f"PD Uji {i:03d}", singkatan=f"PU{i:03d}",
                        jenis="kecamatan" if i % 2 else "dinas")
        for i in range(n)
    )  # fmt: skip
    return list(PerangkatDaerah.objects.filter(pemda=pemda, kode__startswith="8.").order_by("kode"))


def _resmi(pemda, siap_a, ins_a) -> None:
    for tahun, (total, predikat, komponen) in RESMI.items():
        e = Evaluasi.objects.create(
            instrumen=ins_a, pemda=pemda, tahun=tahun, jenis=J.RESMI, status=S.FINAL,
            nomor_lhe=f"LHE/{tahun}", tanggal_lhe=LHE_2024.replace(year=tahun),
        )  # fmt: skip
        HasilEvaluasi.objects.create(
            evaluasi=e, total=Decimal(total), predikat=predikat, nilai_komponen=komponen,
            predikat_nama=siap_a.skala_predikat.band(predikat).nama, instrumen_kode=ins_a.kode,
            instrumen_versi=ins_a.versi, skala_predikat_versi=siap_a.skala_predikat.versi,
        )  # fmt: skip


def _mandiri_kota(pemda, siap_a, ins_a) -> tuple[Evaluasi, Masukan]:
    m = Masukan({k: "T" if k in MANDIRI_TIDAK else "Y" for k in siap_a.kriteria_kode}, MANDIRI_NILAI)
    e = Evaluasi.objects.create(instrumen=ins_a, pemda=pemda, tahun=2024, jenis=J.MANDIRI, status=S.FINAL)
    Jawaban.objects.bulk_create(Jawaban(evaluasi=e, kriteria_id=kr.id, nilai=m.jawaban[k])
                                for k, kr in siap_a.kriteria_kode.items())  # fmt: skip
    NilaiSubKomponen.objects.bulk_create(NilaiSubKomponen(evaluasi=e, subkomponen_id=s.id, nilai=m.nilai_sub[k])
                                         for k, s in siap_a.sub_kode.items())  # fmt: skip
    hasil_baris(e, hitung(siap_a, m)).save()
    return e, m


def isi_kota(pemda, pds: list, *, resmi: bool = True) -> DataKota:
    """Build the city's data (a fixed handful of bulk inserts whatever the number of PD)."""
    ins_a, ins_b = instrumen_a(), instrumen_b()
    siap_a, siap_b = instrumen_siap(ins_a), instrumen_siap(ins_b)
    data = DataKota(pd=pds)
    if resmi:
        _resmi(pemda, siap_a, ins_a)
    data.mandiri_kota, data.masukan_kota = _mandiri_kota(pemda, siap_a, ins_a)
    baris = []
    for i, pd in enumerate(pds):
        for tahun, jenis, geser in ((2023, J.INTERNAL, 1), (2024, J.INTERNAL, 0), (2024, J.MANDIRI, -1)):
            h = hitung(siap_b, Masukan(_jawaban_pd(siap_b, i, geser), {}))
            e = Evaluasi(instrumen=ins_b, pemda=pemda, perangkat_daerah=pd, tahun=tahun, jenis=jenis, status=S.FINAL)
            baris.append((e, h))
            if jenis == J.INTERNAL:
                data.internal[(tahun, pd.pk)] = h
            else:
                data.mandiri_pd[pd.pk] = h
    Evaluasi.objects.bulk_create([e for e, _ in baris])
    HasilEvaluasi.objects.bulk_create([hasil_baris(e, h) for e, h in baris])
    _rekomendasi(pemda, pds, [e for e, _ in baris])
    data.iku = _iku(pemda)
    return data


def _rekomendasi(pemda, pds, evaluasi) -> None:
    """One overdue open recommendation per 3 PD, one done, one open and not yet due."""
    lalu, nanti = datetime.date(2024, 1, 31), datetime.date.today() + datetime.timedelta(days=60)
    baris = []
    for i, e in enumerate(evaluasi[:9]):
        status = [Rekomendasi.Status.BELUM, Rekomendasi.Status.SELESAI, Rekomendasi.Status.PROSES][i % 3]
        baris.append(Rekomendasi(pemda=pemda, evaluasi=e, perangkat_daerah=e.perangkat_daerah, uraian=f"R{i}",
                                 status=status, batas_waktu=lalu if i % 3 == 0 else nanti))  # fmt: skip
    Rekomendasi.objects.bulk_create(baris)


def _iku(pemda) -> Indikator:
    sasaran = Sasaran.objects.create(pemda=pemda, kode=f"K{pemda.pk}", uraian="Sasaran kota")
    ind = Indikator.objects.create(sasaran=sasaran, kode=f"IKU{pemda.pk}", uraian="Indeks uji", satuan="indeks",
                                   iku=True, arah="turun", agregasi="akhir")  # fmt: skip
    Target.objects.bulk_create([Target(indikator=ind, tahun=2023, nilai=Decimal("2.7")),
                                Target(indikator=ind, tahun=2024, nilai=Decimal("2.6"))])  # fmt: skip
    Realisasi.objects.bulk_create(
        [Realisasi(indikator=ind, tahun=2023, triwulan=4, nilai=Decimal("2.55"), status="diverifikasi"),
         Realisasi(indikator=ind, tahun=2024, triwulan=4, nilai=Decimal("2.36"), status="diverifikasi")]
    )  # fmt: skip
    return ind
