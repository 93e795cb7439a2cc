"""Budget follows performance: sub kegiatan budgets roll up the tree, THE budget of a PD for a year (sum of
its sub kegiatan, else the PD-level Anggaran), and per sasaran serapan, capaian and efficiency."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from kinerja.models import Anggaran, PeriodePerencanaan, Realisasi
from kinerja.selectors.anggaran_pohon import (
    SUMBER_PD,
    SUMBER_SUB_KEGIATAN,
    anggaran_pd_tahun,
    halaman_anggaran_kota,
    halaman_anggaran_pd,
    jumlah_simpul,
)
from kinerja.services.anggaran_sub_kegiatan import anggaran_sub_kegiatan_simpan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
D = Decimal


def simpan(oleh, sub, pagu, *realisasi, tahun=2025):
    return anggaran_sub_kegiatan_simpan(
        oleh=oleh, sasaran=sub, tahun=tahun, pagu=pagu, realisasi=dict(enumerate(realisasi, 1)), versi=None
    )


def pohon_anggaran(pemeran):
    """City sasaran K → PD A: SS → program P → kegiatan K1 → sub SK1, SK2; P → K2 → SK3; and PD B: SSb → Pb
    → Kb → SKb. Budgets 2025: SK1 100 (TW I 30, TW II 20), SK2 50 (TW I 50), SK3 none; SKb 200 (TW I 100).
    Indicators with verified realisations: SS capaian 90 %, P capaian 80 % and 100 % (mean 90), K 50 %."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    n = {}

    def simpul(kode, tingkat, induk=None, pd=None):
        n[kode] = buat_sasaran(pemeran.pemda, pd, kode=kode, uraian=f"Uraian {kode}", tingkat=t[tingkat],
                               induk=induk, periode=periode)  # fmt: skip
        return n[kode]

    a, b = pemeran.pd_a, pemeran.pd_b
    simpul("K", "sasaran_rpjmd")
    simpul("A.SS", "sasaran_strategis", n["K"], a)
    simpul("A.P", "sasaran_program", n["A.SS"], a)
    simpul("A.K1", "sasaran_kegiatan", n["A.P"], a)
    simpul("A.K2", "sasaran_kegiatan", n["A.P"], a)
    simpul("A.SK1", "sub_kegiatan", n["A.K1"], a)
    simpul("A.SK2", "sub_kegiatan", n["A.K1"], a)
    simpul("A.SK3", "sub_kegiatan", n["A.K2"], a)
    simpul("B.SS", "sasaran_strategis", n["K"], b)
    simpul("B.P", "sasaran_program", n["B.SS"], b)
    simpul("B.K", "sasaran_kegiatan", n["B.P"], b)
    simpul("B.SK", "sub_kegiatan", n["B.K"], b)
    org = pemeran.organisasi
    simpan(org, n["A.SK1"], "100", "30", "20")
    simpan(org, n["A.SK2"], "50", "50")
    simpan(org, n["B.SK"], "200", "100")
    for kode, nilai in (("A.SS", "90"), ("A.P", "80"), ("A.P", "100"), ("K", "50")):
        ind = buat_indikator(sasaran=n[kode], satuan="%")
        buat_target(ind, 2025, nilai="100")
        buat_realisasi(ind, 2025, 1, nilai=nilai, status=Realisasi.Status.DIVERIFIKASI)
    ind = buat_indikator(sasaran=n["A.SS"])  # a draft value does not count
    buat_target(ind, 2025, nilai="100")
    buat_realisasi(ind, 2025, 1, nilai="10", status=Realisasi.Status.DRAF)
    return SimpleNamespace(n=n, t=t, periode=periode)


def test_budgets_roll_up_to_kegiatan_program_sasaran_and_the_city(pemeran):
    p = pohon_anggaran(pemeran)
    jumlah = jumlah_simpul(p.n.values(), 2025)
    ringkas = {
        k: (j.pagu, j.realisasi_total, j.sub_kegiatan)
        for k, j in ((s.kode, jumlah.get(s.pk)) for s in p.n.values())
        if j
    }
    assert ringkas == {
        "A.SK1": (D(100), D(50), 1), "A.SK2": (D(50), D(50), 1), "A.K1": (D(150), D(100), 2),
        "A.P": (D(150), D(100), 2), "A.SS": (D(150), D(100), 2), "B.SK": (D(200), D(100), 1),
        "B.K": (D(200), D(100), 1), "B.P": (D(200), D(100), 1), "B.SS": (D(200), D(100), 1),
        "K": (D(350), D(200), 3),
    }  # fmt: skip
    assert jumlah[p.n["K"].pk].realisasi == {1: D(180), 2: D(20)}
    assert jumlah[p.n["A.P"].pk].serapan == D("66.67")
    assert p.n["A.SK3"].pk not in jumlah and jumlah_simpul(p.n.values(), 2026) == {}


def test_the_pd_budget_is_the_sum_of_its_sub_kegiatan_or_the_pd_row_as_fallback(pemeran):
    pohon_anggaran(pemeran)
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025, pagu=D(999), realisasi_t1=D(1))
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2024, pagu=D(700), realisasi_t3=D(70))
    per_pd = anggaran_pd_tahun([pemeran.pd_a, pemeran.pd_b.pk], 2025)
    a = per_pd[pemeran.pd_a.pk]
    assert (a.sumber, a.pagu, a.realisasi_t1, a.realisasi_t2, a.realisasi_t3, a.realisasi_total) == (
        SUMBER_SUB_KEGIATAN,
        D(150),
        D(80),
        D(20),
        None,
        D(100),
    )
    assert a.sumber_teks == "Jumlah anggaran 2 sub kegiatan" and a.serapan == D("66.67")
    assert per_pd[pemeran.pd_b.pk].pagu == D(200)
    lama = anggaran_pd_tahun([pemeran.pd_a], 2024)[pemeran.pd_a.pk]
    assert (lama.sumber, lama.pagu, lama.realisasi_total, lama.serapan) == (SUMBER_PD, D(700), D(70), D(10))
    assert lama.sumber_teks == "Anggaran tingkat PD (belum ada anggaran sub kegiatan)"
    assert anggaran_pd_tahun([pemeran.pd_b], 2024) == {}


def test_the_pd_page_groups_sub_kegiatan_by_programme_and_kegiatan_with_subtotals(pemeran):
    p = pohon_anggaran(pemeran)
    h = halaman_anggaran_pd(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025)
    assert [(k.simpul.kode, k.jumlah.pagu) for k in h.program] == [("A.P", D(150))]
    kegiatan = h.program[0].isi
    assert [(k.simpul.kode, k.jumlah.teks["pagu"], [b.simpul.kode for b in k.isi]) for k in kegiatan] == [
        ("A.K1", "Rp150", ["A.SK1", "A.SK2"]), ("A.K2", "Rp0", ["A.SK3"]),
    ]  # fmt: skip
    sk1 = h.baris(p.n["A.SK1"].pk)
    assert (
        sk1.teks["serapan"] == "50,00%" and sk1.nilai_isian["pagu"] == "100" and sk1.nilai_isian["realisasi_t3"] == ""
    )
    assert h.jumlah_sub_kegiatan == 3 and h.total.pagu == D(150) and h.terkunci == "" and not h.boleh_kelola
    assert halaman_anggaran_pd(user=pemeran.organisasi, perangkat_daerah=pemeran.pd_a, tahun=2025).boleh_kelola


def test_per_sasaran_serapan_capaian_and_efficiency(pemeran):
    pohon_anggaran(pemeran)
    h = halaman_anggaran_pd(user=pemeran.organisasi, perangkat_daerah=pemeran.pd_a, tahun=2025)
    baris = {b.simpul.kode: b for b in h.efisiensi}
    assert list(baris) == ["A.SS", "A.P"]
    ss = baris["A.SS"]
    assert (ss.serapan, ss.capaian, ss.efisiensi, ss.indikator_dinilai, ss.indikator) == (
        D("66.67"),
        D("90.00"),
        D("1.35"),
        1,
        2,
    )
    assert ss.rumus == "Efisiensi = capaian kinerja ÷ serapan anggaran = 90,00% ÷ 66,67% = 1,35"
    assert baris["A.P"].capaian == D("90.00") and baris["A.P"].teks["indikator"] == "2 dari 2 indikator dinilai"
    kota = halaman_anggaran_kota(user=pemeran.pimpinan, tahun=2025)
    (k,) = kota.efisiensi
    assert (k.simpul.kode, k.jumlah.pagu, k.serapan, k.capaian, k.efisiensi) == (
        "K",
        D(350),
        D("57.14"),
        D(50),
        D("0.88"),
    )


def test_the_city_page_lists_each_pd_with_its_source_and_the_totals(pemeran):
    pohon_anggaran(pemeran)
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_b, tahun=2025, pagu=D(999))  # ignored: B has sub kegiatan
    h = halaman_anggaran_kota(user=pemeran.inspektorat, tahun=2025)
    assert [(b.perangkat_daerah.nama, b.teks["pagu"], b.teks["sumber"]) for b in h.baris] == [
        ("Dinas A", "Rp150", "Jumlah anggaran 2 sub kegiatan"), ("Dinas B", "Rp200", "Jumlah anggaran 1 sub kegiatan"),
    ]  # fmt: skip
    assert h.jumlah == {"pagu": "Rp350", "realisasi": "Rp200", "serapan": "57,14%"}
    pd = halaman_anggaran_kota(user=pemeran.operator_b, tahun=2025)
    assert [b.perangkat_daerah.nama for b in pd.baris] == ["Dinas B"] and pd.efisiensi == []


def test_the_lkjip_and_the_pk_page_read_the_same_pd_budget(client, pemeran):
    from laporan.konteks import _anggaran

    pohon_anggaran(pemeran)
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025, pagu=D(999), realisasi_t1=D(1))
    (a,) = _anggaran(perangkat_daerah=pemeran.pd_a, pemda_id=pemeran.pemda.pk, tahun=2025)
    assert (a["pagu"], a["realisasi"], a["serapan"], a["sumber"]) == (
        "150",
        "100",
        "66,67",
        "Jumlah anggaran 2 sub kegiatan",
    )
    semua = _anggaran(perangkat_daerah=None, pemda_id=pemeran.pemda.pk, tahun=2024)
    assert semua == []
    client.force_login(pemeran.organisasi)
    html = client.get(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/").content.decode()
    assert "Rp150" in html and "Rp999" not in html
