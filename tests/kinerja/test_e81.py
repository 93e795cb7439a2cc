"""The Renja evaluation workbook, Permendagri 86/2017 Tabel E.81 (issue 16 point 3): the header as the official
table, every cell of the rows against data built here (targets, verified quarterly realisations, the
Renstra columns, capaian, budgets rolled up), the factor and follow-up rows, who may download it (another PD:
404), and a query count that does not grow with the rows."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.models import AnggaranSubKegiatan, Indikator, Sasaran, Target
from kinerja.selectors.e81 import lintas_tahun
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target
from tests.kinerja.test_dokumen_rencana import buat_rencana

pytestmark = pytest.mark.django_db
TAHUN = 2025
V = "diverifikasi"


def _url(pd, tahun=TAHUN) -> str:
    return reverse("perencanaan:renja_e81", kwargs={"pd_id": pd.pk, "tahun": tahun})


@pytest.fixture
def data(pemeran):
    """buat_rencana's plan (PD A: SP1 → SK1 → SUB1, SUB2; targets 10 + i for 2021–2026) with realisations,
    a kumulatif indicator on SK1 and SUB1's budgets of 2024–2026."""
    r = buat_rencana(pemeran)
    Sasaran.objects.filter(pk=r.program.pk).update(kode_nomenklatur="1.02.02")
    i_sp1 = Indikator.objects.get(kode="I-SP1")  # naik, akhir; target 2025 = 14, 2026 = 15
    buat_realisasi(i_sp1, 2024, 4, nilai="12", status=V)
    buat_realisasi(i_sp1, 2025, 1, nilai="11", status=V)
    buat_realisasi(i_sp1, 2025, 2, nilai="13", status=V, penjelasan="Posyandu aktif")
    buat_realisasi(i_sp1, 2025, 3, nilai="99", status="diajukan")  # not verified: never in the table
    kum = buat_indikator(pemeran.pd_a, sasaran=r.kegiatan, kode="IK-KUM", uraian="Kader terlatih", satuan="orang",
                         agregasi="kumulatif")  # fmt: skip
    for tahun in range(2021, 2027):
        buat_target(kum, tahun, nilai="40")  # the period's total: 240
    buat_realisasi(kum, 2023, 1, nilai="30", status=V)
    buat_realisasi(kum, 2024, 1, nilai="20", status=V)
    buat_realisasi(kum, 2024, 2, nilai="25", status=V)
    for tw, n in ((1, "10"), (2, "15")):
        buat_realisasi(kum, 2025, tw, nilai=n, status=V)
    buat_realisasi(kum, 2025, 3, nilai="20", status=V, penjelasan="=Pelatihan serentak")
    AnggaranSubKegiatan.objects.filter(sasaran=r.sub, tahun=2025).update(
        realisasi_t1=Decimal(300_000), realisasi_t2=Decimal(450_000)
    )
    q = {f"realisasi_t{tw}": Decimal(250_000) for tw in (1, 2, 3, 4)}
    AnggaranSubKegiatan.objects.create(sasaran=r.sub, tahun=2024, pagu=Decimal(1_000_000), **q)
    AnggaranSubKegiatan.objects.create(sasaran=r.sub, tahun=2026, pagu=Decimal(2_000_000))
    return r


def _lembar(client, user, pd):
    client.force_login(user)
    resp = client.get(_url(pd))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(resp.content)).active


def _baris(ws, r: int) -> list:
    return [ws.cell(row=r, column=c).value for c in range(1, 28)]


def test_header_is_the_official_tables(client, pemeran, data):
    ws = _lembar(client, pemeran.organisasi, pemeran.pd_a)
    assert ws["A1"].value == "Tabel E.81"
    assert ws["A2"].value == "Evaluasi terhadap Hasil Renja Perangkat Daerah Lingkup Kota Uji"
    assert "Dinas A" in ws["A3"].value and "2025" in ws["A4"].value and "2021–2026" in ws["A4"].value
    assert (ws["A6"].value, ws["B6"].value, ws["C6"].value, ws["Z6"].value, ws["AA6"].value) == (
        "No", "Sasaran", "Kode", "Unit Perangkat Daerah Penanggung Jawab", "Keterangan",
    )  # fmt: skip
    assert ws["F6"].value.startswith("Target Renstra Perangkat Daerah pada Tahun 2026")
    assert "Tahun Lalu (2024)" in ws["H6"].value and "(2025) yang Dievaluasi" in ws["J6"].value
    assert ws["L6"].value == "Realisasi Kinerja pada Triwulan"
    assert [ws.cell(row=7, column=c).value for c in (12, 14, 16, 18)] == ["I", "II", "III", "IV"]
    assert [ws.cell(row=8, column=c).value for c in range(6, 26)] == ["K", "Rp"] * 10
    nomor = [ws.cell(row=9, column=c).value for c in (1, 5, 6, 8, 10, 12, 18, 20, 22, 24, 26, 27)]
    assert nomor == ["1", "5", "6", "7", "8", "9", "12", "13 = 9+10+11+12", "14 = 7+13", "15 = 14/6 × 100%", "16",
                     "17"]  # fmt: skip
    gabungan = {str(m) for m in ws.merged_cells.ranges}
    assert {"A6:A8", "F6:G7", "L6:S6", "L7:M7", "X6:Y7", "F9:G9", "AA6:AA8"} <= gabungan
    assert ws.freeze_panes == "F10"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$6:$9"


def test_rows_hold_the_data_verified_only(client, pemeran, data):
    ws = _lembar(client, pemeran.operator_a, pemeran.pd_a)
    program = _baris(ws, 10)
    uraian = Indikator.objects.get(kode="I-SP1").uraian
    assert program[:5] == [1, "Uraian SS1", "1.02.02", "Uraian SP1", f"{uraian} (%)"]
    # 6 end target 15 | 7 realisation to 2024 (akhir: 12) | 8 target 14 | TW I 11, TW II 13, TW III submitted only
    k = [program[c] for c in (5, 7, 9, 11, 13, 15, 17, 19, 21, 23)]
    assert k == [15, 12, 14, 11, 13, None, None, 13, 13, 86.67]
    # the program's budget is SUB1's rolled up: 4.5 M over the period, 1 M spent in 2024, 1.5 M pagu 2025, …
    rp = [program[c] for c in (6, 8, 10, 12, 14, 16, 18, 20, 22, 24)]
    assert rp == [4_500_000, 1_000_000, 1_500_000, 300_000, 450_000, None, None, 750_000, 1_750_000, 38.89]
    assert program[25] == "Dinas A"
    assert program[26] == "Capaian 2025: 92,86%\nTW II: Posyandu aktif."
    assert ws.cell(row=10, column=6).number_format == "#,##0.00"
    assert ws.cell(row=10, column=7).number_format == "#,##0"


def test_kumulatif_indicator_sums_years_and_second_row_has_no_budget(client, pemeran, data):
    ws = _lembar(client, pemeran.organisasi, pemeran.pd_a)
    kegiatan, kum = _baris(ws, 11), _baris(ws, 12)
    assert kegiatan[0] == 2 and kegiatan[6] == 4_500_000  # the kegiatan's first row carries the budget
    assert kum[0] is None and kum[4] == "Kader terlatih (orang)"
    assert [kum[c] for c in (5, 7, 9, 11, 13, 15, 19, 21, 23)] == [240, 75, 40, 10, 15, 20, 45, 120, 50]
    assert all(kum[c] is None for c in (6, 8, 10, 20, 22))
    assert kum[26] == "Capaian 2025: 112,50%\nTW III: =Pelatihan serentak."
    assert _baris(ws, 14)[:5] == [4, "Uraian SS1", "SUB2", "Uraian SUB2", None]


def test_kumulatif_renstra_target_needs_every_years_target(client, pemeran, data):
    Target.objects.filter(indikator__kode="IK-KUM", tahun=2021).delete()
    kum = _baris(_lembar(client, pemeran.organisasi, pemeran.pd_a), 12)
    assert (kum[5], kum[21], kum[23]) == (None, 120, None)  # no total to measure against: no percentage


def test_bottom_rows_hold_average_band_factors_and_follow_up(client, pemeran, data):
    ws = _lembar(client, pemeran.pimpinan, pemeran.pd_a)
    r = 15
    assert ws.cell(row=r, column=1).value == "Rata-rata capaian kinerja (%)"
    assert (ws.cell(row=r, column=24).value, ws.cell(row=r, column=25).value) == (68.34, 38.89)  # (86.67 + 50) / 2
    assert ws.cell(row=r + 1, column=24).value == "Sedang"
    assert ws.cell(row=r + 2, column=1).value == "Faktor pendorong keberhasilan pencapaian"
    pendorong = ws.cell(row=r + 2, column=6)
    assert pendorong.value == "1. SK1 Kader terlatih (orang): TW III: =Pelatihan serentak."
    assert pendorong.data_type == "s"
    assert ws.cell(row=r + 3, column=6).value.endswith("(%): TW II: Posyandu aktif.")
    assert ws.cell(row=r + 4, column=1).value == "Tindak lanjut yang diperlukan dalam triwulan berikutnya"
    assert "capaian 92,86%, di bawah target tahun ini" in ws.cell(row=r + 4, column=6).value
    renja = ws.cell(row=r + 5, column=6).value.split("\n")
    assert len(renja) == 2 and "86,67% dari target akhir Renstra" in renja[0] and "50,00%" in renja[1]
    assert "hanya yang telah diverifikasi" in ws.cell(row=r + 7, column=1).value


def test_a_pd_without_program_or_period_gets_the_table_with_a_message(client, pemeran, data):
    ws = _lembar(client, pemeran.organisasi, pemeran.pd_b)
    assert ws["A10"].value.startswith("Belum ada program, kegiatan atau sub kegiatan")
    assert ws["A11"].value == "Rata-rata capaian kinerja (%)" and ws["X11"].value is None
    client.force_login(pemeran.organisasi)
    assert client.get(_url(pemeran.pd_a, 2027)).status_code == 200  # no period covers 2027: the empty table


def test_years_combine_by_the_indicators_aggregation():
    nilai = {2023: Decimal(30), 2024: Decimal(45), 2025: Decimal(15)}
    assert lintas_tahun(nilai, "kumulatif") == 90
    assert lintas_tahun(nilai, "akhir") == 15
    assert lintas_tahun(nilai, "rata_rata") == 30
    assert lintas_tahun({}, "akhir") is None


def test_who_may_download(client, pemeran, data):
    for user in (pemeran.operator_a, pemeran.kepala_a, pemeran.organisasi, pemeran.inspektorat, pemeran.pimpinan):
        client.force_login(user)
        assert client.get(_url(pemeran.pd_a)).status_code == 200, user
    for user in (pemeran.operator_b, pemeran.operator_lain, pemeran.pimpinan_lain):
        client.force_login(user)
        assert client.get(_url(pemeran.pd_a)).status_code == 404, user
    client.logout()
    assert client.get(_url(pemeran.pd_a)).status_code == 302


def test_renja_page_and_pd_page_link_the_workbook(client, pemeran, data):
    client.force_login(pemeran.operator_a)
    html = client.get(reverse("perencanaan:renja_pd", kwargs={"pd_id": pemeran.pd_a.pk, "tahun": TAHUN})).content
    assert _url(pemeran.pd_a).encode() in html
    html = client.get(f"/pd/{pemeran.pd_a.pk}/?tahun={TAHUN}").content.decode()
    assert _url(pemeran.pd_a) in html and "Evaluasi Renja 2025 (Tabel E.81, Excel)" in html


def test_renja_page_of_a_year_outside_the_selector_notes_instead_of_linking_a_404(client, pemeran, data, settings):
    settings.SAKIP_TAHUN_PERTAMA = 2025  # 2024 is still a year of the 2021–2026 period, not of the selector
    client.force_login(pemeran.operator_a)
    resp = client.get(reverse("perencanaan:renja_pd", kwargs={"pd_id": pemeran.pd_a.pk, "tahun": 2024}))
    html = resp.content.decode()
    assert resp.status_code == 200 and "e81.xlsx" not in html
    assert "hanya tersedia untuk tahun pada pemilih tahun" in html
    assert client.get(f"/perencanaan/renja/pd/{pemeran.pd_a.pk}/2024/e81.xlsx").status_code == 404
    assert (
        _url(pemeran.pd_a).encode()
        in client.get(reverse("perencanaan:renja_pd", kwargs={"pd_id": pemeran.pd_a.pk, "tahun": TAHUN})).content
    )


def _jumlah_kueri(client, pd) -> int:
    with CaptureQueriesContext(connection) as kueri:
        assert client.get(_url(pd)).status_code == 200
    return len(kueri)


def test_query_count_does_not_grow_with_rows(client, pemeran, data):
    client.force_login(pemeran.organisasi)
    sebelum = _jumlah_kueri(client, pemeran.pd_a)
    for n in range(5):
        sub = Sasaran.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, kode=f"SUBX{n}",
                                     uraian=f"Sub {n}", tingkat=data.sub.tingkat, induk=data.kegiatan,
                                     periode=data.periode)  # fmt: skip
        ind = buat_indikator(pemeran.pd_a, sasaran=sub)
        buat_target(ind, TAHUN, nilai="5")
        buat_realisasi(ind, TAHUN, 1, nilai="4", status=V, penjelasan="Baik")
        AnggaranSubKegiatan.objects.create(sasaran=sub, tahun=TAHUN, pagu=Decimal(100), realisasi_t1=Decimal(50))
    ws = load_workbook(io.BytesIO(client.get(_url(pemeran.pd_a)).content)).active
    kode = [ws.cell(row=r, column=3).value for r in range(10, 20)]
    assert {f"SUBX{n}" for n in range(5)} <= set(kode)  # the five new rows are in the table
    assert _jumlah_kueri(client, pemeran.pd_a) == sebelum


def test_a_counts_whole_values_are_whole_number_cells_and_a_percent_keeps_two_decimals(client, pemeran, data):
    """THE format of values in the workbook: the K cells of a count (orang) show no decimals ("#,##0"), as the
    pages print "240 orang", never "240,00"; a percent indicator's keep two; column 15 (%) keeps two."""
    ws = _lembar(client, pemeran.organisasi, pemeran.pd_a)
    assert ws.cell(row=12, column=5).value == "Kader terlatih (orang)"
    assert {ws.cell(row=12, column=c).number_format for c in (6, 8, 10, 12, 20, 22)} == {"#,##0"}
    assert ws.cell(row=12, column=24).number_format == "#,##0.00"
    assert {ws.cell(row=10, column=c).number_format for c in (6, 10, 12)} == {"#,##0.00"}


def test_a_counts_fraction_keeps_its_decimals():
    from kinerja.excel_e81 import FORMAT_CACAH, FORMAT_K, format_k

    assert format_k(Decimal("12.0000"), bulat=True) == FORMAT_CACAH
    assert format_k(Decimal("2.5"), bulat=True) == FORMAT_K  # a count's average: nothing hidden
    assert format_k(Decimal(12), bulat=False) == FORMAT_K
