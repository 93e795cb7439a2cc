"""Demo evaluations of Kota Tangerang Selatan (called by `manage.py muat_demo`).

The years follow the demo's today (kinerja/demo_jam.py, issue 17 point 9): the current year holds the work in
progress, the two years before it are complete ("the previous year" below is the year before the current).
- Official KemenPANRB results: 2023 67,31 (B) and 2024 69,04 (B), with component values that sum to them;
  from 2025 up to the previous year example results that rise 0,60 a year (`resmi_contoh`, catatan
  "contoh"); 2017–2020 under the instrument of their time (PermenPANRB 12/2015, five components), so the
  trend starts in 2017. The 2017–2020 figures are examples too: the city's BB of that era was reported in
  the press (TribunJakarta, 2 October 2018: "LAKIP dengan nilai BB dari KemenPan RI"), its LHE figures are
  not held here.
- The city's self-estimate of the previous year (method A, graded per sub-component): 71,65 (BB); one grade
  above its criteria's support (2a: BB with one of three criteria T) with the written reason.
- Every PD: internal evaluation of the two years before the current and self-assessment of the previous year,
  all final, from a deterministic generator whose quality levels spread so that about half of the PD reach BB.
- Work in progress for the current year: Dinkes' self-assessment half answered, DLH's submitted and the
  Inspektorat's evaluation of DLH begun.
- Recommendations of the official LHE and of internal LHEs: some done, some in progress, some overdue.
- Kabupaten Sukamaju (the second pemda) gets one official result, so scoping can be tried.

Rows are bulk-created; a pemda that already has evaluations is left alone (running twice changes nothing).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.demo_jam import JamDemo, jam_demo
from perangkat_daerah.demo import KODE_PEMDA_DEMO, KODE_PEMDA_LAIN
from perangkat_daerah.models import Pemda

from . import scoring
from .models import Evaluasi, HasilEvaluasi, Instrumen, Jawaban, NilaiSubKomponen, Rekomendasi
from .selectors import InstrumenSiap, Masukan, hitung, instrumen_siap
from .selectors.rekomendasi import kalimat_rekomendasi
from .services import hasil_baris

BENIH = 882021
KODE_A, KODE_B = "permenpanrb-88-2021", "lke-internal-88-2021"

# tahun: (total, predikat, component values, LHE number, LHE date)
RESMI = {
    2023: (
        "67.31",
        "B",
        {"1": "21.00", "2": "19.20", "3": "10.11", "4": "17.00"},
        "B/1021/M.AA.05/2023",
        (2023, 12, 12),
    ),
    2024: (
        "69.04",
        "B",
        {"1": "21.50", "2": "19.80", "3": "10.24", "4": "17.50"},
        "B/1187/M.AA.05/2024",
        (2024, 12, 10),
    ),
}
CATATAN_RESMI = "Hasil evaluasi AKIP oleh KemenPANRB"
CATATAN_CONTOH = "Contoh demo: hasil tahun ini belum dicatat dari LHE, angka contoh"
# an example result after the last real one (2024): 0,60 a year more, split over the four components
KENAIKAN_CONTOH = {"1": Decimal("0.20"), "2": Decimal("0.20"), "3": Decimal("0.05"), "4": Decimal("0.15")}
# PermenPANRB 12/2015 era (components 30/25/15/10/20): example figures, marked as such on each result.
KODE_2015 = "permenpanrb-12-2015"
CATATAN_2015 = "Contoh demo: angka komponen bukan salinan LHE; predikat BB era ini sesuai pemberitaan"
RESMI_2015 = {
    2017: ("70.11", "BB", {"1": "21.20", "2": "17.10", "3": "10.55", "4": "7.06", "5": "14.20"},
           "B/3760/M.AA.05/2017 (contoh)", (2017, 12, 14)),
    2018: ("70.46", "BB", {"1": "21.35", "2": "17.20", "3": "10.60", "4": "7.11", "5": "14.20"},
           "B/3920/M.AA.05/2018 (contoh)", (2018, 12, 13)),
    2019: ("70.83", "BB", {"1": "21.50", "2": "17.30", "3": "10.65", "4": "7.18", "5": "14.20"},
           "B/4012/M.AA.05/2019 (contoh)", (2019, 12, 12)),
    2020: ("71.20", "BB", {"1": "21.60", "2": "17.45", "3": "10.70", "4": "7.25", "5": "14.20"},
           "B/3515/M.AA.05/2020 (contoh)", (2020, 12, 17)),
}  # fmt: skip
RESMI_LAIN = {
    2024: ("62.15", "B", {"1": "19.00", "2": "17.50", "3": "9.15", "4": "16.50"}, "B/1190/M.AA.05/2024", (2024, 12, 10))
}
# City self-estimate of the previous year (method A): the grade per sub-component and the criteria answered T.
MANDIRI_KOTA_NILAI = {
    "1a": "A", "1b": "B", "1c": "B", "2a": "BB", "2b": "B", "2c": "B",
    "3a": "A", "3b": "B", "3c": "B", "4a": "BB", "4b": "B", "4c": "CC",
}  # fmt: skip
MANDIRI_KOTA_TIDAK = {"1b.8", "1c.3", "2a.3", "2b.6", "2c.1", "3b.6", "3c.2", "4b.5", "4c.1", "4c.2"}
# The one justified deviation (evaluasi.services.dukungan): 2a graded BB although 2a.3 is T.
MANDIRI_KOTA_ALASAN = {
    "2a": "Data kinerja seluruh PD dihimpun tiap triwulan lewat aplikasi e-SAKIP kota dan dipakai dalam rapat "
    "evaluasi wali kota; keandalan mekanismenya (2a.3) baru teruji dua triwulan, sehingga kriteria itu belum "
    "dinyatakan terpenuhi, tetapi penerapannya sudah setara BB.",
}

# (text, linked criteria, responsible PD kode, due date in days from today, status, follow-up; {tahun} is the
# current year, {lalu} the previous)
REKOMENDASI_RESMI = [
    (
        "Selaraskan indikator kinerja perangkat daerah dengan IKU kota secara berjenjang (cascading) sampai "
        "tingkat individu.",
        ["1b.8", "1b.5"],
        "5.01.01",
        -150,
        Rekomendasi.Status.PROSES,
        "Pohon kinerja {tahun} disusun bersama seluruh PD; reviu indikator eselon IV berjalan.",
    ),
    (
        "Gunakan hasil pengukuran kinerja sebagai dasar pemberian tunjangan kinerja pegawai.",
        ["2c.1"],
        "5.03.01",
        -240,
        Rekomendasi.Status.BELUM,
        "",
    ),
    (
        "Tindak lanjuti seluruh rekomendasi evaluasi internal dan pantau dampaknya pada kinerja.",
        ["4c.1", "4c.2"],
        "6.01.01",
        120,
        Rekomendasi.Status.BELUM,
        "",
    ),
    (
        "Bandingkan capaian kinerja dengan standar nasional dalam LKjIP.",
        ["3b.6"],
        "4.01.01",
        -210,
        Rekomendasi.Status.SELESAI,
        "LKjIP {lalu} memuat perbandingan dengan capaian nasional untuk 12 IKU.",
    ),
]


def _level(i: int, n: int) -> float:
    """A PD's quality level in [0.53, 0.83]: a permutation over the PD so it is not sorted by kode."""
    return 0.53 + 0.30 * ((i * 17) % n) / max(n - 1, 1)


def _jawab(siap: InstrumenSiap, acak: random.Random, level: float, bagian: float = 1.0) -> dict[str, str]:
    """Answers around `level` (Y with probability level + 0.12; A–E near level); `bagian` of them given."""
    jawaban = {}
    for kr in siap.kriteria_kode.values():
        if acak.random() > bagian:
            continue
        nilai = siap.engine.skala_jawaban[kr.skala].nilai
        if kr.skala == "YT":
            jawaban[kr.kode] = "Y" if acak.random() < min(level + 0.12, 0.98) else "T"
        else:
            u = min(max(acak.gauss(level, 0.18), 0.0), 1.0)
            jawaban[kr.kode] = min(nilai, key=lambda k, u=u: abs(float(nilai[k]) - u))
    return jawaban


class _Pembangun:
    """Collects evaluations with their answers in memory, then bulk-creates them."""

    def __init__(self, pemda):
        self.pemda = pemda
        self.baris: list[tuple[Evaluasi, InstrumenSiap, Masukan, dict[str, str]]] = []

    def tambah(self, siap: InstrumenSiap, ins: Instrumen, masukan: Masukan, alasan=None, **kolom) -> Evaluasi:
        """`alasan`: the written reasons of method-A grades above their criteria's support, by sub-component."""
        e = Evaluasi(instrumen=ins, pemda=self.pemda, **kolom)
        self.baris.append((e, siap, masukan, alasan or {}))
        return e

    def simpan(self) -> None:
        Evaluasi.objects.bulk_create([e for e, *_ in self.baris])
        jawaban, nilai_sub, hasil = [], [], []
        for e, siap, m, alasan in self.baris:
            jawaban += [
                Jawaban(evaluasi=e, kriteria_id=kr.id, nilai=m.jawaban.get(k, ""))
                for k, kr in siap.kriteria_kode.items()
            ]
            if siap.metode == "A":
                nilai_sub += [
                    NilaiSubKomponen(
                        evaluasi=e, subkomponen_id=s.id, nilai=m.nilai_sub.get(k, ""), alasan=alasan.get(k, "")
                    )
                    for k, s in siap.sub_kode.items()
                ]
            if e.status == Evaluasi.Status.FINAL and e.jenis != Evaluasi.Jenis.RESMI:
                hasil.append(hasil_baris(e, hitung(siap, m)))
        Jawaban.objects.bulk_create(jawaban, batch_size=2000)
        NilaiSubKomponen.objects.bulk_create(nilai_sub)
        HasilEvaluasi.objects.bulk_create(hasil)


def _instrumen(kode: str) -> tuple[Instrumen, InstrumenSiap]:
    """The migrated national instrument (never a pemda's adaptation, issue 11 §10)."""
    ins = Instrumen.objects.select_related("skala_predikat").get(kode=kode, versi=1, pemda__isnull=True)
    return ins, instrumen_siap(ins)


def _muat_pd(b: _Pembangun, daftar_pd: list, ins_b, siap_b, jam: JamDemo) -> dict:
    """Internal evaluations of the two complete years and self-assessment of the previous year of every PD
    (final); returns the previous year's internal ones by PD kode."""
    internal_lalu = {}
    awal, lalu = jam.tahun_terverifikasi
    for i, pd in enumerate(daftar_pd):
        level = _level(i, len(daftar_pd))
        for tahun, jenis, geser in (
            (awal, Evaluasi.Jenis.INTERNAL, -0.04),
            (lalu, Evaluasi.Jenis.MANDIRI, 0.06),
            (lalu, Evaluasi.Jenis.INTERNAL, 0.0),
        ):
            acak = random.Random(f"{BENIH}-{pd.kode}-{tahun}-{jenis}")
            m = Masukan(_jawab(siap_b, acak, level + geser), {})
            e = b.tambah(siap_b, ins_b, m, perangkat_daerah=pd, tahun=tahun, jenis=jenis, status=Evaluasi.Status.FINAL)
            if (tahun, jenis) == (lalu, Evaluasi.Jenis.INTERNAL):
                internal_lalu[pd.kode] = (e, m)
    return internal_lalu


def _muat_berjalan(b: _Pembangun, pd: dict, ins_b, siap_b, tahun: int) -> None:
    """The current year's work in progress."""
    acak = random.Random(f"{BENIH}-{tahun}")
    if "1.02.01" in pd:
        m = Masukan(_jawab(siap_b, acak, 0.75, bagian=0.55), {})
        b.tambah(
            siap_b,
            ins_b,
            m,
            perangkat_daerah=pd["1.02.01"],
            tahun=tahun,
            jenis=Evaluasi.Jenis.MANDIRI,
            status=Evaluasi.Status.DRAF,
        )
    if "2.11.01" in pd:
        m = Masukan(_jawab(siap_b, acak, 0.8), {})
        b.tambah(
            siap_b,
            ins_b,
            m,
            perangkat_daerah=pd["2.11.01"],
            tahun=tahun,
            jenis=Evaluasi.Jenis.MANDIRI,
            status=Evaluasi.Status.DIAJUKAN,
        )
        m = Masukan(_jawab(siap_b, acak, 0.72, bagian=0.3), {})
        b.tambah(
            siap_b,
            ins_b,
            m,
            perangkat_daerah=pd["2.11.01"],
            tahun=tahun,
            jenis=Evaluasi.Jenis.INTERNAL,
            status=Evaluasi.Status.DRAF,
        )


def _muat_kota(b: _Pembangun, ins_a, siap_a, tahun: int) -> None:
    jawaban = {k: "T" if k in MANDIRI_KOTA_TIDAK else "Y" for k in siap_a.kriteria_kode}
    m = Masukan(jawaban, MANDIRI_KOTA_NILAI)
    b.tambah(
        siap_a,
        ins_a,
        m,
        alasan=MANDIRI_KOTA_ALASAN,
        tahun=tahun,
        jenis=Evaluasi.Jenis.MANDIRI,
        status=Evaluasi.Status.FINAL,
        catatan="Perkiraan mandiri kota",
    )


def _resmi(
    pemda, data: dict, ins_a, siap_a, catatan: str = "Hasil evaluasi AKIP oleh KemenPANRB"
) -> dict[int, Evaluasi]:
    hasil = {}
    for tahun, (total, predikat, komponen, nomor, tanggal) in data.items():
        predikat = predikat or scoring.predikat(Decimal(total), siap_a.skala_predikat).kode
        e = Evaluasi.objects.create(
            instrumen=ins_a, pemda=pemda, tahun=tahun, jenis=Evaluasi.Jenis.RESMI, status=Evaluasi.Status.FINAL,
            nomor_lhe=nomor, tanggal_lhe=datetime.date(*tanggal), catatan=catatan,
        )  # fmt: skip
        HasilEvaluasi.objects.create(
            evaluasi=e, total=Decimal(total), predikat=predikat,
            predikat_nama=siap_a.skala_predikat.band(predikat).nama, nilai_komponen=komponen, lengkap=True,
            instrumen_kode=ins_a.kode, instrumen_versi=ins_a.versi, skala_predikat_versi=siap_a.skala_predikat.versi,
        )  # fmt: skip
        hasil[tahun] = e
    return hasil


def resmi_contoh(tahun_sampai: int) -> dict:
    """Example official results after 2024 up to `tahun_sampai` (the previous year), in `RESMI`'s shape: 2024's
    components plus `KENAIKAN_CONTOH` a year (at most eight years), the predicate left to the band table."""
    total_2024, _p, komponen_2024, _n, _t = RESMI[2024]
    hasil = {}
    for tahun in range(2025, tahun_sampai + 1):
        k = min(tahun - 2024, 8)
        komponen = {kode: Decimal(v) + KENAIKAN_CONTOH[kode] * k for kode, v in komponen_2024.items()}
        total = sum(komponen.values())
        hasil[tahun] = (str(total), None, {kode: str(v) for kode, v in komponen.items()},
                        f"B/1200/M.AA.05/{tahun} (contoh)", (tahun, 12, 10))  # fmt: skip
    return hasil


def _muat_rekomendasi(pemda, resmi: Evaluasi, internal: dict, pd: dict, siap_a, siap_b, jam: JamDemo) -> None:
    """Recommendations of the latest official LHE and of the weakest PDs' internal LHEs of the previous year, due
    in days from the demo's today: some overdue."""
    hari_ini = jam.hari_ini
    baris, tautan = [], []
    for uraian, kriteria, kode_pd, batas, status, tl in REKOMENDASI_RESMI:
        r = Rekomendasi(
            pemda=pemda, evaluasi=resmi, uraian=uraian, perangkat_daerah=pd.get(kode_pd), status=status,
            batas_waktu=hari_ini + datetime.timedelta(days=batas),
            tindak_lanjut=tl.format(tahun=jam.tahun, lalu=jam.tahun_lalu),
            diverifikasi_pada=jam.kemarin() if status == Rekomendasi.Status.SELESAI else None,
        )  # fmt: skip
        baris.append(r)
        tautan.append([siap_a.kriteria_kode[k].id for k in kriteria])
    terlemah = sorted(internal.items(), key=lambda item: hitung(siap_b, item[1][1]).total)[:8]
    if "1.02.01" in internal and "1.02.01" not in dict(terlemah):
        terlemah.append(("1.02.01", internal["1.02.01"]))
    status_urut = [Rekomendasi.Status.BELUM, Rekomendasi.Status.PROSES, Rekomendasi.Status.SELESAI]
    for i, (kode_pd, (e, m)) in enumerate(terlemah):
        hilang = [p for p in hitung(siap_b, m).poin_hilang if p.jenis == "kriteria"][:2]
        uraian = kalimat_rekomendasi(
            _("Kepala %(pd)s") % {"pd": pd[kode_pd].nama}, [siap_b.kriteria_kode[p.kode].uraian for p in hilang]
        )  # THE sentence of a generated recommendation, as the "Terbitkan rekomendasi" form proposes it
        status = status_urut[i % 3]
        r = Rekomendasi(
            pemda=pemda, evaluasi=e, uraian=uraian, perangkat_daerah=pd[kode_pd], status=status,
            batas_waktu=hari_ini + datetime.timedelta(days=-150 if i % 2 == 0 else 30 + 15 * i),
            tindak_lanjut="" if status == Rekomendasi.Status.BELUM else "Dokumen perbaikan telah disusun.",
            diverifikasi_pada=jam.kemarin() if status == Rekomendasi.Status.SELESAI else None,
        )  # fmt: skip
        baris.append(r)
        tautan.append([siap_b.kriteria_kode[p.kode].id for p in hilang])
    Rekomendasi.objects.bulk_create(baris)
    Antara = Rekomendasi.kriteria.through
    Antara.objects.bulk_create(
        Antara(rekomendasi_id=r.pk, kriteria_id=k) for r, daftar in zip(baris, tautan, strict=True) for k in daftar
    )


@transaction.atomic
def muat(konteks) -> None:
    """Load the demo evaluations as of the demo's today (`konteks.hari_ini`); a pemda that already has
    evaluations is left as it is."""
    jam = jam_demo(konteks.hari_ini)
    ins_a, siap_a = _instrumen(KODE_A)
    ins_b, siap_b = _instrumen(KODE_B)
    if not Evaluasi.objects.filter(pemda=konteks.pemda).exists():
        b = _Pembangun(konteks.pemda)
        daftar_pd = sorted(konteks.pd.values(), key=lambda p: p.kode)
        internal_lalu = _muat_pd(b, daftar_pd, ins_b, siap_b, jam)
        _muat_berjalan(b, konteks.pd, ins_b, siap_b, jam.tahun)
        _muat_kota(b, ins_a, siap_a, jam.tahun_lalu)
        b.simpan()
        resmi = _resmi(konteks.pemda, {t: v for t, v in RESMI.items() if t < jam.tahun}, ins_a, siap_a)
        resmi |= _resmi(konteks.pemda, resmi_contoh(jam.tahun_lalu), ins_a, siap_a, catatan=CATATAN_CONTOH)
        _resmi(konteks.pemda, RESMI_2015, *_instrumen(KODE_2015), catatan=CATATAN_2015)
        terakhir = resmi[max(resmi)]
        _muat_rekomendasi(konteks.pemda, terakhir, internal_lalu, konteks.pd, siap_a, siap_b, jam)
    if not Evaluasi.objects.filter(pemda=konteks.pemda_lain).exists():
        _resmi(konteks.pemda_lain, RESMI_LAIN, ins_a, siap_a)


def hapus() -> None:
    """Remove every evaluation, result and recommendation (and stored evidence) of the demo pemda."""
    pemda = list(Pemda.objects.filter(kode__in=[KODE_PEMDA_DEMO, KODE_PEMDA_LAIN]))
    for j in Jawaban.objects.filter(evaluasi__pemda__in=pemda).exclude(bukti=""):
        j.bukti.delete(save=False)
    for r in Rekomendasi.objects.filter(pemda__in=pemda).exclude(bukti=""):
        r.bukti.delete(save=False)
    Rekomendasi.objects.filter(pemda__in=pemda).delete()
    Evaluasi.objects.filter(pemda__in=pemda).delete()
