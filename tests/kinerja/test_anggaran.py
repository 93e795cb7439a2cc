"""Budgets (Anggaran): Bagian Organisasi enters pagu and quarterly spending in Indonesian notation, with
versi, history and validation; PD users read their own; serapan, capaian kinerja and efficiency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import Anggaran
from kinerja.selectors.anggaran import capaian_kinerja_pd, halaman_anggaran
from kinerja.services.anggaran import anggaran_simpan
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk
from tests.factories import buat_pd
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db


def _url(pd, tahun=2025):
    return f"/kinerja/anggaran/{pd.pk}/{tahun}/"


def _isian(pagu="", t1="", t2="", t3="", t4="", versi=""):
    return {
        "pagu": pagu,
        "realisasi_t1": t1,
        "realisasi_t2": t2,
        "realisasi_t3": t3,
        "realisasi_t4": t4,
        "versi": versi,
    }


def test_organisasi_enters_budget_in_indonesian_notation_and_it_is_in_the_history(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.post(_url(pemeran.pd_a), _isian("1.234.567.890", "250.000.000", "300.000.000,50"))
    assert resp.status_code == 302
    a = Anggaran.objects.get(perangkat_daerah=pemeran.pd_a, tahun=2025)
    assert (a.pagu, a.realisasi_t1, a.realisasi_t2, a.realisasi_t3) == (
        Decimal("1234567890"), Decimal("250000000"), Decimal("300000000.5"), None,
    )  # fmt: skip
    assert a.versi == 1
    catatan = riwayat_untuk(a).get()
    assert catatan.aksi == "anggaran.simpan" and catatan.oleh == pemeran.organisasi and catatan.sebelum is None
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert 'value="1.234.567.890"' in html and 'value="300.000.000,5"' in html
    assert "Rp1.234.567.890" in html and "44,55%" in html  # 550.000.000,5 ÷ 1.234.567.890
    assert "Anggaran disimpan" in html


def test_second_save_needs_the_loaded_versi_and_records_before_and_after(client, pemeran):
    a = anggaran_simpan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.organisasi, versi=None, pagu="1.000")
    client.force_login(pemeran.organisasi)
    assert client.post(_url(pemeran.pd_a), _isian("2.000", versi="1")).status_code == 302
    a.refresh_from_db()
    assert a.pagu == Decimal(2000) and a.versi == 2
    terakhir = riwayat_untuk(a).first()
    assert terakhir.sebelum["pagu"] == "1000.0000" and terakhir.sesudah["pagu"] == "2000.0000"
    entri = halaman_anggaran(user=pemeran.organisasi, tahun=2025, perangkat_daerah=pemeran.pd_a).riwayat[0]
    assert [(p.kolom, p.sebelum, p.sesudah) for p in entri.perubahan] == [("pagu", "1.000", "2.000")]


def test_stale_budget_edit_is_refused_and_typed_values_are_kept(client, pemeran):
    anggaran_simpan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.organisasi, versi=None, pagu="1.000")
    anggaran_simpan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.admin, versi=1, pagu="1.500")
    client.force_login(pemeran.organisasi)
    resp = client.post(_url(pemeran.pd_a), _isian("9.999", "123", versi="1"))
    html = resp.content.decode()
    assert resp.status_code == 409
    assert "sudah diubah oleh pengguna lain" in html and 'value="9.999"' in html and 'value="123"' in html
    a = Anggaran.objects.get()
    assert a.pagu == Decimal(1500) and a.versi == 2 and riwayat_untuk(a).count() == 2


def test_a_new_budget_created_meanwhile_is_a_stale_edit(pemeran):
    anggaran_simpan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.admin, versi=None, pagu="1")
    with pytest.raises(VersiKedaluwarsa):
        anggaran_simpan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.organisasi, versi=None, pagu="2")


def test_negative_numbers_and_missing_pagu_are_refused_with_the_field_named(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.post(_url(pemeran.pd_a), _isian("1.000", "-5"))
    html = resp.content.decode()
    assert resp.status_code == 400 and "Realisasi TW I tidak boleh negatif." in html and 'value="-5"' in html
    resp = client.post(_url(pemeran.pd_a), _isian("", "5"))
    assert resp.status_code == 400 and "Pagu wajib diisi." in resp.content.decode()
    resp = client.post(_url(pemeran.pd_a), _isian("12,3,4"))
    assert resp.status_code == 400 and "bukan angka yang valid" in resp.content.decode()
    assert not Anggaran.objects.exists()


def test_spending_above_pagu_is_saved_with_a_warning(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.post(_url(pemeran.pd_a), _isian("1.000.000", "600.000", "500.000"), follow=True)
    html = resp.content.decode()
    assert Anggaran.objects.get().realisasi_total == Decimal(1100000)
    assert "melebihi pagu Rp1.000.000 (serapan 110,00%)" in html


def test_pd_users_read_only_their_own_budget(client, pemeran):
    anggaran_simpan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.organisasi, versi=None, pagu="1.000")
    anggaran_simpan(perangkat_daerah=pemeran.pd_b, tahun=2025, oleh=pemeran.organisasi, versi=None, pagu="2.000")
    client.force_login(pemeran.operator_a)
    resp = client.get("/kinerja/anggaran/")
    assert [b.perangkat_daerah for b in resp.context["h"].baris] == [pemeran.pd_a]
    assert not resp.context["h"].boleh_kelola
    html = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Rp1.000" in html and 'name="pagu"' not in html
    assert client.post(_url(pemeran.pd_a), _isian("5")).status_code == 403
    assert client.get(_url(pemeran.pd_b)).status_code == 404
    assert client.post(_url(pemeran.pd_b), _isian("5")).status_code == 404
    client.force_login(pemeran.kepala_a)
    assert client.post(_url(pemeran.pd_a), _isian("5")).status_code == 403
    assert sorted(Anggaran.objects.values_list("pagu", flat=True)) == [Decimal(1000), Decimal(2000)]


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "pimpinan", "inspektorat", "operator_lain"])
def test_only_bagian_organisasi_may_save_a_budget(pemeran, peran):
    with pytest.raises(PermissionDenied):
        anggaran_simpan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=getattr(pemeran, peran), versi=None, pagu="1")
    assert not Anggaran.objects.exists()


def test_service_reports_every_bad_field_at_once(pemeran):
    with pytest.raises(ValidationError) as exc:
        anggaran_simpan(
            perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.organisasi, versi=None,
            pagu="-1", realisasi_t3="-2", realisasi_t4="x",
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"pagu", "realisasi_t3", "realisasi_t4"}


def test_capaian_kinerja_is_the_mean_of_verified_capaian_and_efficiency_subtracts_serapan(pemeran):
    naik = buat_indikator(pemeran.pd_a, kode="N")  # naik, akhir
    buat_target(naik, 2025, nilai=80)
    buat_realisasi(naik, 2025, 1, nilai="70", status="diverifikasi")
    buat_realisasi(naik, 2025, 2, nilai="88", status="diverifikasi")  # 88 ÷ 80 = 110 %
    turun = buat_indikator(pemeran.pd_a, kode="T", arah="turun", agregasi="kumulatif")
    buat_target(turun, 2025, nilai=10, t1=4)
    buat_realisasi(turun, 2025, 1, nilai="5", status="diverifikasi")  # (2×4 − 5) ÷ 4 = 75 %
    buat_realisasi(turun, 2025, 2, nilai="1", status="diajukan")  # not verified: left out
    kosong = buat_indikator(pemeran.pd_a, kode="K")
    buat_target(kosong, 2025, nilai=50)
    buat_realisasi(kosong, 2025, 1, nilai="60", status="draf")
    hasil = capaian_kinerja_pd(indikator=[naik, turun, kosong], tahun=2025)
    assert hasil == {pemeran.pd_a.pk: (Decimal("92.50"), 2)}
    anggaran_simpan(
        perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.organisasi, versi=None,
        pagu="1.000.000", realisasi_t1="300.000", realisasi_t2="123.456",
    )  # fmt: skip
    b = halaman_anggaran(user=pemeran.organisasi, tahun=2025).baris
    baris = {x.perangkat_daerah: x for x in b}[pemeran.pd_a]
    assert baris.serapan == Decimal("42.35") and baris.capaian_kinerja == Decimal("92.50")
    assert baris.efisiensi == Decimal("50.15")
    assert baris.teks["efisiensi"] == "50,15%"
    assert "92,50% − 42,35% = 50,15%" in baris.rumus["efisiensi"]
    assert {x.perangkat_daerah: x.efisiensi for x in b}[pemeran.pd_b] is None


def test_budget_table_query_count_does_not_grow_with_the_number_of_pd(client, pemeran, django_assert_max_num_queries):
    def isi(pd):
        anggaran_simpan(
            perangkat_daerah=pd, tahun=2026, oleh=pemeran.organisasi, versi=None, pagu="100", realisasi_t1="5"
        )
        ind = buat_indikator(pd)
        buat_target(ind, 2026, nilai=10)
        buat_realisasi(ind, 2026, 1, nilai="9", status="diverifikasi")

    isi(pemeran.pd_a)
    client.force_login(pemeran.organisasi)
    client.get("/kinerja/anggaran/")
    with django_assert_max_num_queries(12) as awal:
        resp = client.get("/kinerja/anggaran/")
    assert resp.status_code == 200
    for _ in range(10):
        isi(buat_pd(pemeran.pemda))
    with django_assert_max_num_queries(len(awal.captured_queries)):
        resp = client.get("/kinerja/anggaran/")
    assert len(resp.context["h"].baris) == 12
    assert "90,00%" in resp.content.decode()


def test_budget_page_is_in_the_menu_of_organisasi_and_pd_users(client, pemeran):
    for user in (pemeran.organisasi, pemeran.operator_a):
        client.force_login(user)
        assert 'href="/kinerja/anggaran/?tahun=' in client.get("/kinerja/anggaran/").content.decode()
    client.force_login(pemeran.pimpinan)
    assert 'href="/kinerja/anggaran/?tahun=' not in client.get("/kinerja/kelengkapan/2025/").content.decode()


def test_the_pd_budget_accepts_amounts_written_with_rp_spaces_and_dots(client, pemeran):
    """THE budget parser (`rupiah_atau_galat`) on the PD budget as on the sub kegiatan budgets (issue 17 point 4)."""
    client.force_login(pemeran.organisasi)
    isian = _isian("Rp 120.000.000.000", "Rp120.000.000,50", "rp. 1 250 000", "Rp\u00a01.000")
    resp = client.post(_url(pemeran.pd_a), isian)
    assert resp.status_code == 302
    a = Anggaran.objects.get(perangkat_daerah=pemeran.pd_a, tahun=2025)
    assert (a.pagu, a.realisasi_t1, a.realisasi_t2, a.realisasi_t3) == (
        Decimal("120000000000"), Decimal("120000000.5"), Decimal("1250000"), Decimal("1000"),
    )  # fmt: skip
    resp = client.post(_url(pemeran.pd_a), _isian("Rp 12.5x", versi="1"))
    assert resp.status_code == 400 and "Pagu: “Rp 12.5x” bukan angka yang valid." in resp.content.decode()
    assert Anggaran.objects.get(pk=a.pk).pagu == Decimal("120000000000")
