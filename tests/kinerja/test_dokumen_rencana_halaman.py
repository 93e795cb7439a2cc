"""The planning document pages: /perencanaan/rpjmd/ (visi, misi, tujuan and sasaran with yearly and end
targets, edit and "Tetapkan RPJMD"), /perencanaan/renstra/ (the city list), a PD's Renstra and Renja with
their confirmation pages; who sees which button, another PD's page is a 404, fixed query counts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.models import AnggaranSubKegiatan, DokumenRencana, PeriodePerencanaan, Sasaran
from kinerja.services import dokumen_rencana as layanan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from kinerja.services.simpul import simpul_ubah
from perangkat_daerah.access import profil_pengguna
from perangkat_daerah.navigasi import menu_untuk
from tests.factories import Peran, buat_pd, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_target
from tests.kinerja.test_dokumen_rencana import buat_rencana

pytestmark = pytest.mark.django_db


@pytest.fixture
def rencana(pemeran):
    return buat_rencana(pemeran)


def _html(client, user, url) -> str:
    client.force_login(user)
    resp = client.get(url)
    assert resp.status_code == 200, url
    return resp.content.decode()


def _teks(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _final(rencana, pemeran):
    layanan.periode_tetapkan(periode=rencana.periode, oleh=pemeran.organisasi, versi=rencana.periode.versi)


def _renstra_url(pd):
    return reverse("perencanaan:renstra_pd", kwargs={"pd_id": pd.pk})


def _renja_url(pd, tahun=2025):
    return reverse("perencanaan:renja_pd", kwargs={"pd_id": pd.pk, "tahun": tahun})


# --- RPJMD ---------------------------------------------------------------------------------------------


def test_rpjmd_shows_visi_misi_nodes_in_order_with_every_years_target_and_the_end_target(client, pemeran, rencana):
    html = _html(client, pemeran.pimpinan, f"/perencanaan/rpjmd/?periode={rencana.periode.pk}")
    teks = _teks(html)
    assert "Kota yang maju" in teks
    assert re.search(r"<li>Misi satu</li>\s*<li>Misi dua</li>", html)
    assert teks.index("T1 Uraian T1") < teks.index("SR1 Uraian SR1")
    assert "Target akhir periode" in teks and "IKU Kota" in teks
    baris = re.search(r"IKK1.*?</tr>", html, re.S).group(0)
    assert re.findall(r'<td class="angka[^"]*">([^<]*)</td>', baris) == ["70", "71", "72", "73", "74", "75", "75"]
    cabang = _teks(html[html.index("Cabang tematik") :])
    assert "TM1 Uraian TM1" in cabang and "Tema: Kemiskinan" in cabang
    assert "SS1" not in teks  # a PD's node belongs to its Renstra
    assert "Status: Draf" in teks


def test_read_only_roles_see_the_rpjmd_without_buttons(client, pemeran, rencana):
    for user in (pemeran.pimpinan, pemeran.inspektorat, pemeran.operator_a, pemeran.kepala_a):
        html = _html(client, user, "/perencanaan/rpjmd/?tahun=2025")
        assert "Uraian SR1" in html
        assert "Tetapkan RPJMD" not in html and "Ubah visi" not in html, user


def test_bagian_organisasi_gets_edit_and_tetapkan(client, pemeran, rencana):
    html = _html(client, pemeran.organisasi, "/perencanaan/rpjmd/?tahun=2025")
    assert reverse("perencanaan:rpjmd_ubah", kwargs={"periode_id": rencana.periode.pk}) in html
    assert reverse("perencanaan:rpjmd_tetapkan", kwargs={"periode_id": rencana.periode.pk}) in html


def test_another_pemdas_or_a_malformed_period_is_404(client, pemeran, rencana):
    lain = PeriodePerencanaan.objects.create(pemda=pemeran.pemda_lain, tahun_mulai=2021, tahun_akhir=2026)
    client.force_login(pemeran.organisasi)
    assert client.get(f"/perencanaan/rpjmd/?periode={lain.pk}").status_code == 404
    assert client.get("/perencanaan/rpjmd/?periode=abc").status_code == 404
    assert client.get(reverse("perencanaan:rpjmd_ubah", kwargs={"periode_id": lain.pk})).status_code == 404
    assert client.post(reverse("perencanaan:rpjmd_tetapkan", kwargs={"periode_id": lain.pk}),
                       {"versi": 1}).status_code == 404  # fmt: skip
    lain.refresh_from_db()
    assert lain.status == "draf"


def test_visi_misi_form_saves_refuses_stale_and_asks_a_reason_once_final(client, pemeran, rencana):
    url = reverse("perencanaan:rpjmd_ubah", kwargs={"periode_id": rencana.periode.pk})
    client.force_login(pemeran.organisasi)
    assert client.post(url, {"visi": "Visi baru", "misi": "M1\nM2", "versi": 1}).status_code == 302
    basi = client.post(url, {"visi": "Ketikan saya", "misi": "M1", "versi": 1})
    assert basi.status_code == 409 and "Ketikan saya" in basi.content.decode()
    rencana.periode.refresh_from_db()
    assert (rencana.periode.visi, rencana.periode.misi, rencana.periode.versi) == ("Visi baru", "M1\nM2", 2)
    _final(rencana, pemeran)
    assert "Alasan revisi" in _html(client, pemeran.organisasi, url)
    tanpa = client.post(url, {"visi": "Visi revisi", "misi": "M1", "versi": 3})
    assert tanpa.status_code == 400 and "memerlukan alasan" in tanpa.content.decode()
    assert (
        client.post(url, {"visi": "Visi revisi", "misi": "M1", "versi": 3, "alasan": "Perda 5/2024"}).status_code == 302
    )
    html = _html(client, pemeran.organisasi, f"/perencanaan/rpjmd/?periode={rencana.periode.pk}")
    assert "Revisi visi/misi" in html and "Perda 5/2024" in html and "1 revisi tercatat" in html


def test_pimpinan_cannot_edit_or_set_the_rpjmd_final(client, pemeran, rencana):
    client.force_login(pemeran.pimpinan)
    for nama in ("perencanaan:rpjmd_ubah", "perencanaan:rpjmd_tetapkan"):
        url = reverse(nama, kwargs={"periode_id": rencana.periode.pk})
        assert client.get(url).status_code == 403
        assert client.post(url, {"visi": "X", "misi": "", "versi": 1}).status_code == 403
    rencana.periode.refresh_from_db()
    assert (rencana.periode.status, rencana.periode.visi) == ("draf", "Kota yang maju")


def test_tetapkan_rpjmd_confirms_what_locks_then_sets_final(client, pemeran, rencana):
    url = reverse("perencanaan:rpjmd_tetapkan", kwargs={"periode_id": rencana.periode.pk})
    teks = _teks(_html(client, pemeran.organisasi, url))
    assert "simpul kota periode ini" in teks and "indikator simpul-simpul itu" in teks
    assert client.post(url, {"versi": 1}).status_code == 302
    rencana.periode.refresh_from_db()
    assert rencana.periode.status == "final"
    html = _html(client, pemeran.organisasi, "/perencanaan/rpjmd/?tahun=2025")
    assert "Tetapkan RPJMD" not in html and "RPJMD ditetapkan" in html  # no way back, only revisions
    assert "Ubah visi" in html


# --- Renstra and Renja -----------------------------------------------------------------------------------


def test_renstra_shows_the_pds_nodes_in_order_with_targets_and_the_city_sasaran(client, pemeran, rencana):
    teks = _teks(_html(client, pemeran.operator_a, _renstra_url(pemeran.pd_a) + "?tahun=2025"))
    urutan = [teks.index(f"{k} Uraian {k}") for k in ("SS1", "SP1", "SK1", "SUB1")]
    assert urutan == sorted(urutan)
    assert "Mendukung sasaran kota: SR1 Uraian SR1" in teks
    assert "Belum ada dokumen (draf)" in teks and "Target akhir periode" in teks
    assert "Tetapkan Renstra" not in teks  # an operator reads only


def test_the_kepala_is_told_why_the_renstra_cannot_be_set_yet_then_gets_the_button(client, pemeran, rencana):
    teks = _teks(_html(client, pemeran.kepala_a, _renstra_url(pemeran.pd_a) + "?tahun=2025"))
    assert "Belum dapat ditetapkan: RPJMD 2021–2026 belum ditetapkan" in teks
    _final(rencana, pemeran)
    html = _html(client, pemeran.kepala_a, _renstra_url(pemeran.pd_a) + "?tahun=2025")
    assert "Tetapkan Renstra" in html
    assert reverse("perencanaan:renstra_tetapkan", kwargs={"pd_id": pemeran.pd_a.pk}) in html


def test_another_pds_renstra_and_renja_are_404(client, pemeran, rencana):
    _final(rencana, pemeran)
    kepala_b = buat_pengguna(pemeran.pemda, Peran.KEPALA_PD, pemeran.pd_b)
    for user in (pemeran.operator_b, kepala_b):
        client.force_login(user)
        tetapkan = [
            reverse("perencanaan:renstra_tetapkan", kwargs={"pd_id": pemeran.pd_a.pk}),
            reverse("perencanaan:renja_tetapkan", kwargs={"pd_id": pemeran.pd_a.pk, "tahun": 2025}),
        ]
        for url in [_renstra_url(pemeran.pd_a), _renja_url(pemeran.pd_a), *tetapkan]:
            assert client.get(url).status_code == 404, url
            if "tetapkan" in url:
                assert client.post(url, {"periode": rencana.periode.pk}).status_code == 404, url
    assert not DokumenRencana.objects.exists()


def test_kepala_sets_the_renstra_final_after_the_confirmation(client, pemeran, rencana):
    _final(rencana, pemeran)
    url = reverse("perencanaan:renstra_tetapkan", kwargs={"pd_id": pemeran.pd_a.pk})
    teks = _teks(_html(client, pemeran.kepala_a, url + "?tahun=2025"))
    assert "5 simpul perangkat daerah ini" in teks and "target akhir periode" in teks
    client.force_login(pemeran.organisasi)
    assert client.post(url, {"periode": rencana.periode.pk}).status_code == 403  # the kepala PD's act
    client.force_login(pemeran.kepala_a)
    resp = client.post(url, {"periode": rencana.periode.pk, "versi": "", "catatan": "Perwal 3/2021"})
    assert resp.status_code == 302 and resp.url.startswith(_renstra_url(pemeran.pd_a))
    d = DokumenRencana.objects.get(jenis="renstra")
    assert (d.status, d.ditetapkan_oleh, d.catatan) == ("final", pemeran.kepala_a, "Perwal 3/2021")
    teks = _teks(_html(client, pemeran.pimpinan, _renstra_url(pemeran.pd_a) + "?tahun=2025"))
    assert "Status: Final" in teks and "Renstra ditetapkan" in teks and "Perwal 3/2021" in teks
    client.force_login(pemeran.kepala_a)
    again = client.post(url, {"periode": rencana.periode.pk, "versi": d.versi})
    assert again.status_code == 400 and "sudah final" in again.content.decode()


def test_a_revision_of_a_node_shows_in_the_renstra_history(client, pemeran, rencana):
    _final(rencana, pemeran)
    layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                     oleh=pemeran.kepala_a, versi=None)  # fmt: skip
    node = rencana.program
    nilai = {"kode": "SP1", "uraian": "Program baru", "induk": str(node.induk_id), "tingkat": str(node.tingkat_id),
             "periode": str(node.periode_id)}  # fmt: skip
    simpul_ubah(sasaran=node, oleh=pemeran.operator_a, nilai=nilai, versi=node.versi,
                alasan="Hasil reviu Inspektorat")  # fmt: skip
    teks = _teks(_html(client, pemeran.operator_a, _renstra_url(pemeran.pd_a) + "?tahun=2025"))
    assert "1 revisi tercatat" in teks and "Revisi simpul · SP1" in teks and "Hasil reviu Inspektorat" in teks
    assert "Revisi Renstra dicatat" in teks


def test_renja_shows_the_years_targets_and_pagu_rolled_up_with_a_total(client, pemeran, rencana):
    teks = _teks(_html(client, pemeran.operator_a, _renja_url(pemeran.pd_a)))
    assert "SS1 Uraian" not in teks  # the Renja starts at the programme
    urutan = [teks.index(f"{k} Uraian {k}") for k in ("SP1", "SK1", "SUB1", "SUB2")]
    assert urutan == sorted(urutan)
    assert re.search(r"SUB1 Uraian SUB1 1\.500\.000", teks)
    assert re.search(r"SUB2 Uraian SUB2 —", teks)
    assert re.search(r"SP1 Uraian SP1 1\.500\.000", teks)  # rolled up to the programme
    assert "Total pagu sub kegiatan 1.500.000" in teks
    assert "Target 2025" in teks and re.search(r"I-SUB1 Indikator uji \d+ % 14 ", teks)


def test_kepala_sets_the_renja_final_and_the_confirmation_names_the_budgets(client, pemeran, rencana):
    _final(rencana, pemeran)
    url = reverse("perencanaan:renja_tetapkan", kwargs={"pd_id": pemeran.pd_a.pk, "tahun": 2025})
    teks = _teks(_html(client, pemeran.kepala_a, url))
    assert "Belum dapat ditetapkan: Renstra perangkat daerah ini" in teks
    layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                     oleh=pemeran.kepala_a, versi=None)  # fmt: skip
    teks = _teks(_html(client, pemeran.kepala_a, url))
    assert "pagu seluruh sub kegiatan perangkat daerah ini untuk tahun 2025 (total saat ini Rp 1.500.000)" in teks
    resp = client.post(url, {"versi": ""}, follow=True)
    assert "Renja ditetapkan; pagu sub kegiatan tahun ini kini terkunci." in resp.content.decode()
    d = DokumenRencana.objects.get(jenis="renja")
    assert (d.tahun, d.status, d.periode) == (2025, "final", rencana.periode)


def test_the_city_list_shows_each_pds_documents_and_pd_users_go_to_their_own(client, pemeran, rencana):
    _final(rencana, pemeran)
    layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                     oleh=pemeran.kepala_a, versi=None)  # fmt: skip
    html = _html(client, pemeran.inspektorat, "/perencanaan/renstra/?tahun=2025")
    assert "Renstra final: 1 dari 2 perangkat daerah · Renja 2025 final: 0 dari 2." in _teks(html)
    baris_a = re.search(r">Dinas A</a></td>.*?</tr>", html, re.S).group(0)
    assert "Final" in baris_a and "Belum ada dokumen (draf)" in baris_a and _renja_url(pemeran.pd_a) in baris_a
    assert "Dinas B" in html and "Dinas L" not in html
    client.force_login(pemeran.operator_b)
    resp = client.get("/perencanaan/renstra/")
    assert resp.status_code == 302 and resp.url == _renstra_url(pemeran.pd_b)


def test_the_menu_leads_city_roles_to_the_rpjmd_and_pd_staff_to_their_renstra(client, pemeran, rencana):
    kota, pd = "/perencanaan/rpjmd/", "/perencanaan/renstra/"
    for user, url in ((pemeran.organisasi, kota), (pemeran.pimpinan, kota), (pemeran.operator_a, pd),
                      (pemeran.kepala_a, pd)):  # fmt: skip
        rencana_menu = [m["url"] for m in menu_untuk(profil_pengguna(user), "/") if str(m["label"]) == "Rencana"]
        assert rencana_menu == [url]
        client.force_login(user)
        assert client.get(url, follow=True).status_code == 200


def test_pages_without_a_period_say_so(client, pemeran):
    for url in ("/perencanaan/rpjmd/", _renstra_url(pemeran.pd_a), _renja_url(pemeran.pd_a)):
        assert "Belum ada periode perencanaan" in _html(client, pemeran.organisasi, url)


# --- query counts ----------------------------------------------------------------------------------------


def _tambah_cabang(pemeran, rencana, n: int) -> None:
    """`n` more programme → kegiatan → sub kegiatan branches of PD A (with indicators, targets, a pagu) and
    `n` more city sasaran."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    for i in range(n):
        dasar = {"pemda": pemeran.pemda, "periode": rencana.periode}
        kota = Sasaran.objects.create(**dasar, kode=f"SRX{i}", uraian="x", tingkat=t["sasaran_rpjmd"],
                                      induk=rencana.tujuan)  # fmt: skip
        simpul = rencana.strategis
        for tingkat in ("sasaran_program", "sasaran_kegiatan", "sub_kegiatan"):
            simpul = Sasaran.objects.create(**dasar, perangkat_daerah=pemeran.pd_a, kode=f"{tingkat}{i}",
                                            uraian="x", tingkat=t[tingkat], induk=simpul)  # fmt: skip
        for s in (kota, simpul):
            ind = buat_indikator(s.perangkat_daerah, sasaran=s, pemda=pemeran.pemda)
            for tahun in (2025, 2026):
                buat_target(ind, tahun, nilai=1)
        AnggaranSubKegiatan.objects.create(sasaran=simpul, tahun=2025, pagu=Decimal(10))


@pytest.mark.parametrize("tambah", [0, 12])
def test_page_queries_do_not_grow_with_the_nodes(client, pemeran, rencana, django_assert_max_num_queries, tambah):
    _final(rencana, pemeran)
    layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                     oleh=pemeran.kepala_a, versi=None)  # fmt: skip
    _tambah_cabang(pemeran, rencana, tambah)
    buat_pd(pemeran.pemda, nama="Dinas C")
    client.force_login(pemeran.kepala_a)
    client.get("/perencanaan/rpjmd/?tahun=2025")  # session and content types warmed
    # measured: 10, 9 and 13 queries (session, user and profile included), the same for 1 or 13 branches
    for url, maks in (("/perencanaan/rpjmd/?tahun=2025", 11), (_renstra_url(pemeran.pd_a) + "?tahun=2025", 10),
                      (_renja_url(pemeran.pd_a), 14)):  # fmt: skip
        with django_assert_max_num_queries(maks):
            assert client.get(url).status_code == 200
    client.force_login(pemeran.organisasi)
    client.get("/perencanaan/renstra/?tahun=2025")
    with django_assert_max_num_queries(6):
        assert client.get("/perencanaan/renstra/?tahun=2025").status_code == 200


def test_a_pagu_change_after_the_final_renja_is_a_revision_on_the_renja_page(client, pemeran, rencana):
    from kinerja.services.anggaran_sub_kegiatan import anggaran_sub_kegiatan_simpan

    _final(rencana, pemeran)
    for jenis, tahun in (("renstra", None), ("renja", 2025)):
        layanan.dokumen_rencana_tetapkan(jenis=jenis, perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                         tahun=tahun, oleh=pemeran.kepala_a, versi=None)  # fmt: skip
    ada = AnggaranSubKegiatan.objects.get(sasaran=rencana.sub, tahun=2025)
    anggaran_sub_kegiatan_simpan(oleh=pemeran.organisasi, sasaran=rencana.sub, tahun=2025, pagu="2.000.000",
                                 realisasi={}, versi=ada.versi, alasan="APBD Perubahan 2025")  # fmt: skip
    teks = _teks(_html(client, pemeran.kepala_a, _renja_url(pemeran.pd_a)))
    assert "1 revisi tercatat" in teks and "Revisi pagu sub kegiatan · SUB1 2025" in teks
    assert "APBD Perubahan 2025" in teks and "Total pagu sub kegiatan 2.000.000" in teks
