"""The demo evaluations: official results, PD internal results with 40–60 % at least BB, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluasi.models import Evaluasi, HasilEvaluasi, Jawaban, Rekomendasi
from evaluasi.selectors import instrumen_siap
from kinerja.demo_jam import jam_demo
from perangkat_daerah.models import Pemda
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db
D = Decimal
LALU = jam_demo().tahun_lalu  # the demo's previous year as of the clock (kinerja/demo_jam.py): complete


@pytest.fixture
def demo():
    muat_demo_salin()
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
    muat_demo_salin()
    assert _hitung() == pertama
    muat_demo_salin("--reset")
    assert _hitung() == pertama


def test_official_results_from_2017_each_under_its_instrument_and_valid_as_an_lhe(demo):
    from evaluasi.services.resmi import hasil_resmi_periksa

    resmi = HasilEvaluasi.objects.filter(evaluasi__pemda=demo, evaluasi__jenis="resmi").order_by("evaluasi__tahun")
    assert [(h.evaluasi.tahun, h.total, h.predikat, h.instrumen_kode, len(h.nilai_komponen)) for h in resmi] == [
        (2017, D("70.11"), "BB", "permenpanrb-12-2015", 5),
        (2018, D("70.46"), "BB", "permenpanrb-12-2015", 5),
        (2019, D("70.83"), "BB", "permenpanrb-12-2015", 5),
        (2020, D("71.20"), "BB", "permenpanrb-12-2015", 5),
        (2023, D("67.31"), "B", "permenpanrb-88-2021", 4),
        (2024, D("69.04"), "B", "permenpanrb-88-2021", 4),
        # after 2024 up to the previous year: example results, 0,60 a year more (evaluasi/demo.py resmi_contoh)
        *((t, D("69.04") + D("0.60") * (t - 2024), "B" if t == 2025 else "BB", "permenpanrb-88-2021", 4)
          for t in range(2025, LALU + 1)),
    ]  # fmt: skip
    for h in resmi:
        siap = instrumen_siap(h.evaluasi.instrumen)
        komponen = {k: D(v) for k, v in h.nilai_komponen.items()}
        assert hasil_resmi_periksa(siap, total=h.total, predikat=h.predikat, nilai_komponen=komponen) == {}
        assert h.predikat_nama == siap.skala_predikat.band(h.predikat).nama
        assert ("contoh" in h.evaluasi.catatan.lower()) == (not 2021 <= h.evaluasi.tahun <= 2024)


def test_the_wali_kotas_trend_shows_the_official_years_with_five_parts_before_2021(demo):
    from dasbor.selectors.pimpinan import dasbor_pimpinan
    from perangkat_daerah.models import Profil

    walikota = Profil.objects.filter(pemda=demo, peran="pimpinan").first().user
    tren = {b.tahun: b for b in dasbor_pimpinan(user=walikota, tahun=LALU).tren}
    resmi = {t for t, b in tren.items() if b.resmi is not None}
    assert resmi == {2017, 2018, 2019, 2020, 2023, *range(2024, LALU + 1)} & set(tren)
    assert {2023, 2024, LALU} <= resmi
    assert len(tren[2024].bagian_resmi) == 4
    assert 2017 not in tren or len(tren[2017].bagian_resmi) == 5


def test_the_city_self_estimate_has_one_grade_above_support_and_it_is_justified(demo):
    from evaluasi import tampilan
    from evaluasi.selectors import hitung, masukan_evaluasi

    e = Evaluasi.objects.get(pemda=demo, perangkat_daerah=None, jenis="mandiri", tahun=LALU)
    siap = instrumen_siap(e.instrumen)
    h = hitung(siap, masukan_evaluasi(e, siap))
    assert [s.kode for s in h.subkomponen_melebihi_dukungan] == ["2a"]
    alasan = e.nilai_sub.get(subkomponen__kode="2a").alasan
    assert "2a.3" in alasan
    assert [p["alasan"] for p in tampilan.penyimpangan_evaluasi(e, siap, h)] == [alasan]


def test_between_40_and_60_percent_of_pd_are_at_least_bb_in_the_previous_year(demo):
    hasil = HasilEvaluasi.objects.filter(evaluasi__pemda=demo, evaluasi__tahun=LALU, evaluasi__jenis="internal")
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


def test_city_self_estimate_of_the_previous_year_and_overdue_recommendations(demo):
    mandiri = HasilEvaluasi.objects.get(
        evaluasi__pemda=demo, evaluasi__perangkat_daerah=None, evaluasi__jenis="mandiri"
    )
    assert (mandiri.total, mandiri.predikat) == (D("71.65"), "BB")
    rek = list(Rekomendasi.objects.filter(pemda=demo))
    assert any(r.terlambat() for r in rek) and any(not r.terlambat() for r in rek)
    assert {r.status for r in rek} == {"belum", "proses", "selesai"}
    # the internal evaluations' recommendations read as the LHE sentence the form proposes, never "Perbaiki: …"
    internal = [r for r in rek if r.evaluasi.jenis == "internal"]
    assert internal and all(
        r.uraian.startswith(f"Kepala {r.perangkat_daerah.nama} agar memastikan bahwa ") for r in internal
    )
    assert not any(r.uraian.startswith("Perbaiki:") for r in rek)


def test_what_if_plan_for_a_demo_pd_reaches_bb_with_the_fewest_changes(demo):
    from evaluasi import scoring
    from evaluasi.selectors import masukan_evaluasi, rencana

    h = HasilEvaluasi.objects.filter(
        evaluasi__pemda=demo, evaluasi__tahun=LALU, evaluasi__jenis="internal", predikat="B"
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
