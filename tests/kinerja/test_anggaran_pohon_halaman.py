"""The budget pages: a PD's sub kegiatan budgets (grouped, one form per row for Bagian Organisasi, read-only
for the PD and city readers, 404 for another PD) and the city's page per PD; query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.models import DokumenRencana
from kinerja.models_anggaran import AnggaranSubKegiatan
from tests.kinerja.factories import buat_sasaran
from tests.kinerja.test_anggaran_pohon import pohon_anggaran

pytestmark = pytest.mark.django_db


def _url(pd, tahun=2025):
    return f"/perencanaan/anggaran/pd/{pd.pk}/{tahun}/"


def _baris(sub, versi="", **nilai):
    data = {"sasaran": str(sub.pk), "versi": versi, "pagu": "", "alasan": ""}
    data.update({f"realisasi_t{tw}": "" for tw in range(1, 5)})
    data.update(nilai)
    return data


def test_organisasi_sees_the_grouped_rows_and_saves_one(client, pemeran):
    p = pohon_anggaran(pemeran)
    client.force_login(pemeran.organisasi)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    for teks in ("A.P", "A.K1", "A.K2", "A.SK1", "A.SK3", "subtotal Rp150", "Jumlah anggaran 2 sub kegiatan"):
        assert teks in html
    assert f'id="f-{p.n["A.SK3"].pk}"' in html and 'name="alasan"' not in html
    assert "B.SK" not in html
    sk3 = p.n["A.SK3"]
    resp = client.post(_url(pemeran.pd_a), _baris(sk3, pagu="Rp 120.000.000", realisasi_t1="20.000.000"))
    assert resp.status_code == 302 and resp["Location"].endswith(f"#sk-{sk3.pk}")
    a = AnggaranSubKegiatan.objects.get(sasaran=sk3, tahun=2025)
    assert (a.pagu, a.realisasi_t1, a.realisasi_t2) == (Decimal(120_000_000), Decimal(20_000_000), None)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Anggaran A.SK3 2025 tersimpan." in html and 'value="120.000.000"' in html
    assert "Jumlah anggaran 3 sub kegiatan" in html


def test_a_refused_row_keeps_what_was_typed_and_says_why(client, pemeran):
    p = pohon_anggaran(pemeran)
    client.force_login(pemeran.organisasi)
    sk1 = p.n["A.SK1"]
    resp = client.post(_url(pemeran.pd_a), _baris(sk1, versi="1", pagu="100", realisasi_t1="90", realisasi_t2="20,5"))
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "Total realisasi Rp111 melebihi pagu Rp100. Periksa kembali isian triwulan." in html  # 110,5 → Rp111
    assert 'value="20,5"' in html and "Anggaran A.SK1 belum tersimpan" in html
    resp = client.post(_url(pemeran.pd_a), _baris(sk1, versi="", pagu="100"))  # loaded before another save
    assert resp.status_code == 409 and "sudah diubah oleh pengguna lain" in resp.content.decode()
    assert AnggaranSubKegiatan.objects.get(sasaran=sk1).pagu == 100  # unchanged


def test_a_final_renja_asks_for_the_reason_of_a_revision(client, pemeran):
    p = pohon_anggaran(pemeran)
    DokumenRencana.objects.create(
        jenis="renja", perangkat_daerah=pemeran.pd_a, periode=p.periode, tahun=2025, status="final"
    )
    client.force_login(pemeran.organisasi)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Renja Dinas A 2025 sudah final: setiap perubahan anggaran adalah revisi" in html and 'name="alasan"' in html
    sk1 = p.n["A.SK1"]
    resp = client.post(_url(pemeran.pd_a), _baris(sk1, versi="1", pagu="110"))
    assert resp.status_code == 400 and "memerlukan alasan" in resp.content.decode()
    resp = client.post(_url(pemeran.pd_a), _baris(sk1, versi="1", pagu="110", alasan="Pergeseran anggaran"))
    assert resp.status_code == 302 and AnggaranSubKegiatan.objects.get(sasaran=sk1).pagu == 110


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "pimpinan", "inspektorat"])
def test_pd_users_and_city_readers_read_without_forms_and_may_not_save(client, pemeran, peran):
    p = pohon_anggaran(pemeran)
    client.force_login(getattr(pemeran, peran))
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "A.SK1" in html and "Rp100" in html and "<form" not in html.split("<main", 1)[-1].split("</main>")[0]
    resp = client.post(_url(pemeran.pd_a), _baris(p.n["A.SK1"], versi="1", pagu="1"))
    assert resp.status_code == 403 and AnggaranSubKegiatan.objects.get(sasaran=p.n["A.SK1"]).pagu == 100


def test_another_pds_page_and_node_are_404(client, pemeran):
    p = pohon_anggaran(pemeran)
    client.force_login(pemeran.operator_b)
    assert client.get(_url(pemeran.pd_a)).status_code == 404
    assert client.post(_url(pemeran.pd_a), _baris(p.n["A.SK1"], versi="1", pagu="1")).status_code == 404
    client.force_login(pemeran.organisasi)  # a node of PD B posted on PD A's page
    assert client.post(_url(pemeran.pd_a), _baris(p.n["B.SK"], versi="1", pagu="1")).status_code == 404
    client.force_login(pemeran.operator_lain)
    assert client.get(_url(pemeran.pd_a)).status_code == 404
    assert AnggaranSubKegiatan.objects.get(sasaran=p.n["B.SK"]).pagu == 200


def test_a_node_that_is_not_a_sub_kegiatan_is_refused_with_the_reason(client, pemeran):
    p = pohon_anggaran(pemeran)
    client.force_login(pemeran.organisasi)
    resp = client.post(_url(pemeran.pd_a), _baris(p.n["A.K1"], pagu="1"))
    assert resp.status_code == 400 and "A.K1 bukan sub kegiatan" in resp.content.decode()
    resp = client.post(_url(pemeran.pd_a), _baris(p.n["A.K1"], pagu="1") | {"sasaran": "²"}, follow=True)
    assert "Sub kegiatan yang dikirim tidak dikenal" in resp.content.decode()


def test_the_city_page_lists_each_pd_with_source_and_link(client, pemeran):
    pohon_anggaran(pemeran)
    client.force_login(pemeran.pimpinan)
    html = client.get("/perencanaan/anggaran/2025/").content.decode()
    assert "Jumlah anggaran 2 sub kegiatan" in html and "Rp350" in html and "57,14%" in html
    assert _url(pemeran.pd_a) in html and _url(pemeran.pd_b) in html
    assert "Efisiensi = capaian kinerja ÷ serapan anggaran = 50,00% ÷ 57,14% = 0,88" in html
    client.force_login(pemeran.operator_b)
    html = client.get("/perencanaan/anggaran/2025/").content.decode()
    assert _url(pemeran.pd_b) in html and _url(pemeran.pd_a) not in html and "Rp350" not in html
    assert client.get("/perencanaan/anggaran/1800/").status_code == 404


def test_the_pd_budget_page_links_to_the_sub_kegiatan_pages(client, pemeran):
    pohon_anggaran(pemeran)
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/anggaran/?tahun=2025").content.decode()
    assert 'href="/perencanaan/anggaran/2025/"' in html and "Jumlah anggaran 2 sub kegiatan" in html
    html = client.get(f"/kinerja/anggaran/{pemeran.pd_a.pk}/2025/").content.decode()
    assert _url(pemeran.pd_a) in html and "Rp150" in html


def _tambah_cabang(pemeran, p, n: int):
    """n more kegiatan, each with two budgeted sub kegiatan, under PD A's programme."""
    from tests.kinerja.test_anggaran_pohon import simpan

    for _i in range(n):
        keg = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=p.t["sasaran_kegiatan"], induk=p.n["A.P"],
                           periode=p.periode)  # fmt: skip
        for _j in range(2):
            sub = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=p.t["sub_kegiatan"], induk=keg, periode=p.periode)
            simpan(pemeran.organisasi, sub, "10", "1")


def test_query_counts_do_not_grow_with_the_number_of_nodes(client, pemeran, django_assert_max_num_queries):
    p = pohon_anggaran(pemeran)
    client.force_login(pemeran.organisasi)
    halaman = [_url(pemeran.pd_a), "/perencanaan/anggaran/2025/"]
    jumlah = []
    for url in halaman:
        client.get(url)
        with django_assert_max_num_queries(16) as awal:
            assert client.get(url).status_code == 200
        jumlah.append(len(awal.captured_queries))
    _tambah_cabang(pemeran, p, 8)
    for url, n in zip(halaman, jumlah, strict=True):
        with django_assert_max_num_queries(n):
            resp = client.get(url)
        assert resp.status_code == 200
    assert "Jumlah anggaran 18 sub kegiatan" in resp.content.decode()


def test_tree_nodes_show_their_budget_rolled_up(client, pemeran):
    p = pohon_anggaran(pemeran)
    client.force_login(pemeran.organisasi)
    # the PD's branch: the city page stops at each PD's entry level (issue 13), `?pd=` opens the deep nodes
    html = client.get(f"/perencanaan/pohon/?tahun=2025&pd={pemeran.pd_a.pk}").content.decode()

    def simpul(kode):
        awal = html.index(f'id="simpul-{p.n[kode].pk}"')
        return html[awal : html.index("</summary>", awal) + 400]

    assert "Anggaran 2025: pagu <strong>Rp100</strong> · realisasi Rp50 · serapan 50,00%" in simpul("A.SK1")
    assert "pagu <strong>Rp150</strong> · realisasi Rp100 · serapan 66,67%" in simpul("A.P")
    assert "pagu <strong>Rp350</strong> · realisasi Rp200 · serapan 57,14%" in simpul("K")
    assert "Anggaran 2025" not in simpul("A.SK3")  # no budget entered
    html = client.get("/perencanaan/pohon/?tahun=2025").content.decode()  # the city page sums the deep nodes too
    assert "pagu <strong>Rp350</strong> · realisasi Rp200 · serapan 57,14%" in simpul("K")
    client.force_login(pemeran.operator_b)  # a PD user: the city node sums only what the user may see
    html = client.get("/perencanaan/pohon/?tahun=2025").content.decode()
    assert "pagu <strong>Rp200</strong>" in simpul("K") and f'id="simpul-{p.n["A.SK1"].pk}"' not in html
