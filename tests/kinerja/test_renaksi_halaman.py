"""The action plan pages (issue 16 point 1): the PD's plan, its forms, the monthly report, the verifier's view,
the menu link, and access (another PD: 404; city roles read, verifiers decide)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.models import PerjanjianKinerja, RealisasiAksi, RencanaAksi
from kinerja.services import renaksi
from tests.kinerja.factories import buat_indikator

TAHUN = 2025
PDF = b"%PDF-1.4\n% uji\n"


@pytest.fixture
def ind(pemeran):
    return buat_indikator(pemeran.pd_a, kode="IK-A1", nilai_maksimum=Decimal(100))


@pytest.fixture
def rencana(pemeran, ind):
    return renaksi.rencana_aksi_buat(
        indikator=ind, tahun=TAHUN, oleh=pemeran.operator_a, uraian="Sweeping imunisasi", penanggung_jawab="Kabid P2P",
        target_bulanan={"9": "80", "10": "90"},
    )  # fmt: skip


def _url(pd, akhir: str = "") -> str:
    return f"/kinerja/renaksi/{pd.pk}/{TAHUN}/{akhir}"


def _post_aksi(**kw) -> dict:
    data = {"uraian": "Posyandu keliling", "penanggung_jawab": "Kasi Gizi", "jenis_target": "bulanan",
            "target_1": "10", "target_2": "20,5"}  # fmt: skip
    data.update(kw)
    return data


def test_operator_adds_an_action_and_sees_it_on_the_plan(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a, f"indikator/{ind.pk}/tambah/"), _post_aksi(instruksi_kepala_daerah="1"))
    assert resp.status_code == 302
    r = RencanaAksi.objects.get()
    assert (r.target_bulanan, r.instruksi_kepala_daerah) == ({"1": "10.0000", "2": "20.5000"}, True)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Posyandu keliling" in html and "20,50" in html and "Instruksi kepala daerah" in html


def test_a_bad_target_keeps_the_form_with_a_clear_message(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a, f"indikator/{ind.pk}/tambah/"), _post_aksi(target_2="150"))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "paling besar 100" in html and 'value="Posyandu keliling"' not in html  # a textarea keeps it
    assert "Posyandu keliling" in html
    assert not RencanaAksi.objects.exists()


def test_after_the_pk_is_set_an_edit_needs_a_reason(client, pemeran, rencana):
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, status="ditetapkan")
    client.force_login(pemeran.operator_a)
    url = f"/kinerja/renaksi/aksi/{rencana.pk}/ubah/"
    assert "Alasan revisi" in client.get(url).content.decode()
    resp = client.post(url, _post_aksi(versi=rencana.versi))
    assert resp.status_code == 400 and "memerlukan alasan" in resp.content.decode()
    resp = client.post(url, _post_aksi(versi=rencana.versi, alasan="Refocusing anggaran"))
    assert resp.status_code == 302
    assert PerjanjianKinerja.objects.get().revisi == 1
    html = client.get(url).content.decode()  # the action's history shows the revision, its reason and targets
    assert "Aksi diubah (revisi PK)" in html and "Refocusing anggaran" in html and "1: 10; 2: 20,5" in html


def test_monthly_report_opens_on_the_due_month_and_submits_october_with_a_hindering_factor(client, pemeran, rencana):
    client.force_login(pemeran.operator_a)
    html = client.get(_url(pemeran.pd_a, "laporan/")).content.decode()
    assert "bulan 12/2025" in html  # a past year's due month is December
    data = {"rencana": rencana.pk, "bulan": "10", "versi": "", "nilai": "75,5", "aksi": "ajukan",
            "faktor_penghambat": "Vaksin terlambat", "tindak_lanjut": "Jadwal ulang",
            "bukti": SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")}  # fmt: skip
    resp = client.post(_url(pemeran.pd_a, "laporan/"), data)
    assert resp.status_code == 302
    ra = RealisasiAksi.objects.get()
    assert (ra.bulan, ra.nilai, ra.status, ra.bukti_nama) == (10, Decimal("75.5"), "diajukan", "bukti.pdf")
    html = client.get(_url(pemeran.pd_a, "laporan/") + "?bulan=10").content.decode()
    assert "Di bawah rencana" in html and "Vaksin terlambat" in html


def test_behind_plan_without_factors_is_refused_and_typed_values_stay(client, pemeran, rencana):
    client.force_login(pemeran.operator_a)
    data = {"rencana": rencana.pk, "bulan": "10", "versi": "", "nilai": "50", "aksi": "ajukan"}
    resp = client.post(_url(pemeran.pd_a, "laporan/"), data)
    assert resp.status_code == 400
    assert "faktor penghambat" in resp.content.decode() and 'value="50"' in resp.content.decode()
    assert RealisasiAksi.objects.count() == 0


@pytest.mark.parametrize("bulan", ["0", "13", "x"])
def test_a_month_outside_1_12_is_404(client, pemeran, rencana, bulan):
    client.force_login(pemeran.operator_a)
    assert client.get(_url(pemeran.pd_a, "laporan/") + f"?bulan={bulan}").status_code == 404


def test_verifier_returns_with_a_note_then_verifies(client, pemeran, rencana):
    ra = renaksi.realisasi_aksi_simpan(rencana=rencana, bulan=9, oleh=pemeran.operator_a, nilai="85")
    ra = renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)
    client.force_login(pemeran.organisasi)
    assert "Sweeping imunisasi" in client.get("/kinerja/renaksi/verifikasi/").content.decode()
    url = f"/kinerja/renaksi/realisasi/{ra.pk}/putuskan/"
    client.post(url, {"versi": ra.versi, "aksi": "kembalikan", "catatan": "Bukti kurang"})
    ra.refresh_from_db()
    assert (ra.status, ra.catatan_verifikasi) == ("dikembalikan", "Bukti kurang")
    ra = renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)
    client.post(url, {"versi": ra.versi, "aksi": "verifikasi"})
    ra.refresh_from_db()
    assert ra.status == "diverifikasi"


def test_inspektorat_reads_all_plans_but_neither_edits_nor_verifies(client, pemeran, ind, rencana):
    ra = renaksi.realisasi_aksi_simpan(rencana=rencana, bulan=9, oleh=pemeran.operator_a, nilai="85")
    ra = renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)
    client.force_login(pemeran.inspektorat)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Sweeping imunisasi" in html and "Tambah aksi" not in html
    assert client.post(_url(pemeran.pd_a, f"indikator/{ind.pk}/tambah/"), _post_aksi()).status_code == 403
    assert client.post(f"/kinerja/renaksi/realisasi/{ra.pk}/putuskan/", {"versi": ra.versi}).status_code == 403
    ra.refresh_from_db()
    assert ra.status == "diajukan" and RencanaAksi.objects.count() == 1


def test_another_pd_gets_404_everywhere(client, pemeran, ind, rencana):
    client.force_login(pemeran.operator_b)
    for url in [_url(pemeran.pd_a), _url(pemeran.pd_a, "laporan/"), _url(pemeran.pd_a, f"indikator/{ind.pk}/tambah/"),
                f"/kinerja/renaksi/aksi/{rencana.pk}/ubah/", f"/kinerja/renaksi/aksi/{rencana.pk}/hapus/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(f"/kinerja/renaksi/aksi/{rencana.pk}/hapus/", {"versi": rencana.versi}).status_code == 404
    assert RencanaAksi.objects.filter(pk=rencana.pk).exists()


def test_menu_links_the_plan_for_pd_staff_and_the_inbox_for_city_roles(client, pemeran):
    client.force_login(pemeran.operator_a)
    assert "/kinerja/renaksi/" in client.get("/kinerja/pk/", follow=True).content.decode()
    resp = client.get("/kinerja/renaksi/")
    assert resp.status_code == 302 and resp.url.startswith(f"/kinerja/renaksi/{pemeran.pd_a.pk}/")
    client.force_login(pemeran.pimpinan)
    assert client.get("/kinerja/renaksi/").url == "/kinerja/renaksi/verifikasi/"


def test_delete_of_an_action_without_realisation(client, pemeran, rencana):
    client.force_login(pemeran.operator_a)
    resp = client.post(f"/kinerja/renaksi/aksi/{rencana.pk}/hapus/", {"versi": rencana.versi})
    assert resp.status_code == 302 and not RencanaAksi.objects.exists()


def test_the_pk_page_links_its_action_plan(client, pemeran):
    client.force_login(pemeran.operator_a)
    html = client.get(f"/kinerja/pk/{pemeran.pd_a.pk}/{TAHUN}/").content.decode()
    assert f'href="/kinerja/renaksi/{pemeran.pd_a.pk}/{TAHUN}/"' in html


def test_each_action_is_one_block_and_names_its_responsible_person_once(client, pemeran, ind):
    """The plan page: an action's heading, target row and realisation row are one tbody; a jabatan equal to
    the responsible person is not printed again, a different one is."""
    for uraian, pj, jabatan in (("Aksi satu", "Kabid P2P", "Kabid P2P"), ("Aksi dua", "Budi", "Kasi Gizi")):
        renaksi.rencana_aksi_buat(indikator=ind, tahun=TAHUN, oleh=pemeran.operator_a, uraian=uraian,
                                  penanggung_jawab=pj, jabatan=jabatan, target_bulanan={"3": "10"})  # fmt: skip
    client.force_login(pemeran.operator_a)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    blok = html.split('<tbody class="blok-aksi">')[1:]
    assert len(blok) == 2
    for teks in blok:
        isi = teks.split("</tbody>")[0]
        assert 'class="aksi-target"' in isi and 'class="aksi-realisasi"' in isi
    assert html.count("Kabid P2P") == 1
    assert "Budi (Kasi Gizi)" in html


def test_a_count_indicators_targets_print_whole_on_the_plan_and_the_report(client, pemeran):
    """Counts (`Indikator.bulat`): "12", never "12,00", on the plan page and "12 inovasi" on the report."""
    ind = buat_indikator(pemeran.pd_a, kode="IK-INOV", satuan="inovasi")
    renaksi.rencana_aksi_buat(indikator=ind, tahun=TAHUN, oleh=pemeran.operator_a, uraian="Lomba inovasi",
                              penanggung_jawab="Kabid", target_bulanan={"12": "12", "6": "2,5"})  # fmt: skip
    client.force_login(pemeran.operator_a)
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert ">12<" in html and "12,00" not in html and "2,50" in html
    laporan = client.get(_url(pemeran.pd_a, "laporan/") + "?bulan=12").content.decode()
    assert "<strong>12 inovasi</strong>" in laporan
