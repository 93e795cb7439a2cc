"""The quality checks of the performance tree (kinerja/selectors/mutu_pohon.py): each check on a small tree
built to trigger it and silent on a clean one, the kelengkapan cascading figure exactly, and a query count
that does not grow with the tree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from kinerja.models import Indikator, PeriodePerencanaan
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_manual import ManualIK
from kinerja.models_usulan import Kontributor, StatusKeputusan
from kinerja.selectors import mutu_pohon, mutu_pohon_halaman
from kinerja.selectors.pohon import mutu_terlihat
from kinerja.services.pohon import tingkat_bawaan_pastikan
from sakip.lib.angka import format_persen
from tests.kinerja.factories import buat_indikator, buat_sasaran

pytestmark = pytest.mark.django_db
TAHUN = 2025


def _ind(sasaran, *, manual: bool = True, jenis: str = "outcome", **kw) -> Indikator:
    ind = buat_indikator(sasaran=sasaran, **kw)
    if manual:
        ManualIK.objects.create(indikator=ind, definisi="Definisi operasional.", jenis=jenis)
    return ind


def _pagu(sasaran, pagu="1000000", tahun=TAHUN) -> AnggaranSubKegiatan:
    return AnggaranSubKegiatan.objects.create(sasaran=sasaran, tahun=tahun, pagu=Decimal(pagu))


@dataclass
class Pohon:
    p: object  # pemeran
    t: dict
    kota: object
    strategis: object
    program: object
    kegiatan: object
    sub: object


@pytest.fixture
def bersih(pemeran) -> Pohon:
    return pohon_bersih(pemeran)


def pohon_bersih(pemeran) -> Pohon:
    """A clean chain: city sasaran → PD A sasaran strategis → program → kegiatan → budgeted sub kegiatan,
    each with one indicator and a manual (the sub kegiatan's an output)."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    kota = buat_sasaran(pemeran.pemda, kode="K1", tingkat=t["sasaran_rpjmd"])
    ss = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A1", induk=kota, tingkat=t["sasaran_strategis"])
    prog = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A1.P", induk=ss, tingkat=t["sasaran_program"])
    keg = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A1.K", induk=prog, tingkat=t["sasaran_kegiatan"])
    sub = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A1.S", induk=keg, tingkat=t["sub_kegiatan"])
    for s in (kota, ss, prog, keg):
        _ind(s)
    _ind(sub, jenis="output")
    _pagu(sub)
    return Pohon(pemeran, t, kota, ss, prog, keg, sub)


def _hasil(pohon: Pohon, user=None):
    return mutu_terlihat(user or pohon.p.organisasi, tahun=TAHUN)


def _gagal(pohon: Pohon, user=None) -> dict[str, set[int]]:
    return _hasil(pohon, user).gagal


def test_a_clean_tree_fails_no_check_and_is_complete(bersih):
    hasil = _hasil(bersih)
    assert all(gagal == set() for gagal in hasil.gagal.values()), hasil.gagal
    # 5 nodes, 5 indicators, 1 sasaran strategis, 1 program, 1 budgeted sub kegiatan (twice), 5 indicators
    assert {k: len(v) for k, v in hasil.diperiksa.items()} == {
        "tanpa-indikator": 5, "tanpa-manual": 5, "belum-selaras": 1, "program-tanpa-indikator": 1,
        "tanpa-output": 1, "anggaran-lepas": 1, "indikator-ganda": 5,
    }  # fmt: skip
    total = mutu_pohon_halaman.ringkas(hasil, pilihan_pd=[], kota=True)[-1]
    assert (total.diperiksa, total.gagal, total.kelengkapan) == (19, 0, Decimal(100))


def test_node_without_indicator(bersih):
    kosong = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, induk=bersih.program, tingkat=bersih.t["sasaran_kegiatan"])
    assert _gagal(bersih)["tanpa-indikator"] == {kosong.pk}


def test_the_nodes_with_a_note_are_those_failing_a_check_or_with_an_indicator_failing_one(bersih):
    kosong = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, induk=bersih.program, tingkat=bersih.t["sasaran_kegiatan"])
    _ind(bersih.kegiatan, manual=False)  # an indicator check fails on the kegiatan node's indicator
    hasil = _hasil(bersih)
    assert hasil.simpul_bercatatan() == {kosong.pk, bersih.kegiatan.pk}
    assert hasil.simpul_bercatatan() == {hasil.simpul_dari(c, i) for c in mutu_pohon.CEK for i in hasil.gagal[c.kode]}


def test_indicator_without_a_manual_or_with_an_empty_definition(bersih):
    tanpa = _ind(bersih.kegiatan, manual=False)
    kosong = buat_indikator(sasaran=bersih.kegiatan)
    ManualIK.objects.create(indikator=kosong, definisi="   ", jenis="output")
    assert _gagal(bersih)["tanpa-manual"] == {tanpa.pk, kosong.pk}


def test_pd_sasaran_strategis_without_a_city_parent(bersih):
    yatim = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, tingkat=bersih.t["sasaran_strategis"])
    di_bawah_pd = buat_sasaran(
        bersih.p.pemda, bersih.p.pd_b, induk=bersih.program, tingkat=bersih.t["sasaran_strategis"]
    )
    _ind(yatim), _ind(di_bawah_pd)
    # a PD node of another level without a parent is not this check's business
    _ind(buat_sasaran(bersih.p.pemda, bersih.p.pd_a, tingkat=bersih.t["sasaran_program"]))
    assert _gagal(bersih)["belum-selaras"] == {yatim.pk, di_bawah_pd.pk}


def test_program_without_indicator_is_flagged_once_on_the_node(bersih):
    Indikator.objects.filter(sasaran=bersih.program).delete()
    hasil = _hasil(bersih)
    assert hasil.gagal["program-tanpa-indikator"] == {bersih.program.pk}
    assert hasil.gagal["tanpa-indikator"] == {bersih.program.pk}
    assert [c.kode for c in hasil.bendera_simpul(bersih.program.pk)] == ["program-tanpa-indikator"]


def test_budgeted_sub_kegiatan_without_an_output_indicator(bersih):
    keg = bersih.kegiatan
    outcome = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, induk=keg, tingkat=bersih.t["sub_kegiatan"])
    _ind(outcome, jenis="outcome")
    tanpa_manual = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, induk=keg, tingkat=bersih.t["sub_kegiatan"])
    _ind(tanpa_manual, manual=False)  # an indicator without a manual does not count as output
    nol = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, induk=keg, tingkat=bersih.t["sub_kegiatan"])
    _ind(nol, jenis="outcome")
    _pagu(nol, pagu="0")  # no budget above zero: not checked
    lain_tahun = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, induk=keg, tingkat=bersih.t["sub_kegiatan"])
    _ind(lain_tahun, jenis="outcome")
    _pagu(lain_tahun, tahun=TAHUN + 1)
    for s in (outcome, tanpa_manual):
        _pagu(s)
    hasil = _hasil(bersih)
    assert hasil.gagal["tanpa-output"] == {outcome.pk, tanpa_manual.pk}
    assert set(hasil.diperiksa["tanpa-output"]) == {bersih.sub.pk, outcome.pk, tanpa_manual.pk}


def test_budget_on_a_branch_that_reaches_no_sasaran_strategis(bersih):
    keg = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, kode="A9.K", tingkat=bersih.t["sasaran_kegiatan"])
    sub = buat_sasaran(bersih.p.pemda, bersih.p.pd_a, kode="A9.S", induk=keg, tingkat=bersih.t["sub_kegiatan"])
    _ind(keg), _ind(sub, jenis="output"), _pagu(sub)
    assert _gagal(bersih)["anggaran-lepas"] == {sub.pk}


def test_same_indicator_under_two_parents_unless_crosscutting_or_declared_the_same(bersih):
    p, t = bersih.p, bersih.t
    kota2 = buat_sasaran(p.pemda, kode="K2", tingkat=t["sasaran_rpjmd"])
    a = buat_sasaran(p.pemda, p.pd_a, kode="A2", induk=bersih.kota, tingkat=t["sasaran_strategis"])
    b = buat_sasaran(p.pemda, p.pd_b, kode="B2", induk=kota2, tingkat=t["sasaran_strategis"])
    ind_a = _ind(a, uraian="Prevalensi stunting", satuan="%")
    ind_b = _ind(b, uraian="  PREVALENSI   Stunting ", satuan="%")
    _ind(b, uraian="Prevalensi stunting", satuan="kasus")  # another unit: another indicator
    _ind(kota2, uraian="Prevalensi stunting", satuan="%", relasi_induk=Indikator.Relasi.SAMA)  # declared
    assert _gagal(bersih)["indikator-ganda"] == {ind_a.pk, ind_b.pk}
    Kontributor.objects.create(sasaran=b, perangkat_daerah=p.pd_a, status=StatusKeputusan.DISETUJUI)
    assert _gagal(bersih)["indikator-ganda"] == {ind_a.pk}  # b is a crosscutting node now
    Kontributor.objects.create(sasaran=a, perangkat_daerah=p.pd_b, status=StatusKeputusan.MENUNGGU)
    assert _gagal(bersih)["indikator-ganda"] == {ind_a.pk}  # a pending contributor does not make it one


def test_kelengkapan_cascading_exactly_per_pd_and_for_the_city(bersih):
    p = bersih.p
    for _ in range(2):  # two PD A nodes without an indicator
        buat_sasaran(p.pemda, p.pd_a, induk=bersih.program, tingkat=bersih.t["sasaran_kegiatan"])
    kota_kosong = buat_sasaran(p.pemda, kode="K3", tingkat=bersih.t["sasaran_rpjmd"])  # and a city node
    baris = mutu_pohon_halaman.ringkas(_hasil(bersih), pilihan_pd=[p.pd_a, p.pd_b], kota=True)
    per_pd = {b.nama: b for b in baris}
    a = per_pd[p.pd_a.singkatan or p.pd_a.nama]
    # PD A: 6 nodes, 4 indicators (twice), 1 sasaran strategis, 1 program, 1 budgeted sub kegiatan (twice)
    assert (a.diperiksa, a.gagal) == (18, 2)
    assert a.kelengkapan == Decimal(1600) / Decimal(18) and a.kelengkapan_teks == "88,89%"
    assert [n for _c, n in a.jumlah] == [2, 0, 0, 0, 0, 0, 0]
    b = per_pd[p.pd_b.singkatan or p.pd_b.nama]
    assert (b.diperiksa, b.kelengkapan, b.kelengkapan_teks) == (0, None, "–")
    kota = per_pd["Simpul tingkat kota"]
    assert (kota.diperiksa, kota.gagal) == (4, 1) and kota_kosong.pk in _gagal(bersih)["tanpa-indikator"]
    total = baris[-1]
    assert (total.nama, total.diperiksa, total.gagal) == ("Seluruh kota", 22, 3)
    assert total.kelengkapan == Decimal(1900) / Decimal(22)
    assert total.kelengkapan_teks == format_persen(total.kelengkapan) == "86,36%"
    assert mutu_pohon.persen_lolos(8, 1) == Decimal("87.5")


def test_pd_users_checks_cover_only_what_they_may_see(bersih):
    p = bersih.p
    b_kosong = buat_sasaran(p.pemda, p.pd_b, induk=bersih.kota, tingkat=bersih.t["sasaran_strategis"])
    assert b_kosong.pk in _gagal(bersih)["tanpa-indikator"]
    hasil = _hasil(bersih, p.operator_a)
    assert b_kosong.pk not in hasil.bahan.per_id
    assert hasil.gagal["tanpa-indikator"] == set()
    baris = mutu_pohon_halaman.ringkas(hasil, pilihan_pd=[p.pd_a], kota=False)
    assert len(baris) == 1 and baris[0].kelengkapan == Decimal(100)


def test_other_pemda_and_other_periods_are_not_checked(bersih):
    p = bersih.p
    buat_sasaran(p.pemda_lain, p.pd_lain, tingkat=bersih.t["sasaran_strategis"])
    lama = PeriodePerencanaan.objects.create(pemda=p.pemda, tahun_mulai=2016, tahun_akhir=2021)
    buat_sasaran(p.pemda, p.pd_a, periode=lama, tingkat=bersih.t["sasaran_strategis"])
    assert all(v == set() for v in _gagal(bersih).values())
    buat_sasaran(p.pemda, p.pd_a, periode=None, tingkat=bersih.t["sasaran_strategis"])  # no period: every year
    assert _gagal(bersih)["belum-selaras"] != set()


def _tumbuh(pohon: Pohon, n: int, awalan: str) -> None:
    p, t = pohon.p, pohon.t
    for i in range(n):
        ss = buat_sasaran(p.pemda, p.pd_a if i % 2 else p.pd_b, kode=f"{awalan}{i}", tingkat=t["sasaran_strategis"])
        sub = buat_sasaran(p.pemda, ss.perangkat_daerah, kode=f"{awalan}{i}.S", induk=ss, tingkat=t["sub_kegiatan"])
        _ind(ss, manual=i % 3 == 0), _pagu(sub)
        Kontributor.objects.create(sasaran=ss, perangkat_daerah=p.pd_a, status=StatusKeputusan.DISETUJUI)


def test_query_count_does_not_grow_with_the_tree(bersih, django_assert_num_queries):
    def hitung() -> int:
        with django_assert_num_queries(4) as ctx:  # nodes (with budgets), indicators with manuals, contributors, levels
            mutu_terlihat(bersih.p.organisasi, tahun=TAHUN)
        return len(ctx.captured_queries)

    mutu_terlihat(bersih.p.organisasi, tahun=TAHUN)  # loads the cached profile once
    kecil = hitung()
    _tumbuh(bersih, 40, "X")
    assert hitung() == kecil


@pytest.mark.parametrize("batas", [0, 1000])
def test_large_scopes_read_by_pemda_give_the_same_result(bersih, monkeypatch, batas):
    """Past BATAS_DAFTAR_ID nodes the material is read by pemda and kept for the visible nodes: same result."""
    p = bersih.p
    b = buat_sasaran(p.pemda, p.pd_b, induk=bersih.kota, tingkat=bersih.t["sasaran_strategis"])
    _ind(b, manual=False)
    Kontributor.objects.create(sasaran=b, perangkat_daerah=p.pd_b, status=StatusKeputusan.DISETUJUI)
    _ind(buat_sasaran(p.pemda_lain, p.pd_lain, kode="L1"), manual=False)  # another pemda: never read
    monkeypatch.setattr(mutu_pohon, "BATAS_DAFTAR_ID", batas)
    kota, pd_a = _hasil(bersih), _hasil(bersih, p.operator_a)
    assert {i.sasaran_id for i in kota.bahan.indikator} == {s.pk for s in kota.bahan.sasaran}
    assert kota.gagal["tanpa-manual"] == {i.pk for i in kota.bahan.indikator if i.sasaran_id == b.pk}
    assert kota.bahan.lintas == {b.pk}
    assert b.pk not in pd_a.bahan.per_id and pd_a.bahan.lintas == set()
    assert {i.sasaran_id for i in pd_a.bahan.indikator} <= set(pd_a.bahan.per_id)
    assert all(v == set() for v in pd_a.gagal.values())
