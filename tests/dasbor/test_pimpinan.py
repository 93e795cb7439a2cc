"""The wali kota's dashboard shows what the engine and the selectors compute, with the right labels."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.conf import settings

from dasbor.selectors import dasbor_pimpinan
from evaluasi import scoring
from evaluasi.models import Rekomendasi
from evaluasi.selectors import instrumen_siap, rencana, tahun_kota
from kinerja import capaian
from sakip.lib.angka import format_angka
from tests.dasbor.bantu import bagian, teks
from tests.dasbor.data import RESMI
from tests.evaluasi.factories import instrumen_a


def _halaman(masuk, user, tahun=None) -> str:
    r = masuk(user, tahun).get("/dasbor/pimpinan/")
    assert r.status_code == 200
    return r.content.decode()


def test_headline_is_the_latest_official_score_with_source_date_and_change(pemeran, masuk, kota):
    html = _halaman(masuk, pemeran.pimpinan)
    kepala = bagian(html, "skor-resmi")
    assert "69,04 B Baik" in kepala
    assert "Hasil resmi KemenPANRB" in kepala
    assert "Tahun evaluasi 2024" in kepala and "10 Desember 2024" in kepala
    assert "+1,73 dari 2023 (67,31, B)" in kepala


def test_dates_are_indonesian_even_for_an_english_browser(pemeran, masuk, kota):
    r = masuk(pemeran.pimpinan).get("/dasbor/pimpinan/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "10 Desember 2024" in bagian(r.content.decode(), "skor-resmi")


def test_self_estimate_is_labelled_as_not_official(pemeran, masuk, kota):
    mandiri = kota.mandiri_kota.hasil
    teks_mandiri = bagian(_halaman(masuk, pemeran.pimpinan), "skor-mandiri")
    assert f"{format_angka(mandiri.total)} {mandiri.predikat}" in teks_mandiri
    assert "Perkiraan mandiri kota" in teks_mandiri and "bukan hasil resmi" in teks_mandiri
    assert "KemenPANRB" not in teks_mandiri


def test_gap_to_target_and_to_next_predicate_are_one_sentence_from_the_band_table(pemeran, masuk, kota):
    """0,96 to the target and 0,97 to BB stand in one sentence that says why they differ (issue 15 point 7)."""
    skala = instrumen_siap(instrumen_a()).skala_predikat
    target = Decimal(settings.SAKIP_TARGET_NILAI_KOTA)
    bb = scoring.total_minimal("BB", skala)
    html = _halaman(masuk, pemeran.pimpinan)
    isi = bagian(html, "sasaran")
    assert f"Target nilai {format_angka(target)}" in isi
    assert "Dihitung dari Hasil resmi KemenPANRB 2024" in isi
    assert f"Perlu tambahan {format_angka(bb - Decimal('69.04'))}" in isi  # 0,97
    kalimat = teks(html[html.index('id="kalimat-jarak"') :].split("</p>", 1)[0] + "</p>").split(">", 1)[1].strip()
    assert kalimat == (
        "Nilai 69,04 kurang 0,96 dari target 70,00, tetapi nilai 70,00 masih berpredikat B; predikat BB berarti "
        "nilai di atas 70,00, yaitu sekurang-kurangnya 70,01, jadi perlu tambahan 0,97 poin untuk target dan "
        "predikat BB."
    )
    assert "Kurang dari target" not in isi and "Menuju predikat" not in isi  # no second, unexplained figure
    # the plan names the same figure as the sentence, from the same rule
    assert "Perlu tambahan 0,97 poin (lihat “Menuju target”)" in bagian(html, "rencana")


def test_plan_is_the_engines_plan_on_the_self_estimate_answers(pemeran, masuk, kota):
    siap = instrumen_siap(kota.mandiri_kota.instrumen)
    awal = scoring.score(siap.engine, kota.masukan_kota.jawaban, kota.masukan_kota.nilai_sub).total
    butuh = scoring.total_minimal("BB", siap.skala_predikat) - Decimal("69.04")
    harap = rencana(siap, kota.masukan_kota, target_total=awal + butuh)
    isi = bagian(_halaman(masuk, pemeran.pimpinan), "rencana")
    assert f"Perlu tambahan {format_angka(butuh)} poin" in isi
    assert harap.perubahan
    for p in harap.perubahan:
        assert f"{p.kode} " in isi and f"{p.dari} → {p.ke} +{format_angka(p.tambahan)}" in isi
    assert f"{format_angka(harap.total)} ({harap.predikat.kode})" in isi


def test_trend_lists_official_and_self_estimate_per_year_with_pd_shares(pemeran, masuk, kota):
    tahun = {t.tahun: t for t in tahun_kota(user=pemeran.pimpinan, pemda_id=pemeran.pemda.pk, jumlah_pd=2)}
    isi = bagian(_halaman(masuk, pemeran.pimpinan), "tren")
    for th, resmi in ((2023, "67,31 B"), (2024, "69,04 B")):
        bb = format_angka(Decimal(tahun[th].jumlah_pd_bb * 100) / 2)
        b = format_angka(Decimal(tahun[th].jumlah_pd_b * 100) / 2)
        assert f"{th} {resmi}" in isi and f"{bb}% {b}%" in isi
    assert f"{format_angka(kota.mandiri_kota.hasil.total)} {kota.mandiri_kota.hasil.predikat}" in isi


def test_component_table_never_mixes_official_and_self_estimate_in_one_column(pemeran, masuk, kota):
    """Each column is one source: the official components (its LHE has no sub-components) and, beside them,
    the self-estimate's components and sub-components, which add up (issue 15 point 7: 5,40 + 6,30 + 10,50
    stood under an official 21,50)."""
    d = dasbor_pimpinan(user=pemeran.pimpinan, tahun=2024)
    assert d.komponen.sumber_utama == "Hasil resmi KemenPANRB 2024" and d.komponen.utama_resmi
    assert d.komponen.sumber_pembanding == "Perkiraan mandiri 2024" and d.komponen.tanpa_sub_resmi
    mandiri = kota.mandiri_kota.hasil
    for k in d.komponen:
        assert k.utama == Decimal(RESMI[2024][2][k.kode])
        assert all(s.utama is None for s in k.sub)  # never a self-estimate value in the official column
        assert k.pembanding == Decimal(mandiri.nilai_komponen[k.kode])
        assert sum(s.pembanding for s in k.sub) == k.pembanding
    assert sum(k.utama for k in d.komponen) == Decimal(RESMI[2024][0])
    isi = bagian(_halaman(masuk, pemeran.pimpinan), "komponen")
    k1 = format_angka(Decimal(mandiri.nilai_komponen["1"]))
    sub_1a = format_angka(Decimal(mandiri.nilai_subkomponen["1a"]))
    assert "Hasil resmi KemenPANRB 2024 Maks. % Perkiraan mandiri 2024 bukan resmi" in isi
    assert f"1. Perencanaan Kinerja 21,50 30,00 71,67% {k1}" in isi
    assert f"1a Keberadaan perencanaan kinerja – 6,00 – {sub_1a}" in isi
    assert "LHE resmi tidak memuat nilai subkomponen" in isi


def test_self_estimate_beside_the_official_figure_is_secondary_and_labelled_everywhere(pemeran, masuk, kota):
    html = _halaman(masuk, pemeran.pimpinan)
    kartu = html[html.index('id="skor-mandiri"') - 120 : html.index('id="skor-mandiri"')]
    assert "skor-sekunder" in kartu  # dashed, smaller, muted (static/css/dasbor.css)
    assert "Perkiraan mandiri kota bukan hasil resmi" in bagian(html, "skor-mandiri")
    assert "Perkiraan mandiri kota bukan resmi" in bagian(html, "tren")
    assert "Perkiraan mandiri 2024 bukan resmi" in bagian(html, "komponen")
    tren = html[html.index('id="tren"') : html.index("</section>", html.index('id="tren"'))]
    jumlah_tahun = len(dasbor_pimpinan(user=pemeran.pimpinan, tahun=2024).tren)
    assert tren.count('<td class="angka kolom-sekunder" ') == jumlah_tahun
    grafik = json.loads(re.search(r'id="dasbor-data"[^>]*>(.*?)</script>', html, re.S)[1])
    assert "bukan resmi" in grafik["tren"]["label"]["mandiri"]


def test_pd_section_shares_against_two_thirds_distribution_and_ranking(pemeran, masuk, kota):
    t2024 = next(
        t for t in tahun_kota(user=pemeran.pimpinan, pemda_id=pemeran.pemda.pk, jumlah_pd=2) if t.tahun == 2024
    )
    isi = bagian(_halaman(masuk, pemeran.pimpinan), "pd")
    assert "evaluasi internal Inspektorat 2024" in isi
    assert f"{format_angka(Decimal(t2024.jumlah_pd_bb * 100) / 2)}% {t2024.jumlah_pd_bb} dari 2 PD" in isi
    assert "66,67%" in isi
    hasil = {pd: kota.internal[(2024, pd.pk)] for pd in (pemeran.pd_a, pemeran.pd_b)}
    terbaik = max(hasil, key=lambda pd: hasil[pd].total)
    assert f"Lima teratas {terbaik.nama} {format_angka(hasil[terbaik].total)} {hasil[terbaik].predikat.kode}" in isi
    skala = instrumen_siap(instrumen_a()).skala_predikat
    for band in skala.bands:
        n = sum(1 for h in hasil.values() if h.predikat.kode == band.kode)
        assert f"{band.kode} {band.nama} {n}" in isi
    assert all(f"{format_angka(h.total)}" in isi for h in hasil.values())


def test_iku_capaian_is_kinerja_capaian_of_verified_values(pemeran, masuk, kota):
    harap = capaian.hitung_capaian(Decimal("2.36"), capaian.Target(nilai=Decimal("2.6")), "turun")
    isi = bagian(_halaman(masuk, pemeran.pimpinan), "iku")
    assert f"{format_angka(harap.persen)}% {harap.kategori.nama} 2,36 / 2,6" in isi  # 109,23% Sangat Tinggi
    assert 'class="kategori kat-sangat_tinggi"' in _halaman(masuk, pemeran.pimpinan)


def test_recommendation_counts(pemeran, masuk, kota):
    import datetime

    semua = list(Rekomendasi.objects.filter(pemda=pemeran.pemda))
    terbuka = [r for r in semua if r.status != "selesai"]
    terlambat = [r for r in terbuka if r.batas_waktu < datetime.date.today()]
    isi = bagian(_halaman(masuk, pemeran.pimpinan), "rekomendasi")
    assert isi.endswith(
        f"{len(terbuka)} belum selesai {len(terlambat)} melewati batas waktu {len(semua) - len(terbuka)} selesai"
    )


def test_year_selector_shows_the_figures_up_to_that_year(pemeran, masuk, kota):
    html = _halaman(masuk, pemeran.pimpinan, tahun=2023)
    assert "67,31 B Baik" in bagian(html, "skor-resmi")
    assert "69,04" not in teks(html)
    assert "Dasbor Pimpinan 2023" in html  # the title, a year without a thousands separator


def test_chart_data_is_in_a_json_script_and_every_chart_has_a_table(pemeran, masuk, kota):
    html = _halaman(masuk, pemeran.pimpinan)
    assert '<script id="dasbor-data" type="application/json">' in html
    assert "chart.umd.min.js" in html and "js/dasbor.js" in html
    assert 'style="' not in html and "onclick" not in html
    for grafik in ("tren", "komponen", "bagian", "distribusi", "iku"):
        assert f'data-grafik="{grafik}"' in html
    assert html.count("<table") >= 4


def test_without_official_result_the_self_estimate_is_the_basis_and_says_so(pemeran, masuk):
    from tests.dasbor.data import isi_kota

    isi_kota(pemeran.pemda, [pemeran.pd_a], resmi=False)
    html = _halaman(masuk, pemeran.pimpinan)
    assert "Belum ada hasil resmi KemenPANRB" in bagian(html, "skor-resmi")
    komponen = bagian(html, "komponen")
    assert "Hasil resmi" not in komponen
    assert "Nilai dan persentase: Perkiraan mandiri 2024 (bukan hasil resmi)" in komponen
    assert "skor-sekunder" not in html  # nothing official to be secondary to; still labelled
    assert "Dihitung dari Perkiraan mandiri kota 2024 bukan hasil resmi" in bagian(html, "sasaran")


def test_city_years_count_pd_results_as_the_full_evaluation_rows_do(pemeran, kota):
    """`tahun_kota` reads PD rows as plain values: its counts and rows equal those of the full objects."""
    from evaluasi.selectors import evaluasi_list, punya_hasil, tahun_kota_dengan_pd

    tahun, pd = tahun_kota_dengan_pd(user=pemeran.pimpinan, pemda_id=pemeran.pemda.pk, jumlah_pd=2)
    penuh = [e for e in evaluasi_list(user=pemeran.pimpinan) if e.perangkat_daerah_id]
    assert [(h.tahun, h.jenis, h.kode, h.nama, h.total) for h in pd] == [
        (e.tahun, e.jenis, e.perangkat_daerah.kode, e.perangkat_daerah.nama, e.hasil.total if punya_hasil(e) else None)
        for e in penuh
    ]
    assert {e.tahun for e in evaluasi_list(user=pemeran.pimpinan)} == {t.tahun for t in tahun}
    for t in tahun:
        final = [e for e in penuh if e.tahun == t.tahun and e.jenis == "internal" and e.final and punya_hasil(e)]
        peringkat = [(instrumen_siap(e.instrumen).skala_predikat, e.hasil.predikat) for e in final]
        assert t.jumlah_pd_final == len(final)
        assert t.jumlah_pd_bb == sum(s.peringkat(p) >= s.peringkat("BB") for s, p in peringkat)
        assert t.jumlah_pd_b == sum(s.peringkat(p) >= s.peringkat("B") for s, p in peringkat)


def test_share_of_pd_at_least_bb_against_two_thirds_is_in_the_first_section(pemeran, masuk, kota):
    html = _halaman(masuk, pemeran.pimpinan)
    atas = html[html.index('class="dasbor-atas"') : html.index('id="tren"')]
    kartu = bagian(atas, "bagian-bb")
    t2024 = next(
        t for t in tahun_kota(user=pemeran.pimpinan, pemda_id=pemeran.pemda.pk, jumlah_pd=2) if t.tahun == 2024
    )
    assert f"{format_angka(Decimal(t2024.jumlah_pd_bb * 100) / 2)}% {t2024.jumlah_pd_bb} dari 2 PD" in kartu
    assert "garis dua pertiga (66,67%)" in kartu
    assert "Evaluasi internal Inspektorat 2024" in kartu
