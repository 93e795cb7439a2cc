"""The tree workbook's "Versi" columns (issue 13): a node, indicator, target, manual or sub kegiatan budget
changed in the application after the download is not overwritten by the workbook's old row; the import
refuses that row by sheet, row and column, and saves nothing. Empty Versi (a row typed by hand) is not
checked; a target's "Versi Target <year>" is 0 when it did not exist at the download."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.impor import pohon as impor
from kinerja.impor.pohon import impor_pohon
from kinerja.models import Indikator, Sasaran, Target
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_manual import ManualIK
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
    pemda_id = getattr(obj, "pemda_id", None) or oleh.profil.pemda_id
    perbarui_dengan_riwayat(obj, versi=obj.versi, oleh=oleh, aksi="uji.ubah", pemda_id=pemda_id,
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


# --- every sheet whose rows map to a versioned row: targets, manuals, sub kegiatan budgets -------------------

M_DEFINISI, M_VERSI = 1, 8
A_PAGU, A_VERSI = 2, 7
TAHUN = list(range(2021, 2027))
T_2023, VT_2023, VT_2025 = 13 + TAHUN.index(2023), 13 + 6 + TAHUN.index(2023), 13 + 6 + TAHUN.index(2025)


def baris_anggaran(data: bytes, tahun: int) -> int:
    ws = load_workbook(io.BytesIO(data), read_only=True)["Anggaran"]
    return next(n for n, b in enumerate(ws.iter_rows(values_only=True), start=1) if n > 4 and b[1] == tahun)


def test_the_export_carries_the_version_of_each_target_manual_and_budget(pemeran, pohon):
    Target.objects.filter(indikator__kode="IKU-K1", tahun=2023).update(versi=3)
    ManualIK.objects.filter(indikator__kode="IKU-K1").update(versi=2)
    AnggaranSubKegiatan.objects.filter(tahun=2025).update(versi=5)
    data = ekspor(pemeran.organisasi)
    buku = load_workbook(io.BytesIO(data), read_only=True)
    judul = list(buku["Indikator"].iter_rows(values_only=True))[3]
    assert (judul[T_2023], judul[VT_2023]) == ("Target 2023", "Versi Target 2023")
    baris = list(buku["Indikator"].iter_rows(values_only=True))[baris_kode(data, "Indikator", "IK-D1", 1) - 1]
    assert (baris[VT_2023], baris[VT_2025]) == (0, 1)  # no target in 2023: 0
    assert (
        list(buku["Indikator"].iter_rows(values_only=True))[baris_kode(data, "Indikator", "IKU-K1", 1) - 1][VT_2023]
        == 3
    )
    assert list(buku["Manual"].iter_rows(values_only=True))[baris_kode(data, "Manual", "IKU-K1") - 1][M_VERSI] == 2
    assert list(buku["Anggaran"].iter_rows(values_only=True))[baris_anggaran(data, 2025) - 1][A_VERSI] == 5


def test_a_target_changed_in_the_application_after_the_download_is_not_overwritten(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    simpan_di_aplikasi(Target.objects.get(indikator__kode="IKU-K1", tahun=2023), pemeran.organisasi, nilai=70)
    baris = baris_kode(data, "Indikator", "IKU-K1", 1)
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi)  # the file's old 62 would put the value back
    ((g),) = hasil.galat
    assert (g.baris, g.kolom) == (baris, "Indikator · V (Versi Target 2023)")
    assert "Target 2023 indikator “IKU-K1” " + BASI + " (versi di berkas 1, sekarang 2)" in g.pesan
    assert Target.objects.get(indikator__kode="IKU-K1", tahun=2023).nilai == 70


def test_a_target_created_in_the_application_after_the_download_is_not_overwritten(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    Target.objects.create(indikator=Indikator.objects.get(kode="IK-D1"), tahun=2023, nilai=Decimal(5))
    baris = baris_kode(data, "Indikator", "IK-D1", 1)
    hasil = impor_pohon(data=ubah(data, "Indikator", baris, {T_2023: 9}), oleh=pemeran.organisasi)
    assert [(g.kolom, "versi di berkas 0, sekarang 1" in g.pesan) for g in hasil.galat] == [
        ("Indikator · V (Versi Target 2023)", True)
    ]
    assert Target.objects.get(indikator__kode="IK-D1", tahun=2023).nilai == 5


def test_a_target_of_the_current_version_or_a_file_without_version_columns_is_saved(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    baris = baris_kode(data, "Indikator", "IKU-K1", 1)
    assert impor_pohon(data=ubah(data, "Indikator", baris, {T_2023: 71}), oleh=pemeran.organisasi).galat == []
    t = Target.objects.get(indikator__kode="IKU-K1", tahun=2023)
    assert (t.nilai, t.versi) == (71, 2)
    buku = load_workbook(io.BytesIO(ubah(data, "Indikator", baris, {T_2023: 72})))
    buku["Indikator"].delete_cols(13 + 6 + 1, 6)  # a workbook of before the version columns
    keluar = io.BytesIO()
    buku.save(keluar)
    assert impor_pohon(data=keluar.getvalue(), oleh=pemeran.organisasi).galat == []
    assert Target.objects.get(pk=t.pk).nilai == 72


def test_a_manual_changed_in_the_application_after_the_download_is_not_overwritten(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    simpan_di_aplikasi(ManualIK.objects.get(indikator__kode="IKU-K1"), pemeran.organisasi, rumus="a/b")
    baris = baris_kode(data, "Manual", "IKU-K1")
    hasil = impor_pohon(data=ubah(data, "Manual", baris, {M_DEFINISI: "Definisi baru"}), oleh=pemeran.organisasi)
    ((g),) = hasil.galat
    assert (g.baris, g.kolom) == (baris, "Manual · I (Versi)") and "Manual indikator “IKU-K1” " + BASI in g.pesan
    m = ManualIK.objects.get(indikator__kode="IKU-K1")
    assert (m.definisi, m.rumus) == ("Persentase balita", "a/b")


def test_a_budget_changed_in_the_application_after_the_download_is_not_overwritten(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    simpan_di_aplikasi(AnggaranSubKegiatan.objects.get(tahun=2024), pemeran.organisasi, pagu=Decimal(900))
    baris = baris_anggaran(data, 2024)
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi)
    ((g),) = hasil.galat
    assert (g.baris, g.kolom) == (baris, "Anggaran · H (Versi)")
    assert "Anggaran 2024 sub kegiatan “D1.1.1.1” " + BASI in g.pesan
    assert AnggaranSubKegiatan.objects.get(tahun=2024).pagu == 900


@pytest.mark.parametrize("lembar", ["target", "manual", "anggaran"])
def test_a_row_saved_while_the_import_runs_is_not_overwritten_on_every_sheet(pemeran, pohon, monkeypatch, lembar):
    data = ekspor(pemeran.organisasi)
    if lembar == "target":
        obj, nilai = Target.objects.get(indikator__kode="IKU-K1", tahun=2023), {"nilai": 70}
        data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IKU-K1", 1), {T_2023: 71})
    elif lembar == "manual":
        obj, nilai = ManualIK.objects.get(indikator__kode="IKU-K1"), {"rumus": "a/b"}
        data = ubah(data, "Manual", baris_kode(data, "Manual", "IKU-K1"), {M_DEFINISI: "Baru"})
    else:
        obj, nilai = AnggaranSubKegiatan.objects.get(tahun=2024), {"pagu": Decimal(900)}
        data = ubah(data, "Anggaran", baris_anggaran(data, 2024), {A_PAGU: 800})
    asli = impor.baca_anggaran

    def sela(*a, **k):  # after the rows were read and checked, before the write
        hasil = asli(*a, **k)
        simpan_di_aplikasi(obj, pemeran.organisasi, **nilai)
        return hasil

    monkeypatch.setattr(impor, "baca_anggaran", sela)
    ((g),) = impor_pohon(data=data, oleh=pemeran.organisasi).galat
    assert "diubah atau dihapus orang lain selagi impor berjalan" in g.pesan
    obj.refresh_from_db()
    assert all(getattr(obj, k) == v for k, v in nilai.items())
