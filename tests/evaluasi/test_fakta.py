"""Each fact beside the LKE criteria (issue 15 point 2, evaluasi/fakta.py) on small data built for it: the exact
figure, what is counted and what is not (another PD, another year, an item of the wrong kind), the boundaries
of its deadline, and the scope of the pemda as a whole. Definitions: docs/FAKTA.md."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from evaluasi import fakta
from evaluasi.models import Rekomendasi
from kinerja.models import Anggaran, DokumenIKU, KunciTriwulan, ManualIK, PeriodePerencanaan
from laporan.models import Laporan, Reviu
from tests.evaluasi.factories import buat_evaluasi
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target
from tests.kinerja.test_mutu_pohon import _pagu, pohon_bersih

pytestmark = pytest.mark.django_db
TAHUN = 2025
D = Decimal


def _nilai(kunci: str, user, pd, *, tahun: int = TAHUN, hari_ini=datetime.date(2026, 6, 1)) -> fakta.Nilai:
    lingkup = fakta.Lingkup(user=user, pemda_id=user.profil.pemda_id, perangkat_daerah=pd, tahun=tahun,
                            hari_ini=hari_ini)  # fmt: skip
    return fakta.cari(kunci).hitung(lingkup)


def _url(kunci: str, user, pd, tahun: int = TAHUN) -> str:
    lingkup = fakta.Lingkup(user=user, pemda_id=user.profil.pemda_id, perangkat_daerah=pd, tahun=tahun,
                            hari_ini=datetime.date(2026, 6, 1))  # fmt: skip
    return fakta.cari(kunci).url(lingkup)


def test_every_fact_is_registered_with_label_definition_and_documented():
    dok = (Path(__file__).resolve().parents[2] / "docs" / "FAKTA.md").read_text()
    kunci = [f.kunci for f in fakta.semua()]
    assert kunci == [
        "kelengkapan-cascading", "sasaran-selaras", "iku-manual-final", "realisasi-tepat-waktu", "target-tercapai",
        "anggaran-terhubung", "rekomendasi-ditindaklanjuti", "lkjip-dibuat", "lkjip-direviu",
    ]  # fmt: skip
    for f in fakta.semua():
        assert str(f.label) and str(f.definisi), f.kunci
        assert f"`{f.kunci}`" in dok, f.kunci


# --- the performance tree ------------------------------------------------------------------------------------


def test_kelengkapan_cascading_counts_the_pd_items_passing_the_seven_checks(pemeran):
    p = pohon_bersih(pemeran)
    # PD A: 4 nodes, 4 indicators (twice: manual, duplicate), 1 sasaran strategis, 1 program, 1 budgeted sub
    # kegiatan (output, budget tied): 16 items, all passing
    n = _nilai("kelengkapan-cascading", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("16 dari 16 butir lolos", D(100), "")
    buat_sasaran(pemeran.pemda, pemeran.pd_a, induk=p.program, tingkat=p.t["sasaran_kegiatan"])  # no indicator
    n = _nilai("kelengkapan-cascading", pemeran.inspektorat, pemeran.pd_a)
    assert (n.teks, n.persen) == ("16 dari 17 butir lolos", D(100) * 16 / D(17))
    assert n.rincian == "Simpul tanpa indikator: 1"
    # the pemda as a whole adds the city node and its indicator (three items)
    n = _nilai("kelengkapan-cascading", pemeran.organisasi, None)
    assert (n.teks, n.persen) == ("19 dari 20 butir lolos", D(95))
    assert _url("kelengkapan-cascading", pemeran.inspektorat, pemeran.pd_a) == (
        f"/perencanaan/mutu/?tahun=2025&pd={pemeran.pd_a.pk}"
    )


def test_kelengkapan_cascading_of_a_pd_without_nodes_has_no_figure(pemeran):
    pohon_bersih(pemeran)
    n = _nilai("kelengkapan-cascading", pemeran.inspektorat, pemeran.pd_b)
    assert (n.teks, n.persen) == ("Belum ada simpul pohon kinerja", None)


def test_sasaran_selaras_counts_pd_entry_nodes_under_a_city_node(pemeran):
    p = pohon_bersih(pemeran)
    yatim = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A2", tingkat=p.t["sasaran_strategis"])
    buat_indikator(sasaran=yatim)
    buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B1", tingkat=p.t["sasaran_strategis"])  # another PD's
    n = _nilai("sasaran-selaras", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("1 dari 2", D(50), "1 tanpa induk simpul kota")
    n = _nilai("sasaran-selaras", pemeran.organisasi, None)
    assert (n.teks, n.persen) == ("1 dari 3", D(100) / D(3))
    assert _url("sasaran-selaras", pemeran.organisasi, None) == "/perencanaan/mutu/?tahun=2025&cek=belum-selaras"


# --- IKU with a final manual -------------------------------------------------------------------------------


def _iku(pemeran):
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    s = buat_sasaran(pemeran.pemda, pemeran.pd_a, periode=periode)
    for definisi in ("Definisi A.", "Definisi B.", "   "):
        ManualIK.objects.create(indikator=buat_indikator(sasaran=s, iku=True), definisi=definisi)
    buat_indikator(sasaran=s, iku=True)  # an IKU without a manual
    ManualIK.objects.create(indikator=buat_indikator(sasaran=s), definisi="Bukan IKU.")
    lain = buat_sasaran(pemeran.pemda, pemeran.pd_b, periode=periode)
    ManualIK.objects.create(indikator=buat_indikator(sasaran=lain, iku=True), definisi="IKU PD lain.")
    return periode


def test_iku_with_a_final_manual_needs_a_definition_and_a_final_iku_document(pemeran):
    periode = _iku(pemeran)
    n = _nilai("iku-manual-final", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.periode) == ("0 dari 4", D(0), "IKU periode 2021–2026")
    assert n.rincian == "Dokumen IKU belum final; 2 dari 4 IKU sudah bermanual."
    DokumenIKU.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, periode=periode, status="final")
    n = _nilai("iku-manual-final", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("2 dari 4", D(50), "2 IKU belum bermanual.")
    assert _url("iku-manual-final", pemeran.operator_a, pemeran.pd_a) == (
        f"/perencanaan/iku/pd/{pemeran.pd_a.pk}/?tahun=2025"
    )


def test_iku_without_a_planning_period_or_without_iku_has_no_figure(pemeran):
    n = _nilai("iku-manual-final", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen) == ("Belum ada periode perencanaan", None)
    PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    n = _nilai("iku-manual-final", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen) == ("Belum ada IKU", None)


# --- realisations submitted and verified on time ----------------------------------------------------------


def _realisasi(pemeran):
    for tw, (bulan, hari) in ((1, (4, 15)), (2, (7, 15)), (3, (10, 15))):
        batas = datetime.date(TAHUN, bulan, hari)
        KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=TAHUN, triwulan=tw, batas_waktu=batas)
    KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=TAHUN, triwulan=4)  # no deadline: never due
    satu, dua = buat_indikator(pemeran.pd_a), buat_indikator(pemeran.pd_a)
    tanpa_target, lain = buat_indikator(pemeran.pd_a), buat_indikator(pemeran.pd_b)
    for ind in (satu, dua, lain):
        buat_target(ind, TAHUN)
    buat_realisasi(satu, TAHUN, 1, nilai=1, status="diverifikasi")  # on time
    buat_realisasi(satu, TAHUN, 2, nilai=1, status="diverifikasi", terlambat=True)  # late
    buat_realisasi(satu, TAHUN, 3, nilai=1, status="diverifikasi")  # quarter not due yet
    buat_realisasi(dua, TAHUN, 1, nilai=1, status="diajukan")  # awaiting verification
    buat_realisasi(tanpa_target, TAHUN, 1, nilai=1, status="diverifikasi")  # no target: not counted
    buat_realisasi(lain, TAHUN, 1, nilai=1, status="diverifikasi")  # another PD


def test_realisations_count_verified_rows_submitted_before_each_passed_quarter_deadline(pemeran):
    _realisasi(pemeran)
    n = _nilai("realisasi-tepat-waktu", pemeran.operator_a, pemeran.pd_a, hari_ini=datetime.date(2025, 8, 1))
    assert (n.teks, n.persen) == ("1 dari 4 indikator-triwulan", D(25))
    assert n.periode == "Tahun 2025, TW I, II (batas waktu telah lewat)"
    assert n.rincian == (
        "1 terverifikasi tetapi diajukan terlambat, 1 menunggu verifikasi, 1 belum diajukan atau dikembalikan"
    )
    n = _nilai("realisasi-tepat-waktu", pemeran.organisasi, None, hari_ini=datetime.date(2025, 8, 1))
    assert (n.teks, n.persen) == ("2 dari 6 indikator-triwulan", D(100) / D(3))
    assert _url("realisasi-tepat-waktu", pemeran.organisasi, None) == "/kinerja/kelengkapan/2025/"


def test_a_formula_parent_computed_from_its_children_is_not_counted_in_realisations_or_the_matrix(pemeran):
    """A parent whose value is computed from its `rumus` children never receives an entry: neither the fact
    nor the completeness matrix counts it, so a PD whose children are all on time reaches 100 %."""
    from kinerja.models import Indikator
    from kinerja.selectors import kelengkapan

    KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=TAHUN, triwulan=1, batas_waktu=datetime.date(TAHUN, 4, 15))
    induk = buat_indikator(pemeran.pd_a)
    anak = [buat_indikator(pemeran.pd_a, induk_indikator=induk, relasi_induk=Indikator.Relasi.RUMUS) for _i in range(2)]
    kontribusi = buat_indikator(pemeran.pd_a, induk_indikator=anak[0], relasi_induk=Indikator.Relasi.KONTRIBUSI)
    for ind in (induk, *anak, kontribusi):
        buat_target(ind, TAHUN)
    for ind in (*anak, kontribusi):
        buat_realisasi(ind, TAHUN, 1, nilai=1, status="diverifikasi")
    n = _nilai("realisasi-tepat-waktu", pemeran.operator_a, pemeran.pd_a, hari_ini=datetime.date(2025, 4, 16))
    assert (n.teks, n.persen) == ("3 dari 3 indikator-triwulan", D(100))
    baris = next(b for b in kelengkapan(user=pemeran.organisasi, tahun=TAHUN) if b.perangkat_daerah == pemeran.pd_a)
    assert baris.indikator == 3 and (baris.sel[0].jumlah["kosong"], baris.sel[0].lengkap) == (0, True)


def test_a_quarter_is_due_only_after_its_deadline_day(pemeran):
    _realisasi(pemeran)
    n = _nilai("realisasi-tepat-waktu", pemeran.operator_a, pemeran.pd_a, hari_ini=datetime.date(2025, 4, 15))
    assert (n.teks, n.persen) == ("Belum ada batas waktu triwulan 2025 yang lewat", None)
    n = _nilai("realisasi-tepat-waktu", pemeran.operator_a, pemeran.pd_a, hari_ini=datetime.date(2025, 4, 16))
    assert (n.teks, n.persen) == ("1 dari 2 indikator-triwulan", D(50))


# --- targets reached or on track ---------------------------------------------------------------------------


def test_targets_reached_or_on_track_by_the_last_verified_quarter(pemeran):
    tercapai = buat_indikator(pemeran.pd_a)  # akhir: the latest verified value against the year's target
    buat_target(tercapai, TAHUN, nilai=100)
    buat_realisasi(tercapai, TAHUN, 1, nilai=50, status="diverifikasi")
    buat_realisasi(tercapai, TAHUN, 2, nilai=100, status="diverifikasi")
    buat_realisasi(tercapai, TAHUN, 3, nilai=10, status="diajukan")  # not verified: not read
    turun = buat_indikator(pemeran.pd_a, arah="turun")  # (2 × 10 − 8) / 10 = 120 %
    buat_target(turun, TAHUN, nilai=10)
    buat_realisasi(turun, TAHUN, 1, nilai=8, status="diverifikasi")
    jalur = buat_indikator(pemeran.pd_a, agregasi="kumulatif")  # 50 against the first quarter's 60: 83 %
    buat_target(jalur, TAHUN, nilai=200, t1=60)
    buat_realisasi(jalur, TAHUN, 1, nilai=50, status="diverifikasi")
    belum = buat_indikator(pemeran.pd_a)  # only submitted: not reached
    buat_target(belum, TAHUN, nilai=100)
    buat_realisasi(belum, TAHUN, 1, nilai=100, status="diajukan")
    buat_indikator(pemeran.pd_a)  # no target: not counted
    p = pohon_bersih(pemeran)  # its indicators have no target; a program indicator is no PK indicator
    program = buat_indikator(sasaran=p.program)
    buat_target(program, TAHUN, nilai=1)
    buat_realisasi(program, TAHUN, 1, nilai=1, status="diverifikasi")
    n = _nilai("target-tercapai", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("2 dari 4", D(50), "1 belum punya realisasi terverifikasi")
    assert _url("target-tercapai", pemeran.operator_a, pemeran.pd_a) == (
        f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/?tahun=2025"
    )


def test_targets_of_the_pemda_are_the_citys_own_pk_indicators(pemeran):
    kota = buat_indikator(pemda=pemeran.pemda)
    buat_target(kota, TAHUN, nilai=10)
    buat_realisasi(kota, TAHUN, 4, nilai=10, status="diverifikasi")
    buat_target(buat_indikator(pemeran.pd_a), TAHUN, nilai=10)  # a PD's: not the city's
    n = _nilai("target-tercapai", pemeran.organisasi, None)
    assert (n.teks, n.persen) == ("1 dari 1", D(100))


# --- budget tied to sasaran --------------------------------------------------------------------------------


def test_budget_tied_to_sasaran_is_the_pagu_reaching_a_pd_sasaran_strategis_over_the_pd_budget(pemeran):
    p = pohon_bersih(pemeran)  # its sub kegiatan: Rp1.000.000, tied
    yatim = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A9", tingkat=p.t["sub_kegiatan"])
    _pagu(yatim, "500000")
    _pagu(p.sub, "700000", tahun=2024)  # another year
    n = _nilai("anggaran-terhubung", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen) == ("Rp1.000.000 dari Rp1.500.000", D(100) * 1000000 / D(1500000))
    assert n.rincian == "1 sub kegiatan berpagu tidak terhubung ke sasaran strategis PD"
    assert _url("anggaran-terhubung", pemeran.operator_a, pemeran.pd_a) == (
        f"/perencanaan/anggaran/pd/{pemeran.pd_a.pk}/2025/"
    )


def test_a_pd_level_budget_alone_is_not_tied_to_any_sasaran(pemeran):
    pohon_bersih(pemeran)
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_b, tahun=TAHUN, pagu=D(800))
    n = _nilai("anggaran-terhubung", pemeran.inspektorat, pemeran.pd_b)
    assert (n.teks, n.persen) == ("Rp0 dari Rp800", D(0))
    assert n.rincian.startswith("Belum ada anggaran sub kegiatan")
    n = _nilai("anggaran-terhubung", pemeran.organisasi, None)  # PD A's sub kegiatan and PD B's budget
    assert (n.teks, n.persen) == ("Rp1.000.000 dari Rp1.000.800", D(100) * 1000000 / D(1000800))
    assert _nilai("anggaran-terhubung", pemeran.inspektorat, pemeran.pd_b, tahun=2024).persen is None


# --- recommendations followed up ---------------------------------------------------------------------------


def test_recommendations_of_earlier_years_followed_up_and_verified(pemeran):
    def rek(pd, tahun, status, batas=datetime.date(2026, 3, 31)):
        e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pd, tahun=tahun)
        return Rekomendasi.objects.create(pemda=pemeran.pemda, evaluasi=e, uraian="Perbaiki", perangkat_daerah=pd,
                                          batas_waktu=batas, status=status)  # fmt: skip

    rek(pemeran.pd_a, 2024, "selesai")
    rek(pemeran.pd_a, 2023, "proses", batas=datetime.date(2025, 1, 31))  # open and overdue
    Rekomendasi.objects.create(pemda=pemeran.pemda, evaluasi=rek(pemeran.pd_a, 2025, "belum").evaluasi,
                               uraian="Tahun yang sama", perangkat_daerah=pemeran.pd_a,
                               batas_waktu=datetime.date(2026, 3, 31))  # fmt: skip
    rek(pemeran.pd_b, 2022, "belum")  # another PD
    n = _nilai("rekomendasi-ditindaklanjuti", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("1 dari 2", D(50), "1 lewat batas waktu")
    n = _nilai("rekomendasi-ditindaklanjuti", pemeran.organisasi, None)
    assert (n.teks, n.persen) == ("1 dari 3", D(100) / D(3))
    n = _nilai("rekomendasi-ditindaklanjuti", pemeran.operator_b, pemeran.pd_b, tahun=2022)
    assert (n.teks, n.persen) == ("Tidak ada rekomendasi", None)


# --- the LKjIP generated and reviewed by the deadline ------------------------------------------------------


def _laporan(pemeran, pd, jenis, tanggal_jam, status="selesai"):
    waktu = timezone.make_aware(datetime.datetime(*tanggal_jam))
    return Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pd, jenis=jenis, tahun=TAHUN, status=status,
                                  selesai_pada=waktu)  # fmt: skip


def test_lkjip_generated_by_the_last_day_of_its_window_in_local_time(pemeran):
    n = _nilai("lkjip-dibuat", pemeran.operator_a, pemeran.pd_a, hari_ini=datetime.date(2026, 2, 1))
    assert (n.teks, n.persen, n.periode, n.rincian) == ("Belum dibuat", D(0), "LKjIP 2025, batas 31 Maret 2026", "")
    _laporan(pemeran, pemeran.pd_b, "lkjip_pd", (2026, 3, 1, 9))  # another PD's
    _laporan(pemeran, pemeran.pd_a, "pk", (2026, 3, 1, 9))  # not an LKjIP
    _laporan(pemeran, pemeran.pd_a, "lkjip_pd", (2026, 3, 2, 9), status="gagal")
    _laporan(pemeran, pemeran.pd_a, "lkjip_pd_docx", (2026, 4, 2, 9))
    n = _nilai("lkjip-dibuat", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("Dibuat 2 April 2026", D(0), "Melewati batas waktu.")
    _laporan(pemeran, pemeran.pd_a, "lkjip_pd", (2026, 3, 31, 23, 30))  # Asia/Jakarta: still 31 March
    n = _nilai("lkjip-dibuat", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("Dibuat 31 Maret 2026", D(100), "")
    assert _nilai("lkjip-dibuat", pemeran.organisasi, None).teks == "Belum dibuat"  # the city's own LKjIP


def test_lkjip_reviewed_when_its_reviu_is_finished_by_the_deadline(pemeran):
    reviu = Reviu.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=TAHUN, status="direviu")
    n = _nilai("lkjip-direviu", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen, n.rincian) == ("Sedang direviu", D(0), "Batas waktu sudah lewat.")
    Reviu.objects.filter(pk=reviu.pk).update(status="selesai", selesai_pada=datetime.date(2026, 3, 20))
    n = _nilai("lkjip-direviu", pemeran.operator_a, pemeran.pd_a)
    assert (n.teks, n.persen) == ("Selesai direviu 20 Maret 2026", D(100))
    Reviu.objects.filter(pk=reviu.pk).update(selesai_pada=datetime.date(2026, 4, 1))
    assert _nilai("lkjip-direviu", pemeran.operator_a, pemeran.pd_a).persen == D(0)
    assert _nilai("lkjip-direviu", pemeran.operator_b, pemeran.pd_b).teks == "Belum direviu"
    assert _url("lkjip-direviu", pemeran.operator_a, pemeran.pd_a) == f"/laporan/reviu/pd/{pemeran.pd_a.pk}/?tahun=2025"
