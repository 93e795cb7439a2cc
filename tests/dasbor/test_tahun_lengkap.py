"""One finalised evaluation in a new year does not reset the city picture (issue 11 point 3).

Demo-like data: 38 active PD, 2023 and 2024 evaluated completely, 2026 with Dinkes alone final. Every page
keeps 2024 as the picture over the same base (38 PD), says so, and shows 2026 as under way.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluasi.models import Evaluasi, HasilEvaluasi
from evaluasi.selectors import gambaran_pd, tahun_kota
from tests.dasbor.bantu import bagian, teks
from tests.dasbor.data import buat_pd_banyak, isi_kota
from tests.evaluasi.factories import instrumen_b

JUMLAH_PD = 38


@pytest.fixture
def kota_38(pemeran):
    """38 active PD (the cast's two and 36 more), 2023–2024 complete, 2026: one PD final (BB)."""
    pds = [pemeran.pd_a, pemeran.pd_b, *buat_pd_banyak(pemeran.pemda, JUMLAH_PD - 2)]
    isi_kota(pemeran.pemda, pds)
    e = Evaluasi.objects.create(instrumen=instrumen_b(), pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a,
                                tahun=2026, jenis="internal", status="final")  # fmt: skip
    HasilEvaluasi.objects.create(evaluasi=e, total=Decimal("75.00"), predikat="BB", predikat_nama="Sangat Baik",
                                 instrumen_kode="x", instrumen_versi=1, skala_predikat_versi="v")  # fmt: skip
    return {t.tahun: t for t in tahun_kota(user=pemeran.pimpinan, pemda_id=pemeran.pemda.pk, jumlah_pd=JUMLAH_PD)}


def test_walikota_dashboard_keeps_the_complete_year_and_shows_the_new_one_as_running(pemeran, masuk, kota_38):
    t2024 = kota_38[2024]
    html = masuk(pemeran.pimpinan, 2026).get("/dasbor/pimpinan/").content.decode()
    pd = bagian(html, "pd")
    assert "evaluasi internal Inspektorat 2024" in pd
    assert f"{t2024.jumlah_pd_bb} dari {JUMLAH_PD} PD" in pd and f"Dievaluasi final: {JUMLAH_PD} PD" in pd
    assert f"Evaluasi internal 2026 sedang berjalan: 1 dari {JUMLAH_PD} PD final" in pd
    assert f"Dasar perhitungan: {JUMLAH_PD} PD aktif" in pd
    tren = bagian(html, "tren")
    assert f"2026 – – sedang berjalan: 1 dari {JUMLAH_PD} PD" in tren


def test_city_results_page_uses_the_same_base_and_says_it(client, pemeran, kota_38):
    client.force_login(pemeran.pimpinan)
    isi = teks(client.get("/evaluasi/kota/").content.decode())
    t2024 = kota_38[2024]
    assert f"{t2024.jumlah_pd_bb} / {JUMLAH_PD} PD" in isi
    assert f"sedang berjalan: 1 dari {JUMLAH_PD} PD" in isi
    assert "0 / 1 PD" not in isi and "1 / 1 PD" not in isi
    assert f"dihitung dari seluruh {JUMLAH_PD} PD aktif" in isi


def test_review_dashboard_shows_the_complete_year_and_says_the_new_one_is_running(pemeran, masuk, kota_38):
    html = masuk(pemeran.organisasi, 2026).get("/dasbor/organisasi/").content.decode()
    kepala = teks(html[html.index("<h1>") : html.index('id="kelengkapan"')])
    assert (
        f"Evaluasi internal 2026 sedang berjalan: 1 dari {JUMLAH_PD} PD final; kolom evaluasi menampilkan 2024"
        in kepala
    )
    assert f"Dasar perhitungan: {JUMLAH_PD} PD aktif" in kepala
    assert "Peta komponen evaluasi internal 2024" in teks(html)


def test_a_configured_share_makes_a_partly_evaluated_year_the_picture(pemeran, masuk, kota_38, settings):
    settings.SAKIP_EVALUASI_PD_LENGKAP_PERSEN = 2  # one PD of 38 is past 2 %
    pd = bagian(masuk(pemeran.pimpinan, 2026).get("/dasbor/pimpinan/").content.decode(), "pd")
    assert "evaluasi internal Inspektorat 2026" in pd and "sedang berjalan" not in pd
    assert f"1 dari {JUMLAH_PD} PD" in pd


def _tiga(g) -> tuple:
    return g.tahun, g.berjalan, g.berjalan_final


def test_the_complete_year_rule():
    assert _tiga(gambaran_pd({2024: 38, 2026: 1}, jumlah_pd=38)) == (2024, 2026, 1)
    assert _tiga(gambaran_pd({2024: 38, 2026: 1}, jumlah_pd=38, sampai=2025)) == (2024, None, 0)
    assert _tiga(gambaran_pd({2024: 38, 2025: 37}, jumlah_pd=38)) == (2024, 2025, 37)
    assert _tiga(gambaran_pd({2025: 1}, jumlah_pd=38)) == (None, 2025, 1)
    assert _tiga(gambaran_pd({}, jumlah_pd=0)) == (None, None, 0)
    assert gambaran_pd({2024: 2}, jumlah_pd=0).tahun is None  # no active PD: nothing is complete


def test_the_share_rounds_up(settings):
    settings.SAKIP_EVALUASI_PD_LENGKAP_PERSEN = 75
    assert gambaran_pd({2025: 28}, jumlah_pd=38).tahun is None  # 28,5 PD needed: 29
    assert gambaran_pd({2025: 29}, jumlah_pd=38).tahun == 2025
