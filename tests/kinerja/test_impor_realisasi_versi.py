"""The realisasi template's "Versi" column (THE staleness rule of the imports, `_Baris.versi_sama`): a draft
realisation changed or entered in the application after the template was downloaded is not overwritten by the
template's old row; the whole upload is refused and the message says to download again."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from kinerja import impor
from kinerja.models import Realisasi
from perangkat_daerah.services import perbarui_dengan_riwayat
from tests.kinerja.factories import buat_indikator, buat_realisasi

pytestmark = pytest.mark.django_db
NILAI, PENJELASAN, VERSI = 7, 10, 11  # spreadsheet columns (1-based)


@pytest.fixture
def ind(pemeran):
    a = buat_indikator(pemeran.pd_a, kode="IK-A1")
    b = buat_indikator(pemeran.pd_a, kode="IK-A2")
    return buat_realisasi(a, 2025, 1, nilai=Decimal(70)), b


def _templat(pemeran) -> openpyxl.Workbook:
    isi = impor.templat_realisasi(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1)
    return openpyxl.load_workbook(io.BytesIO(isi))


def _baris(buku, kode: str) -> int:
    lembar = buku["Realisasi"]
    return next(r for r in range(5, lembar.max_row + 1) if lembar.cell(row=r, column=1).value == kode)


def _unggah(buku, pemeran):
    keluar = io.BytesIO()
    buku.save(keluar)
    return impor.impor_realisasi(data=keluar.getvalue(), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1,
                                 oleh=pemeran.operator_a)  # fmt: skip


def test_the_template_carries_each_realisations_version(pemeran, ind):
    Realisasi.objects.filter(pk=ind[0].pk).update(versi=4)
    buku = _templat(pemeran)
    assert buku["Realisasi"].cell(row=4, column=VERSI).value == "Versi"
    assert buku["Realisasi"].cell(row=_baris(buku, "IK-A1"), column=VERSI).value == 4
    assert buku["Realisasi"].cell(row=_baris(buku, "IK-A2"), column=VERSI).value == 0


def test_a_realisation_changed_in_the_application_after_the_download_is_not_overwritten(pemeran, ind):
    buku = _templat(pemeran)
    r = ind[0]
    perbarui_dengan_riwayat(r, versi=r.versi, oleh=pemeran.operator_b, aksi="uji.ubah", pemda_id=pemeran.pemda.pk,
                            kolom=["nilai"], nilai={"nilai": Decimal(75)})  # fmt: skip
    buku["Realisasi"].cell(row=_baris(buku, "IK-A1"), column=PENJELASAN, value="Diisi di Excel")
    ((g),) = _unggah(buku, pemeran).galat
    assert (g.baris, g.kolom) == (_baris(buku, "IK-A1"), "K (Versi)")
    assert "Realisasi “IK-A1” sudah diubah di aplikasi setelah berkas ini diunduh (versi di berkas 1, sekarang 2)" in (
        g.pesan
    )
    r.refresh_from_db()
    assert (r.nilai, r.penjelasan) == (Decimal(75), "")


def test_a_realisation_entered_in_the_application_after_the_download_is_not_overwritten(pemeran, ind):
    buku = _templat(pemeran)
    buat_realisasi(ind[1], 2025, 1, nilai=Decimal(10))
    buku["Realisasi"].cell(row=_baris(buku, "IK-A2"), column=NILAI, value=12)
    assert [g.kolom for g in _unggah(buku, pemeran).galat] == ["K (Versi)"]
    assert Realisasi.objects.get(indikator=ind[1]).nilai == 10


def test_the_current_version_saves(pemeran, ind):
    buku = _templat(pemeran)
    buku["Realisasi"].cell(row=_baris(buku, "IK-A1"), column=NILAI, value=72)
    buku["Realisasi"].cell(row=_baris(buku, "IK-A2"), column=NILAI, value=12)
    hasil = _unggah(buku, pemeran)
    assert (hasil.galat, hasil.jumlah) == ([], 2)
    assert Realisasi.objects.get(pk=ind[0].pk).nilai == 72
