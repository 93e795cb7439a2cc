"""The city tree page composed by branch (kinerja/selectors/pohon_kota_cabang.py, issue 13): after every kind of
write it is byte for byte the page the whole build gives (`pohon_tampil._buat`, no cache), a write to one PD's
node rebuilds that PD's summary only, a node hanging under another PD's node sends the page to the whole
build, and a PD user's page never comes from it."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import Indikator, Realisasi, Sasaran
from kinerja.models_usulan import Kontributor, StatusKeputusan
from kinerja.selectors import pohon_kota_cabang, pohon_tampil
from kinerja.selectors.anggaran_pohon import jumlah_simpul
from kinerja.selectors.pohon import Saringan
from kinerja.selectors.pohon_tampil import _buat, tampilan_pohon
from kinerja.services.pk import target_simpan
from kinerja.services.realisasi import realisasi_verifikasi
from kinerja.services.simpul import KOLOM_INDIKATOR, indikator_hapus, simpul_ubah
from perangkat_daerah.services import perbarui_dengan_riwayat, riwayat_catat
from tests.kinerja.factories import buat_sasaran, buat_target
from tests.kinerja.test_mutu_pohon import TAHUN, _ind, _pagu, _tumbuh, pohon_bersih

pytestmark = pytest.mark.django_db


@pytest.fixture
def kota(pemeran):
    """The clean chain of PD A, PD B's branch under the same city node, and a few more PDs' entry nodes."""
    b = pohon_bersih(pemeran)
    b.ss_b = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B1", uraian="Sasaran B", induk=b.kota,
                          tingkat=b.t["sasaran_strategis"])  # fmt: skip
    b.prog_b = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B1.P", uraian="Program B", induk=b.ss_b,
                            tingkat=b.t["sasaran_program"])  # fmt: skip
    b.ind_b = _ind(b.ss_b, kode="IB1", uraian="Cakupan layanan B")
    _ind(b.prog_b, kode="IB1.P", uraian="Program B terukur")
    sub_b = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B1.S", induk=b.prog_b, tingkat=b.t["sub_kegiatan"])
    _pagu(sub_b, pagu="2500000")
    _tumbuh(b, 4, "X")
    for ind in Indikator.objects.filter(pemda=pemeran.pemda):
        buat_target(ind, TAHUN, nilai=50)
    return b


def _halaman(user):
    return tampilan_pohon(user=user, tahun=TAHUN, saringan=Saringan())


def _utuh(user):
    """The same page built whole, with no cache (the reference)."""
    k = _buat(user=user, tahun=TAHUN, saringan=Saringan(), perangkat_daerah=None)
    return k.isi(k.teks)


def _sama(user) -> str:
    a, b = _halaman(user), _utuh(user)
    assert a.html == b.html
    for nama in ("ada", "jumlah_simpul", "jumlah_cocok", "jumlah_tampil", "kelengkapan_teks", "pilihan_tema",
                 "boleh_buat"):  # fmt: skip
        assert getattr(a, nama) == getattr(b, nama), nama
    assert [p.pk for p in a.pilihan_pd] == [p.pk for p in b.pilihan_pd]
    assert [t.pk for t in a.pilihan_tingkat] == [t.pk for t in b.pilihan_tingkat]
    assert a.periode == b.periode
    return a.html


def _dicatat(obj):
    """`obj` created with its pemda's history row, as its service (and the import) records one: a child row
    created without history is not seen by the fingerprint (pohon_tembolok's docstring, issue 18 point 6)."""
    pemda_id = Indikator.objects.get(pk=obj.indikator_id).pemda_id if hasattr(obj, "indikator_id") else None
    pemda_id = pemda_id or Sasaran.objects.get(pk=obj.sasaran_id).pemda_id
    riwayat_catat(obj=obj, pemda_id=pemda_id, aksi="uji.tambah", oleh=None, sebelum=None, sesudah={"id": obj.pk})
    return obj


def _dibangun(user) -> list:
    """The groups whose summary the page's next view rebuilds (PD ids, "kota")."""
    asli = pohon_kota_cabang._bangun_cabang
    with mock.patch.object(pohon_kota_cabang, "_bangun_cabang", side_effect=asli) as m:
        _halaman(user)
    return [c.args[0] for c in m.call_args_list]


def test_the_composed_page_is_the_whole_build_after_every_kind_of_write(kota):
    p = kota.p
    org = p.organisasi
    html = _sama(org)
    assert "Sasaran B" in html and "2.500.000" in html
    # a node renamed in PD A: only PD A's summary is rebuilt, the page is the whole build's
    s = kota.strategis
    nilai = {"kode": s.kode, "uraian": "Sasaran A diubah", "tingkat": str(s.tingkat_id), "induk": str(s.induk_id)}
    simpul_ubah(sasaran=s, oleh=p.operator_a, nilai=nilai, versi=s.versi)
    assert _dibangun(org) == [p.pd_a.pk]
    assert "Sasaran A diubah" in _sama(org)
    # an indicator added in PD A repeating PD B's under another parent: the duplicate flag on both PDs' rows
    kembar = _ind(kota.program, kode="IA9", uraian="Cakupan layanan B")
    assert _dibangun(org) == [p.pd_a.pk]
    html = _sama(org)
    assert f'id="indikator-{kota.ind_b.pk}"' in html and "indikator ganda" in html
    # a crosscutting decision on PD B's node: its indicator is no longer a duplicate there
    _dicatat(Kontributor.objects.create(sasaran=kota.ss_b, perangkat_daerah=p.pd_a, status=StatusKeputusan.DISETUJUI))
    assert _dibangun(org) == [p.pd_b.pk]
    assert "indikator ganda" not in _sama(org)
    # a realisation verified: the measures only (no summary rebuilt)
    r = Realisasi.objects.create(indikator=kota.ind_b, tahun=TAHUN, triwulan=1, nilai=Decimal("37.5"),
                                 status="diajukan")  # fmt: skip
    realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=p.organisasi)
    assert "37,50" in _sama(org)
    # a deletion (through the service) and a budget, and a node added under PD B's program
    indikator_hapus(indikator=kembar, oleh=p.operator_a, versi=kembar.versi)
    assert _dibangun(org) == []  # PD A's rows are again those of the summary kept before `kembar`: reused
    _sama(org)
    baru = buat_sasaran(p.pemda, p.pd_b, kode="B1.K", induk=kota.prog_b, tingkat=kota.t["sasaran_kegiatan"])
    _pagu(baru, pagu="1250000")
    assert _dibangun(org) == [p.pd_b.pk]
    assert "3.750.000" in _sama(org)
    # a city node renamed: the city's summary only; a city node added: every PD's too (their parents' ids)
    simpul_ubah(sasaran=kota.kota, oleh=p.organisasi, versi=kota.kota.versi,
                nilai={"kode": "K1", "uraian": "Sasaran kota baru", "tingkat": str(kota.kota.tingkat_id)})  # fmt: skip
    assert _dibangun(org) == ["kota"]
    assert "Sasaran kota baru" in _sama(org)
    buat_sasaran(p.pemda, kode="K2", uraian="Sasaran kota kedua", tingkat=kota.t["sasaran_rpjmd"])
    assert sorted(map(str, _dibangun(org))) == sorted(map(str, pohon_kota_cabang.sidik(p.pemda.pk).grup))
    assert "Sasaran kota kedua" in _sama(org)
    # a node deleted outside the services: its group's count moves
    baru.anggaran_sub_kegiatan.all().delete()
    baru.delete()
    assert "3.750.000" not in _sama(org)


def test_each_city_role_gets_its_own_page_and_a_pd_user_never_the_composed_one(kota):
    p = kota.p
    org, pimpinan = _sama(p.organisasi), _sama(p.pimpinan)
    assert org != pimpinan  # the actions differ: never one role's cached page for another
    assert (
        f"/perencanaan/simpul/{kota.kota.pk}/ubah/" in org
        and f"/perencanaan/simpul/{kota.kota.pk}/ubah/" not in pimpinan
    )
    with mock.patch.object(pohon_kota_cabang, "komposisi") as m:
        html = _halaman(p.operator_a).html
    assert not m.called
    assert f'id="simpul-{kota.ss_b.pk}"' not in html and f'id="simpul-{kota.strategis.pk}"' in html  # own PD only
    # the city roles' cached summaries and measures (just filled above) give a PD user nothing of PD B
    assert f'id="indikator-{kota.ind_b.pk}"' not in html and "Sasaran B" not in html
    _halaman(p.operator_b)
    _dicatat(Realisasi.objects.create(indikator=kota.ind_b, tahun=TAHUN, triwulan=1, nilai=Decimal("5"),
                                      status="diajukan"))  # fmt: skip
    with mock.patch.object(pohon_tampil, "_ukur_tembolok", side_effect=pohon_tampil._ukur_tembolok) as m:
        _halaman(p.operator_b)  # its skeleton kept, its measures read again: never from the composed pages' cache
    assert m.called and all(not c.args[0].sidik_ukuran for c in m.call_args_list)


def test_a_node_under_another_pds_node_sends_the_page_to_the_whole_build(kota):
    p = kota.p
    asing = buat_sasaran(p.pemda, p.pd_b, kode="B9", uraian="Cabang B di bawah A", induk=kota.program,
                         tingkat=kota.t["sasaran_kegiatan"])  # fmt: skip
    _ind(asing, kode="IB9", uraian="Indikator asing")
    assert pohon_kota_cabang.komposisi(user=p.organisasi, profil=p.organisasi.profil, tahun=TAHUN,
                                       saringan=Saringan(), tanda="x") is None  # fmt: skip
    _sama(p.organisasi)


def test_the_page_after_a_write_to_one_node_reads_a_fixed_number_of_queries(kota):
    """After a write to one node the page reads its fingerprints, that PD's rows, the shown nodes' rights and
    measures: the same count however many nodes the other PDs hold."""
    p = kota.p
    org = p.organisasi
    _halaman(org)

    def setelah_tulis(uraian: str) -> int:
        s = kota.strategis
        s.refresh_from_db()
        nilai = {"kode": s.kode, "uraian": uraian, "tingkat": str(s.tingkat_id), "induk": str(s.induk_id)}
        simpul_ubah(sasaran=s, oleh=p.operator_a, nilai=nilai, versi=s.versi)
        asli = pohon_kota_cabang._bangun_cabang
        with (
            mock.patch.object(pohon_kota_cabang, "_bangun_cabang", side_effect=asli) as m,
            CaptureQueriesContext(connection) as kueri,
        ):
            html = _halaman(org).html
        assert [c.args[0] for c in m.call_args_list] == [p.pd_a.pk]  # composed, PD A's summary rebuilt only
        assert uraian in html
        return len(kueri)

    sedikit = setelah_tulis("Sasaran A pertama")
    for n in range(12):  # more nodes and indicators in PD B's branch
        _ind(buat_sasaran(p.pemda, p.pd_b, kode=f"B1.T{n}", induk=kota.prog_b, tingkat=kota.t["sasaran_kegiatan"]),
             kode=f"IBT{n}", uraian=f"Indikator tambahan {n}")  # fmt: skip
    _halaman(org)
    banyak = setelah_tulis("Sasaran A kedua")
    assert banyak == sedikit <= 10
    assert _dibangun(org) == []  # the page just viewed: every summary kept
    assert "Sasaran A kedua" in _sama(org)


def _ukuran_dibaca(user) -> bool:
    """Whether the next view reads the shown indicators' measures (else they come from their cache); the page
    is the whole build's either way."""
    with mock.patch.object(pohon_tampil, "_ukur", side_effect=pohon_tampil._ukur) as m:
        _sama(user)
    return m.called


def test_the_measures_are_kept_across_a_tree_write_and_read_again_after_a_write_they_show(kota):
    p, org = kota.p, kota.p.organisasi
    _sama(org)

    def ganti_nama(uraian: str) -> None:
        s = kota.strategis
        s.refresh_from_db()
        nilai = {"kode": s.kode, "uraian": uraian, "tingkat": str(s.tingkat_id), "induk": str(s.induk_id)}
        simpul_ubah(sasaran=s, oleh=p.operator_a, nilai=nilai, versi=s.versi)

    ganti_nama("Sasaran A diubah")
    assert not _ukuran_dibaca(org)  # a node's write: the summary rebuilt, the measures reused
    target_simpan(indikator=kota.ind_b, tahun=TAHUN, oleh=p.operator_b, nilai="80")
    assert _ukuran_dibaca(org)
    r = _dicatat(Realisasi.objects.create(indikator=kota.ind_b, tahun=TAHUN, triwulan=1, nilai=Decimal("61.25"),
                                          status="diajukan"))  # fmt: skip
    assert _ukuran_dibaca(org)
    realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=p.organisasi)
    assert _ukuran_dibaca(org) and "61,25" in _halaman(org).html
    ind = Indikator.objects.get(pk=kota.ind_b.pk)  # an indicator's unit: its texts change, no node moves
    perbarui_dengan_riwayat(ind, versi=ind.versi, oleh=p.operator_b, aksi="indikator.ubah", pemda_id=p.pemda.pk,
                            kolom=KOLOM_INDIKATOR, nilai={"satuan": "orang"})  # fmt: skip
    assert _ukuran_dibaca(org)
    # a formula child in another PD changes its parent's texts
    induk = Indikator.objects.get(sasaran=kota.strategis)  # PD A's, on a rendered row
    _ind(kota.prog_b, kode="IB.R", uraian="Turunan rumus", induk_indikator=induk,
         relasi_induk=Indikator.Relasi.RUMUS)  # fmt: skip
    assert _ukuran_dibaca(org) and "dihitung dari 1 indikator turunan" in _halaman(org).html
    ganti_nama("Sasaran A lagi")
    assert not _ukuran_dibaca(org)
    assert _ukuran_dibaca(p.pimpinan) is False  # the same indicators shown: the same texts, whatever the role


def _baris_simpul(html: str, pk: int) -> str:
    return html.split(f'id="simpul-{pk}"', 1)[1].split('<li class="simpul', 1)[0]


def test_a_budget_counts_once_on_every_rendered_node_above_it_whatever_the_order(kota):
    """A rendered node with its own budget under which a rendered node has one too (issue 13 point 5: a sub
    kegiatan's pagu rolls up once): the city node above sums each once, as the PD page and the print
    (`anggaran_pohon.gulung`) do; the child's budget entered first, so a rolled-up sum is walked first."""
    p, t = kota.p, kota.t
    # the lower node made first (lower ids: the budgets are read by node or by id)
    bawah = buat_sasaran(p.pemda, p.pd_b, kode="B2.A", induk=kota.kota, tingkat=t["sasaran_strategis"])
    _pagu(bawah, pagu="4000000")
    atas = buat_sasaran(p.pemda, p.pd_b, kode="B2", uraian="Sasaran B kedua", induk=kota.kota,
                        tingkat=t["sasaran_strategis"])  # fmt: skip
    _pagu(atas, pagu="300000")
    Sasaran.objects.filter(pk=bawah.pk).update(induk=atas)  # before any view: no cache to miss it
    html = _sama(p.organisasi)  # the composed page and the whole build agree
    gulung = jumlah_simpul(Sasaran.objects.filter(pemda=p.pemda), TAHUN)
    for s in (kota.kota, atas, bawah):
        assert f"<strong>{gulung[s.pk].teks['pagu']}</strong>" in _baris_simpul(html, s.pk)
    assert "4.300.000" in _baris_simpul(html, atas.pk)


def _lihat(user) -> tuple[list, bool]:
    """The groups the page's next view rebuilds, and whether it composes the page again from the summaries
    (else it reuses the page composed before from the same content, `pohon_kota_cabang.Susunan`)."""
    bangun, susun = pohon_kota_cabang._bangun_cabang, pohon_kota_cabang.susun
    with (
        mock.patch.object(pohon_kota_cabang, "_bangun_cabang", side_effect=bangun) as b,
        mock.patch.object(pohon_kota_cabang, "susun", side_effect=susun) as s,
    ):
        _halaman(user)
    return [c.args[0] for c in b.call_args_list], s.called


def test_a_write_that_changes_no_rendered_row_reuses_the_page_composed_from_the_same_content(kota):
    """A deeper node renamed (the unfiltered city page counts it, does not render it): its PD's summary is rebuilt
    to the same content and the page composed before is reused; a rendered node renamed composes it again. Both
    are byte for byte the whole build, measures included."""
    p = kota.p
    org = p.organisasi
    _sama(org)
    prog = kota.program
    simpul_ubah(sasaran=prog, oleh=p.operator_a, versi=prog.versi,
                nilai={"kode": prog.kode, "uraian": "Program A diubah", "tingkat": str(prog.tingkat_id),
                       "induk": str(prog.induk_id)})  # fmt: skip
    assert _lihat(org) == ([p.pd_a.pk], False)
    assert "Program A diubah" not in _sama(org)
    s = kota.strategis
    simpul_ubah(sasaran=s, oleh=p.operator_a, versi=s.versi,
                nilai={"kode": s.kode, "uraian": "Sasaran A diubah", "tingkat": str(s.tingkat_id),
                       "induk": str(s.induk_id)})  # fmt: skip
    assert _lihat(org) == ([p.pd_a.pk], True)
    assert "Sasaran A diubah" in _sama(org)
    # a realisation on a shown indicator of the reused page: its measures are read again, not the page's old ones
    simpul_ubah(sasaran=prog, oleh=p.operator_a, versi=Sasaran.objects.get(pk=prog.pk).versi,
                nilai={"kode": prog.kode, "uraian": "Program A lagi", "tingkat": str(prog.tingkat_id),
                       "induk": str(prog.induk_id)})  # fmt: skip
    r = Realisasi.objects.create(indikator=kota.ind_b, tahun=TAHUN, triwulan=1, nilai=Decimal("41.5"),
                                 status="diajukan")  # fmt: skip
    realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=p.organisasi)
    assert "41,50" in _sama(org)


def test_a_summarys_digest_is_its_content_whatever_the_build(kota):
    """Two builds of the same rows name the same composed page (the key holds every summary's digest), and a
    summary's themes count as a set: their order (the process's string hashes) does not move the digest."""
    from django.core.cache import cache

    p = kota.p

    def kunci() -> str:
        cache.clear()
        return pohon_kota_cabang.komposisi(user=p.organisasi, profil=p.organisasi.profil, tahun=TAHUN,
                                           saringan=Saringan(), tanda="x").kunci  # fmt: skip

    pertama = kunci()
    assert kunci() == pertama
    Sasaran.objects.filter(pk=kota.ss_b.pk).update(uraian="Sasaran B diubah")  # a raw write: not seen by the
    cache.clear()  # fingerprints (pohon_tembolok's docstring), but a rebuilt summary's content differs
    assert kunci() != pertama
    satu = pohon_kota_cabang.Cabang(ids=frozenset({1}), luar=frozenset(), jumlah=1, tema={"kemiskinan", "stunting"},
                                    periode=None, pd=None, cek={}, jumlah_indikator=0, ganda=[], baris=[],
                                    keluar={})  # fmt: skip
    dua = pohon_kota_cabang.Cabang(**{**satu.__dict__, "tema": {"stunting", "kemiskinan"}})
    assert pohon_kota_cabang._isi(satu) == pohon_kota_cabang._isi(dua)
    assert pohon_kota_cabang._isi(satu) != pohon_kota_cabang._isi(
        pohon_kota_cabang.Cabang(**{**satu.__dict__, "jumlah": 2})
    )


def test_after_a_write_the_groups_fingerprints_are_read_once_for_every_view(kota):
    """The first view after a write reads the groups' fingerprints; another role's or filter's view under the same
    page fingerprint reuses them (`sidik_tersimpan`); the next write moves them again."""
    p = kota.p
    _halaman(p.organisasi)
    s = kota.strategis
    simpul_ubah(sasaran=s, oleh=p.operator_a, versi=s.versi,
                nilai={"kode": s.kode, "uraian": "Sasaran A sekali", "tingkat": str(s.tingkat_id),
                       "induk": str(s.induk_id)})  # fmt: skip

    def dibaca(lihat) -> int:
        with mock.patch.object(pohon_kota_cabang, "sidik", side_effect=pohon_kota_cabang.sidik) as m:
            lihat()
        return m.call_count

    assert dibaca(lambda: _halaman(p.organisasi)) == 1
    assert dibaca(lambda: _halaman(p.pimpinan)) == 0
    assert (
        dibaca(lambda: tampilan_pohon(user=p.organisasi, tahun=TAHUN, saringan=Saringan(tingkat="sasaran_program")))
        == 0
    )
    assert "Sasaran A sekali" in _sama(p.pimpinan)
    s.refresh_from_db()
    simpul_ubah(sasaran=s, oleh=p.operator_a, versi=s.versi,
                nilai={"kode": s.kode, "uraian": "Sasaran A dua kali", "tingkat": str(s.tingkat_id),
                       "induk": str(s.induk_id)})  # fmt: skip
    assert dibaca(lambda: _halaman(p.pimpinan)) == 1
    assert "Sasaran A dua kali" in _sama(p.pimpinan)
