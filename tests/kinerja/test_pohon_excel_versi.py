"""The tree workbook's "Versi" column (issue 13): a node or indicator changed in the application after the
download is not overwritten by the workbook's old row; the import refuses that row by sheet, row and column,
and saves nothing. Empty Versi (a row typed by hand) is not checked."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kinerja.impor import pohon as impor
from kinerja.impor.pohon import impor_pohon
from kinerja.models import Indikator, Sasaran
from perangkat_daerah.services import perbarui_dengan_riwayat
from tests.kinerja.test_pohon_excel import baris_kode, ekspor, pohon_dinkes, ubah

pytestmark = pytest.mark.django_db

S_URAIAN, S_JABATAN, S_VERSI = 6, 9, 12
I_URAIAN, I_VERSI = 2, 12
BASI = "sudah diubah di aplikasi setelah berkas ini diunduh"


@pytest.fixture
def pohon(pemeran):
    return pohon_dinkes(pemeran.pemda, pemeran.pd_a, pemeran.pd_b)


def simpan_di_aplikasi(obj, oleh, **nilai):
    """A change saved through the history writer every form uses (it bumps `versi`)."""
    obj.refresh_from_db()
    perbarui_dengan_riwayat(obj, versi=obj.versi, oleh=oleh, aksi="uji.ubah", pemda_id=obj.pemda_id,
                            kolom=list(nilai), nilai=nilai)  # fmt: skip


def test_the_export_carries_each_node_and_indicator_version(pemeran, pohon):
    Sasaran.objects.filter(kode="D1").update(versi=4)
    data = ekspor(pemeran.organisasi)
    buku = load_workbook(io.BytesIO(data), read_only=True)
    simpul = {b[0]: b[S_VERSI] for b in list(buku["Simpul"].iter_rows(values_only=True))[4:]}
    indikator = {b[1]: b[I_VERSI] for b in list(buku["Indikator"].iter_rows(values_only=True))[4:]}
    assert list(buku["Simpul"].iter_rows(values_only=True))[3][S_VERSI] == "Versi"
    assert (simpul["D1"], simpul["D1.1"], indikator["IK-D1"]) == (4, 1, 1)


def test_a_node_changed_in_the_application_after_the_download_is_not_overwritten(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    simpan_di_aplikasi(Sasaran.objects.get(kode="D1"), pemeran.organisasi, uraian="Diubah di aplikasi")
    baris = baris_kode(data, "Simpul", "D1")
    data = ubah(data, "Simpul", baris, {S_JABATAN: "Kepala Dinas (baru)"})
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {S_URAIAN: "Program yang sah diubah"})
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi)
    ((g),) = hasil.galat
    assert (g.baris, g.kolom) == (baris, "Simpul · M (Versi)")
    assert "Simpul “D1” " + BASI + " (versi di berkas 1, sekarang 2)" in g.pesan and "Unduh ulang" in g.pesan
    d1, p1 = Sasaran.objects.get(kode="D1"), Sasaran.objects.get(kode="D1.1")
    assert (d1.uraian, d1.jabatan, d1.versi) == ("Diubah di aplikasi", "Kepala Dinas Kesehatan", 2)
    assert p1.uraian == "Uraian D1.1"  # all or nothing: the valid row is not saved either


def test_an_untouched_row_of_a_node_changed_since_is_refused_too(pemeran, pohon):
    """The workbook's row still holds the old values: importing it would put them back."""
    data = ekspor(pemeran.organisasi)
    simpan_di_aplikasi(Sasaran.objects.get(kode="D1.1.1"), pemeran.organisasi, uraian="Kegiatan diubah")
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi)
    assert [(g.baris, g.kolom) for g in hasil.galat] == [(baris_kode(data, "Simpul", "D1.1.1"), "Simpul · M (Versi)")]
    assert Sasaran.objects.get(kode="D1.1.1").uraian == "Kegiatan diubah"


def test_an_indicator_changed_in_the_application_after_the_download_is_not_overwritten(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    simpan_di_aplikasi(Indikator.objects.get(kode="IK-K1"), pemeran.organisasi, satuan="kegiatan")
    baris = baris_kode(data, "Indikator", "IK-K1", 1)
    hasil = impor_pohon(data=ubah(data, "Indikator", baris, {I_URAIAN: "Uraian baru"}), oleh=pemeran.organisasi)
    ((g),) = hasil.galat
    assert (g.baris, g.kolom) == (baris, "Indikator · M (Versi)") and "Indikator “IK-K1” " + BASI in g.pesan
    assert Indikator.objects.filter(kode="IK-K1").values_list("uraian", "satuan").get() == (
        "Indikator IK-K1", "kegiatan",
    )  # fmt: skip


def test_the_current_version_and_an_empty_one_let_the_row_through(pemeran, pohon):
    simpan_di_aplikasi(Sasaran.objects.get(kode="D1"), pemeran.organisasi, uraian="Diubah di aplikasi")
    data = ekspor(pemeran.organisasi)  # downloaded after the change: Versi 2
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1"), {S_JABATAN: "Kepala Dinas (baru)"})
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {S_URAIAN: "Program diubah", S_VERSI: None})
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi)
    assert hasil.galat == []
    d1 = Sasaran.objects.get(kode="D1")
    assert (d1.uraian, d1.jabatan, d1.versi) == ("Diubah di aplikasi", "Kepala Dinas (baru)", 3)
    assert Sasaran.objects.get(kode="D1.1").uraian == "Program diubah"


def test_a_version_that_is_not_a_number_is_refused(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    baris = baris_kode(data, "Simpul", "D1")
    hasil = impor_pohon(data=ubah(data, "Simpul", baris, {S_JABATAN: "Baru", S_VERSI: "dua"}), oleh=pemeran.organisasi)
    assert [(g.baris, g.kolom, g.pesan) for g in hasil.galat] == [
        (baris, "Simpul · M (Versi)", "Versi “dua” tidak valid: biarkan kolom Versi seperti saat berkas diunduh.")
    ]


def test_a_node_saved_while_the_import_runs_is_not_overwritten(pemeran, pohon, monkeypatch):
    """The rows to change are locked and their versions read again before the write: a form saved between
    the import's reading and its writing refuses the row."""
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1"), {S_JABATAN: "Kepala Dinas (baru)"})
    asli = impor.baca_anggaran

    def sela(*a, **k):  # after the nodes were read and checked, before the write
        simpan_di_aplikasi(Sasaran.objects.get(kode="D1"), pemeran.organisasi, uraian="Disimpan di sela impor")
        return asli(*a, **k)

    monkeypatch.setattr(impor, "baca_anggaran", sela)
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi)
    ((g),) = hasil.galat
    assert g.kolom == "Simpul · M (Versi)" and "diubah atau dihapus orang lain selagi impor berjalan" in g.pesan
    d1 = Sasaran.objects.get(kode="D1")
    assert (d1.uraian, d1.jabatan) == ("Disimpan di sela impor", "Kepala Dinas Kesehatan")
