"""kinerja/selectors/proyeksi.py: projections of many indicators in a fixed number of queries, from the rows
the pure module needs (targets, the Renstra path, earlier years), the pemda's threshold, and the scope."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.models import Indikator, PengaturanKinerja, PeriodePerencanaan
from kinerja.selectors.proyeksi import bahan_proyeksi, iku_berisiko, siapkan
from perangkat_daerah.access import Aksi
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

D = Decimal
TAHUN = 2025


def _kumulatif(pd, kode, tw_nilai, *, target=100, status="diverifikasi", iku=True, **kw):
    ind = buat_indikator(pd, kode=kode, agregasi="kumulatif", iku=iku, **kw)
    buat_target(ind, TAHUN, nilai=target)
    for tw, nilai in tw_nilai.items():
        buat_realisasi(ind, TAHUN, tw, nilai=nilai, status=status)
    return ind


def _satu(pemeran, ind):
    bahan = bahan_proyeksi(indikator=[ind], tahun=[TAHUN], pemda_id=pemeran.pemda.pk, hanya_terajukan=True)
    return bahan.proyeksi(ind.pk, TAHUN)


def test_default_threshold_is_90_and_a_pemda_row_replaces_it(pemeran):
    assert PengaturanKinerja.ambang(pemeran.pemda.pk) == D(90)
    PengaturanKinerja.objects.create(pemda=pemeran.pemda, ambang_berisiko=D("75.5"))
    assert PengaturanKinerja.ambang(pemeran.pemda.pk) == D("75.5")
    assert PengaturanKinerja.ambang(pemeran.pemda_lain.pk) == D(90)


def test_projection_uses_target_threshold_and_seasonal_years(pemeran):
    ind = _kumulatif(pemeran.pd_a, "A1", {1: 20, 2: 25, 3: 23})
    for th, nilai in ((2023, (10, 20, 30, 40)), (2024, (15, 20, 25, 40))):
        for tw, n in enumerate(nilai, start=1):
            buat_realisasi(ind, th, tw, nilai=n, status="diverifikasi")
    PengaturanKinerja.objects.create(pemda=pemeran.pemda, ambang_berisiko=D(120))
    bahan = bahan_proyeksi(indikator=[ind], tahun=[TAHUN], pemda_id=pemeran.pemda.pk, hanya_terajukan=True)
    p = bahan.proyeksi(ind.pk, TAHUN)
    assert p.nilai == D("113.3333") and p.musiman and p.berisiko  # 113,33 % < 120
    assert p.metode == "Pola musiman 2023–2024: TW I–III biasanya 60% dari setahun"
    assert bahan.proyeksi(ind.pk, TAHUN, triwulan=1).nilai == D("160.0000")  # TW I usually 25 ÷ 200: 20 ÷ 0,125


def test_drafts_count_only_on_the_operators_own_picture(pemeran):
    ind = _kumulatif(pemeran.pd_a, "A1", {1: 25})
    buat_realisasi(ind, TAHUN, 2, nilai=5, status="draf")
    kw = {"indikator": [ind], "tahun": [TAHUN], "pemda_id": pemeran.pemda.pk}
    assert bahan_proyeksi(**kw, hanya_terajukan=True).proyeksi(ind.pk, TAHUN).nilai == D("100.0000")
    assert bahan_proyeksi(**kw, hanya_terajukan=False).proyeksi(ind.pk, TAHUN).nilai == D("60.0000")


def test_renstra_path_from_the_period_targets(pemeran):
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2022, tahun_akhir=2026)
    ind = _kumulatif(
        pemeran.pd_a, "A1", {1: 20, 2: 25, 3: 23}, sasaran=buat_sasaran(pemeran.pemda, pemeran.pd_a, periode=periode)
    )
    buat_target(ind, 2022, nilai=50)
    buat_target(ind, 2026, nilai=90)
    p = bahan_proyeksi(indikator=[ind], tahun=[TAHUN], pemda_id=pemeran.pemda.pk, hanya_terajukan=True).proyeksi(
        ind.pk, TAHUN
    )
    assert p.posisi.nilai_jalur == D("80.0000") and p.posisi.kalimat.startswith(
        "Di depan jalur Renstra menuju target 2026"
    )


def test_no_path_without_a_period_end_target(pemeran):
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2022, tahun_akhir=2026)
    sasaran = buat_sasaran(pemeran.pemda, pemeran.pd_a, periode=periode)
    ind = _kumulatif(pemeran.pd_a, "A1", {1: 20}, sasaran=sasaran)
    buat_target(ind, 2022, nilai=50)
    p = bahan_proyeksi(indikator=[ind], tahun=[TAHUN], pemda_id=pemeran.pemda.pk, hanya_terajukan=True).proyeksi(
        ind.pk, TAHUN
    )
    assert p.posisi is None and p.nilai == D("80.0000")


@pytest.mark.parametrize("jumlah", [2, 12])
def test_queries_do_not_grow_with_indicators_or_years(pemeran, django_assert_num_queries, jumlah):
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2022, tahun_akhir=2026)
    for n in range(jumlah):
        sasaran = buat_sasaran(pemeran.pemda, pemeran.pd_a if n % 2 else pemeran.pd_b, periode=periode)
        ind = _kumulatif(sasaran.perangkat_daerah, f"K{n}", {1: 10, 2: 10}, sasaran=sasaran)
        for th in (2022, 2023, 2024):
            for tw in range(1, 5):
                buat_realisasi(ind, th, tw, nilai=5, status="diverifikasi")
    daftar = list(Indikator.objects.all())
    with django_assert_num_queries(4):
        bahan = bahan_proyeksi(indikator=daftar, tahun=[2024, TAHUN], pemda_id=pemeran.pemda.pk, hanya_terajukan=True)
        hasil = [bahan.proyeksi(i.pk, th) for i in daftar for th in (2024, TAHUN)]
    assert len(hasil) == 2 * jumlah and all(p.nilai is not None for p in hasil)


def test_no_indicator_reads_nothing(pemeran, django_assert_num_queries):
    with django_assert_num_queries(0):
        bahan_proyeksi(indikator=[], tahun=[TAHUN], pemda_id=pemeran.pemda.pk, hanya_terajukan=True)


@pytest.mark.parametrize("jumlah", [2, 10])
def test_iku_berisiko_lists_the_at_risk_iku_lowest_first_in_four_queries(pemeran, django_assert_num_queries, jumlah):
    for n in range(jumlah):
        _kumulatif(pemeran.pd_a, f"R{n}", {1: 10 + n})  # 40 + 4n % of 100
    _kumulatif(pemeran.pd_a, "AMAN", {1: 25})  # on plan
    _kumulatif(pemeran.pd_a, "BUKAN-IKU", {1: 1}, iku=False)
    with django_assert_num_queries(4):  # the user's profile, indicators with period and threshold, targets, values
        daftar = iku_berisiko(user=pemeran.organisasi, pemda_id=pemeran.pemda.pk, tahun=TAHUN)
        [b.indikator.perangkat_daerah.nama for b in daftar]
    assert [b.indikator.kode for b in daftar] == [f"R{n}" for n in range(jumlah)]
    assert daftar[0].proyeksi.capaian.persen == D("40.00")


def test_another_pds_operator_never_sees_this_pds_projections(pemeran):
    _kumulatif(pemeran.pd_a, "A-RISIKO", {1: 10})
    _kumulatif(pemeran.pd_b, "B-RISIKO", {1: 10})
    kode = lambda user: [b.indikator.kode for b in iku_berisiko(user=user, pemda_id=pemeran.pemda.pk, tahun=TAHUN)]  # noqa: E731
    assert kode(pemeran.operator_b) == ["B-RISIKO"]
    assert kode(pemeran.organisasi) == ["A-RISIKO", "B-RISIKO"]
    assert kode(pemeran.operator_lain) == []
    assert not Indikator.objects.for_user(pemeran.operator_b, Aksi.LIHAT).filter(kode="A-RISIKO").exists()


def test_siapkan_reads_period_and_threshold_with_the_indicators(pemeran, django_assert_num_queries):
    PengaturanKinerja.objects.create(pemda=pemeran.pemda, ambang_berisiko=D(50))
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2022, tahun_akhir=2026)
    sasaran = buat_sasaran(pemeran.pemda, pemeran.pd_a, periode=periode)
    ind = _kumulatif(pemeran.pd_a, "A1", {1: 15}, sasaran=sasaran)
    buat_target(ind, 2022, nilai=50)
    buat_target(ind, 2026, nilai=90)
    tanpa = _kumulatif(pemeran.pd_a, "A2", {1: 15})
    with django_assert_num_queries(3):
        daftar = list(siapkan(Indikator.objects.filter(pk__in=[ind.pk, tanpa.pk])))
        bahan = bahan_proyeksi(indikator=daftar, tahun=[TAHUN], pemda_id=pemeran.pemda.pk, hanya_terajukan=True)
    p = bahan.proyeksi(ind.pk, TAHUN)
    assert p.ambang == D(50) and not p.berisiko and p.posisi.nilai_jalur == D("80.0000")
    assert bahan.proyeksi(tanpa.pk, TAHUN).posisi is None
