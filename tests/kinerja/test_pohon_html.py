"""THE markup of the tree pages' rows (kinerja/selectors/pohon_html.py): every text a user or the data wrote is
escaped as Django's autoescape would, in every place a row prints it, on every tree page."""

from __future__ import annotations

import pytest

from kinerja.selectors.mutu_pohon import CEK, SIMPUL, Cek
from kinerja.selectors.pohon import BarisIndikator
from kinerja.selectors.pohon_html import aman, html_pohon
from kinerja.selectors.pohon_tampil import BarisTampil, Tautan
from tests.kinerja.factories import buat_indikator
from tests.kinerja.test_mutu_pohon import TAHUN, pohon_bersih

JAHAT = "<x'\"&>"
AMAN = "&lt;x&#x27;&quot;&amp;&gt;"


def test_the_five_characters_are_escaped_as_django_does():
    from django.utils.html import escape

    assert aman(JAHAT) == AMAN == escape(JAHAT)
    assert aman(12) == "12"


def _baris_jahat() -> BarisTampil:
    cek = Cek("x", JAHAT, JAHAT, JAHAT, SIMPUL, CEK[0].periksa)
    indikator = BarisIndikator(kode=JAHAT, uraian=JAHAT, satuan=JAHAT, target=JAHAT, realisasi=JAHAT, capaian=JAHAT,
                               relasi=JAHAT, rumus=JAHAT, id=7, bendera=[cek], aksi=[Tautan(JAHAT, JAHAT)])  # fmt: skip
    return BarisTampil(
        id=5, kode=JAHAT, uraian=JAHAT, tingkat=JAHAT, pd=JAHAT, cocok=False, terbuka=True, bendera=[cek],
        indikator=[indikator], turunan=JAHAT, kontributor=JAHAT, keterangan=JAHAT,
        anggaran={"pagu": JAHAT, "realisasi": JAHAT, "serapan": JAHAT}, aksi=[Tautan(JAHAT, JAHAT)],
        ringkasan=[(JAHAT, Tautan(JAHAT, JAHAT))],
    )  # fmt: skip


def test_every_text_of_a_row_is_escaped():
    html = html_pohon([_baris_jahat()], TAHUN)
    # node: tingkat, pd, flag title and badge, kode, uraian, turunan, kontributor, keterangan, 3 budget texts,
    # an action's url and label, a summary's text, url and label; indicator: kode, uraian, relasi, flag title and
    # badge, target, satuan, realisasi, capaian, rumus, an action's url and label
    assert html.count(AMAN) == 17 + 12
    assert "<x" not in html and JAHAT not in html
    assert 'id="simpul-5"' in html and 'id="indikator-7"' in html and "simpul-konteks" in html


@pytest.mark.django_db
def test_a_hostile_node_and_indicator_name_is_escaped_on_every_tree_page(client, pemeran):
    pohon = pohon_bersih(pemeran)
    pohon.strategis.uraian = '<script>alert("simpul")</script>'
    pohon.strategis.save()
    buat_indikator(sasaran=pohon.strategis, kode="A1.X", uraian="<img src=x onerror=alert(1)>")
    client.force_login(pemeran.organisasi)
    for url in (f"/perencanaan/pohon/?tahun={TAHUN}", f"/perencanaan/pohon/?tahun={TAHUN}&pd={pemeran.pd_a.pk}",
                f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/?tahun={TAHUN}"):  # fmt: skip
        resp = client.get(url)
        assert resp.status_code == 200
        html = resp.content.decode()
        assert "&lt;script&gt;alert(&quot;simpul&quot;)&lt;/script&gt;" in html and "<script>alert" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html
