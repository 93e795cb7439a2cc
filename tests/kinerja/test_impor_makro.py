"""The upload guard of every import (kinerja/excel.wajib_xlsx_aman) refuses a workbook that carries macros: a
VBA project part, a content type that declares one, an Excel 4 macro sheet, or an .xlsm renamed .xlsx; each
file is built in memory from a real template. The realisasi, target and tree imports save nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja import excel, impor
from kinerja.excel_pohon import ekspor_pohon
from kinerja.impor.pohon import impor_pohon
from kinerja.models import Realisasi, Target
from perangkat_daerah.models import Riwayat
from tests.kinerja.factories import buat_indikator

pytestmark = pytest.mark.django_db

UTAMA = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAKRO = "Berkas berisi makro"


def _ubah_zip(data: bytes, *, tambah: dict[str, bytes] | None = None, jenis=None) -> bytes:
    """The workbook `data` with members added and [Content_Types].xml changed by `jenis` (bytes → bytes)."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as asal, zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z:
        for e in asal.infolist():
            isi = asal.read(e)
            if e.filename == "[Content_Types].xml" and jenis is not None:
                isi = jenis(isi)
            z.writestr(e.filename, isi)
        for nama, isi in (tambah or {}).items():
            z.writestr(nama, isi)
    return keluar.getvalue()


def _deklarasi(tipe: bytes):
    return lambda isi: isi.replace(b"</Types>", b'<Default Extension="bin" ContentType="' + tipe + b'"/></Types>')


BERMAKRO = {
    "vbaProject.bin": lambda d: _ubah_zip(d, tambah={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA"}),
    "vbaProject di nama lain": lambda d: _ubah_zip(
        d, tambah={"xl/media/a.bin": b"\xd0\xcf\x11\xe0"}, jenis=_deklarasi(b"application/vnd.ms-office.vbaProject")
    ),
    "xlsm bernama xlsx": lambda d: _ubah_zip(
        d, jenis=lambda isi: isi.replace(UTAMA, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    ),
    "lembar makro Excel 4": lambda d: _ubah_zip(d, tambah={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"}),
    "[Content_Types].xml kedua": lambda d: _ubah_zip(
        d, tambah={"[content_types].xml": _deklarasi(b"application/vnd.ms-office.vbaProject")(b"<Types></Types>")}
    ),  # fmt: skip
}


def templat_realisasi(pemeran) -> bytes:
    buat_indikator(pemeran.pd_a)
    return impor.templat_realisasi(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1)


@pytest.mark.parametrize("jenis", BERMAKRO)
def test_a_workbook_with_macros_is_refused_by_the_guard(pemeran, jenis):
    asli = templat_realisasi(pemeran)
    assert UTAMA in zipfile.ZipFile(io.BytesIO(asli)).read("[Content_Types].xml")  # the disguise replaces it
    excel.wajib_xlsx_aman(asli)  # the template itself passes
    with pytest.raises(excel.BerkasDitolak, match=MAKRO) as exc:
        excel.wajib_xlsx_aman(BERMAKRO[jenis](asli))
    assert "Excel Workbook (.xlsx)" in str(exc.value)


def test_a_macro_declaration_cut_between_two_inflated_pieces_is_still_seen(pemeran, monkeypatch):
    from perangkat_daerah.berkas import Arsip

    asli = Arsip.isi
    monkeypatch.setattr(Arsip, "isi", lambda self, e, potongan=0: asli(self, e, 7))  # "vbaProject" spans pieces
    data = BERMAKRO["vbaProject di nama lain"](templat_realisasi(pemeran))
    with pytest.raises(excel.BerkasDitolak, match=MAKRO):
        excel.wajib_xlsx_aman(data)


def test_the_realisasi_import_page_refuses_macros_and_saves_nothing(client, pemeran):
    data = BERMAKRO["vbaProject.bin"](templat_realisasi(pemeran))
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("realisasi.xlsx", data, content_type=excel.MIME_XLSX)
    resp = client.post(f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/impor/", {"berkas": berkas})
    assert resp.status_code == 400 and MAKRO in resp.content.decode()
    assert not Realisasi.objects.exists()


def test_the_target_import_refuses_macros(pemeran):
    buat_indikator(pemeran.pd_a)
    data = impor.templat_target(user=pemeran.organisasi, tahun_awal=2025, tahun_akhir=2025)
    with pytest.raises(excel.BerkasDitolak, match=MAKRO):
        impor.impor_target(data=BERMAKRO["xlsm bernama xlsx"](data), oleh=pemeran.organisasi)
    assert not Target.objects.exists()


def test_the_tree_import_refuses_macros(pemeran):
    from tests.kinerja.test_pohon_excel import pohon_dinkes

    pohon_dinkes(pemeran.pemda, pemeran.pd_a, pemeran.pd_b)
    data = ekspor_pohon(user=pemeran.organisasi, tahun=2025)
    riwayat = Riwayat.objects.count()
    with pytest.raises(excel.BerkasDitolak, match=MAKRO):
        impor_pohon(data=BERMAKRO["vbaProject.bin"](data), oleh=pemeran.organisasi)
    assert Riwayat.objects.count() == riwayat
