"""Excel round trip: template, import (all rows or none, errors by row and column), the upload guard
against hostile files, and the bulk target import of Bagian Organisasi."""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja import excel, impor, services
from kinerja.models import Indikator, PerjanjianKinerja, Realisasi, RevisiPK, Sasaran, Target
from perangkat_daerah.models import Riwayat
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db
BARIS_PERTAMA = excel.BARIS_JUDUL + 1


def _banyak_indikator(pd, n: int) -> list[Indikator]:
    sasaran = Sasaran.objects.create(pemda=pd.pemda, perangkat_daerah=pd, kode=f"S-{pd.pk}", uraian="Sasaran")
    daftar = [
        Indikator(sasaran=sasaran, pemda=pd.pemda, perangkat_daerah=pd, kode=f"{pd.pk}.{i:04d}", uraian=f"Ind {i}",
                  satuan="%", urutan=i)
        for i in range(n)
    ]  # fmt: skip
    Indikator.objects.bulk_create(daftar)
    Target.objects.bulk_create([Target(indikator=i, tahun=2025, nilai=Decimal(100)) for i in daftar])
    return daftar


def _templat(user, pd, tw=1) -> openpyxl.Workbook:
    isi = impor.templat_realisasi(user=user, perangkat_daerah=pd, tahun=2025, triwulan=tw)
    return openpyxl.load_workbook(io.BytesIO(isi))


def _simpan(buku: openpyxl.Workbook) -> bytes:
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def _unggah(client, pd, data: bytes, tw=1, nama="realisasi.xlsx"):
    berkas = SimpleUploadedFile(nama, data, content_type=excel.MIME_XLSX)
    return client.post(f"/kinerja/realisasi/{pd.pk}/2025/{tw}/impor/", {"berkas": berkas})


def _isi_nilai(buku, nilai: dict[int, object]) -> None:
    lembar = buku["Realisasi"]
    for i, v in nilai.items():
        lembar.cell(row=BARIS_PERTAMA + i, column=7, value=v)


# --- round trip -------------------------------------------------------------------------------------


def test_template_has_locked_headers_codes_and_validation(pemeran):
    daftar = _banyak_indikator(pemeran.pd_a, 3)
    lembar = _templat(pemeran.operator_a, pemeran.pd_a)["Realisasi"]
    assert lembar.protection.sheet is True
    assert lembar.cell(row=excel.BARIS_JUDUL, column=1).value == "Kode Indikator"
    assert lembar.cell(row=excel.BARIS_JUDUL, column=1).protection.locked
    assert not lembar.cell(row=BARIS_PERTAMA, column=7).protection.locked
    assert [lembar.cell(row=BARIS_PERTAMA + i, column=1).value for i in range(3)] == [i.kode for i in daftar]
    assert {str(dv.sqref) for dv in lembar.data_validations.dataValidation} >= {"G5:G7", "H5:H7"}


def test_filled_template_imports_as_drafts_with_history(client, pemeran):
    daftar = _banyak_indikator(pemeran.pd_a, 3)
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    _isi_nilai(buku, {0: "87,25", 1: 90.5, 2: None})
    lembar = buku["Realisasi"]
    lembar.cell(row=BARIS_PERTAMA + 2, column=8, value="Ya")
    lembar.cell(row=BARIS_PERTAMA + 2, column=9, value="Data BPS belum terbit")
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, _simpan(buku))
    assert resp.status_code == 302
    nilai = dict(Realisasi.objects.values_list("indikator__kode", "nilai"))
    assert nilai == {daftar[0].kode: Decimal("87.25"), daftar[1].kode: Decimal("90.5"), daftar[2].kode: None}
    assert Realisasi.objects.get(indikator=daftar[2]).belum_tersedia
    assert set(Realisasi.objects.values_list("status", flat=True)) == {Realisasi.Status.DRAF}
    assert Riwayat.objects.filter(aksi="realisasi.impor").count() == 3


def test_reimport_updates_changed_rows_only_and_bumps_versi(pemeran):
    daftar = _banyak_indikator(pemeran.pd_a, 2)
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    _isi_nilai(buku, {0: 10, 1: 20})
    impor.impor_realisasi(
        data=_simpan(buku), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a
    )
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    _isi_nilai(buku, {1: 25})
    hasil = impor.impor_realisasi(
        data=_simpan(buku), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a
    )
    assert hasil.jumlah == 1
    assert dict(Realisasi.objects.values_list("indikator__kode", "versi")) == {daftar[0].kode: 1, daftar[1].kode: 2}


def test_one_bad_row_among_500_saves_nothing_and_names_row_and_column(client, pemeran):
    _banyak_indikator(pemeran.pd_a, 500)
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    _isi_nilai(buku, {i: f"{i},5" for i in range(500)})
    _isi_nilai(buku, {317: "12,3,4"})
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, _simpan(buku))
    html = resp.content.decode()
    assert resp.status_code == 400
    assert not Realisasi.objects.exists()
    assert "Tidak ada data yang disimpan" in html
    galat = resp.context["hasil"].galat
    assert [(g.baris, g.kolom) for g in galat] == [(BARIS_PERTAMA + 317, "G (Realisasi)")]
    assert "“12,3,4” bukan angka yang valid" in galat[0].pesan


def test_every_row_rule_is_checked(pemeran):
    daftar = _banyak_indikator(pemeran.pd_a, 5)
    asing = buat_indikator(pemeran.pd_b, kode="MILIK-B")
    buat_realisasi(daftar[3], nilai=1, status=Realisasi.Status.DIVERIFIKASI)
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    lembar = buku["Realisasi"]
    _isi_nilai(buku, {0: 1, 1: 2, 2: 3, 3: 4, 4: 5})
    lembar.cell(row=BARIS_PERTAMA, column=1, value=asing.kode)  # another PD's indicator
    lembar.cell(row=BARIS_PERTAMA + 1, column=6, value=2)  # wrong quarter
    lembar.cell(row=BARIS_PERTAMA + 2, column=5, value=2024)  # wrong year
    lembar.cell(row=BARIS_PERTAMA + 4, column=1, value=daftar[1].kode)  # duplicate
    hasil = impor.impor_realisasi(
        data=_simpan(buku), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a
    )
    kolom = {(g.baris - BARIS_PERTAMA, g.kolom[0]) for g in hasil.galat}
    assert kolom == {(0, "A"), (1, "F"), (2, "E"), (3, "G"), (4, "A")}
    assert "MILIK-B" in hasil.galat[0].pesan
    assert Realisasi.objects.count() == 1


def test_locked_quarter_refuses_every_row(pemeran):
    _banyak_indikator(pemeran.pd_a, 2)
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    _isi_nilai(buku, {0: 1, 1: 2})
    services.triwulan_kunci(pemda=pemeran.pemda, tahun=2025, triwulan=1, terkunci=True, oleh=pemeran.organisasi)
    hasil = impor.impor_realisasi(
        data=_simpan(buku), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a
    )
    assert len(hasil.galat) == 2 and all("dikunci" in g.pesan for g in hasil.galat)
    assert not Realisasi.objects.exists()


def test_operator_cannot_import_into_another_pd(client, pemeran):
    _banyak_indikator(pemeran.pd_b, 2)
    buku = _templat(pemeran.operator_b, pemeran.pd_b)
    _isi_nilai(buku, {0: 1, 1: 2})
    client.force_login(pemeran.operator_a)
    assert _unggah(client, pemeran.pd_b, _simpan(buku)).status_code == 404
    client.force_login(pemeran.pimpinan)
    assert _unggah(client, pemeran.pd_b, _simpan(buku)).status_code == 403
    assert not Realisasi.objects.exists()


# --- hostile files ----------------------------------------------------------------------------------


def _zip(entri: dict[str, bytes], metode=zipfile.ZIP_DEFLATED) -> bytes:
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", metode) as arsip:
        for nama, isi in entri.items():
            arsip.writestr(nama, isi)
    return keluaran.getvalue()


def _xlsx_dengan_lembar(pemeran, xml: bytes) -> bytes:
    _banyak_indikator(pemeran.pd_a, 1)
    asli = zipfile.ZipFile(io.BytesIO(_simpan(_templat(pemeran.operator_a, pemeran.pd_a))))
    entri = {n: asli.read(n) for n in asli.namelist()}
    entri["xl/worksheets/sheet1.xml"] = xml
    return _zip(entri)


BOM_ENTITAS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def _berkas_jahat(nama: str, pemeran) -> bytes:
    if nama == "zip_bomb":
        nol = b"\0" * (210 * 1024 * 1024)
        return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/nol.bin": nol})
    if nama == "html":
        return b"<html><body><table><tr><td>1.02.01.01</td><td>87,25</td></tr></table></body></html>"
    if nama == "15_mib":
        return b"PK\x03\x04" + os.urandom(15 * 1024 * 1024)
    if nama == "entri_banyak":
        return _zip({f"xl/x{i}.bin": b"" for i in range(1001)}, zipfile.ZIP_STORED)
    if nama == "rumus":
        _banyak_indikator(pemeran.pd_a, 1)
        buku = _templat(pemeran.operator_a, pemeran.pd_a)
        buku["Realisasi"].cell(row=BARIS_PERTAMA, column=7, value="=SUM(1,2)")
        return _simpan(buku)
    if nama == "bom_entitas":
        return _xlsx_dengan_lembar(pemeran, BOM_ENTITAS)
    raise AssertionError(nama)


@pytest.mark.parametrize(
    ("nama", "pesan"),
    [
        ("zip_bomb", "batasnya 200 MiB"),
        ("html", "bukan berkas Excel .xlsx"),
        ("15_mib", "batasnya 10 MiB"),
        ("entri_banyak", "batasnya 1000"),
        ("rumus", "Sel G5 berisi rumus"),
        ("bom_entitas", "DTD/entitas"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(client, pemeran, nama, pesan):
    data = _berkas_jahat(nama, pemeran)
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, data)
    assert resp.status_code == 400
    html = resp.content.decode()
    assert pesan in html, html[-1500:]
    assert "Tidak ada data yang disimpan" in html
    assert not Realisasi.objects.exists()


def test_guard_refuses_a_zip_that_lies_about_its_size():
    isi = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/a.bin": b"x" * 5000})
    # Declare 10 bytes uncompressed in the central directory while the data inflates to 5000.
    bohong = isi.replace((5000).to_bytes(4, "little"), (10).to_bytes(4, "little"))
    with pytest.raises(excel.BerkasDitolak):
        excel.periksa_xlsx(bohong)


# --- targets ----------------------------------------------------------------------------------------


def _templat_target(user, tahun=2025) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(impor.templat_target(user=user, tahun_awal=tahun, tahun_akhir=tahun)))


def test_bulk_target_import_sets_draft_targets_and_revises_set_pk_with_reason(client, pemeran):
    a = buat_indikator(pemeran.pd_a, kode="T-A")
    b = buat_indikator(pemeran.pd_b, kode="T-B")
    buat_target(a, 2025, nilai=80)
    buat_target(b, 2025, nilai=50)
    services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    buku = _templat_target(pemeran.organisasi)
    lembar = buku["Target"]
    baris = {lembar.cell(row=r, column=1).value: r for r in range(BARIS_PERTAMA, lembar.max_row + 1)}
    lembar.cell(row=baris["T-A"], column=5, value="85,5")
    lembar.cell(row=baris["T-B"], column=5).value = None
    lembar.cell(row=baris["T-B"], column=6, value=40)
    lembar.cell(row=baris["T-B"], column=7, value=60)
    client.force_login(pemeran.organisasi)
    berkas = SimpleUploadedFile("t.xlsx", _simpan(buku))
    resp = client.post("/kinerja/target/impor/", {"berkas": berkas})
    assert resp.status_code == 400
    assert [(g.baris, g.kolom) for g in resp.context["hasil"].galat] == [(baris["T-A"], "L (Alasan Revisi)")]
    assert Target.objects.get(indikator=b).nilai == Decimal(50)  # nothing saved
    lembar.cell(row=baris["T-A"], column=12, value="Refocusing APBD-P")
    resp = client.post("/kinerja/target/impor/", {"berkas": SimpleUploadedFile("t.xlsx", _simpan(buku))})
    assert resp.status_code == 302
    assert Target.objects.get(indikator=a).nilai == Decimal("85.5")
    assert (Target.objects.get(indikator=b).lo, Target.objects.get(indikator=b).hi) == (Decimal(40), Decimal(60))
    assert RevisiPK.objects.get().alasan == "Refocusing APBD-P"
    assert PerjanjianKinerja.objects.get(perangkat_daerah=pemeran.pd_a).revisi == 1


def test_target_import_is_only_for_bagian_organisasi(client, pemeran):
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("t.xlsx", b"PK\x03\x04")
    assert client.post("/kinerja/target/impor/", {"berkas": berkas}).status_code == 403
    assert client.get("/kinerja/target/templat.xlsx").status_code == 403
