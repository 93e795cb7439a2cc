"""Issue 11, kinerja: nothing lost, no wrong figure, one input rule (points 1, 2, 14, 20 and 21).

Each test names the defect it holds down; each failed on the code before the fix."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from kinerja import impor, selectors, services
from kinerja.models import Indikator, KunciTriwulan, Realisasi, Target
from perangkat_daerah.services import riwayat_untuk
from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (fixture)
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target
from tests.kinerja.factories import isian_realisasi as _isian
from tests.kinerja.factories import url_realisasi as _url

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n"


@pytest.fixture(autouse=True)
def _media_sendiri(settings, tmp_path):
    """Each test its own media folder, so orphan checks see only its own files."""
    settings.MEDIA_ROOT = tmp_path


def _berkas_media(settings) -> set[str]:
    folder = settings.MEDIA_ROOT / "bukti"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


# --- point 1: evidence on an already-saved row ------------------------------------------------------


def test_evidence_added_to_a_saved_row_is_stored_shown_and_recorded(client, pemeran, ind, settings):
    client.force_login(pemeran.operator_a)
    assert client.post(_url(pemeran.pd_a), _isian(ind, "80")).status_code == 302
    r = Realisasi.objects.get()
    assert not r.bukti
    berkas = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "80", versi=r.versi) | {f"bukti-{ind.pk}": berkas})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.bukti.name.startswith("bukti/") and r.bukti_nama == "sk.pdf" and r.versi == 2
    assert (settings.MEDIA_ROOT / r.bukti.name).read_bytes() == PDF
    assert _berkas_media(settings) == {r.bukti.name.removeprefix("bukti/")}  # no orphan
    terakhir = riwayat_untuk(r).first()
    assert terakhir.sebelum["bukti"] is None and terakhir.sesudah["bukti"] == r.bukti.name
    client.force_login(pemeran.organisasi)
    assert client.get(f"/kinerja/bukti/{r.pk}/").status_code == 200


def test_replacing_evidence_removes_the_old_file_after_commit(
    pemeran, ind, settings, django_capture_on_commit_callbacks
):
    pertama = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    r = services.realisasi_simpan(
        indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80", bukti=pertama
    )
    lama = r.bukti.name
    kedua = SimpleUploadedFile("b.pdf", PDF + b"2", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        r = services.realisasi_simpan(
            indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, versi=r.versi, nilai="80", bukti=kedua
        )
    assert r.bukti.name != lama and r.bukti_nama == "b.pdf"
    assert not (settings.MEDIA_ROOT / lama).exists()
    assert _berkas_media(settings) == {r.bukti.name.removeprefix("bukti/")}


def test_stale_edit_with_evidence_saves_nothing_and_leaves_no_file(client, pemeran, ind, settings):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80")
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "81", versi=r.versi + 5) | {f"bukti-{ind.pk}": berkas})
    assert resp.status_code == 409  # only a stale version: a conflict, and what the user typed stays
    html = resp.content.decode()
    assert "sudah diubah oleh pengguna lain" in html and "dipilih ulang" in html
    r.refresh_from_db()
    assert r.nilai == Decimal("80") and not r.bukti
    assert _berkas_media(settings) == set()


def test_multi_row_post_saves_all_rows_or_none(client, pemeran, ind, settings):
    kedua = buat_indikator(pemeran.pd_a, kode="IK-A2")
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    data = _isian(ind, "81") | {f"bukti-{ind.pk}": berkas} | _isian(kedua, "12,3,4")
    resp = client.post(_url(pemeran.pd_a), data)
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "bukan angka yang valid" in html
    assert 'value="81"' in html  # the good row keeps what the user typed
    assert not Realisasi.objects.exists()
    assert _berkas_media(settings) == set()


# --- point 2: a submitted quarter's capaian ---------------------------------------------------------


def _kumulatif_tw3_diajukan(pemeran):
    ind = buat_indikator(pemeran.pd_a, kode="IK-K", agregasi="kumulatif")
    buat_target(ind, 2025, nilai=100)
    buat_realisasi(ind, 2025, 1, nilai=30, status=Realisasi.Status.DIVERIFIKASI)
    r3 = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=3, oleh=pemeran.operator_a, nilai="40")
    services.realisasi_ajukan(realisasi=r3, versi=r3.versi, oleh=pemeran.operator_a)
    return ind


def _capaian(user, pd, tw):
    halaman = selectors.halaman_input(user=user, perangkat_daerah=pd, tahun=2025, triwulan=tw)
    return halaman.baris[0].penilaian.capaian.persen


def test_submitted_quarter_capaian_ignores_a_later_draft_of_an_earlier_quarter(pemeran):
    ind = _kumulatif_tw3_diajukan(pemeran)
    sebelum = _capaian(pemeran.organisasi, pemeran.pd_a, 3)
    assert sebelum == Decimal("70.00")  # (30 + 40) / 100
    services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=2, oleh=pemeran.operator_a, nilai="50")
    assert _capaian(pemeran.organisasi, pemeran.pd_a, 3) == sebelum
    assert _capaian(pemeran.operator_a, pemeran.pd_a, 3) == sebelum
    # The draft quarter itself is the operator's working picture: it counts every value.
    assert _capaian(pemeran.operator_a, pemeran.pd_a, 2) == Decimal("80.00")


def test_verification_page_shows_the_submitted_capaian(client, pemeran):
    ind = _kumulatif_tw3_diajukan(pemeran)
    services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=2, oleh=pemeran.operator_a, nilai="50")
    client.force_login(pemeran.organisasi)
    html = client.get(f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/3/").content.decode()
    assert "70,00%" in html and "120,00%" not in html


def test_submission_check_uses_the_basis_that_will_be_shown(pemeran):
    """A kumulatif value going down is judged against submitted quarters only, as it is shown later."""
    ind = buat_indikator(pemeran.pd_a, kode="IK-K2", agregasi="kumulatif")
    buat_target(ind, 2025, nilai=100)
    services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="30")
    r2 = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=2, oleh=pemeran.operator_a, nilai="10")
    services.realisasi_ajukan(realisasi=r2, versi=r2.versi, oleh=pemeran.operator_a)  # TW I draft: not counted
    r2.refresh_from_db()
    assert r2.status == Realisasi.Status.DIAJUKAN


# --- points 14 and 21: one input rule for page, API and import --------------------------------------


def _dengan_kendali(buku, kendali: str) -> bytes:
    """The workbook with "KENDALI" replaced by the control character as OOXML escapes it (_x0001_), the way
    a hostile or carelessly exported file carries it (openpyxl itself refuses to write one)."""
    keluaran = io.BytesIO()
    buku.save(keluaran)
    masuk, hasil = zipfile.ZipFile(io.BytesIO(keluaran.getvalue())), io.BytesIO()
    with zipfile.ZipFile(hasil, "w", zipfile.ZIP_DEFLATED) as arsip:
        for info in masuk.infolist():
            arsip.writestr(info, masuk.read(info).replace(b"KENDALI", f"_x{ord(kendali):04X}_".encode()))
    return hasil.getvalue()


@pytest.mark.parametrize("kendali", ["\x01", "\x0b", "\x00"])
def test_control_characters_are_refused_on_page_api_and_import(client, pemeran, ind, kendali):
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "80", penjelasan=f"naik{kendali}turun"))
    assert resp.status_code == 400 and "karakter kendali" in resp.content.decode()
    resp = _api(pemeran.operator_a).post(
        "/api/v1/realisasi/",
        {"indikator": ind.pk, "tahun": 2025, "triwulan": 1, "nilai": "80", "penjelasan": f"a{kendali}b"},
        format="json",
    )
    assert resp.status_code == 400 and "penjelasan" in resp.json()["errors"]  # DRF itself refuses NUL
    buku = openpyxl.load_workbook(
        io.BytesIO(
            impor.templat_realisasi(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1)
        )
    )
    lembar = buku["Realisasi"]
    baris = next(r for r in range(1, 30) if lembar.cell(row=r, column=1).value == "IK-A1")
    lembar.cell(row=baris, column=7, value=80)
    lembar.cell(row=baris, column=10, value="xKENDALIy")
    hasil = impor.impor_realisasi(
        data=_dengan_kendali(buku, kendali),
        perangkat_daerah=pemeran.pd_a,
        tahun=2025,
        triwulan=1,
        oleh=pemeran.operator_a,
    )
    assert not hasil.berhasil and "karakter kendali" in hasil.galat[0].pesan
    assert not Realisasi.objects.exists()


def test_explanation_is_capped_at_5000_characters_on_the_page_as_in_the_api(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "80", penjelasan="x" * 100_000))
    assert resp.status_code == 400 and "Paling banyak 5.000 karakter" in resp.content.decode()
    assert not Realisasi.objects.exists()
    assert client.post(_url(pemeran.pd_a), _isian(ind, "80", penjelasan="x" * 5000)).status_code == 302


@pytest.mark.parametrize("nilai", ["-1", "-0", "-0,5", "-0,0000"])
def test_negative_and_minus_zero_refused_for_a_coverage_percentage(pemeran, ind, nilai):
    with pytest.raises(ValidationError) as exc:
        services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai=nilai)
    assert "tidak boleh bernilai negatif" in str(exc.value)
    assert not Realisasi.objects.exists()


def test_range_is_data_on_the_indicator(pemeran, ind):
    Indikator.objects.filter(pk=ind.pk).update(nilai_maksimum=Decimal(100))
    ind.refresh_from_db()
    with pytest.raises(ValidationError, match="paling besar 100%"):
        services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="100,01")
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="100")
    assert r.nilai == Decimal("100")
    pertumbuhan = buat_indikator(pemeran.pd_a, kode="IK-G", satuan="%", boleh_negatif=True, nilai_minimum=Decimal(-50))
    r = services.realisasi_simpan(indikator=pertumbuhan, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="-2,5")
    assert r.nilai == Decimal("-2.5")
    with pytest.raises(ValidationError, match="paling kecil -50"):
        services.realisasi_simpan(indikator=pertumbuhan, tahun=2025, triwulan=2, oleh=pemeran.operator_a, nilai="-50,5")
    nol = services.realisasi_simpan(indikator=pertumbuhan, tahun=2025, triwulan=3, oleh=pemeran.operator_a, nilai="-0")
    assert nol.nilai == 0 and not nol.nilai.is_signed()


def test_targets_obey_the_same_range(pemeran, ind):
    with pytest.raises(ValidationError, match="tidak boleh bernilai negatif"):
        services.target_simpan(indikator=ind, tahun=2026, oleh=pemeran.organisasi, nilai="-5")


@pytest.mark.parametrize("tahun", [2000, 2100, 2019])
def test_api_refuses_realisasi_for_years_no_page_shows(pemeran, ind, tahun, settings):
    settings.SAKIP_TAHUN_PERTAMA = 2021
    resp = _api(pemeran.operator_a).post(
        "/api/v1/realisasi/", {"indikator": ind.pk, "tahun": tahun, "triwulan": 1, "nilai": "80"}, format="json"
    )
    assert resp.status_code == 400 and "tahun" in resp.json()["errors"]
    assert not Realisasi.objects.exists()


# --- point 20: integers from URLs, queries and forms ------------------------------------------------


@pytest.mark.parametrize("versi", ["²", "1²", "9223372036854775808", "-1", "abc"])
def test_malformed_version_on_the_input_page_is_a_400_not_a_500(client, pemeran, ind, versi):
    services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80")
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran.pd_a), _isian(ind, "81", versi=versi))
    assert resp.status_code == 400
    assert "versi" in resp.content.decode()
    assert Realisasi.objects.get().nilai == Decimal("80")


DAFTAR_API = [
    "/api/v1/sasaran/",
    "/api/v1/indikator/",
    "/api/v1/target/",
    "/api/v1/realisasi/",
    "/api/v1/anggaran/",
    "/api/v1/perjanjian-kinerja/",
]


@pytest.mark.parametrize("alamat", DAFTAR_API)
@pytest.mark.parametrize("nilai", ["9223372036854775808", "99999999999999999999999", "²", "-1", "1.5", "x"])
def test_api_list_filters_refuse_bad_integers_with_400(pemeran, alamat, nilai):
    resp = _api(pemeran.organisasi).get(alamat, {"pd": nilai})
    assert resp.status_code == 400, resp.content
    assert "bilangan bulat" in str(resp.json()) or "harus antara" in str(resp.json())


@pytest.mark.parametrize("param", ["tahun", "indikator", "triwulan"])
def test_api_realisasi_filters_bound_every_integer(pemeran, param):
    resp = _api(pemeran.organisasi).get("/api/v1/realisasi/", {param: "9223372036854775808"})
    assert resp.status_code == 400
    assert _api(pemeran.organisasi).get("/api/v1/realisasi/", {"tahun": "2025", "triwulan": "2"}).status_code == 200


def test_api_body_id_overflow_is_a_400(pemeran, ind):
    resp = _api(pemeran.operator_a).post(
        "/api/v1/realisasi/",
        {"indikator": 2**63, "tahun": 2025, "triwulan": 1, "nilai": "80"},
        format="json",
    )
    assert resp.status_code == 400


# --- the migration carries existing negative values -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_marks_indicators_that_already_hold_negatives(migrasi_ke):  # noqa: F811
    lama = migrasi_ke([("kinerja", "0001_initial")])
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    PD = lama.get_model("perangkat_daerah", "PerangkatDaerah")
    Sasaran = lama.get_model("kinerja", "Sasaran")
    IndikatorLama = lama.get_model("kinerja", "Indikator")
    RealisasiLama = lama.get_model("kinerja", "Realisasi")
    TargetLama = lama.get_model("kinerja", "Target")
    pemda = Pemda.objects.create(kode="kota-migrasi", nama="Kota Migrasi")
    pd = PD.objects.create(pemda=pemda, kode="1.02", nama="Dinas Kesehatan", singkatan="Dinkes", jenis="dinas")
    sasaran = Sasaran.objects.create(pemda=pemda, perangkat_daerah=pd, kode="S1", uraian="Meningkatnya ekonomi")

    def indikator(kode):
        return IndikatorLama.objects.create(
            sasaran=sasaran, pemda=pemda, perangkat_daerah=pd, kode=kode, uraian=kode, satuan="%"
        )

    tumbuh, cakupan, target_minus = indikator("PE"), indikator("CK"), indikator("TM")
    RealisasiLama.objects.create(indikator=tumbuh, tahun=2020, triwulan=2, nilai=Decimal("-2.1900"))
    RealisasiLama.objects.create(indikator=cakupan, tahun=2020, triwulan=2, nilai=Decimal("87.2500"))
    TargetLama.objects.create(indikator=target_minus, tahun=2021, lo=Decimal("-1"), hi=Decimal("1"))
    baru = migrasi_ke([("kinerja", "0002_rentang_nilai_indikator")])
    hasil = dict(baru.get_model("kinerja", "Indikator").objects.values_list("kode", "boleh_negatif"))
    assert hasil == {"PE": True, "CK": False, "TM": True}
    assert baru.get_model("kinerja", "Realisasi").objects.get(indikator__kode="PE").nilai == Decimal("-2.19")


@pytest.mark.parametrize("versi", ["²", "9223372036854775808", "x"])
def test_malformed_version_on_verification_budget_and_pk_pages_is_not_a_500(client, pemeran, ind, versi):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80")
    services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)
    client.force_login(pemeran.organisasi)
    resp = client.post(
        f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/",
        {f"versi-{ind.pk}": versi, f"keputusan-{ind.pk}": "verifikasi"},
    )
    assert resp.status_code == 400 and "versi" in resp.content.decode()
    assert Realisasi.objects.get().status == Realisasi.Status.DIAJUKAN
    resp = client.post(f"/kinerja/anggaran/{pemeran.pd_a.pk}/2025/", {"pagu": "1.000", "versi": versi})
    assert resp.status_code in (400, 409) and "versi" in resp.content.decode()
    resp = client.post(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/target/{ind.pk}/", {"nilai": "90", "versi": versi})
    assert resp.status_code in (400, 409)
    assert Target.objects.get(indikator=ind, tahun=2025).nilai == Decimal(80)


@pytest.mark.parametrize("triwulan", ["²", "9223372036854775808", "5", ""])
def test_malformed_quarter_on_the_lock_page_is_a_message_not_a_500(client, pemeran, triwulan):
    client.force_login(pemeran.organisasi)
    resp = client.post("/kinerja/kunci/", {"triwulan": triwulan, "batas_waktu": "", "terkunci": "1"}, follow=True)
    assert resp.status_code == 200 and "triwulan" in resp.content.decode()
    assert not KunciTriwulan.objects.exists()


def test_template_years_in_the_query_fall_back_instead_of_500(client, pemeran, ind):
    client.force_login(pemeran.organisasi)
    for dari in ("²", "9223372036854775808", "-1"):
        assert client.get("/kinerja/target/templat.xlsx", {"dari": dari, "sampai": "²"}).status_code == 200


def test_import_year_cell_with_a_superscript_digit_is_a_row_error(pemeran, ind):
    buku = openpyxl.load_workbook(
        io.BytesIO(
            impor.templat_realisasi(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1)
        )
    )
    lembar = buku["Realisasi"]
    baris = next(r for r in range(1, 30) if lembar.cell(row=r, column=1).value == "IK-A1")
    lembar.cell(row=baris, column=7, value=80)
    kolom_tahun = next(c for c in range(1, 12) if lembar.cell(row=baris, column=c).value == 2025)
    lembar.cell(row=baris, column=kolom_tahun, value="²⁰²⁵")
    keluaran = io.BytesIO()
    buku.save(keluaran)
    hasil = impor.impor_realisasi(
        data=keluaran.getvalue(), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a
    )
    assert not hasil.berhasil and "Tahun" in hasil.galat[0].kolom


@pytest.mark.parametrize("halaman", ["²", "999", "x"])
def test_a_page_that_does_not_exist_is_a_404_in_indonesian(pemeran, halaman):
    resp = _api(pemeran.organisasi).get("/api/v1/indikator/", {"page": halaman})
    assert resp.status_code == 404 and "tidak ada" in resp.json()["detail"]


def test_template_download_name_survives_a_pd_code_with_quotes_and_newlines(client, pemeran, ind):
    type(pemeran.pd_a).objects.filter(pk=pemeran.pd_a.pk).update(kode='1.02"\r\nX-Sisip: ya')
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/templat.xlsx")
    assert resp.status_code == 200
    assert "X-Sisip" not in resp.headers and "\n" not in resp["Content-Disposition"]


@pytest.mark.parametrize("alamat", DAFTAR_API)
def test_a_percent_sign_in_an_integer_filter_is_a_400(pemeran, alamat):
    resp = _api(pemeran.admin).get(alamat, {"tahun": ".(æå¡%/t", "pd": "5%d"})
    assert resp.status_code == 400
    assert "%/t" in str(resp.json()["errors"]) or "5%d" in str(resp.json()["errors"])
