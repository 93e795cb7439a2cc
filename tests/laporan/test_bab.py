"""LKjIP Bab II (the Renstra/RPJMD summary and the PK table), Bab III B (the budget per program with a total
row, the PD-level fallback, the city per PD) and Bab IV (conclusions and next year's steps, generated and
editable), exact on a small plan; then the PDF text of those chapters (issue 14 points 2, 4 and 5)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from kinerja.models import Anggaran, AnggaranSubKegiatan, PeriodePerencanaan, Sasaran
from kinerja.services.pohon import tingkat_bawaan_pastikan
from laporan import services
from laporan.konteks import konteks_lkjip
from laporan.models import Laporan, Narasi
from laporan.narasi import butir_narasi
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
V = "diverifikasi"


@pytest.fixture
def rencana(pemeran):
    """Dinas A: one sasaran strategis (two PK indicators: 104% and 90%) serving a city sasaran, two programs
    with sub kegiatan budgets (one kegiatan deep), a sub kegiatan budget under no program."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(
        pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026, visi="Kota uji yang maju", misi="Misi satu\nMisi dua"
    )
    kw = {"periode": periode}
    kota = buat_sasaran(
        pemeran.pemda, None, kode="K.S1", uraian="Kesehatan kota naik", tingkat=t["sasaran_rpjmd"], **kw
    )
    strategis = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", uraian="Derajat kesehatan naik",
                             tingkat=t["sasaran_strategis"], induk=kota, **kw)  # fmt: skip
    p1 = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.P1", uraian="Program kesehatan ibu",
                      tingkat=t["sasaran_program"], induk=strategis, kode_nomenklatur="1.02.02", **kw)  # fmt: skip
    k1 = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.K1", uraian="Kegiatan ibu hamil",
                      tingkat=t["sasaran_kegiatan"], induk=p1, **kw)  # fmt: skip
    sk1 = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.SK1", uraian="Pemeriksaan", tingkat=t["sub_kegiatan"],
                       induk=k1, **kw)  # fmt: skip
    p2 = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.P2", uraian="Program gizi", tingkat=t["sasaran_program"],
                      induk=strategis, kode_nomenklatur="1.02.05", **kw)  # fmt: skip
    sk2 = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.SK2", uraian="Makanan tambahan", tingkat=t["sub_kegiatan"],
                       induk=p2, **kw)  # fmt: skip
    lepas = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.SK9", uraian="Sub lepas", tingkat=t["sub_kegiatan"], **kw)
    ik1 = buat_indikator(sasaran=strategis, kode="IK-1", uraian="Cakupan imunisasi", agregasi="akhir", iku=True)
    ik2 = buat_indikator(sasaran=strategis, kode="IK-2", uraian="Cakupan gizi", agregasi="akhir")
    for ind, nilai in ((ik1, {2024: "90", 2026: "95"}), (ik2, {2024: "80", 2026: "88"})):
        for th, v in nilai.items():
            buat_target(ind, th, nilai=v)
    buat_realisasi(ik1, 2024, 4, nilai="93.6", status=V)
    buat_realisasi(ik2, 2024, 4, nilai="72", status=V)
    ik_kota = buat_indikator(sasaran=kota, kode="K-1", uraian="Usia harapan hidup", agregasi="akhir")
    buat_target(ik_kota, 2024, nilai="73")
    buat_target(ik_kota, 2026, nilai="74.5")
    for s, pagu, real in ((sk1, "600000000", "450000000"), (sk2, "300000000", "300000000"), (lepas, "100000000", None)):
        AnggaranSubKegiatan.objects.create(
            sasaran=s, tahun=2024, pagu=Decimal(pagu), realisasi_t4=Decimal(real) if real else None
        )
    pemeran.periode = periode
    return pemeran


def _laporan(p, pd) -> Laporan:
    jenis = Laporan.Jenis.LKJIP_PD if pd else Laporan.Jenis.LKJIP_PEMDA
    return Laporan.objects.create(pemda=p.pemda, tahun=2024, jenis=jenis, perangkat_daerah=pd,
                                  diminta_oleh=p.organisasi)  # fmt: skip


def _teks_pdf(laporan: Laporan) -> str:
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    halaman = PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages
    return " ".join(" ".join(p.extract_text() for p in halaman).split())


def test_bab2_summarises_the_renstra_and_the_pk(rencana):
    b = konteks_lkjip(_laporan(rencana, rencana.pd_a))["bab2"]
    assert (b["dokumen"], b["periode"], b["tahun_akhir"], b["visi"], b["misi"]) == (
        "Renstra", "2021–2026", "2026", "Kota uji yang maju", ["Misi satu", "Misi dua"]
    )  # fmt: skip
    assert [(r["awal"], r["kode"], r["induk_kota"], r["indikator"], r["target_tahun"], r["target_akhir"])
            for r in b["baris"]] == [
        (True, "A.S1", "K.S1 Kesehatan kota naik", "IK-1 Cakupan imunisasi", "90", "95"),
        (False, "A.S1", "K.S1 Kesehatan kota naik", "IK-2 Cakupan gizi", "80", "88"),
    ]  # fmt: skip


def test_bab2_of_the_city_reads_the_rpjmd(rencana):
    b = konteks_lkjip(_laporan(rencana, None))["bab2"]
    assert b["dokumen"] == "RPJMD"
    assert [(r["kode"], r["indikator"], r["target_tahun"], r["target_akhir"]) for r in b["baris"]] == [
        ("K.S1", "K-1 Usia harapan hidup", "73", "74,5")
    ]


def test_bab3b_per_program_with_a_total_equal_to_the_pd_budget(rencana):
    a = konteks_lkjip(_laporan(rencana, rencana.pd_a))["anggaran_program"]
    assert a["per"] == "program" and a["cadangan"] is False
    assert [(b["kode"], b["pagu"], b["realisasi"], b["serapan"]) for b in a["baris"]] == [
        ("1.02.02", "600.000.000", "450.000.000", "75,00%"),
        ("1.02.05", "300.000.000", "300.000.000", "100,00%"),
        ("", "100.000.000", "0", "0,00%"),  # the sub kegiatan under no program
    ]
    assert a["baris"][-1]["uraian"] == "Sub kegiatan di luar program pada pohon kinerja"
    # 750.000.000 ÷ 1.000.000.000
    assert (a["total"]["pagu"], a["total"]["realisasi"], a["total"]["serapan"]) == (
        "1.000.000.000", "750.000.000", "75,00%"
    )  # fmt: skip


def test_bab3b_falls_back_to_the_pd_budget_and_says_so(rencana):
    AnggaranSubKegiatan.objects.all().delete()
    Anggaran.objects.create(perangkat_daerah=rencana.pd_a, tahun=2024, pagu=Decimal("500"), realisasi_t1=Decimal("200"))
    a = konteks_lkjip(_laporan(rencana, rencana.pd_a))["anggaran_program"]
    assert a["cadangan"] is True
    assert [(b["uraian"], b["pagu"], b["serapan"]) for b in a["baris"]] == [
        ("Anggaran tingkat perangkat daerah", "500", "40,00%")
    ]
    assert a["total"]["serapan"] == "40,00%"


def test_bab3b_of_the_city_is_per_pd_with_a_total(rencana):
    Anggaran.objects.create(perangkat_daerah=rencana.pd_b, tahun=2024, pagu=Decimal("1000000000"),
                            realisasi_t4=Decimal("500000000"))  # fmt: skip
    a = konteks_lkjip(_laporan(rencana, None))["anggaran_program"]
    assert a["per"] == "pd"
    assert [(b["uraian"], b["pagu"], b["serapan"], b["cadangan"]) for b in a["baris"]] == [
        ("Dinas A", "1.000.000.000", "75,00%", False),
        ("Dinas B", "1.000.000.000", "50,00%", True),
    ]
    assert (a["total"]["pagu"], a["total"]["realisasi"], a["total"]["serapan"]) == (
        "2.000.000.000", "1.250.000.000", "62,50%"
    )  # fmt: skip


def test_bab4_defaults_are_drawn_from_the_figures(rencana):
    narasi = konteks_lkjip(_laporan(rencana, rencana.pd_a))["narasi"]
    kesimpulan = narasi[Narasi.Bab.BAB4]
    # IK-1 93,6 ÷ 90 = 104,00%; IK-2 72 ÷ 80 = 90,00%; mean 97,00%; serapan 75,00%; 97 ÷ 75 = 1,29
    for potongan in (
        "dari 2 indikator kinerja, 2 dapat dinilai dan 1 di antaranya (50,00%) mencapai",
        "Capaian tertinggi pada IK-1 Cakupan imunisasi (104,00%) dan terendah pada IK-2 Cakupan gizi (90,00%)",
        "Realisasi anggaran Rp750.000.000 dari pagu Rp1.000.000.000 (serapan 75,00%)",
        "97,00% ÷ 75,00% = 1,29",
    ):
        assert potongan in kesimpulan
    langkah = narasi[Narasi.Bab.BAB4_LANGKAH]
    assert langkah.splitlines()[0] == "Langkah perbaikan tahun 2025:"
    assert "1. IK-2 Cakupan gizi (capaian 90,00%)" in langkah and "IK-1" not in langkah


def test_bab4_steps_are_an_editable_narrative_listed_by_the_editor(rencana):
    butir = {b["bab"]: b for b in butir_narasi(pemda=rencana.pemda, perangkat_daerah=rencana.pd_a, tahun=2024)}
    assert butir["bab4_langkah"]["bawaan"] is True
    assert "IK-2 Cakupan gizi" in butir["bab4_langkah"]["teks"]
    assert "Rp750.000.000" in butir["bab4"]["teks"]  # the editor's default is the report's
    Narasi.objects.create(pemda=rencana.pemda, perangkat_daerah=rencana.pd_a, tahun=2024, bab="bab4_langkah",
                          teks="Langkah yang disunting.")  # fmt: skip
    assert konteks_lkjip(_laporan(rencana, rencana.pd_a))["narasi"]["bab4_langkah"] == "Langkah yang disunting."


def test_the_narrative_editor_page_lists_the_steps(client, rencana):
    client.force_login(rencana.operator_a)
    resp = client.get("/laporan/narasi/?tahun=2024")
    assert resp.status_code == 200
    assert "Bab IV Penutup: langkah perbaikan tahun berikutnya" in resp.content.decode()


def test_the_pdf_prints_bab2_bab3b_and_bab4(rencana):
    teks = _teks_pdf(_laporan(rencana, rencana.pd_a))
    urutan = [
        "A. Ringkasan Renstra 2021–2026",
        "Tabel 2.1 Sasaran strategis Renstra",
        "Tabel 2.2 Perjanjian Kinerja tahun 2024",
        "Gambar 3.1 Capaian indikator kinerja tahun 2024",
        "Tabel 3.1 Target, realisasi dan capaian sasaran A.S1 tahun 2024",
        "Tabel 3.5 Realisasi anggaran per program tahun 2024",  # after Bab III A's four tables, numbered on
        "Jumlah 1.000.000.000 750.000.000 75,00%",
        "A. Kesimpulan",
        "B. Langkah Perbaikan Tahun 2025",
        "1. IK-2 Cakupan gizi (capaian 90,00%)",
    ]
    awal = [teks.rindex(u) for u in urutan]  # the last: the table of contents names some of them too
    assert awal == sorted(awal)
    assert "1.02.02 Program kesehatan ibu 600.000.000 450.000.000 75,00%" in teks


def test_the_chapters_read_in_a_fixed_number_of_queries(rencana):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def hitung(pd) -> int:
        with CaptureQueriesContext(connection) as q:
            konteks_lkjip(_laporan(rencana, pd))
        return len(q.captured_queries)

    sebelum = (hitung(rencana.pd_a), hitung(None))
    t = tingkat_bawaan_pastikan(pemda=rencana.pemda)
    induk = Sasaran.objects.get(kode="A.S1")
    for n in range(15):  # fifteen more programs, each with a budgeted sub kegiatan and an IKU
        p = buat_sasaran(rencana.pemda, rencana.pd_a, kode=f"A.PX{n}", uraian=f"Program {n}", induk=induk,
                         tingkat=t["sasaran_program"], periode=rencana.periode)  # fmt: skip
        sk = buat_sasaran(rencana.pemda, rencana.pd_a, kode=f"A.SKX{n}", uraian=f"Sub {n}", induk=p,
                          tingkat=t["sub_kegiatan"], periode=rencana.periode)  # fmt: skip
        buat_indikator(sasaran=p, kode=f"IP-{n}", uraian=f"Indikator program {n}", iku=True)
        AnggaranSubKegiatan.objects.create(sasaran=sk, tahun=2024, pagu=Decimal(1000), realisasi_t4=Decimal(500))
    assert (hitung(rencana.pd_a), hitung(None)) == sebelum
    data = konteks_lkjip(_laporan(rencana, rencana.pd_a))
    assert len(data["anggaran_program"]["baris"]) == 18 and len(data["iku"]) == 16
