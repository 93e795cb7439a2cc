"""The pages of the node and indicator forms (/perencanaan/simpul/..., /perencanaan/indikator/.../ubah/) and
the actions the tree page offers on its nodes: rights (own PD, another PD 404, city nodes by Bagian
Organisasi only, read-only roles 403), refusals shown beside the fields with what the user typed, the
revision reason of a locked node, the stale-version message, the delete confirmation, bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import DokumenRencana, Indikator, PerjanjianKinerja, Sasaran
from nomenklatur.kode import urai_kode
from nomenklatur.models import Nomenklatur
from perangkat_daerah.models import Riwayat
from tests.kinerja import test_simpul
from tests.kinerja.factories import buat_indikator, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
pohon = test_simpul.pohon  # the same small tree (fixture)


def _masuk(client, user):
    client.force_login(user)
    return client


def _isian(pohon, **kw) -> dict:
    nilai = {"kode": "SPA-1", "uraian": "Sasaran program uji", "tingkat": str(pohon.t["sasaran_program"].pk),
             "induk": str(pohon.ss_a.pk), "periode": str(pohon.periode.pk)}  # fmt: skip
    return nilai | kw


def test_new_node_form_offers_own_pd_and_city_parents_only(client, pemeran, pohon):
    html = _masuk(client, pemeran.operator_a).get(f"/perencanaan/simpul/baru/?induk={pohon.ss_a.pk}")
    assert html.status_code == 200
    teks = html.content.decode()
    assert f'<option value="{pohon.ss_a.pk}" selected>' in teks  # the parent of ?induk= is preselected
    assert f'value="{pohon.kota.pk}"' in teks and f'value="{pohon.ss_b.pk}"' not in teks
    assert f'<option value="{pohon.t["sasaran_program"].pk}" selected>' in teks  # a level the parent allows
    assert ">Sasaran RPJMD</option>" not in teks  # city levels are not offered to a PD user
    assert ">Sasaran Strategis</option>" in teks


@pytest.mark.parametrize("peran", ["pimpinan", "inspektorat"])
def test_read_only_roles_get_403_on_every_form(client, pemeran, pohon, peran):
    c = _masuk(client, getattr(pemeran, peran))
    ind = buat_indikator(sasaran=pohon.ss_a, pemda=pemeran.pemda)
    a, k = pohon.ss_a.pk, pohon.kota.pk
    for url in ("/perencanaan/simpul/baru/", f"/perencanaan/simpul/{a}/ubah/", f"/perencanaan/simpul/{k}/ubah/",
                f"/perencanaan/simpul/{a}/hapus/", f"/perencanaan/simpul/{a}/indikator/baru/",
                f"/perencanaan/indikator/{ind.pk}/ubah/"):  # fmt: skip
        assert c.get(url).status_code == 403, url
        assert c.post(url, _isian(pohon)).status_code == 403, url
    assert Sasaran.objects.count() == 3  # nothing was created


def test_another_pds_node_is_404_and_a_city_node_is_for_bagian_organisasi(client, pemeran, pohon):
    c = _masuk(client, pemeran.operator_a)
    ind_b = buat_indikator(sasaran=pohon.ss_b, pemda=pemeran.pemda)
    b = pohon.ss_b.pk
    for url in (f"/perencanaan/simpul/{b}/ubah/", f"/perencanaan/simpul/{b}/hapus/",
                f"/perencanaan/simpul/{b}/indikator/baru/", f"/perencanaan/indikator/{ind_b.pk}/ubah/"):  # fmt: skip
        assert c.get(url).status_code == 404, url
        assert c.post(url, {}).status_code == 404, url
    assert c.get(f"/perencanaan/simpul/{pohon.ss_a.pk}/ubah/").status_code == 200
    org = _masuk(client, pemeran.organisasi)
    assert org.get(f"/perencanaan/simpul/{pohon.kota.pk}/ubah/").status_code == 200
    assert org.get(f"/perencanaan/simpul/{pohon.ss_a.pk}/ubah/").status_code == 403


def test_a_forged_parent_of_another_pd_is_shown_as_a_field_error(client, pemeran, pohon):
    resp = _masuk(client, pemeran.operator_a).post("/perencanaan/simpul/baru/", _isian(pohon, induk=str(pohon.ss_b.pk)))
    assert resp.status_code == 400
    teks = resp.content.decode()
    assert "Induk tidak tersedia: pilih simpul kota atau simpul perangkat daerah Anda sendiri." in teks
    assert 'value="SPA-1"' in teks  # what the user typed is kept
    assert not Sasaran.objects.filter(kode="SPA-1").exists()


def test_every_field_error_is_shown_in_indonesian(client, pemeran, pohon):
    resp = _masuk(client, pemeran.operator_a).post(
        "/perencanaan/simpul/baru/", _isian(pohon, kode="", uraian="", nip="123", kode_nomenklatur="9.9")
    )
    teks = resp.content.decode()
    assert resp.status_code == 400
    assert teks.count("Kolom ini wajib diisi.") == 2
    assert "NIP harus terdiri dari 18 digit angka." in teks
    assert "Periksa isian yang ditandai merah di bawah." in teks


def test_saving_a_node_goes_back_to_it_in_the_tree(client, pemeran, pohon):
    resp = _masuk(client, pemeran.operator_a).post("/perencanaan/simpul/baru/", _isian(pohon))
    baru = Sasaran.objects.get(kode="SPA-1")
    assert resp.status_code == 302
    assert resp["Location"] == f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/#simpul-{baru.pk}"
    resp = _masuk(client, pemeran.organisasi).post(
        f"/perencanaan/simpul/{pohon.kota.pk}/ubah/",
        {"kode": "SK1", "uraian": "Kota baru", "tingkat": str(pohon.t["sasaran_rpjmd"].pk), "versi": "1"},
    )
    assert resp["Location"] == f"/perencanaan/pohon/#simpul-{pohon.kota.pk}"


def test_a_locked_node_shows_the_final_document_and_needs_a_reason(client, pemeran, pohon):
    DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=pohon.periode,
                                  status="final")  # fmt: skip
    c = _masuk(client, pemeran.operator_a)
    url = f"/perencanaan/simpul/{pohon.ss_a.pk}/ubah/"
    teks = c.get(url).content.decode()
    assert "Renstra Dinas A RPJMD 2024–2026 sudah final" in teks and 'name="alasan"' in teks
    isian = {"kode": "SSA", "uraian": "Direvisi", "tingkat": str(pohon.t["sasaran_strategis"].pk),
             "induk": str(pohon.kota.pk), "periode": str(pohon.periode.pk), "versi": "1"}  # fmt: skip
    resp = c.post(url, isian)
    assert resp.status_code == 400
    assert "perubahan ini adalah revisi dan memerlukan alasan" in resp.content.decode()
    assert c.post(url, isian | {"alasan": "Perubahan SOTK"}).status_code == 302
    assert Riwayat.objects.get(aksi="simpul.ubah.revisi", object_id=pohon.ss_a.pk).catatan == "Perubahan SOTK"


def test_a_stale_version_is_a_409_with_the_typed_values_kept(client, pemeran, pohon):
    c = _masuk(client, pemeran.operator_a)
    url = f"/perencanaan/simpul/{pohon.ss_a.pk}/ubah/"
    isian = {"kode": "SSA", "uraian": "Versi pertama", "tingkat": str(pohon.t["sasaran_strategis"].pk),
             "induk": str(pohon.kota.pk), "versi": "1"}  # fmt: skip
    assert c.post(url, isian).status_code == 302
    resp = c.post(url, isian | {"uraian": "Ketikan saya"})
    assert resp.status_code == 409
    teks = resp.content.decode()
    assert "Data ini sudah diubah oleh pengguna lain sejak Anda membukanya." in teks and "Ketikan saya" in teks
    pohon.ss_a.refresh_from_db()
    assert pohon.ss_a.uraian == "Versi pertama"


def test_delete_confirmation_refusal_and_deletion(client, pemeran, pohon):
    c = _masuk(client, pemeran.organisasi)
    teks = c.get(f"/perencanaan/simpul/{pohon.kota.pk}/hapus/").content.decode()
    assert "Simpul ini tidak dapat dihapus:" in teks and "masih memiliki 2 simpul turunan" in teks
    assert "Ya, hapus simpul" not in teks
    resp = c.post(f"/perencanaan/simpul/{pohon.kota.pk}/hapus/", {"versi": "1"})
    assert resp.status_code == 400 and Sasaran.objects.filter(pk=pohon.kota.pk).exists()
    c = _masuk(client, pemeran.operator_b)
    assert "Ya, hapus simpul" in c.get(f"/perencanaan/simpul/{pohon.ss_b.pk}/hapus/").content.decode()
    resp = c.post(f"/perencanaan/simpul/{pohon.ss_b.pk}/hapus/", {"versi": "1"})
    assert resp.status_code == 302 and resp["Location"] == f"/perencanaan/pohon/#simpul-{pohon.kota.pk}"
    assert not Sasaran.objects.filter(pk=pohon.ss_b.pk).exists()
    assert Riwayat.objects.filter(aksi="simpul.hapus", object_id=pohon.ss_b.pk).exists()


def test_indicator_form_lists_the_period_years_and_the_end_of_period_target(client, pemeran, pohon):
    ind = buat_indikator(sasaran=pohon.ss_a, pemda=pemeran.pemda, kode="IKA5")
    buat_target(ind, 2025, nilai="80,5".replace(",", "."))
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025, status="ditetapkan")
    teks = _masuk(client, pemeran.operator_a).get(f"/perencanaan/indikator/{ind.pk}/ubah/").content.decode()
    for tahun in (2024, 2025, 2026):
        assert f'id="target-{tahun}"' in teks
    assert teks.count("target akhir periode") == 1 and teks.index("target akhir periode") > teks.index("2026")
    assert 'value="80,5" disabled' in teks
    assert f'href="/kinerja/pk/{pemeran.pd_a.pk}/2025/"' in teks  # the PK revision page
    assert f'value="{pohon.ik_kota.pk}"' in teks  # the parent node's indicator to relate to


def test_indicator_errors_are_shown_by_field_and_year(client, pemeran, pohon):
    resp = _masuk(client, pemeran.operator_a).post(
        f"/perencanaan/simpul/{pohon.ss_a.pk}/indikator/baru/",
        {"kode": "IKA6", "uraian": "Uji", "satuan": "%", "arah": "naik", "agregasi": "akhir",
         "nilai_maksimum": "100", "target-2024": "101", "induk_indikator": str(pohon.ik_kota.pk)},
    )  # fmt: skip
    teks = resp.content.decode()
    assert resp.status_code == 400
    assert "“101”: paling besar 100% untuk indikator ini." in teks
    assert "Pilih relasi dengan indikator induk (komponen rumus, kontribusi atau sama)." in teks
    assert 'value="101"' in teks and not Indikator.objects.filter(kode="IKA6").exists()


def test_indicator_saved_goes_back_to_its_node(client, pemeran, pohon):
    resp = _masuk(client, pemeran.operator_a).post(
        f"/perencanaan/simpul/{pohon.ss_a.pk}/indikator/baru/",
        {"kode": "IKA7", "uraian": "Uji", "satuan": "%", "arah": "turun", "agregasi": "akhir", "iku": "1",
         "target-2026": "12,5"},
    )  # fmt: skip
    assert resp.status_code == 302 and resp["Location"].endswith(f"#simpul-{pohon.ss_a.pk}")
    ind = Indikator.objects.get(kode="IKA7")
    assert (ind.arah, ind.iku, str(ind.target.get(tahun=2026).nilai)) == ("turun", True, "12.5000")


def test_nomenclature_datalist_is_of_the_levels_kind_and_the_pds_bidang(client, pemeran, pohon):
    for kode, nama in (("1.02.02", "Program kesehatan"), ("1.01.02", "Program pendidikan"),
                       ("1.02.02.2.01", "Kegiatan kesehatan")):  # fmt: skip
        Nomenklatur.objects.create(kode=kode, jenis=urai_kode(kode).jenis, nama=nama, berlaku_sejak="uji",
                                   sumber="contoh")  # fmt: skip
    prog = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=pohon.t["sasaran_program"], induk=pohon.ss_a,
                        kode_nomenklatur="1.02.02")  # fmt: skip
    teks = _masuk(client, pemeran.operator_a).get(f"/perencanaan/simpul/{prog.pk}/ubah/").content.decode()
    assert '<option value="1.02.02">' in teks  # a program code of the PD's bidang urusan
    assert '<option value="1.01.02">' not in teks and '<option value="1.02.02.2.01">' not in teks


def _pohon_besar(pemeran, pohon, n: int) -> None:
    for _ in range(n):
        s = buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=pohon.t["sasaran_program"], induk=pohon.ss_a,
                         periode=pohon.periode)  # fmt: skip
        buat_indikator(sasaran=s, pemda=pemeran.pemda)


@pytest.mark.parametrize("n", [2, 25])
def test_form_pages_and_tree_actions_have_bounded_queries(client, pemeran, pohon, n, django_assert_max_num_queries):
    _pohon_besar(pemeran, pohon, n)
    c = _masuk(client, pemeran.operator_a)
    ind = Indikator.objects.filter(sasaran__perangkat_daerah=pemeran.pd_a).first()
    for url in ("/perencanaan/simpul/baru/", f"/perencanaan/simpul/{pohon.ss_a.pk}/ubah/",
                f"/perencanaan/simpul/{pohon.ss_a.pk}/hapus/", f"/perencanaan/indikator/{ind.pk}/ubah/",
                f"/perencanaan/simpul/{pohon.ss_a.pk}/indikator/baru/"):  # fmt: skip
        with django_assert_max_num_queries(14):
            assert c.get(url).status_code == 200, url


def test_tree_offers_actions_only_where_the_user_has_the_right(client, pemeran, pohon):
    ind = buat_indikator(sasaran=pohon.ss_a, pemda=pemeran.pemda, kode="IKA8")
    tujuan = buat_sasaran(pemeran.pemda, kode="TJ1", tingkat=pohon.t["tujuan"], periode=pohon.periode)
    pohon.kota.induk = tujuan
    pohon.kota.save()
    teks = _masuk(client, pemeran.operator_a).get(f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/").content.decode()
    assert f"/perencanaan/simpul/{pohon.ss_a.pk}/ubah/" in teks
    assert f"/perencanaan/simpul/{pohon.ss_a.pk}/indikator/baru/" in teks
    assert f"/perencanaan/indikator/{ind.pk}/ubah/" in teks and f"/perencanaan/manual/{ind.pk}/" in teks
    assert f"/perencanaan/simpul/{pohon.kota.pk}/ubah/" not in teks  # the city node: read-only for a PD user
    assert f"/perencanaan/simpul/baru/?induk={pohon.kota.pk}" in teks  # …but their sasaran may hang under it
    assert f"/perencanaan/simpul/baru/?induk={tujuan.pk}" not in teks  # no PD level hangs under a tujuan
    assert "Usulkan ke PD" not in teks
    teks = _masuk(client, pemeran.pimpinan).get("/perencanaan/pohon/").content.decode()
    assert "/ubah/" not in teks and "/perencanaan/simpul/baru/" not in teks and f"/perencanaan/manual/{ind.pk}/" in teks
    teks = _masuk(client, pemeran.organisasi).get("/perencanaan/pohon/").content.decode()
    assert f"/perencanaan/simpul/{pohon.kota.pk}/ubah/" in teks and "Usulkan ke PD" in teks
    assert f"/perencanaan/simpul/baru/?induk={tujuan.pk}" in teks  # a city sasaran hangs under it
    assert f"/perencanaan/simpul/{pohon.ss_a.pk}/ubah/" not in teks


def test_tree_actions_do_not_grow_the_query_count(client, pemeran, pohon):
    c = _masuk(client, pemeran.operator_a)
    url = f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/"
    jumlah = []
    for n in (2, 30):
        _pohon_besar(pemeran, pohon, n)
        with CaptureQueriesContext(connection) as q:
            assert "+ Indikator" in c.get(url).content.decode()
        jumlah.append(len(q.captured_queries))
    assert jumlah[0] == jumlah[1]


def _baris_simpul(html: str, sasaran) -> str:
    """A node's line on the tree page: from its list item to the end of its summary (badges, code, text)."""
    awal = html.index(f'id="simpul-{sasaran.pk}"')
    return html[awal : html.index("</summary>", awal)]


def _baris_indikator(html: str, ind) -> str:
    awal = html.index(f'id="indikator-{ind.pk}"')
    return html[awal : html.index("</li>", awal)]


def test_a_nodes_quality_flags_follow_the_writes_of_its_indicators(client, pemeran, pohon):
    """The tree page shows a node's and an indicator's flags as the indicator forms leave them."""
    c = _masuk(client, pemeran.operator_a)
    url = f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/"
    assert "tanpa indikator" in _baris_simpul(c.get(url).content.decode(), pohon.ss_a)
    isian = {"kode": "IKA9", "uraian": "Cakupan layanan", "satuan": "%", "arah": "naik", "agregasi": "akhir"}
    assert c.post(f"/perencanaan/simpul/{pohon.ss_a.pk}/indikator/baru/", isian).status_code == 302
    assert "tanpa indikator" not in _baris_simpul(c.get(url).content.decode(), pohon.ss_a)
    program = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="SPA", tingkat=pohon.t["sasaran_program"],
                           induk=pohon.ss_a, periode=pohon.periode)  # fmt: skip
    kembar = buat_indikator(sasaran=program, pemda=pemeran.pemda, kode="IKP9", uraian="Cakupan layanan")
    ind = Indikator.objects.get(kode="IKA9")
    html = c.get(url).content.decode()
    assert "indikator ganda" in _baris_indikator(html, kembar) and "indikator ganda" in _baris_indikator(html, ind)
    ubah = isian | {"kode": "IKP9", "uraian": "Cakupan program", "versi": str(kembar.versi)}
    assert c.post(f"/perencanaan/indikator/{kembar.pk}/ubah/", ubah).status_code == 302
    html = c.get(url).content.decode()
    assert "indikator ganda" not in _baris_indikator(html, kembar) + _baris_indikator(html, ind)


def test_the_indicator_form_refuses_a_node_the_tree_rule_refuses(client, pemeran, pohon):
    pohon.t["sasaran_strategis"].induk_boleh.remove(pohon.t["sasaran_rpjmd"])
    isian = {"kode": "IKA9", "uraian": "Cakupan layanan", "satuan": "%", "arah": "naik", "agregasi": "akhir"}
    resp = _masuk(client, pemeran.operator_a).post(f"/perencanaan/simpul/{pohon.ss_a.pk}/indikator/baru/", isian)
    assert resp.status_code == 400
    assert "Simpul SSA belum memenuhi aturan pohon kinerja" in resp.content.decode()
    assert not Indikator.objects.filter(kode="IKA9").exists()
