"""Bagian Organisasi's review dashboard: values from the engine and kinerja's completeness selector,
sorting, filtering by jenis, and the Excel export."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.selectors import kelengkapan
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka
from tests.dasbor.bantu import bagian, teks
from tests.kinerja.factories import buat_indikator, buat_realisasi


@pytest.fixture
def realisasi_a(pemeran, kota):
    """PD A in 2024: one indicator verified all year, one submitted in Q1 and a draft in Q2."""
    satu, dua = buat_indikator(pemeran.pd_a), buat_indikator(pemeran.pd_a)
    for tw in (1, 2, 3, 4):
        buat_realisasi(satu, tahun=2024, triwulan=tw, nilai=10, status="diverifikasi")
    buat_realisasi(dua, tahun=2024, triwulan=1, nilai=5, status="diajukan")
    buat_realisasi(dua, tahun=2024, triwulan=2, nilai=6, status="draf")
    return satu, dua


def _baris_pd(html: str, pd) -> str:
    cocok = re.search(rf"<tr>\s*<th scope=\"row\"><span class=\"kode\">{re.escape(pd.kode)}</span>.*?</tr>", html, re.S)
    assert cocok, pd
    return teks(cocok.group(0))


def test_pd_row_shows_engine_scores_completeness_backlog_and_overdue(pemeran, masuk, kota, realisasi_a):
    html = masuk(pemeran.organisasi, 2024).get("/dasbor/organisasi/").content.decode()
    ini, lalu, mandiri = (kota.internal[(2024, pemeran.pd_a.pk)], kota.internal[(2023, pemeran.pd_a.pk)],
                          kota.mandiri_pd[pemeran.pd_a.pk])  # fmt: skip
    sel = next(b for b in kelengkapan(user=pemeran.organisasi, tahun=2024) if b.perangkat_daerah == pemeran.pd_a).sel
    belum = sum(s.jumlah["kosong"] + s.jumlah["draf"] for s in sel)
    lengkap = format_angka(Decimal((8 - belum) * 100) / 8)  # 2 indicators × 4 quarters due (a past year)
    baris = _baris_pd(html, pemeran.pd_a)
    perubahan = ini.total - lalu.total
    tanda = "+" if perubahan > 0 else ("−" if perubahan < 0 else "")
    selisih = mandiri.total - ini.total
    tanda_s = "+" if selisih > 0 else ("−" if selisih < 0 else "")
    assert baris.startswith(f"{pemeran.pd_a.kode} {pemeran.pd_a.nama} Dinas")
    assert f"{format_angka(ini.total)} {ini.predikat.kode} {format_angka(lalu.total)} {lalu.predikat.kode}" in baris
    assert f"{tanda}{format_angka(abs(perubahan))}" in baris
    assert f"{format_angka(mandiri.total)} {mandiri.predikat.kode} {tanda_s}{format_angka(abs(selisih))}" in baris
    assert baris.endswith(f"{lengkap}% 1 1")  # 62,50%, one waiting for verification, one overdue recommendation
    assert lengkap == "62,50"


def test_labels_name_the_inspektorat_and_the_pd_self_assessment(pemeran, masuk, kota):
    isi = bagian(masuk(pemeran.organisasi).get("/dasbor/organisasi/").content.decode(), "tabel-pd")
    assert "Evaluasi internal Inspektorat" in isi and "Penilaian mandiri PD" in isi


def test_heatmap_is_share_of_each_components_maximum(pemeran, masuk, kota):
    html = masuk(pemeran.organisasi).get("/dasbor/organisasi/").content.decode()
    ini = kota.internal[(2024, pemeran.pd_a.pk)]
    isi = bagian(html, "peta-panas")
    for k in ini.komponen:
        assert f"{format_angka(k.nilai * 100 / k.bobot)}% ({format_angka(k.nilai)})" in isi


def test_sorting_by_internal_score_both_ways_and_filter_by_jenis(pemeran, masuk, kota):
    skor = {pd: kota.internal[(2024, pd.pk)].total for pd in (pemeran.pd_a, pemeran.pd_b)}
    assert skor[pemeran.pd_a] != skor[pemeran.pd_b]
    naik = sorted(skor, key=skor.get)
    c = masuk(pemeran.organisasi)
    for arah, urutan in (("naik", naik), ("turun", naik[::-1])):
        html = c.get(f"/dasbor/organisasi/?urut=internal&arah={arah}").content.decode()
        assert html.index(f'"kode">{urutan[0].kode}<') < html.index(f'"kode">{urutan[1].kode}<')
    PerangkatDaerah.objects.filter(pk=pemeran.pd_b.pk).update(jenis="kecamatan")
    html = c.get("/dasbor/organisasi/?jenis=kecamatan").content.decode()
    assert f'"kode">{pemeran.pd_b.kode}<' in html and f'"kode">{pemeran.pd_a.kode}<' not in html
    assert c.get("/dasbor/organisasi/?urut=tidak-ada&arah=x&jenis=zzz").status_code == 200


def test_excel_export_keeps_numbers_as_numbers_in_page_order(pemeran, masuk, kota, realisasi_a):
    r = masuk(pemeran.organisasi, 2024).get("/dasbor/organisasi/xlsx/?urut=internal&arah=turun")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    kepala = [c.value for c in ws[1]]
    assert kepala[:5] == ["Kode", "Perangkat daerah", "Singkatan", "Jenis", "Nilai internal 2024"]
    baris = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    skor = {pd.kode: kota.internal[(2024, pd.pk)].total for pd in (pemeran.pd_a, pemeran.pd_b)}
    assert [b[0] for b in baris] == sorted(skor, key=skor.get, reverse=True)
    a = next(b for b in baris if b[0] == pemeran.pd_a.kode)
    assert isinstance(a[4], (int, float)) and Decimal(str(a[4])) == skor[pemeran.pd_a.kode]
    assert a[11] == pytest.approx(62.5) and a[12] == 1 and a[13] == 1


def test_completeness_summary_links_to_the_verification_inbox_when_it_exists(pemeran, masuk, kota, realisasi_a):
    from django.urls import NoReverseMatch, reverse

    isi_html = masuk(pemeran.organisasi, 2024).get("/dasbor/organisasi/").content.decode()
    ringkas = bagian(isi_html, "kelengkapan")
    assert "TW I 1 / 1" in ringkas and "TW II 0 / 1" in ringkas  # only PD A has indicators; its Q2 has a draft
    assert "Kelengkapan realisasi 2024" in ringkas
    try:
        url = reverse("kinerja:verifikasi")
    except NoReverseMatch:  # the kinerja pages are not on main yet
        return
    assert f'href="{url}?tahun=2024"' in isi_html
