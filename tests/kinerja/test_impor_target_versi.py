"""The target template's "Versi" column (the tree workbook's staleness rule, `_Baris.versi_sama`, on the
target import of Bagian Organisasi): a target changed or created in the application after the download is not
overwritten by the template's old row; a target saved while the import runs refuses the whole import."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from kinerja import impor
from kinerja.impor import target as impor_target_modul
from kinerja.models import Target
from perangkat_daerah.services import VersiKedaluwarsa, perbarui_dengan_riwayat
from tests.kinerja.factories import buat_indikator, buat_target

pytestmark = pytest.mark.django_db
NILAI, VERSI = 5, 13  # spreadsheet columns (1-based)


@pytest.fixture
def target(pemeran):
    a, b = buat_indikator(pemeran.pd_a, kode="T-A"), buat_indikator(pemeran.pd_a, kode="T-B")
    return buat_target(a, 2025, nilai=80), b


def _templat(user) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(impor.templat_target(user=user, tahun_awal=2025, tahun_akhir=2025)))


def _baris(buku, kode: str) -> int:
    lembar = buku["Target"]
    return next(r for r in range(5, lembar.max_row + 1) if lembar.cell(row=r, column=1).value == kode)


def _unggah(buku, oleh):
    keluar = io.BytesIO()
    buku.save(keluar)
    return impor.impor_target(data=keluar.getvalue(), oleh=oleh)


def _simpan_di_aplikasi(t: Target, oleh, nilai) -> None:
    t.refresh_from_db()
    perbarui_dengan_riwayat(t, versi=t.versi, oleh=oleh, aksi="uji.ubah", pemda_id=t.indikator.pemda_id,
                            kolom=["nilai"], nilai={"nilai": Decimal(nilai)})  # fmt: skip


def test_the_template_carries_each_targets_version(pemeran, target):
    Target.objects.filter(pk=target[0].pk).update(versi=3)
    buku = _templat(pemeran.organisasi)
    lembar = buku["Target"]
    assert lembar.cell(row=4, column=VERSI).value == "Versi"
    assert lembar.cell(row=_baris(buku, "T-A"), column=VERSI).value == 3
    assert lembar.cell(row=_baris(buku, "T-B"), column=VERSI).value == 0  # no target yet


def test_a_target_changed_in_the_application_after_the_download_is_not_overwritten(pemeran, target):
    buku = _templat(pemeran.organisasi)
    _simpan_di_aplikasi(target[0], pemeran.organisasi, 82)
    buku["Target"].cell(row=_baris(buku, "T-A"), column=NILAI, value=85)
    hasil = _unggah(buku, pemeran.organisasi)
    ((g),) = hasil.galat
    assert (g.baris, g.kolom) == (_baris(buku, "T-A"), "M (Versi)")
    assert "Target 2025 indikator “T-A” sudah diubah di aplikasi setelah berkas ini diunduh" in g.pesan
    assert Target.objects.get(pk=target[0].pk).nilai == 82


def test_a_target_created_in_the_application_after_the_download_is_not_overwritten(pemeran, target):
    buku = _templat(pemeran.organisasi)
    buat_target(target[1], 2025, nilai=40)
    buku["Target"].cell(row=_baris(buku, "T-B"), column=NILAI, value=45)
    assert [g.kolom for g in _unggah(buku, pemeran.organisasi).galat] == ["M (Versi)"]
    assert Target.objects.get(indikator=target[1], tahun=2025).nilai == 40


def test_the_current_version_saves(pemeran, target):
    buku = _templat(pemeran.organisasi)
    buku["Target"].cell(row=_baris(buku, "T-A"), column=NILAI, value=85)
    buku["Target"].cell(row=_baris(buku, "T-B"), column=NILAI, value=45)
    assert _unggah(buku, pemeran.organisasi).jumlah == 2
    assert Target.objects.get(pk=target[0].pk).nilai == 85


def test_a_target_saved_while_the_import_runs_refuses_the_import(pemeran, target, monkeypatch):
    buku = _templat(pemeran.organisasi)
    buku["Target"].cell(row=_baris(buku, "T-A"), column=NILAI, value=85)
    asli = impor_target_modul._baca_target

    def sela(*a, **k):  # the rows are read and checked; the application saves before the write
        hasil = asli(*a, **k)
        _simpan_di_aplikasi(target[0], pemeran.organisasi, 82)
        return hasil

    monkeypatch.setattr(impor_target_modul, "_baca_target", sela)
    with pytest.raises(VersiKedaluwarsa, match="Target berubah saat impor berjalan"):
        _unggah(buku, pemeran.organisasi)
