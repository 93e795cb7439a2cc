"""The city tree page at city scale (issue 13): summarised below each PD's entry level, measures loaded for
the rendered nodes only, the search and the PD filter still opening deep nodes, the same quality figure as
/perencanaan/mutu/, a query count that does not grow."""

from __future__ import annotations

import re

import pytest

from kinerja.selectors.mutu_pohon import CEK
from kinerja.selectors.pohon import mutu_terlihat
from kinerja.services.pohon import tingkat_bawaan_pastikan
from tests.kinerja.factories import buat_indikator, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
POHON = "/perencanaan/pohon/?tahun=2025"


def _cabang(p, t, n: int, awalan: str) -> list:
    """`n` programs, each with a kegiatan, under PD A's sasaran strategis `p.ss`."""
    dalam = []
    for i in range(n):
        prog = buat_sasaran(p.pemda, p.pd_a, kode=f"{awalan}.P{i}", uraian=f"Program {awalan}{i}", induk=p.ss,
                            tingkat=t["sasaran_program"])  # fmt: skip
        keg = buat_sasaran(p.pemda, p.pd_a, kode=f"{awalan}.P{i}.K", uraian=f"Kegiatan dalam {awalan}{i}", induk=prog,
                           tingkat=t["sasaran_kegiatan"])  # fmt: skip
        ind = buat_indikator(sasaran=keg, kode=f"{awalan}.P{i}.K.1", uraian=f"Indikator {awalan}{i}")
        buat_target(ind, 2025, nilai=10)
        dalam += [prog, keg]
    return dalam


@pytest.fixture
def kota(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    pemeran.k = buat_sasaran(pemeran.pemda, kode="K.S1", uraian="Sasaran kota", tingkat=t["sasaran_rpjmd"])
    pemeran.ss = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.SS", uraian="Sasaran strategis A",
                              induk=pemeran.k, tingkat=t["sasaran_strategis"])  # fmt: skip
    pemeran.t = t
    pemeran.dalam = _cabang(pemeran, t, 2, "A")
    return pemeran


def _simpul(html: str) -> int:
    return len(re.findall(r'<li class="simpul', html))


def test_the_city_page_stops_at_the_pd_entry_level_with_a_link_to_the_branch(client, kota):
    client.force_login(kota.organisasi)
    html = client.get(POHON).content.decode()
    assert "Sasaran kota" in html and "Sasaran strategis A" in html
    assert "Program A0" not in html and "Kegiatan dalam A0" not in html
    assert _simpul(html) == 2
    assert "4 simpul turunan" in html
    assert f'href="/perencanaan/pohon/pd/{kota.pd_a.pk}/?tahun=2025">buka cabang' in html
    assert "6 simpul, 2 ditampilkan" in html  # the count is the scope's, and says the rest is summarised


def test_the_city_page_does_not_grow_with_deep_nodes(client, kota, django_assert_max_num_queries):
    client.force_login(kota.organisasi)
    with django_assert_max_num_queries(12) as ctx:
        kecil = client.get(POHON).content.decode()
    _cabang(kota, kota.t, 30, "B")
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        besar = client.get(POHON).content.decode()
    assert _simpul(besar) == _simpul(kecil) == 2
    assert "64 simpul turunan" in besar
    assert len(besar) - len(kecil) < 200  # the counts' digits, not 60 more nodes


def test_search_and_the_pd_filter_open_deep_nodes_with_their_ancestors(client, kota):
    client.force_login(kota.organisasi)
    html = client.get(f"{POHON}&cari=Kegiatan%20dalam%20A1").content.decode()
    for teks in ("Sasaran kota", "Sasaran strategis A", "Program A1", "Kegiatan dalam A1", "Indikator A1"):
        assert teks in html
    assert "Program A0" not in html and "1 simpul cocok" in html
    html = client.get(f"{POHON}&cari=A.P0.K.1").content.decode()  # an indicator's code finds its node
    assert "Kegiatan dalam A0" in html and "Kegiatan dalam A1" not in html
    html = client.get(f"{POHON}&pd={kota.pd_a.pk}").content.decode()
    assert _simpul(html) == 6 and "Kegiatan dalam A1" in html and "simpul turunan" not in html
    html = client.get(f"/perencanaan/pohon/pd/{kota.pd_a.pk}/?tahun=2025").content.decode()
    assert _simpul(html) == 6 and "Indikator A0" in html  # the PD page renders its whole branch


def test_the_kelengkapan_figure_is_the_mutu_pages_over_the_whole_scope(client, kota):
    client.force_login(kota.organisasi)
    html = client.get(POHON).content.decode()
    teks = mutu_terlihat(kota.organisasi, tahun=2025).kelengkapan_teks
    assert teks != "–"
    assert f"<strong>{teks}</strong>" in html
    # the unrendered nodes' notes count, and are summarised on the node above them
    hasil = mutu_terlihat(kota.organisasi, tahun=2025)
    catatan = {hasil.simpul_dari(c, i) for c in CEK for i in hasil.gagal[c.kode]}
    n = sum(s.pk in catatan for s in kota.dalam)
    assert n > 0 and f"4 simpul turunan ({n} dengan catatan mutu)" in html


def test_pd_staff_see_their_whole_branch_on_the_city_page(client, kota):
    client.force_login(kota.operator_a)
    html = client.get(POHON).content.decode()
    assert _simpul(html) == 6 and "Kegiatan dalam A1" in html
    client.force_login(kota.operator_b)  # another PD: none of A's nodes
    html = client.get(POHON).content.decode()
    assert "Sasaran strategis A" not in html and "Kegiatan dalam A1" not in html


def test_each_node_is_counted_on_its_nearest_rendered_ancestor_and_a_loop_or_an_orphan_on_none():
    from kinerja.selectors.mutu_pohon import SimpulMutu
    from kinerja.selectors.pohon_kota import _terdekat

    def s(pk, induk):
        return SimpulMutu(pk, induk, None, None, str(pk), "", False)

    # 1 ← 2 ← 3 ← 4 (1 and 3 rendered); 5 ← 6 (5's parent outside the scope); 7 ↔ 8 (a loop); 9 ← 10 (9 rendered)
    per_id = {b.pk: b for b in (s(4, 3), s(3, 2), s(2, 1), s(1, None), s(6, 5), s(5, 99), s(7, 8), s(8, 7),
                                 s(10, 9), s(9, None))}  # fmt: skip
    assert _terdekat(per_id, {1, 3, 9}) == {1: 1, 2: 1, 3: 3, 4: 3, 9: 9, 10: 9}
