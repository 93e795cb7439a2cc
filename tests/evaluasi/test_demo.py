"""The demo evaluations: official results, PD internal results with 40–60 % at least BB, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from evaluasi.models import Evaluasi, HasilEvaluasi, Jawaban, Rekomendasi
from evaluasi.selectors import instrumen_siap
from perangkat_daerah.models import Pemda

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def demo():
    call_command("muat_demo")
    return Pemda.objects.get(kode="kota-tangerang-selatan")


def _hitung():
    return (
        Evaluasi.objects.count(),
        Jawaban.objects.count(),
        HasilEvaluasi.objects.count(),
        Rekomendasi.objects.count(),
    )


def test_loading_twice_or_reset_gives_the_same_counts(demo):
    pertama = _hitung()
    assert pertama[0] > 100
    call_command("muat_demo")
    assert _hitung() == pertama
    call_command("muat_demo", "--reset")
    assert _hitung() == pertama


def test_official_results_2023_and_2024_with_components_summing_to_the_total(demo):
    resmi = HasilEvaluasi.objects.filter(evaluasi__pemda=demo, evaluasi__jenis="resmi").order_by("evaluasi__tahun")
    assert [(h.evaluasi.tahun, h.total, h.predikat) for h in resmi] == [
        (2023, D("67.31"), "B"),
        (2024, D("69.04"), "B"),
    ]
    for h in resmi:
        assert abs(sum(D(v) for v in h.nilai_komponen.values()) - h.total) <= D("0.01")


def test_between_40_and_60_percent_of_pd_are_at_least_bb_in_2024(demo):
    hasil = HasilEvaluasi.objects.filter(evaluasi__pemda=demo, evaluasi__tahun=2024, evaluasi__jenis="internal")
    assert hasil.count() == 38
    bagian = sum(h.predikat in {"AA", "A", "BB"} for h in hasil) / 38
    assert 0.40 <= bagian <= 0.60


def test_frozen_results_equal_a_fresh_engine_score(demo):
    from evaluasi.selectors import hitung, masukan_evaluasi

    for e in (
        Evaluasi.objects.filter(pemda=demo, status="final")
        .exclude(jenis="resmi")
        .select_related("instrumen__skala_predikat", "hasil")[:10]
    ):
        siap = instrumen_siap(e.instrumen)
        assert hitung(siap, masukan_evaluasi(e, siap)).total == e.hasil.total


def test_city_self_estimate_2024_and_overdue_recommendations(demo):
    mandiri = HasilEvaluasi.objects.get(
        evaluasi__pemda=demo, evaluasi__perangkat_daerah=None, evaluasi__jenis="mandiri"
    )
    assert (mandiri.total, mandiri.predikat) == (D("71.65"), "BB")
    rek = list(Rekomendasi.objects.filter(pemda=demo))
    assert any(r.terlambat() for r in rek) and any(not r.terlambat() for r in rek)
    assert {r.status for r in rek} == {"belum", "proses", "selesai"}


def test_what_if_plan_for_a_demo_pd_reaches_bb_with_the_fewest_changes(demo):
    from evaluasi import scoring
    from evaluasi.selectors import masukan_evaluasi, rencana

    h = HasilEvaluasi.objects.filter(
        evaluasi__pemda=demo, evaluasi__tahun=2024, evaluasi__jenis="internal", predikat="B"
    )
    e = h.order_by("-total").select_related("evaluasi__instrumen__skala_predikat").first().evaluasi
    siap = instrumen_siap(e.instrumen)
    masukan = masukan_evaluasi(e, siap)
    r = rencana(siap, masukan, target_predikat="BB")
    assert r.tercapai and r.predikat.kode == "BB" and r.target_total == D("70.01")
    jawaban = dict(masukan.jawaban) | {p.kode: p.ke for p in r.perubahan}
    assert scoring.score(siap.engine, jawaban).total == r.total >= D("70.01")
    # fewer changes cannot reach BB: the best total with fewer changes stays below 70,01
    for k in range(r.jumlah_perubahan):
        assert _terbaik_dengan(siap, masukan, k) < D("70.01")


def _terbaik_dengan(siap, masukan, k):
    """The highest total with at most k changes, from the engine's own exact search."""
    from evaluasi import scoring

    rendah, tinggi = scoring.score(siap.engine, masukan.jawaban).total, D("100")
    # binary search on the target: the smallest plan length needed for a target is monotone in the target
    for _ in range(40):
        tengah = ((rendah + tinggi) / 2).quantize(D("0.01"))
        if tengah in (rendah, tinggi):
            break
        r = scoring.plan(siap.engine, masukan.jawaban, target_total=tengah)
        if r.tercapai and r.jumlah_perubahan <= k:
            rendah = tengah
        else:
            tinggi = tengah
    return rendah
