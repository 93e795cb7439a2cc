"""Kinerja pages: input realisasi (live capaian, draft, submit, stale edit, evidence), verification,
locks, completeness matrix, PK; and every page's "someone else's PD" test."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja import services
from kinerja.demo_jam import jam_demo
from kinerja.models import Indikator, PerjanjianKinerja, Realisasi, Target
from perangkat_daerah.services import riwayat_untuk
from tests.demo_salin import muat_demo_salin
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target
from tests.kinerja.factories import isian_realisasi as _isian
from tests.kinerja.factories import url_realisasi as _url

pytestmark = pytest.mark.django_db


# --- input page -------------------------------------------------------------------------------------


def test_live_preview_shows_capaian_and_formula_for_87_25(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/kinerja/capaian/{ind.pk}/2025/1/", {f"nilai-{ind.pk}": "87,25"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "109,06%" in html
    assert "Realisasi ÷ Target × 100% = 87,25 ÷ 80 × 100% = 109,06%" in html
    assert "Sangat Tinggi" in html


def test_live_preview_says_what_is_wrong_with_a_bad_number(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    html = client.get(f"/kinerja/capaian/{ind.pk}/2025/1/", {f"nilai-{ind.pk}": "12,3,4"}).content.decode()
    assert "bukan angka yang valid" in html


def test_demo_operator_dinkes_enters_87_25_and_sees_right_capaian(client):
    muat_demo_salin()
    client.post("/masuk/", {"username": "operator.dinkes", "password": "sakip-demo"})
    ind = Indikator.objects.get(kode="1.02.01.03", pemda__kode="kota-tangerang-selatan")  # imunisasi, naik
    tahun = jam_demo().tahun  # the demo's current year (kinerja/demo_jam.py); its TW IV is not begun yet
    target = Target.objects.get(indikator=ind, tahun=tahun).nilai
    url = f"/kinerja/realisasi/{ind.perangkat_daerah_id}/{tahun}/4/"
    assert "Input Realisasi" in client.get(url).content.decode()
    html = client.get(f"/kinerja/capaian/{ind.pk}/{tahun}/4/", {f"nilai-{ind.pk}": "87,25"}).content.decode()
    harapan = (Decimal("87.25") * 100 / target).quantize(Decimal("0.01"))
    assert f"{str(harapan).replace('.', ',')}%" in html
    assert "87,25 ÷" in html


def test_operator_saves_draft_and_sees_it_again(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "87,25", penjelasan="Laporan puskesmas"))
    assert resp.status_code == 302
    r = Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=1)
    assert r.nilai == Decimal("87.25") and r.status == Realisasi.Status.DRAF and r.diubah_oleh == pemeran.operator_a
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert 'value="87,25"' in html and "109,06%" in html


def test_stale_edit_keeps_typed_value_and_changes_nothing(client, pemeran, ind):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="70")
    services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.kepala_a, nilai="71", versi=1)
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "99,5", versi=str(r.versi)))
    html = resp.content.decode()
    assert resp.status_code == 409  # a stale write is a conflict on every page
    assert "sudah diubah oleh pengguna lain" in html
    assert 'value="99,5"' in html
    r.refresh_from_db()
    assert r.nilai == Decimal(71) and r.versi == 2


def test_submit_needs_every_indicator_then_submits(client, pemeran, ind):
    kedua = buat_indikator(pemeran.pd_a, kode="IK-A2")
    client.force_login(pemeran.operator_a)
    data = _isian(ind, "80", aksi="ajukan") | {f"versi-{kedua.pk}": "", f"nilai-{kedua.pk}": ""}
    resp = client.post(_url(pemeran.pd_a), data)
    assert resp.status_code == 400 and "Belum diisi." in resp.content.decode()
    assert Realisasi.objects.get(indikator=ind).status == Realisasi.Status.DRAF  # the draft was saved, not submitted
    data = {
        "aksi": "ajukan",
        f"versi-{ind.pk}": "1",
        f"nilai-{ind.pk}": "80",
        f"versi-{kedua.pk}": "",
        f"belum-{kedua.pk}": "1",
        f"alasan-{kedua.pk}": "Menunggu data BPS",
    }
    resp = client.post(_url(pemeran.pd_a), data)
    assert resp.status_code == 302
    assert set(Realisasi.objects.values_list("status", flat=True)) == {Realisasi.Status.DIAJUKAN}


def test_extreme_capaian_without_penjelasan_blocks_submit_on_the_row(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "200", aksi="ajukan"))
    assert resp.status_code == 400
    assert "wajib diisi penjelasan" in resp.content.decode()
    assert Realisasi.objects.get(indikator=ind).status == Realisasi.Status.DRAF


def test_other_pd_and_other_pemda_get_404_on_every_kinerja_page(client, pemeran, ind):
    r = buat_realisasi(ind, nilai=80, bukti="bukti/x.pdf")
    halaman = [
        _url(pemeran.pd_a),
        f"/kinerja/capaian/{ind.pk}/2025/1/",
        f"/kinerja/bukti/{r.pk}/",
        f"/kinerja/pk/{pemeran.pd_a.pk}/2025/",
        f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/templat.xlsx",
    ]
    for siapa in (pemeran.operator_b, pemeran.operator_lain, pemeran.pimpinan_lain):
        client.force_login(siapa)
        for url in halaman:
            assert client.get(url).status_code == 404, (siapa, url)
        assert client.post(_url(pemeran.pd_a), _isian(ind, "1")).status_code == 404
        assert client.post(f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/impor/").status_code == 404
    assert Realisasi.objects.get().nilai == Decimal(80)


def test_pimpinan_reads_the_page_but_cannot_write(client, pemeran, ind):
    client.force_login(pemeran.pimpinan)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "IK-A1" in html and f'name="nilai-{ind.pk}"' not in html
    assert client.post(_url(pemeran.pd_a), _isian(ind, "80")).status_code == 403
    assert not Realisasi.objects.exists()


def _halaman_dengan(n: int, pemeran, client, django_assert_max_num_queries, batas: int):
    for i in range(n):
        ind = buat_indikator(pemeran.pd_a, kode=f"Q{n}-{i}", agregasi="kumulatif" if i % 2 else "akhir")
        buat_target(ind, 2025, nilai=100)
        buat_realisasi(ind, 2025, 1, nilai=20 + i, status=Realisasi.Status.DIVERIFIKASI)
        buat_realisasi(ind, 2024, 2, nilai=10 + i, status=Realisasi.Status.DIVERIFIKASI)
    client.force_login(pemeran.operator_a)
    with django_assert_max_num_queries(batas) as ctx:
        assert client.get(_url(pemeran.pd_a, tw=2)).status_code == 200
    return len(ctx.captured_queries)


def test_input_page_query_count_does_not_grow_with_indicators(client, pemeran, django_assert_max_num_queries):
    lima = _halaman_dengan(5, pemeran, client, django_assert_max_num_queries, 20)
    Indikator.objects.all().delete()
    empat_puluh = _halaman_dengan(40, pemeran, client, django_assert_max_num_queries, 20)
    assert lima == empat_puluh, (lima, empat_puluh)
    # session, user, profil, layout, the six of halaman_input, and the three of the PD's quarters
    # (overdue ones and returned items lead the page: kinerja/selectors/lengkap.triwulan_pd)
    assert lima <= 18


# --- evidence ---------------------------------------------------------------------------------------


def test_pdf_evidence_is_stored_under_a_random_name_and_served_only_in_scope(client, pemeran, ind, settings):
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("laporan kegiatan.pdf", b"%PDF-1.7\n1 0 obj\n", content_type="text/html")
    client.post(_url(pemeran.pd_a), _isian(ind, "80") | {f"bukti-{ind.pk}": berkas})
    r = Realisasi.objects.get()
    assert r.bukti.name.startswith("bukti/") and "laporan" not in r.bukti.name and r.bukti.name.endswith(".pdf")
    assert (settings.MEDIA_ROOT / r.bukti.name).exists()
    resp = client.get(f"/kinerja/bukti/{r.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert "attachment" in resp["Content-Disposition"] and "laporan kegiatan.pdf" in resp["Content-Disposition"]
    client.force_login(pemeran.operator_b)
    assert client.get(f"/kinerja/bukti/{r.pk}/").status_code == 404


def test_html_disguised_as_pdf_evidence_is_refused(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("bukti.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "80") | {f"bukti-{ind.pk}": berkas})
    assert resp.status_code == 400 and "tidak dikenali" in resp.content.decode()
    assert not Realisasi.objects.exists()


# --- verification, locks, completeness --------------------------------------------------------------


def _ajukan(pemeran, ind, nilai="80"):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai=nilai)
    return services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)


def test_inbox_then_return_with_note_which_the_operator_sees(client, pemeran, ind):
    kedua = buat_indikator(pemeran.pd_a, kode="IK-A2")
    buat_target(kedua, 2025, nilai=10)
    r1, r2 = _ajukan(pemeran, ind), _ajukan(pemeran, kedua, "9")
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/verifikasi/?").content.decode()
    client.post("/tahun/", {"tahun": "2025", "next": "/"})
    html = client.get("/kinerja/verifikasi/").content.decode()
    assert pemeran.pd_a.nama in html
    resp = client.post(
        f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/",
        {
            f"versi-{ind.pk}": r1.versi,
            f"keputusan-{ind.pk}": "verifikasi",
            f"versi-{kedua.pk}": r2.versi,
            f"keputusan-{kedua.pk}": "kembalikan",
            f"catatan-{kedua.pk}": "Unggah SK sebagai bukti",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[-3000:]
    r1.refresh_from_db(), r2.refresh_from_db()
    assert (r1.status, r2.status) == (Realisasi.Status.DIVERIFIKASI, Realisasi.Status.DIKEMBALIKAN)
    client.force_login(pemeran.operator_a)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Unggah SK sebagai bukti" in html
    assert f'name="nilai-{ind.pk}"' not in html  # verified: read-only
    assert f'name="nilai-{kedua.pk}"' in html, html[html.find("<tbody>") : html.find("</tbody>")]


def test_return_without_note_keeps_the_row_submitted(client, pemeran, ind):
    r = _ajukan(pemeran, ind)
    client.force_login(pemeran.organisasi)
    resp = client.post(
        f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/",
        {f"versi-{ind.pk}": r.versi, f"keputusan-{ind.pk}": "kembalikan", f"catatan-{ind.pk}": ""},
    )
    assert resp.status_code == 400 and "Tuliskan catatan" in resp.content.decode()
    r.refresh_from_db()
    assert r.status == Realisasi.Status.DIAJUKAN


@pytest.mark.parametrize("url", ["/kinerja/verifikasi/", "/kinerja/kunci/", "/kinerja/target/impor/"])
def test_operator_cannot_open_bagian_organisasi_pages(client, pemeran, url):
    client.force_login(pemeran.operator_a)
    assert client.get(url).status_code == 403


def test_organisasi_of_other_pemda_cannot_open_a_pd_to_verify(client, pemeran, ind):
    from tests.factories import Peran, buat_pengguna

    _ajukan(pemeran, ind)
    client.force_login(buat_pengguna(pemeran.pemda_lain, Peran.BAGIAN_ORGANISASI))
    assert client.get(f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/").status_code == 404


def test_lock_page_locks_the_quarter_for_the_operator(client, pemeran, ind):
    client.force_login(pemeran.organisasi)
    client.post("/tahun/", {"tahun": "2025", "next": "/"})
    resp = client.post("/kinerja/kunci/", {"triwulan": "1", "batas_waktu": "2025-04-15", "terkunci": "1"})
    assert resp.status_code == 302
    client.force_login(pemeran.operator_a)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Triwulan terkunci" in html and f'name="nilai-{ind.pk}"' not in html
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "80"))
    assert not Realisasi.objects.exists()


def test_completeness_matrix_counts_and_excel_export(client, pemeran, ind):
    buat_indikator(pemeran.pd_a, kode="IK-A2")
    _ajukan(pemeran, ind)
    buat_realisasi(buat_indikator(pemeran.pd_b), 2025, 1, nilai=1, status=Realisasi.Status.DRAF, terlambat=True)
    client.force_login(pemeran.organisasi)
    resp = client.get("/kinerja/kelengkapan/2025/")
    baris = {b.perangkat_daerah.pk: b for b in resp.context["matriks"]}
    assert baris[pemeran.pd_a.pk].sel[0].jumlah == {
        "kosong": 1, "draf": 0, "diajukan": 1, "diverifikasi": 0, "dikembalikan": 0, "terlambat": 0,
    }  # fmt: skip
    assert baris[pemeran.pd_b.pk].sel[0].jumlah["terlambat"] == 1
    assert pemeran.pd_lain.pk not in baris
    resp = client.get("/kinerja/kelengkapan/2025/xlsx/")
    lembar = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    judul = [c.value for c in lembar[1]]
    isi = {r[0]: r for r in lembar.iter_rows(min_row=2, values_only=True)}
    assert isi[pemeran.pd_a.kode][judul.index("TW I diajukan")] == 1
    assert isi[pemeran.pd_a.kode][judul.index("TW I kosong")] == 1


def test_operator_sees_only_own_pd_in_the_matrix(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    matriks = client.get("/kinerja/kelengkapan/2025/").context["matriks"]
    assert [b.perangkat_daerah.pk for b in matriks] == [pemeran.pd_a.pk]


# --- PK ---------------------------------------------------------------------------------------------


def test_kepala_sets_pk_and_revision_needs_reason_on_the_page(client, pemeran, ind):
    client.force_login(pemeran.kepala_a)
    assert client.post(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/tetapkan/").status_code == 302
    assert PerjanjianKinerja.objects.get().ditetapkan
    url = f"/kinerja/pk/{pemeran.pd_a.pk}/2025/target/{ind.pk}/"
    resp = client.post(url, {"nilai": "85,5", "alasan": "", "versi": "1"})
    assert resp.status_code == 400 and "wajib disertai alasan" in resp.content.decode()
    assert 'value="85,5"' in resp.content.decode()
    assert Target.objects.get().nilai == Decimal(80)
    resp = client.post(url, {"nilai": "85,5", "alasan": "Perubahan APBD", "versi": "1"})
    assert resp.status_code == 302
    t = Target.objects.get()
    assert t.nilai == Decimal("85.5")
    html = client.get(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/").content.decode()
    assert "Perubahan APBD" in html and "85,5" in html
    assert riwayat_untuk(t).first().catatan == "Perubahan APBD"


def test_operator_cannot_set_pk(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    assert client.post(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/tetapkan/").status_code == 403
    client.force_login(pemeran.operator_b)
    assert client.post(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/tetapkan/").status_code == 404
    assert not PerjanjianKinerja.objects.filter(status="ditetapkan").exists()


def test_large_ids_are_not_written_with_thousand_separators(client, pemeran):
    """USE_THOUSAND_SEPARATOR would turn id 12345 into "12.345" in form names and break the save."""
    ind = buat_indikator(pemeran.pd_a, id=12345, kode="BESAR")
    buat_target(ind, 2025, nilai=80)
    client.force_login(pemeran.operator_a)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert 'name="nilai-12345"' in html and "12.345" not in html
    assert client.post(_url(pemeran.pd_a), _isian(ind, "87,25")).status_code == 302
    assert Realisasi.objects.get(indikator=ind).nilai == Decimal("87.25")
    html = client.get(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/").content.decode()
    assert "12.345" not in html
