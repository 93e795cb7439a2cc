"""The city tree page filtered to one PD (`?pd=`), composed by branch (`pohon_cabang_susun.susun_pd`, issue 13):
byte for byte the page the whole build gives (`pohon_kota.halaman_kota` with the filter, no cache) for every
PD, after writes of every kind in the PD and elsewhere; a write to the PD rebuilds its own group only, in a
number of queries that does not grow with the other PDs' nodes."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import Sasaran
from kinerja.selectors import pohon_kota_cabang
from kinerja.selectors.pohon import Saringan
from kinerja.selectors.pohon_tampil import _buat, tampilan_pohon
from kinerja.services.simpul import simpul_ubah
from tests.kinerja.factories import buat_sasaran
from tests.kinerja.test_mutu_pohon import TAHUN, _ind, _pagu
from tests.kinerja.test_pohon_cabang import kota  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lebar(kota):  # noqa: F811
    """`kota` with a tujuan above its city sasaran, a second city sasaran (one without an indicator: a quality
    note) under it, and PD B's second branch, budgeted, under that one: on PD A's filtered page they are
    counted on the tujuan."""
    p = kota.p
    kota.tujuan = buat_sasaran(p.pemda, kode="T1", uraian="Tujuan kota", tingkat=kota.t["tujuan"])
    Sasaran.objects.filter(pk=kota.kota.pk).update(induk=kota.tujuan)
    _ind(kota.tujuan, kode="IT1", uraian="Indeks tujuan")
    kota.k2 = buat_sasaran(p.pemda, kode="K2", uraian="Sasaran kota dua", induk=kota.tujuan,
                           tingkat=kota.t["sasaran_rpjmd"])  # fmt: skip
    ss = buat_sasaran(p.pemda, p.pd_b, kode="B2", uraian="Sasaran B dua", induk=kota.k2,
                      tingkat=kota.t["sasaran_strategis"])  # fmt: skip
    _ind(ss, kode="IB2", uraian="Indikator B dua")
    sub = buat_sasaran(p.pemda, p.pd_b, kode="B2.S", induk=ss, tingkat=kota.t["sub_kegiatan"])
    _pagu(sub, pagu="4000000")
    # a PD B program straight under the city node: on the unfiltered page it is counted on K2 (what the group
    # hands to the city nodes above it), here on the tujuan
    prog = buat_sasaran(p.pemda, p.pd_b, kode="B3.P", induk=kota.k2, tingkat=kota.t["sasaran_program"])
    _pagu(buat_sasaran(p.pemda, p.pd_b, kode="B3.S", induk=prog, tingkat=kota.t["sub_kegiatan"]), pagu="500000")
    return kota


def _saringan(pd_id) -> Saringan:
    return Saringan(pd_id=pd_id)


def _halaman(user, pd_id):
    return tampilan_pohon(user=user, tahun=TAHUN, saringan=_saringan(pd_id))


def _sama(user, pd_id) -> str:
    a = _halaman(user, pd_id)
    k = _buat(user=user, tahun=TAHUN, saringan=_saringan(pd_id), perangkat_daerah=None)
    b = k.isi(k.teks)
    assert a.html == b.html
    for nama in ("ada", "jumlah_simpul", "jumlah_cocok", "jumlah_tampil", "kelengkapan_teks", "pilihan_tema",
                 "boleh_buat", "jumlah_baris", "jumlah_terpotong"):  # fmt: skip
        assert getattr(a, nama) == getattr(b, nama), nama
    assert [p.pk for p in a.pilihan_pd] == [p.pk for p in b.pilihan_pd]
    assert a.periode == b.periode
    return a.html


def _disusun(user, pd_id) -> list:
    """The groups the next view of the filtered page builds (`penuh` for the PD's every-node summary)."""
    asli = pohon_kota_cabang._bangun_cabang
    with (
        mock.patch.object(pohon_kota_cabang, "_bangun_cabang", side_effect=asli) as m,
        mock.patch.object(pohon_kota_cabang, "susun_pd", side_effect=pohon_kota_cabang.susun_pd) as susun,
    ):
        _halaman(user, pd_id)
    assert susun.called  # composed, not the whole build
    return [(c.args[0], c.kwargs.get("penuh", False)) for c in m.call_args_list]


def _ubah(s: Sasaran, oleh, uraian: str) -> None:
    s.refresh_from_db()
    nilai = {"kode": s.kode, "uraian": uraian, "tingkat": str(s.tingkat_id), "induk": str(s.induk_id or "")}
    simpul_ubah(sasaran=s, oleh=oleh, nilai=nilai, versi=s.versi)


def test_every_pds_filtered_page_is_the_whole_build(lebar):
    p = lebar.p
    org = p.organisasi
    html_a = _sama(org, p.pd_a.pk)
    # PD A's whole branch and the city nodes above it; PD B's nodes counted on the city nodes (K2 on the tujuan
    # as a city node with a note), its budgets (2.500.000 under K1, 4.000.000 under K2) added up the rendered nodes
    assert "A1.S" in html_a and "Sasaran B" not in html_a and "Sasaran kota dua" not in html_a
    assert "4 simpul turunan (3 dengan catatan mutu) · <a" in html_a and "Rp8.000.000" in html_a
    assert "3 simpul turunan (1 dengan catatan mutu) · <a" in html_a and "Rp3.500.000" in html_a  # on K1
    html_b = _sama(org, p.pd_b.pk)
    assert "Sasaran B dua" in html_b and "Sasaran kota dua" in html_b
    _sama(org, p.pd_lain.pk)  # another pemda's PD: nothing of it, as the whole build
    _sama(org, 987654)  # no such PD
    _sama(p.pimpinan, p.pd_a.pk)  # another city role: its own page (no actions)


def test_writes_in_the_pd_and_elsewhere_keep_it_the_whole_build(lebar):
    p = lebar.p
    org, a = p.organisasi, p.pd_a.pk
    _sama(org, a)
    _ubah(lebar.strategis, p.operator_a, "Sasaran A diubah")  # in the PD: its group
    assert _disusun(org, a) == [(a, True)]  # its summary with every node rendered
    assert "Sasaran A diubah" in _sama(org, a)
    _ubah(lebar.ss_b, p.operator_b, "Sasaran B diubah")  # in another PD: that PD's summary only
    assert _disusun(org, a) == [(p.pd_b.pk, False)]
    _sama(org, a)
    baru = buat_sasaran(p.pemda, p.pd_b, kode="B2.T", induk=lebar.k2, tingkat=lebar.t["sasaran_strategis"])
    _pagu(buat_sasaran(p.pemda, p.pd_b, kode="B2.T.S", induk=baru, tingkat=lebar.t["sub_kegiatan"]), pagu="1000")
    _sama(org, a)
    _ind(lebar.program, kode="IA9", uraian="Cakupan layanan B")  # a duplicate of PD B's indicator
    assert "indikator ganda" in _sama(org, a)
    _ubah(lebar.k2, p.organisasi, "Sasaran kota dua diubah")  # a city node: the city's summary
    assert _disusun(org, a) == [("kota", False)]
    _sama(org, a)


def kueri_setelah_tulis(lebar, lihat) -> None:
    """The view `lihat()` (its HTML) after a write to PD A's node reads as many queries with 12 more nodes and
    indicators in PD B's branch as without (at most 10)."""
    p = lebar.p

    def setelah_tulis(uraian: str) -> int:
        _ubah(lebar.strategis, p.operator_a, uraian)
        with CaptureQueriesContext(connection) as kueri:
            html = lihat()
        assert uraian in html
        return len(kueri)

    lihat()
    sedikit = setelah_tulis("Sasaran A pertama")
    for n in range(12):  # more nodes and indicators in PD B's branch
        _ind(buat_sasaran(p.pemda, p.pd_b, kode=f"B1.T{n}", induk=lebar.prog_b, tingkat=lebar.t["sasaran_kegiatan"]),
             kode=f"IBT{n}", uraian=f"Indikator tambahan {n}")  # fmt: skip
    lihat()
    assert setelah_tulis("Sasaran A kedua") == sedikit <= 10


def test_a_write_to_the_pd_reads_a_fixed_number_of_queries(lebar):
    p = lebar.p
    org, a = p.organisasi, p.pd_a.pk
    kueri_setelah_tulis(lebar, lambda: _halaman(org, a).html)
    assert "Sasaran A kedua" in _sama(org, a)


def test_a_node_under_another_pds_node_sends_the_filtered_page_to_the_whole_build(lebar):
    p = lebar.p
    buat_sasaran(p.pemda, p.pd_b, kode="B9", uraian="Cabang B di bawah A", induk=lebar.program,
                 tingkat=lebar.t["sasaran_kegiatan"])  # fmt: skip
    assert pohon_kota_cabang.komposisi(user=p.organisasi, profil=p.organisasi.profil, tahun=TAHUN,
                                       saringan=_saringan(p.pd_a.pk), tanda="x") is None  # fmt: skip
    assert "Cabang B di bawah A" in _sama(p.organisasi, p.pd_b.pk)


def test_history_of_other_kinds_leaves_every_summary_and_a_level_change_rebuilds_them(lebar):
    """The residue reads the history of the levels, periods and PDs only: an action plan or an evaluation
    saved (history of another kind) recomposes the page from the kept summaries; a level changed rebuilds them."""
    from django.contrib.contenttypes.models import ContentType

    from evaluasi.models import Evaluasi
    from kinerja.models import RencanaAksi, TingkatPohon
    from perangkat_daerah.models import Riwayat
    from tests.kinerja.test_pohon_cabang import _dibangun

    p = lebar.p
    org = p.organisasi

    def catat(model) -> None:
        Riwayat.objects.create(pemda=p.pemda, content_type=ContentType.objects.get_for_model(model), object_id=1,
                               aksi="uji")  # fmt: skip

    semua = sorted(map(str, pohon_kota_cabang.sidik(p.pemda.pk).grup))
    assert sorted(map(str, _dibangun(org))) == semua  # the first view builds every group
    for model in (RencanaAksi, Evaluasi):
        catat(model)
        assert _dibangun(org) == []
    catat(TingkatPohon)  # e.g. a level renamed in the admin
    assert sorted(map(str, _dibangun(org))) == semua
    _sama(org, p.pd_a.pk)
