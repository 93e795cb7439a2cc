"""The performance tree pages: who sees which nodes, the filters, the formula parent, the query count."""

from __future__ import annotations

import pytest

from kinerja.models import Indikator, Realisasi
from kinerja.services.pohon import tingkat_bawaan_pastikan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
POHON = "/perencanaan/pohon/?tahun=2025"


def _pohon_pd(pd) -> str:
    return f"/perencanaan/pohon/pd/{pd.pk}/?tahun=2025"


@pytest.fixture
def pohon(pemeran):
    """A city sasaran with a city indicator computed (rumus) from one indicator of PD A and one of PD B;
    a city node with no PD under it; another pemda's node."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    kota = buat_sasaran(pemeran.pemda, kode="K.S1", uraian="Meningkatnya kesejahteraan", tingkat=t["sasaran_rpjmd"])
    buat_sasaran(pemeran.pemda, kode="K.S9", uraian="Sasaran kota yatim", tingkat=t["sasaran_rpjmd"])
    iku = buat_indikator(sasaran=kota, kode="IKU-1", uraian="Jumlah layanan", satuan="layanan")
    buat_target(iku, 2025, nilai="300")
    a = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", uraian="Layanan A naik", induk=kota,
                     tingkat=t["sasaran_strategis"])  # fmt: skip
    b = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B.S1", uraian="Layanan B naik", induk=kota,
                     tingkat=t["sasaran_strategis"])  # fmt: skip
    for s, nilai in ((a, "120.5"), (b, "99.25")):
        ind = buat_indikator(sasaran=s, kode=f"{s.kode}.1", satuan="layanan", induk_indikator=iku, relasi_induk="rumus")
        buat_target(ind, 2025, nilai="150")
        buat_realisasi(ind, 2025, 1, nilai=nilai, status=Realisasi.Status.DIVERIFIKASI)
    buat_sasaran(pemeran.pemda_lain, kode="L.S1", uraian="Sasaran pemda lain")
    return pemeran


def test_city_roles_see_every_node_with_the_formula_parent_computed(client, pohon):
    client.force_login(pohon.pimpinan)
    resp = client.get(POHON)
    html = resp.content.decode()
    assert resp.status_code == 200
    for teks in ("K.S1", "K.S9", "A.S1", "B.S1", "Sasaran Strategis", "Sasaran RPJMD"):
        assert teks in html
    assert "L.S1" not in html
    assert "dihitung dari 2 indikator turunan: 219,75 layanan" in html
    assert "73,25%" in html  # 219,75 ÷ 300
    assert "Komponen rumus" in html


def test_pd_user_sees_own_branch_and_the_city_nodes_above_it_only(client, pohon):
    client.force_login(pohon.operator_a)
    html = client.get(POHON).content.decode()
    assert "A.S1" in html and "K.S1" in html
    assert "B.S1" not in html and "K.S9" not in html and "L.S1" not in html
    # the city value is the formula over all its children, as the city sees it
    assert "dihitung dari 2 indikator turunan: 219,75 layanan" in html


def test_another_pds_branch_page_is_not_found_for_pd_users(client, pohon):
    client.force_login(pohon.kepala_a)
    assert client.get(_pohon_pd(pohon.pd_b)).status_code == 404
    assert client.get(_pohon_pd(pohon.pd_lain)).status_code == 404
    html = client.get(_pohon_pd(pohon.pd_a)).content.decode()
    assert "A.S1" in html and "K.S1" in html and "B.S1" not in html


def test_city_roles_open_one_pds_branch_with_the_city_nodes_above_it(client, pohon):
    client.force_login(pohon.organisasi)
    html = client.get(_pohon_pd(pohon.pd_b)).content.decode()
    assert "B.S1" in html and "K.S1" in html and "A.S1" not in html and "K.S9" not in html
    assert client.get(_pohon_pd(pohon.pd_lain)).status_code == 404


def test_filters_by_pd_level_and_text_keep_the_ancestors(client, pohon):
    client.force_login(pohon.organisasi)
    html = client.get(f"{POHON}&pd={pohon.pd_b.pk}").content.decode()
    assert "B.S1" in html and "K.S1" in html and "A.S1" not in html and "K.S9" not in html
    html = client.get(f"{POHON}&tingkat=sasaran_rpjmd").content.decode()
    assert "K.S1" in html and "K.S9" in html and "A.S1" not in html
    html = client.get(f"{POHON}&cari=yatim").content.decode()
    assert "K.S9" in html and "K.S1" not in html
    assert "1 simpul cocok" in html


def test_a_malformed_filter_is_ignored_not_an_error(client, pohon):
    client.force_login(pohon.organisasi)
    resp = client.get(f"{POHON}&pd=abc&tingkat=tidak-ada&cari=%00x")
    assert resp.status_code == 200
    assert "Tidak ada simpul yang cocok" in resp.content.decode()


def test_the_tree_is_not_writable(client, pohon):
    client.force_login(pohon.organisasi)
    assert client.post(POHON).status_code == 405
    assert client.post(_pohon_pd(pohon.pd_a)).status_code == 405


def _jumlah_kueri(n: int, pemeran, client, django_assert_max_num_queries) -> int:
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    kota = buat_sasaran(pemeran.pemda, kode=f"K{n}", tingkat=t["sasaran_rpjmd"])
    induk_ind = buat_indikator(sasaran=kota, kode=f"K{n}.1")
    for i in range(n):
        s = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode=f"N{n}-{i}", induk=kota, tingkat=t["sasaran_strategis"])
        ind = buat_indikator(sasaran=s, kode=f"N{n}-{i}.1", induk_indikator=induk_ind, relasi_induk="rumus")
        buat_target(ind, 2025, nilai=100)
        buat_realisasi(ind, 2025, 1, nilai=50, status=Realisasi.Status.DIVERIFIKASI)
    client.force_login(pemeran.operator_a)
    with django_assert_max_num_queries(20) as ctx:
        assert client.get(POHON).status_code == 200
    return len(ctx.captured_queries)


def test_tree_page_query_count_does_not_grow_with_nodes(client, pemeran, django_assert_max_num_queries):
    tiga = _jumlah_kueri(3, pemeran, client, django_assert_max_num_queries)
    Indikator.objects.all().delete()
    tiga_puluh = _jumlah_kueri(30, pemeran, client, django_assert_max_num_queries)
    assert tiga == tiga_puluh, (tiga, tiga_puluh)
    assert tiga <= 14  # session, user, profil, layout, and the seven of halaman_pohon
