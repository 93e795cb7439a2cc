"""The tree pages as shown (kinerja/selectors/pohon_tampil.py) and their cache (pohon_tembolok.py): every write
shows on the next view, a cached page is never shared across roles or PDs, the flat rows keep the nested
markup, and the city page, its PD filter and a PD's page take a fixed number of queries, built or cached."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import F

from evaluasi.models import Evaluasi
from kinerja.models import PerjanjianKinerja, Realisasi, RencanaAksi, Sasaran, Target, TingkatPohon
from kinerja.models_manual import ManualIK
from kinerja.selectors import pohon_tembolok
from kinerja.services.anggaran_sub_kegiatan import anggaran_sub_kegiatan_simpan
from kinerja.services.manual import manual_simpan
from kinerja.services.realisasi import realisasi_verifikasi
from kinerja.services.simpul import simpul_ubah
from perangkat_daerah.models import PerangkatDaerah, Riwayat
from perangkat_daerah.services import riwayat_catat
from tests.kinerja.factories import buat_sasaran, buat_target
from tests.kinerja.test_mutu_pohon import TAHUN, _ind, _tumbuh, pohon_bersih

pytestmark = pytest.mark.django_db
POHON = f"/perencanaan/pohon/?tahun={TAHUN}"


@pytest.fixture
def bersih(pemeran):
    return pohon_bersih(pemeran)


def _pd(pohon) -> str:
    return f"/perencanaan/pohon/pd/{pohon.p.pd_a.pk}/?tahun={TAHUN}"


def _get(client, url: str) -> str:
    resp = client.get(url)
    assert resp.status_code == 200
    return resp.content.decode()


def test_a_node_edit_shows_on_the_next_view_of_every_tree_page(client, bersih):
    client.force_login(bersih.p.organisasi)
    urls = (POHON, f"{POHON}&pd={bersih.p.pd_a.pk}", _pd(bersih))
    for url in urls:
        assert "Sasaran A yang baru" not in _get(client, url)
    s = bersih.strategis
    nilai = {"kode": s.kode, "uraian": "Sasaran A yang baru", "tingkat": str(s.tingkat_id), "induk": str(s.induk_id)}
    simpul_ubah(sasaran=s, oleh=bersih.p.operator_a, nilai=nilai, versi=s.versi)
    for url in urls:
        assert "Sasaran A yang baru" in _get(client, url)


def test_a_write_committed_after_a_newer_history_row_shows_on_the_next_view(client, bersih):
    """A service's history id is taken when it writes and seen when its transaction commits: a node edit that
    commits after a newer history row of its kind still shows on every tree page (`sakip.lib.kueri.riwayat_terbaru`;
    the highest id alone stayed put, and the page read in between was served stale until the next write)."""
    p, s = bersih.p, bersih.strategis
    client.force_login(p.organisasi)
    ct = ContentType.objects.get_for_model(Sasaran)
    telat, _ = (Riwayat.objects.create(pemda=p.pemda, content_type=ct, object_id=s.pk, aksi="simpul.ubah")
                for _ in range(2))  # fmt: skip
    Riwayat.objects.filter(pk=telat.pk).delete()  # written, not yet committed: no reader sees it
    urls = (POHON, f"{POHON}&pd={p.pd_a.pk}", _pd(bersih))
    for url in urls:
        assert "Sasaran A yang baru" not in _get(client, url)
    # the edit of that transaction (`perbarui_berversi`), then its commit, below the newest history row
    Sasaran.objects.filter(pk=s.pk).update(uraian="Sasaran A yang baru", versi=F("versi") + 1)
    Riwayat.objects.bulk_create([telat])
    for url in urls:
        assert "Sasaran A yang baru" in _get(client, url)


def test_a_manual_written_clears_its_flag_and_moves_the_figure_at_once(client, bersih):
    tanpa = _ind(bersih.program, manual=False, kode="A1.P.2", uraian="Indikator program kedua")
    client.force_login(bersih.p.organisasi)
    sebelum = _get(client, _pd(bersih))
    assert f'id="indikator-{tanpa.pk}"' in sebelum and "belum ada manual" in sebelum
    nilai = {"definisi": "Definisi operasional.", "jenis": ManualIK.Jenis.OUTCOME, "periode_pelaporan": "tahunan"}
    manual_simpan(indikator=tanpa, oleh=bersih.p.operator_a, nilai=nilai, versi=None)
    sesudah = _get(client, _pd(bersih))
    assert "belum ada manual" not in sesudah
    assert "100,00%" in sesudah and "100,00%" not in sebelum


def test_a_budget_saved_shows_on_the_branch_at_once(client, bersih):
    client.force_login(bersih.p.organisasi)
    assert "1.000.000" in _get(client, _pd(bersih))
    anggaran_sub_kegiatan_simpan(oleh=bersih.p.organisasi, sasaran=bersih.sub, tahun=TAHUN, pagu=Decimal(2_500_000),
                                 realisasi={}, versi=1)  # fmt: skip
    html = _get(client, _pd(bersih))
    assert "2.500.000" in html and "1.000.000" not in html


def test_a_node_deleted_outside_the_services_is_gone_at_once(client, bersih):
    p = bersih.p
    lepas = buat_sasaran(p.pemda, p.pd_a, kode="A1.K9", induk=bersih.program, tingkat=bersih.t["sasaran_kegiatan"])
    client.force_login(p.organisasi)
    assert f'id="simpul-{lepas.pk}"' in _get(client, _pd(bersih))
    Sasaran.objects.filter(pk=lepas.pk).delete()  # no history row, no new id: the node count moves
    assert f'id="simpul-{lepas.pk}"' not in _get(client, _pd(bersih))


def test_a_cached_page_is_not_shared_across_roles_or_pds(client, bersih):
    ubah = f"/perencanaan/simpul/{bersih.kota.pk}/ubah/"
    client.force_login(bersih.p.organisasi)
    html = _get(client, POHON)
    assert ubah in html and f"/perencanaan/usulan/baru/?induk={bersih.kota.pk}" in html  # proposes from that node
    client.force_login(bersih.p.pimpinan)  # same data, same URL: read-only
    assert "/ubah/" not in _get(client, POHON)
    client.force_login(bersih.p.operator_a)
    assert "A1.S" in _get(client, POHON)
    client.force_login(bersih.p.operator_b)  # another PD's staff: not PD A's branch
    assert "A1.S" not in _get(client, POHON) and "A1.P" not in _get(client, POHON)


class _Induk(HTMLParser):
    """The id of each node's nearest enclosing node (li.simpul), from the page's markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tumpuk: list[str | None] = []
        self.induk: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            a = dict(attrs)
            simpul = a.get("id") if "simpul" in (a.get("class") or "").split() else None
            if simpul:
                self.induk[simpul] = next((s for s in reversed(self.tumpuk) if s), None)
            self.tumpuk.append(simpul)

    def handle_endtag(self, tag):
        if tag == "li":
            self.tumpuk.pop()


def test_the_flat_rows_keep_each_node_inside_its_parent(client, bersih):
    lain = _ind(bersih.kegiatan, kode="A1.K.2")  # a second indicator: its list item must close too
    assert lain
    client.force_login(bersih.p.organisasi)
    html = _get(client, _pd(bersih))
    p = _Induk()
    p.feed(html)
    assert p.tumpuk == []  # every <li> closed
    b = bersih
    rantai = [b.kota, b.strategis, b.program, b.kegiatan, b.sub]
    for atas, bawah in zip(rantai, rantai[1:], strict=False):
        assert p.induk[f"simpul-{bawah.pk}"] == f"simpul-{atas.pk}"
    assert p.induk[f"simpul-{b.kota.pk}"] is None


@pytest.mark.parametrize("halaman", ["kota", "saring-pd", "pd"])
def test_tree_pages_take_a_fixed_number_of_queries_built_or_cached(
    client, bersih, halaman, django_assert_max_num_queries
):
    url = {"kota": POHON, "saring-pd": f"{POHON}&pd={bersih.p.pd_a.pk}", "pd": _pd(bersih)}[halaman]
    client.force_login(bersih.p.organisasi)
    client.get("/")

    def hitung(batas: int) -> int:
        with django_assert_max_num_queries(batas) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    # cached: the session's user, the profile, the fingerprint (and on a PD's page the PD and its invitations)
    dibangun, tersimpan = hitung(12), hitung(5 if halaman == "pd" else 3)
    _tumbuh(bersih, 30, "X")
    # rebuilt after the write: never more (the city page, by branch, keeps its periods and levels: fewer)
    assert hitung(dibangun) <= dibangun and hitung(tersimpan) == tersimpan


def _kota(bersih) -> tuple[str, str, str]:
    """The tree pages a city role opens: the summarised city, its PD filter and one PD's branch."""
    return POHON, f"{POHON}&pd={bersih.p.pd_a.pk}", _pd(bersih)


def _tanpa_csrf(html: str) -> str:
    """A page without its CSRF tokens (a new one once the cache, which holds the session, is cleared)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", html)


def _verifikasi_siap(bersih, nilai: str) -> Realisasi:
    ind = bersih.strategis.indikator.get()  # rendered on the city page (the PD's entry level)
    return Realisasi.objects.create(indikator=ind, tahun=TAHUN, triwulan=1, nilai=Decimal(nilai), status="diajukan")


def test_a_realisation_verified_shows_at_once_from_the_kept_page_without_measures(client, bersih):
    r = _verifikasi_siap(bersih, "4321")
    client.force_login(bersih.p.organisasi)
    for url in _kota(bersih):
        assert "4.321,00" not in _get(client, url)
    sebelum = pohon_tembolok.sidik(pemda_id=bersih.p.pemda.pk)
    realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=bersih.p.organisasi)
    sesudah = pohon_tembolok.sidik(pemda_id=bersih.p.pemda.pk)
    assert sesudah.halaman != sebelum.halaman and sesudah.kerangka == sebelum.kerangka
    dari_kerangka = [_get(client, url) for url in _kota(bersih)]
    assert all("4.321,00" in html for html in dari_kerangka)
    cache.clear()  # the same pages rebuilt from nothing: the kept level gives exactly what a rebuild gives
    assert [_tanpa_csrf(_get(client, url)) for url in _kota(bersih)] == [_tanpa_csrf(h) for h in dari_kerangka]


def test_a_target_written_with_its_history_row_shows_at_once(client, bersih):
    """As the target import writes them (`_riwayat_massal`: rows in bulk, one history row each): the pemda's
    history moves the measures. (A child row created with no history at all is not seen: pohon_tembolok.)"""
    client.force_login(bersih.p.organisasi)
    assert _get(client, POHON).count("<dd>Target 2025 belum ada</dd>") == 2
    sebelum = pohon_tembolok.sidik(pemda_id=bersih.p.pemda.pk)
    for s in (bersih.kota, bersih.strategis):
        t = buat_target(s.indikator.get(), TAHUN, nilai="8765")
        riwayat_catat(obj=t, pemda_id=bersih.p.pemda.pk, aksi="target.impor", oleh=None, sebelum=None, sesudah={})
    assert pohon_tembolok.sidik(pemda_id=bersih.p.pemda.pk).kerangka == sebelum.kerangka
    html = _get(client, POHON)
    assert "<dd>Target 2025 belum ada</dd>" not in html and html.count("<dd>8.765%</dd>") == 2


def test_tree_writes_rebuild_the_page_without_measures(client, bersih):
    """A manual, a node, a budget: each moves the fingerprint of the page without its measures (which holds
    the quality flags, the counts of deeper nodes, the budgets), and its flag, count or sum shows."""
    tanpa = _ind(bersih.strategis, manual=False, kode="A1.2", uraian="Indikator sasaran kedua")
    client.force_login(bersih.p.organisasi)
    html = _get(client, POHON)
    assert f'id="indikator-{tanpa.pk}"' in html and "belum ada manual" in html
    assert "3 simpul turunan" in html and "4 simpul turunan" not in html  # program, kegiatan, sub kegiatan
    p, sidik = bersih.p, lambda: pohon_tembolok.sidik(pemda_id=bersih.p.pemda.pk).kerangka
    awal = sidik()
    nilai = {"definisi": "Definisi operasional.", "jenis": ManualIK.Jenis.OUTCOME, "periode_pelaporan": "tahunan"}
    manual_simpan(indikator=tanpa, oleh=p.operator_a, nilai=nilai, versi=None)
    assert sidik() != awal and "belum ada manual" not in _get(client, POHON)
    lepas = buat_sasaran(p.pemda, p.pd_a, kode="A1.K9", induk=bersih.program, tingkat=bersih.t["sasaran_kegiatan"])
    assert sidik() != awal and "4 simpul turunan" in _get(client, POHON) and lepas  # a fourth below A1
    anggaran_sub_kegiatan_simpan(oleh=p.organisasi, sasaran=bersih.sub, tahun=TAHUN, pagu=Decimal(2_500_000),
                                 realisasi={}, versi=1)  # fmt: skip
    html = _get(client, POHON)
    assert "2.500.000" in html and "1.000.000" not in html


def test_a_realisation_rebuilds_the_tree_pages_in_fewer_queries(client, bersih, django_assert_max_num_queries):
    r = _verifikasi_siap(bersih, "12")
    client.force_login(bersih.p.organisasi)
    client.get("/")

    def hitung(url: str, batas: int) -> int:
        with django_assert_max_num_queries(batas) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    dibangun = {url: hitung(url, 12) for url in _kota(bersih)}
    realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=bersih.p.organisasi)
    # the page without its measures is kept: two queries (indicators with the year's target, realisations)
    # replace the build's (the scope's nodes, budgets, indicators, contributors, levels, periods, measures, actions)
    sesudah = {url: hitung(url, 12) for url in _kota(bersih)}
    # the filtered city page (`?pd=`) is composed from the groups' summaries the unfiltered page built just
    # before: its build read only the PD's rows (three queries), its period and levels were kept, and the groups'
    # fingerprints the unfiltered page read under the same page fingerprint (`sidik_tersimpan`)
    assert {url: dibangun[url] - n for url, n in sesudah.items()} == {POHON: 7, _kota(bersih)[1]: 4, _pd(bersih): 5}


def test_history_of_measures_and_of_other_apps_keeps_the_page_without_measures(bersih):
    """The fingerprints read the history by kind: a tree row's moves both (levels, periods and PDs too), a
    realisation's or a target's only the rendered page's, and a kind no tree page reads (an evaluation, an
    action plan, a PK) neither: the cached tree pages stay."""
    pemda = bersih.p.pemda

    def catat(model) -> tuple[bool, bool]:
        sebelum = pohon_tembolok.sidik(pemda_id=pemda.pk)
        Riwayat.objects.create(
            pemda=pemda, content_type=ContentType.objects.get_for_model(model), object_id=1, aksi="x"
        )
        sesudah = pohon_tembolok.sidik(pemda_id=pemda.pk)
        return sesudah.halaman != sebelum.halaman, sesudah.kerangka != sebelum.kerangka

    assert catat(Sasaran) == (True, True) and catat(ManualIK) == (True, True)
    assert catat(Realisasi) == (True, False) and catat(Target) == (True, False)
    assert catat(TingkatPohon) == (True, True) and catat(PerangkatDaerah) == (True, True)
    assert catat(Evaluasi) == (False, False) and catat(RencanaAksi) == (False, False)
    assert catat(PerjanjianKinerja) == (False, False)
