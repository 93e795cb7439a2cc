"""A tree page renders at most `pohon.BATAS_BARIS` nodes (issue 13, noticed: a search or a level filter
that matched thousands of nodes gave 10 MB of HTML). The cut keeps the first nodes in reading order, so every
shown node's ancestors are shown; the markup stays well formed (the last row closes every open list); the page
says how many nodes were left out and how to narrow the filter; the page composed by branch is still byte for byte
the whole build's; a page under the cap is unchanged."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.core.cache import cache

from kinerja.selectors import pohon
from kinerja.selectors.pohon import Saringan, urutkan
from kinerja.selectors.pohon_tampil import _buat, tampilan_pohon
from tests.kinerja import test_pohon_cabang_pd, test_pohon_cabang_saring
from tests.kinerja.test_mutu_pohon import TAHUN
from tests.kinerja.test_pohon_cabang import kota  # noqa: F401 (the fixture)
from tests.kinerja.test_pohon_cabang_pd import lebar  # noqa: F401 (the fixture)
from tests.kinerja.test_pohon_cabang_saring import bertema  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

_ID = re.compile(r'<li class="simpul[^"]*" id="simpul-(\d+)">')


class _Bersarang(HTMLParser):
    """Checks that the lists, items and details of a tree's markup open and close in order."""

    DIPERIKSA = frozenset({"ul", "li", "details", "summary"})

    def __init__(self) -> None:
        super().__init__()
        self.tumpuk: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DIPERIKSA:
            self.tumpuk.append(tag)

    def handle_endtag(self, tag):
        if tag in self.DIPERIKSA:
            assert self.tumpuk and self.tumpuk[-1] == tag, (tag, self.tumpuk)
            self.tumpuk.pop()


def _rapi(html: str) -> None:
    p = _Bersarang()
    p.feed(f'<ul class="pohon">{html}</ul>')
    p.close()
    assert p.tumpuk == []


def _ids(html: str) -> list[int]:
    return [int(i) for i in _ID.findall(html)]


def _utuh(user, saringan: Saringan, pd=None):
    k = _buat(user=user, tahun=TAHUN, saringan=saringan, perangkat_daerah=pd)
    return k.isi(k.teks)


def test_a_cut_page_shows_a_prefix_in_reading_order_well_formed(bertema):  # noqa: F811
    p = bertema.p
    penuh = _utuh(p.organisasi, Saringan(cari="a"))
    semua = _ids(penuh.html)
    assert len(semua) >= 8 and penuh.jumlah_terpotong == 0 and penuh.jumlah_baris == len(semua)
    _rapi(penuh.html)
    for batas in range(1, len(semua) + 2):
        with mock.patch.object(pohon, "BATAS_BARIS", batas):
            h = _utuh(p.organisasi, Saringan(cari="a"))
        tampil = _ids(h.html)
        assert tampil == semua[:batas], batas  # the first nodes: each one's ancestors come before it
        assert h.jumlah_baris == len(semua)
        assert h.jumlah_terpotong == max(len(semua) - batas, 0) and h.jumlah_dimuat == len(tampil)
        _rapi(h.html)
        # the last shown node never opens a list its children would fill
        assert not h.html.rstrip().endswith('<ul class="pohon">')


def test_urutkan_counts_every_node_and_keeps_depths(bertema):  # noqa: F811
    p = bertema.p
    from kinerja.selectors.pohon_kota import halaman_kota

    h = halaman_kota(user=p.organisasi, tahun=TAHUN, saringan=Saringan(tingkat="sub_kegiatan"))
    penuh = urutkan(h.akar, batas=10_000)
    dua = urutkan(h.akar, batas=2)
    assert dua.jumlah == penuh.jumlah and dua.terpotong == penuh.jumlah - 2
    assert [(s.id, d) for s, d in dua.simpul] == [(s.id, d) for s, d in penuh.simpul[:2]]
    kedalaman = {s.id: d for s, d in penuh.simpul}
    for s, d in penuh.simpul:  # a child is one deeper than its parent
        assert all(kedalaman[a.id] == d + 1 for a in s.anak)
    assert urutkan([], batas=3).jumlah == 0


@pytest.mark.parametrize("batas", [1, 3, 6])
def test_the_composed_pages_are_the_whole_build_under_a_cut(bertema, batas):  # noqa: F811
    p = bertema.p
    with mock.patch.object(pohon, "BATAS_BARIS", batas):
        test_pohon_cabang_saring._semua(p.organisasi, p)  # every filter, composed against the whole build
        for pd_id in (None, p.pd_a.pk, p.pd_b.pk):  # unfiltered and by PD
            html = test_pohon_cabang_pd._sama(p.organisasi, pd_id)
            assert len(_ids(html)) <= batas
            _rapi(html)


def test_the_page_says_what_was_left_out_and_how_to_narrow_it(client, bertema):  # noqa: F811
    p = bertema.p
    client.force_login(p.organisasi)
    url = f"/perencanaan/pohon/?tahun={TAHUN}&cari=a"
    utuh = client.get(url).content.decode()
    assert 'id="pohon-terpotong"' not in utuh
    n = len(_ids(utuh))
    cache.clear()  # the cap is a constant: the cached page is the uncut one
    with mock.patch.object(pohon, "BATAS_BARIS", 2):
        html = client.get(url).content.decode()
    assert len(_ids(html)) == 2
    assert f"Ditampilkan 2 simpul pertama dari {n} (termasuk induknya); {n - 2} sisanya tidak dimuat" in html
    assert "Persempit pencarian, atau pilih perangkat daerah, tingkat atau tema untuk melihat sisanya." in html
    assert f"… dan {n - 2} simpul lainnya tidak dimuat." in html  # said again where the list ends


def test_a_pd_page_and_a_pd_users_page_are_cut_too(client, bertema):  # noqa: F811
    p = bertema.p
    with mock.patch.object(pohon, "BATAS_BARIS", 2):
        h = tampilan_pohon(user=p.operator_a, tahun=TAHUN, saringan=Saringan())
        assert len(_ids(h.html)) == 2 and h.jumlah_terpotong == h.jumlah_baris - 2 > 0
        _rapi(h.html)
        client.force_login(p.organisasi)
        html = client.get(f"/perencanaan/pohon/pd/{p.pd_a.pk}/?tahun={TAHUN}").content.decode()
    assert len(_ids(html)) == 2 and 'id="pohon-terpotong"' in html
    # a PD's page has no PD filter to point to
    assert "Persempit pencarian, atau pilih tingkat atau tema untuk melihat sisanya." in html


def test_the_composed_page_fills_only_the_nodes_it_renders(bertema):  # noqa: F811
    from kinerja.selectors import pohon_cabang_susun

    p = bertema.p
    with (
        mock.patch.object(pohon, "BATAS_BARIS", 3),
        mock.patch.object(pohon_cabang_susun, "_isi", side_effect=pohon_cabang_susun._isi) as isi,
    ):
        html = test_pohon_cabang_saring._sama(p.organisasi, Saringan(cari="a"))
    assert len(_ids(html)) == 3
    assert isi.call_count == 3  # of the many matches, only the three shown got their indicators, flags and budget
