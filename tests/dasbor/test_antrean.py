"""The review dashboard's "menunggu verifikasi" counts the backlog of every year (issue 11 point 4)."""

from __future__ import annotations

import re

from tests.dasbor.bantu import bagian
from tests.kinerja.factories import buat_indikator, buat_realisasi


def test_last_years_waiting_quarters_show_in_a_new_year(pemeran, masuk, kota):
    for tw, terlambat in ((3, True), (4, False)):
        buat_realisasi(buat_indikator(pemeran.pd_a), 2025, tw, nilai=1, status="diajukan", terlambat=terlambat)
    buat_realisasi(buat_indikator(pemeran.pd_b), 2026, 1, nilai=1, status="diajukan")
    html = masuk(pemeran.organisasi, 2026).get("/dasbor/organisasi/").content.decode()
    antrean = bagian(html, "antrean")
    assert "2025 : 2 triwulan PD (2 indikator) · 1 dengan pengajuan terlambat" in antrean
    assert "2026 : 1 triwulan PD (1 indikator)" in antrean
    assert antrean.index("2025 :") < antrean.index("2026 :")
    baris_a = next(b for b in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if pemeran.pd_a.nama in b)
    assert re.findall(r"<td[^>]*>(.*?)</td>", baris_a, flags=re.S)[-2] == "2"  # both 2025 rows wait


def test_no_backlog_says_so_for_every_year(pemeran, masuk, kota):
    html = masuk(pemeran.organisasi, 2026).get("/dasbor/organisasi/").content.decode()
    assert "Tidak ada realisasi yang menunggu verifikasi, dari tahun mana pun." in bagian(html, "antrean")
