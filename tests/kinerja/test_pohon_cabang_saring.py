"""The city tree page under a search, level or theme filter (with or without a PD), composed by branch
(`pohon_cabang_susun.susun_saring`, issue 13): byte for byte the page the whole build gives
(`pohon_kota.halaman_kota` with the filters, no cache) for every level, searches that match a city node, a PD
node, an indicator or nothing, themes carried by a city node (its PD branches match through it) or by a PD node,
and their combinations; after writes in a PD and in the city; a write to one PD rebuilds its own group only, in a
number of queries that does not grow with the other PDs' nodes; a theme none of the nodes carries goes to the
whole build, which ignores it."""

from __future__ import annotations

import itertools
from unittest import mock

import pytest

from kinerja.models import Sasaran
from kinerja.selectors import pohon_kota_cabang, pohon_tembolok
from kinerja.selectors.pohon import Saringan
from kinerja.selectors.pohon_tampil import _buat, tampilan_pohon
from kinerja.services.simpul import simpul_ubah
from tests.kinerja.factories import buat_sasaran
from tests.kinerja.test_mutu_pohon import TAHUN, _ind, _pagu
from tests.kinerja.test_pohon_cabang import kota  # noqa: F401 (the fixture)
from tests.kinerja.test_pohon_cabang_pd import _ubah, kueri_setelah_tulis, lebar  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

TINGKAT = ("tujuan", "sasaran_rpjmd", "sasaran_strategis", "sasaran_program", "sasaran_kegiatan", "sub_kegiatan",
           "tidak-ada")  # fmt: skip
_nomor = itertools.count()
CARI = ("Sasaran", "a1.k", "Indeks tujuan", "Cakupan layanan", "B2", "kemiskinan", "tidak ada yang cocok")


@pytest.fixture
def bertema(lebar):  # noqa: F811
    """`lebar` with a theme on a city node (kemiskinan: PD B's branch under it matches through it) and on a PD
    node (stunting, on PD A's program)."""
    Sasaran.objects.filter(pk=lebar.k2.pk).update(tema="kemiskinan")
    Sasaran.objects.filter(pk=lebar.program.pk).update(tema="stunting")
    return lebar


def _halaman(user, saringan: Saringan):
    return tampilan_pohon(user=user, tahun=TAHUN, saringan=saringan)


def _sama(user, saringan: Saringan, *, tersusun: bool = True) -> str:
    """The composed page against the whole build, with whether it was composed (`susun_saring`): the rendered
    pages' cache levels are new for the view (the branch summaries are kept), so it is composed, not served."""
    awalan = {nama: f"uji-{next(_nomor)}" for nama in ("AWALAN", "AWALAN_KERANGKA", "AWALAN_SUSUNAN")}
    with (
        mock.patch.multiple(pohon_tembolok, **awalan),
        mock.patch.object(pohon_kota_cabang, "susun_saring", side_effect=pohon_kota_cabang.susun_saring) as m,
    ):
        a = _halaman(user, Saringan(**vars(saringan)))
    assert m.called == tersusun, saringan
    k = _buat(user=user, tahun=TAHUN, saringan=Saringan(**vars(saringan)), perangkat_daerah=None)
    b = k.isi(k.teks)
    assert a.html == b.html, saringan
    for nama in ("ada", "jumlah_simpul", "jumlah_cocok", "jumlah_tampil", "kelengkapan_teks", "pilihan_tema",
                 "boleh_buat", "jumlah_baris", "jumlah_terpotong"):  # fmt: skip
        assert getattr(a, nama) == getattr(b, nama), (nama, saringan)
    assert astuple_saringan(a.saringan) == astuple_saringan(b.saringan)
    assert [p.pk for p in a.pilihan_pd] == [p.pk for p in b.pilihan_pd]
    assert a.periode == b.periode
    return a.html


def astuple_saringan(s: Saringan) -> tuple:
    return (s.cari, s.pd_id, s.tingkat, s.tema)


def _semua(user, p) -> None:
    for kode in TINGKAT:
        _sama(user, Saringan(tingkat=kode))
    for cari in CARI:
        _sama(user, Saringan(cari=cari))
    for tema in ("kemiskinan", "stunting"):
        _sama(user, Saringan(tema=tema))
    _sama(user, Saringan(tingkat="sasaran_program", pd_id=p.pd_a.pk))
    _sama(user, Saringan(cari="Sasaran", pd_id=p.pd_b.pk))
    _sama(user, Saringan(cari="Sasaran", tema="kemiskinan"))
    _sama(user, Saringan(tingkat="sub_kegiatan", tema="kemiskinan", pd_id=p.pd_b.pk))
    _sama(user, Saringan(cari="Sasaran", pd_id=987654))  # no such PD: nothing matches, as the whole build


def test_every_filter_is_the_whole_build(bertema):
    p = bertema.p
    _semua(p.organisasi, p)
    _semua(p.pimpinan, p)  # another city role: its own page (no actions)
    html = _sama(p.organisasi, Saringan(tema="kemiskinan"))
    # PD B's branch under the themed city node, the tujuan above it; not PD A's branch (under K1)
    assert "Sasaran B dua" in html and "Tujuan kota" in html and "A1.S" not in html
    html = _sama(p.organisasi, Saringan(tingkat="sasaran_program"))
    assert "A1.P" in html and "B1.P" in html and "B3.P" in html


def test_a_theme_no_node_carries_goes_to_the_whole_build_which_ignores_it(bertema):
    p = bertema.p
    html = _sama(p.organisasi, Saringan(tema="tidak-ada", cari="Sasaran"), tersusun=False)
    assert "Sasaran B dua" in html
    assert pohon_kota_cabang.komposisi(user=p.organisasi, profil=p.organisasi.profil, tahun=TAHUN,
                                       saringan=Saringan(tema="tidak-ada"), tanda="x") is None  # fmt: skip


def _disusun(user, saringan: Saringan) -> list:
    """The groups the filtered page's next view builds."""
    asli = pohon_kota_cabang._bangun_cabang
    with mock.patch.object(pohon_kota_cabang, "_bangun_cabang", side_effect=asli) as m:
        _halaman(user, Saringan(**vars(saringan)))
    return [c.args[0] for c in m.call_args_list]


def test_writes_in_a_pd_and_in_the_city_keep_it_the_whole_build(bertema):
    p = bertema.p
    org = p.organisasi
    program = Saringan(tingkat="sasaran_program")
    cari = Saringan(cari="diubah")
    tema = Saringan(tema="kemiskinan")
    for s in (program, cari, tema):
        _sama(org, s)
    _ubah(bertema.program, p.operator_a, "Program A diubah")  # in PD A: its group only
    for s in (program, cari, tema):
        assert _disusun(org, s) == [p.pd_a.pk]
        _sama(org, s)
    assert "Program A diubah" in _sama(org, cari)
    baru = buat_sasaran(p.pemda, p.pd_b, kode="B2.P", induk=bertema.k2, tingkat=bertema.t["sasaran_program"])
    _pagu(buat_sasaran(p.pemda, p.pd_b, kode="B2.P.S", induk=baru, tingkat=bertema.t["sub_kegiatan"]), pagu="750000")
    _ind(baru, kode="IB2P", uraian="Indikator program diubah")  # matches the search through its indicator
    for s in (program, cari, tema):
        _sama(org, s)
    # the theme moves to the city node K1 (city writes, through the service): PD A's branch now matches through it
    _tema(bertema.k2, p.organisasi, "")
    _tema(bertema.kota, p.organisasi, "kemiskinan")
    assert sorted(map(str, _disusun(org, tema))) == sorted(
        map(str, ["kota", p.pd_a.pk, p.pd_b.pk])
    )  # the PDs' matches read the city's themes
    html = _sama(org, tema)
    assert "A1.S" in html and "Sasaran B dua" not in html
    for s in (program, cari):
        _sama(org, s)


def _tema(s: Sasaran, oleh, tema: str) -> None:
    s.refresh_from_db()
    nilai = {"kode": s.kode, "uraian": s.uraian, "tingkat": str(s.tingkat_id), "induk": str(s.induk_id or ""),
             "tema": tema}  # fmt: skip
    simpul_ubah(sasaran=s, oleh=oleh, nilai=nilai, versi=s.versi)


def test_a_write_to_one_pd_reads_a_fixed_number_of_queries(lebar):  # noqa: F811
    p = lebar.p
    saringan = Saringan(tingkat="sasaran_strategis")
    kueri_setelah_tulis(lebar, lambda: _halaman(p.organisasi, Saringan(**vars(saringan))).html)
    assert "Sasaran A kedua" in _sama(p.organisasi, saringan)
