"""Bab III A's seven analyses per sasaran (issue 14 point 1), exact on a small PD plan: earlier years with
an empty year left out, the end-of-period target of the node's period, a benchmark and its absence, the
causes drafted from verified explanations (a repeated one said once), efficiency from the sub kegiatan
budgets under the sasaran (the PD budget otherwise), and the programmes and kegiatan under it; then the PDF
with the seven headings and their numbers."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from kinerja.models import Anggaran, AnggaranSubKegiatan, PeriodePerencanaan, Realisasi, Sasaran
from kinerja.services.pohon import tingkat_bawaan_pastikan
from laporan import analisis, services
from laporan.konteks import konteks_lkjip
from laporan.models import Laporan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
V = "diverifikasi"


@pytest.fixture
def rencana(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    kw = {"periode": periode}
    strategis = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", uraian="Derajat kesehatan naik",
                             tingkat=t["sasaran_strategis"], **kw)  # fmt: skip
    program = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.P1", uraian="Layanan kesehatan ibu",
                           tingkat=t["sasaran_program"], induk=strategis, **kw)  # fmt: skip
    kegiatan = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.K1", uraian="Pelayanan ibu hamil",
                            tingkat=t["sasaran_kegiatan"], induk=program, **kw)  # fmt: skip
    sub = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.SK1", uraian="Pemeriksaan ibu hamil",
                       tingkat=t["sub_kegiatan"], induk=kegiatan, **kw)  # fmt: skip
    cakupan = buat_indikator(sasaran=strategis, kode="IK-1", uraian="Cakupan imunisasi", agregasi="akhir",
                             pembanding_nilai=Decimal("90"), pembanding_tingkat="nasional",
                             pembanding_sumber="Renstra Kemenkes", pembanding_tahun=2024)  # fmt: skip
    kematian = buat_indikator(sasaran=strategis, kode="IK-2", uraian="Angka kematian bayi", arah="turun",
                              agregasi="akhir")  # fmt: skip
    for ind, nilai in ((cakupan, {2023: "80", 2024: "90", 2026: "95"}), (kematian, {2024: "8", 2026: "6"})):
        for th, v in nilai.items():
            buat_target(ind, th, nilai=v)
    buat_realisasi(cakupan, 2023, 4, nilai="76", status=V)
    buat_realisasi(cakupan, 2024, 3, nilai="85", status=V, penjelasan="Sweeping imunisasi di posyandu.")
    buat_realisasi(cakupan, 2024, 4, nilai="93.6", status=V, penjelasan="Sweeping imunisasi di posyandu.")
    buat_realisasi(kematian, 2024, 4, nilai="7.2", status=V, penjelasan="Kunjungan nifas ditambah.")
    program_ind = buat_indikator(sasaran=program, kode="IK-P", uraian="Cakupan K4", agregasi="akhir")
    buat_target(program_ind, 2024, nilai="80")
    buat_realisasi(program_ind, 2024, 4, nilai="76", status=V)
    AnggaranSubKegiatan.objects.create(
        sasaran=sub, tahun=2024, pagu=Decimal(10**9), realisasi_t1=Decimal(2 * 10**8), realisasi_t4=Decimal(6 * 10**8)
    )
    pemeran.simpul = {"strategis": strategis, "program": program}
    return pemeran


def _laporan(p, pd) -> Laporan:
    return Laporan.objects.create(pemda=p.pemda, tahun=2024, jenis=Laporan.Jenis.LKJIP_PD, perangkat_daerah=pd,
                                  diminta_oleh=p.operator_a)  # fmt: skip


def _teks_pdf(pemeran) -> str:
    """PD A's LKjIP 2024 made by the job, its text with the whitespace collapsed."""
    laporan = _laporan(pemeran, pemeran.pd_a)
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages).split()
    )


def test_the_seven_analyses_are_exact(rencana):
    data = konteks_lkjip(_laporan(rencana, rencana.pd_a))
    [s] = data["sasaran"]  # the program's indicator is a supporting programme, not a sasaran block
    a = s["analisis"]
    # 1: the year (the existing table)
    assert [(b["kode"], b["capaian"]) for b in s["baris"]] == [("IK-1", "104,00%"), ("IK-2", "110,00%")]
    # 2: 2022 has no verified value for any indicator: left out; 2023 kept, with "–" where one is missing
    assert a["lalu"]["tahun"] == ["2023"]
    assert a["lalu"]["baris"][0]["tahun"] == [{"realisasi": "76,00", "capaian": "95,00%"}]
    assert a["lalu"]["baris"][0]["ini"] == {"realisasi": "93,60", "capaian": "104,00%"}
    assert a["lalu"]["baris"][1]["tahun"] == [{"realisasi": "–", "capaian": "Belum dilaporkan"}]
    # 3: the node's period ends in 2026
    assert a["akhir"]["dokumen"] == "Renstra"
    assert [(r["target_akhir"], r["tahun_akhir"], r["capaian"]) for r in a["akhir"]["baris"]] == [
        ("95", "2026", "98,53%"), ("6", "2026", "80,00%")
    ]  # fmt: skip
    # 4: a benchmark where recorded (93,6 ÷ 90), none otherwise
    ada, tidak = a["pembanding"]
    assert (ada["tingkat"], ada["nilai"], ada["sumber"], ada["capaian"]) == (
        "Nasional",
        "90,00%",
        "Renstra Kemenkes, 2024",
        "104,00%",
    )
    assert tidak["ada"] is False and tidak["keterangan"] == "tidak tersedia pembanding"
    # 5: the draft from verified explanations, a repeated text once
    assert a["sebab_draf"] is True
    assert a["sebab"] == (
        "IK-1 Cakupan imunisasi: TW III: Sweeping imunisasi di posyandu.\n"
        "IK-2 Angka kematian bayi: TW IV: Kunjungan nifas ditambah."
    )
    # 6: the sub kegiatan budget under the sasaran: serapan 80,00%, capaian (104 + 110) ÷ 2 = 107,00%
    ef = a["efisiensi"]
    assert (ef["pagu"], ef["realisasi"], ef["serapan"], ef["capaian"], ef["efisiensi"]) == (
        "Rp1.000.000.000", "Rp800.000.000", "80,00%", "107,00%", "1,34"
    )  # fmt: skip
    assert ef["sumber"] == "anggaran sub kegiatan di bawah sasaran ini"
    # 7: the programme and the kegiatan under it, with the budget rolled up and the programme's capaian
    assert [(p["jenis"], p["kode"], p["pagu"], p["serapan"], p["capaian"]) for p in a["program"]] == [
        ("Program", "A.P1", "Rp1.000.000.000", "80,00%", "95,00%"),
        ("Kegiatan", "A.K1", "Rp1.000.000.000", "80,00%", "–"),
    ]


def test_without_sub_kegiatan_budgets_a_pd_report_uses_the_pd_budget_and_says_so(rencana):
    AnggaranSubKegiatan.objects.all().delete()
    Anggaran.objects.create(perangkat_daerah=rencana.pd_a, tahun=2024, pagu=Decimal("500"), realisasi_t1=Decimal("250"))
    [s] = konteks_lkjip(_laporan(rencana, rencana.pd_a))["sasaran"]
    ef = s["analisis"]["efisiensi"]
    assert (ef["serapan"], ef["efisiensi"]) == ("50,00%", "2,14")
    assert ef["sumber"] == "anggaran perangkat daerah (belum ada anggaran sub kegiatan pada pohon kinerja)"


def test_a_sasaran_without_budgets_under_it_borrows_none_from_the_pds_sub_kegiatan(rencana):
    strategis = rencana.simpul["strategis"]
    lain = buat_sasaran(rencana.pemda, rencana.pd_a, kode="A.S2", uraian="Tata kelola", tingkat=strategis.tingkat,
                        periode=strategis.periode)  # fmt: skip
    ind = buat_indikator(sasaran=lain, kode="IK-9", agregasi="akhir")
    buat_target(ind, 2024, nilai="10")
    per_kode = {s["kode"]: s["analisis"] for s in konteks_lkjip(_laporan(rencana, rencana.pd_a))["sasaran"]}
    assert per_kode["A.S1"]["efisiensi"]["pagu"] == "Rp1.000.000.000"
    assert per_kode["A.S2"]["efisiensi"] is None and per_kode["A.S2"]["program"] == []


def test_a_sasaran_with_no_explanation_gets_a_prompt_not_silence():
    assert analisis.draf_sebab([], {}).startswith("Belum ada penjelasan realisasi terverifikasi")


def test_the_pdf_has_the_seven_headings_each_followed_by_numbers(rencana):
    teks = _teks_pdf(rencana)
    urutan = [
        ("1. Target, realisasi dan capaian tahun 2024", "104,00%"),
        ("2. Dibandingkan dengan tahun-tahun sebelumnya", "95,00%"),
        ("3. Dibandingkan dengan target akhir periode Renstra", "98,53%"),
        ("4. Dibandingkan dengan standar nasional atau provinsi", "Nasional: 90,00"),
        ("5. Penyebab keberhasilan atau kegagalan dan upaya yang dilakukan", "Sweeping imunisasi"),
        ("6. Efisiensi penggunaan sumber daya", "1,34"),
        ("7. Program dan kegiatan pendukung", "Rp1.000.000.000"),
    ]
    awal = [teks.index(judul) for judul, _angka in urutan]
    assert awal == sorted(awal)  # the seven headings, in order
    for (judul, angka), mulai, akhir in zip(urutan, awal, [*awal[1:], len(teks)], strict=True):
        assert angka in teks[mulai:akhir], judul  # each followed by its numbers, before the next heading


def test_an_efficiency_that_cannot_be_computed_closes_its_sentence_once(rencana):
    # no verified realisation of 2024: the formula says why, and the note goes on with the budget's source
    Realisasi.objects.filter(tahun=2024).delete()
    teks = _teks_pdf(rencana)
    assert (
        "Efisiensi tidak dapat dihitung: belum ada capaian dari realisasi terverifikasi. Sumber anggaran: anggaran "
        "sub kegiatan di bawah sasaran ini." in teks
    )
    assert re.findall(r".{40}[^.]\.\.(?!\.).{10}", teks) == []  # nowhere a doubled period (an ellipsis may be)


def test_the_supporting_programmes_table_totals_each_budget_once(rencana):
    # a programme with two kegiatan, each with its own sub kegiatan: the total is the programme's, not
    # programme + kegiatan (which would double it)
    program = rencana.simpul["program"]
    k1 = Sasaran.objects.get(kode="A.K1")
    k2 = buat_sasaran(rencana.pemda, rencana.pd_a, kode="A.K2", uraian="Pelayanan balita", tingkat=k1.tingkat,
                      induk=program, periode=program.periode)  # fmt: skip
    tingkat_sub = Sasaran.objects.get(kode="A.SK1").tingkat
    sub = buat_sasaran(rencana.pemda, rencana.pd_a, kode="A.SK2", uraian="Posyandu balita", tingkat=tingkat_sub,
                       induk=k2, periode=program.periode)  # fmt: skip
    AnggaranSubKegiatan.objects.create(sasaran=sub, tahun=2024, pagu=Decimal("5e8"), realisasi_t4=Decimal("4e8"))
    [s] = konteks_lkjip(_laporan(rencana, rencana.pd_a))["sasaran"]
    a = s["analisis"]
    assert [(p["kode"], p["pagu"]) for p in a["program"]] == [
        ("A.P1", "Rp1.500.000.000"), ("A.K1", "Rp1.000.000.000"), ("A.K2", "Rp500.000.000")
    ]  # fmt: skip
    assert a["program_total"] == {"pagu": "Rp1.500.000.000", "realisasi": "Rp1.200.000.000", "serapan": "80,00%"}


def test_the_pdf_and_docx_print_the_supporting_programmes_total_once(rencana):
    teks = _teks_pdf(rencana)
    bagian = teks[teks.index("7. Program dan kegiatan pendukung") :]
    assert "Jumlah Rp1.000.000.000 Rp800.000.000 80,00%" in bagian
