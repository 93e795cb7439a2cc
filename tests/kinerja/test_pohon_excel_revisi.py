"""The tree import counts its revisions (issue 13, the plan lock): a change the import writes under a final
RPJMD, Renstra or Renja counts one revision on that document through THE count (`rencana.revisi_rencana`), as
a form's save does: one reason, one revision per document, with its own history row."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kinerja.impor.pohon import impor_pohon
from kinerja.models import DokumenRencana, Indikator, PeriodePerencanaan, Sasaran
from perangkat_daerah.models import Riwayat
from tests.kinerja.test_pohon_excel import baris_kode, ekspor, pohon_dinkes, ubah

pytestmark = pytest.mark.django_db

S_URAIAN, I_SIMPUL, I_SATUAN, I_TARGET_2024 = 6, 0, 3, 13 + 3


@pytest.fixture
def pohon(pemeran):
    return pohon_dinkes(pemeran.pemda, pemeran.pd_a, pemeran.pd_b)


@pytest.fixture
def periode(pemeran, pohon):
    return PeriodePerencanaan.objects.get(pemda=pemeran.pemda)


def renstra(pemeran, periode, pd=None):
    pd = pd or pemeran.pd_a
    return DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pd, periode=periode, status="final")


def test_a_city_node_changed_under_a_final_rpjmd_counts_one_revision_of_the_period(pemeran, periode):
    data = ekspor(pemeran.organisasi)
    PeriodePerencanaan.objects.filter(pk=periode.pk).update(status=PeriodePerencanaan.Status.FINAL)
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "S1"), {S_URAIAN: "Sasaran kota direvisi"})
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "T1"), {S_URAIAN: "Tujuan direvisi"})
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi, alasan="Perubahan RPJMD")
    assert hasil.galat == []
    periode.refresh_from_db()
    assert periode.revisi == 1  # two nodes, one import, one reason: one revision
    (r,) = Riwayat.objects.filter(pemda=pemeran.pemda, aksi="rpjmd.revisi")
    assert (r.object_id, r.catatan, r.sebelum, r.sesudah) == (periode.pk, "Perubahan RPJMD", {"revisi": 0},
                                                               {"revisi": 1})  # fmt: skip
    assert Riwayat.objects.filter(aksi="simpul.impor.revisi").count() == 2


def test_node_indicator_and_target_changes_under_a_final_renstra_count_one_revision(pemeran, periode):
    dokumen = renstra(pemeran, periode)
    data = ekspor(pemeran.operator_a)
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {S_URAIAN: "Program direvisi"})
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-D1", 1), {I_SATUAN: "persen"})
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-P1", 1), {I_TARGET_2024: "-1,5"})
    assert impor_pohon(data=data, oleh=pemeran.operator_a, alasan="Renstra perubahan").galat == []
    dokumen.refresh_from_db()
    assert dokumen.revisi == 1
    (r,) = Riwayat.objects.filter(aksi="renstra.revisi")
    assert (r.object_id, r.catatan, r.oleh) == (dokumen.pk, "Renstra perubahan", pemeran.operator_a)
    aksi = sorted(Riwayat.objects.exclude(aksi="renstra.revisi").values_list("aksi", flat=True))
    assert aksi == ["indikator.impor.revisi", "simpul.impor.revisi", "target.impor.revisi"]


def test_a_new_node_under_a_final_renstra_counts_a_revision(pemeran, periode):
    dokumen = renstra(pemeran, periode)
    data = ekspor(pemeran.operator_a)
    data = ubah(data, "Simpul", None, ["D1.2", "D1", "sasaran_program", "2021–2026", pemeran.pd_a.kode, "", "Baru"])
    assert impor_pohon(data=data, oleh=pemeran.operator_a, alasan="Program baru").galat == []
    dokumen.refresh_from_db()
    assert dokumen.revisi == 1
    assert Riwayat.objects.get(aksi="pohon.impor.revisi").sesudah["simpul_baru"] == ["D1.2"]


def test_a_budget_changed_under_a_final_renja_counts_a_revision_of_the_renja(pemeran, periode):
    renja = DokumenRencana.objects.create(jenis="renja", perangkat_daerah=pemeran.pd_a, periode=periode, tahun=2025,
                                          status="final")  # fmt: skip
    data = ekspor(pemeran.organisasi)
    baris = [n for n in range(5, 7) if load_workbook(io.BytesIO(data))["Anggaran"].cell(n, 2).value == 2025][0]
    data = ubah(data, "Anggaran", baris, {2: "1.300.000.000"})
    assert impor_pohon(data=data, oleh=pemeran.organisasi, alasan="APBD perubahan").galat == []
    renja.refresh_from_db()
    assert renja.revisi == 1
    assert Riwayat.objects.get(aksi="renja.revisi").catatan == "APBD perubahan"


def test_an_unchanged_import_or_a_free_change_counts_no_revision(pemeran, periode):
    dokumen = renstra(pemeran, periode, pemeran.pd_b)  # B1's PD: not touched below
    data = ekspor(pemeran.organisasi)
    assert impor_pohon(data=data, oleh=pemeran.organisasi, alasan="tidak ada").jumlah == 0
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {S_URAIAN: "Program diubah"})
    assert impor_pohon(data=data, oleh=pemeran.organisasi, alasan="catatan").jumlah == 1
    dokumen.refresh_from_db()
    assert dokumen.revisi == 0
    assert not Riwayat.objects.filter(aksi__endswith="revisi").exists()


def test_an_indicator_moved_off_a_node_of_a_final_renstra_needs_the_reason_and_counts(pemeran, periode):
    """The indicator leaves a node the Renstra fixes for a free node of another PD: the fixed node changes."""
    dokumen = renstra(pemeran, periode)
    Indikator.objects.create(sasaran=Sasaran.objects.get(kode="D1"), kode="IK-D1b", uraian="Tetap", satuan="%")
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-D1", 1), {I_SIMPUL: "B1"})
    (g,) = impor_pohon(data=data, oleh=pemeran.organisasi).galat
    assert g.kolom == "Indikator · B (Kode)" and "sudah final: perubahan ini adalah revisi" in g.pesan
    assert impor_pohon(data=data, oleh=pemeran.organisasi, alasan="Dipindah ke PD pengampu").galat == []
    dokumen.refresh_from_db()
    assert dokumen.revisi == 1


def test_the_last_indicator_of_a_node_cannot_be_moved_away_unless_the_sheet_gives_it_another(pemeran, periode):
    """Every node keeps at least one indicator (as deleting one from the browser)."""
    data = ekspor(pemeran.organisasi)
    pindah = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-D1", 1), {I_SIMPUL: "B1"})
    (g,) = impor_pohon(data=pindah, oleh=pemeran.organisasi).galat
    assert g.kolom == "Indikator · A (Kode Simpul)" and "satu-satunya indikator simpul “D1”" in g.pesan
    assert Indikator.objects.get(kode="IK-D1").sasaran.kode == "D1"
    ganti = ubah(pindah, "Indikator", None, ["D1", "IK-D1-baru", "Pengganti", "%"])
    assert impor_pohon(data=ganti, oleh=pemeran.organisasi).galat == []
    assert sorted(Indikator.objects.filter(sasaran__kode="D1").values_list("kode", flat=True)) == ["IK-D1-baru"]


def test_a_manual_of_an_iku_in_a_final_iku_document_needs_the_reason_and_counts_its_revision(pemeran, periode):
    """The Manual sheet as the manual form (services/manual.py): the change of an IKU's manual in a final IKU
    document needs the reason, is recorded as a revision and counts one `iku.revisi` on that document."""
    from kinerja.models_manual import DokumenIKU

    dokumen = DokumenIKU.objects.create(pemda=pemeran.pemda, periode=periode, status=DokumenIKU.Status.FINAL)
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Manual", baris_kode(data, "Manual", "IKU-K1"), {1: "Definisi direvisi"})
    tanpa = impor_pohon(data=data, oleh=pemeran.organisasi)
    assert [g.pesan for g in tanpa.galat] and "alasan" in tanpa.galat[0].pesan
    assert impor_pohon(data=data, oleh=pemeran.organisasi, alasan="IKU perubahan").galat == []
    dokumen.refresh_from_db()
    assert dokumen.revisi == 1
    (r,) = Riwayat.objects.filter(aksi="iku.revisi")
    assert (r.object_id, r.catatan, r.sebelum, r.sesudah) == (dokumen.pk, "IKU perubahan", {"revisi": 0},
                                                               {"revisi": 1})  # fmt: skip
    assert Riwayat.objects.filter(aksi="manual.impor.revisi").count() == 1
