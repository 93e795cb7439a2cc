"""The action plan's Excel round trip (rencana aksi): a PD's template of a year and its import through the
shared machinery: all rows or none, errors by row and column in Indonesian, only the PD's own staff and only its
own indicators and actions, a plan locked by its set PK changed only with a reason (a revision of the PK)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja import excel, impor
from kinerja.impor.renaksi import R_ALASAN, R_ID, R_INSTRUKSI, R_JENIS, R_KODE, R_TARGET, R_URAIAN, R_VERSI
from kinerja.models import PerjanjianKinerja, RencanaAksi
from kinerja.services import renaksi
from perangkat_daerah.models import Riwayat
from tests.kinerja.factories import buat_indikator

pytestmark = pytest.mark.django_db
TAHUN = 2025
PERTAMA = excel.BARIS_JUDUL + 1


@pytest.fixture
def ind(pemeran):
    return buat_indikator(pemeran.pd_a, kode="IK-A1", satuan="%", nilai_maksimum=Decimal(100))


@pytest.fixture
def rencana(pemeran, ind):
    return renaksi.rencana_aksi_buat(
        indikator=ind, tahun=TAHUN, oleh=pemeran.operator_a, uraian="Sweeping imunisasi", tahapan="Persiapan",
        penanggung_jawab="Kabid P2P", instruksi_kepala_daerah=True, target_bulanan={"3": "30", "6": "60.5"},
    )  # fmt: skip


def _templat(user, pd) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(impor.templat_renaksi(user=user, perangkat_daerah=pd, tahun=TAHUN)))


def _bytes(buku) -> bytes:
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def _isi(lembar, baris: int, nilai: dict[int, object]) -> None:
    for kolom, v in nilai.items():
        lembar.cell(row=baris, column=kolom + 1, value=v)


def _unggah(client, pd, data: bytes):
    berkas = SimpleUploadedFile("renaksi.xlsx", data, content_type=excel.MIME_XLSX)
    return client.post(f"/kinerja/renaksi/{pd.pk}/{TAHUN}/impor/", {"berkas": berkas})


def _baris_kosong(lembar, kode: str) -> int:
    for r in range(PERTAMA, lembar.max_row + 1):
        if lembar.cell(row=r, column=R_KODE + 1).value == kode and lembar.cell(row=r, column=R_ID + 1).value is None:
            return r
    raise AssertionError("tidak ada baris kosong")


def test_the_template_holds_each_action_with_its_id_version_and_spare_rows(pemeran, rencana):
    lembar = _templat(pemeran.operator_a, pemeran.pd_a)["Rencana Aksi"]
    baris = [c.value for c in lembar[PERTAMA]]
    assert baris[: R_URAIAN + 1] == ["IK-A1", rencana.indikator.uraian, "%", rencana.pk, "Sweeping imunisasi"]
    assert (baris[R_INSTRUKSI], baris[R_JENIS]) == ("Ya", "bulanan")
    assert baris[R_TARGET : R_TARGET + 6] == [None, None, 30, None, None, 60.5]
    assert baris[R_VERSI] == rencana.versi
    assert [lembar.cell(row=PERTAMA + i, column=1).value for i in (1, 2)] == ["IK-A1", "IK-A1"]  # spare rows


def test_round_trip_adds_a_new_action_changes_one_and_leaves_an_unchanged_one(client, pemeran, ind, rencana):
    lain = renaksi.rencana_aksi_buat(indikator=ind, tahun=TAHUN, oleh=pemeran.operator_a, uraian="Tetap",
                                     penanggung_jawab="Kasi", target_bulanan={"12": "90"})  # fmt: skip
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    lembar = buku["Rencana Aksi"]
    _isi(lembar, PERTAMA, {R_TARGET + 2: "35,5"})  # Sweeping: March 30 → 35,5
    _isi(lembar, _baris_kosong(lembar, "IK-A1"), {
        R_URAIAN: "Posyandu keliling", 6: "Kasi Gizi", R_INSTRUKSI: "Tidak", R_JENIS: "triwulanan",
        R_TARGET + 2: 25, R_TARGET + 5: "50", R_TARGET + 8: 75.25, R_TARGET + 11: "100",
    })  # fmt: skip
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, _bytes(buku))
    assert resp.status_code == 302, resp.content.decode()[:2000]
    rencana.refresh_from_db()
    assert rencana.target_bulanan == {"3": "35.5000", "6": "60.5000"} and rencana.versi == 2
    baru = RencanaAksi.objects.get(uraian="Posyandu keliling")
    assert (baru.jenis_target, baru.penanggung_jawab) == ("triwulanan", "Kasi Gizi")
    assert baru.instruksi_kepala_daerah is False
    assert baru.target_bulanan == {"3": "25.0000", "6": "50.0000", "9": "75.2500", "12": "100.0000"}
    lain_lagi = RencanaAksi.objects.get(pk=lain.pk)
    assert lain_lagi.versi == lain.versi  # unchanged: not written
    assert Riwayat.objects.filter(aksi="renaksi.ubah", object_id=rencana.pk).count() == 1
    assert Riwayat.objects.filter(aksi="renaksi.buat", object_id=baru.pk).count() == 1
    # the file downloaded again and uploaded unchanged changes nothing
    assert _unggah(client, pemeran.pd_a, _bytes(_templat(pemeran.operator_a, pemeran.pd_a))).status_code == 302
    assert RencanaAksi.objects.get(pk=rencana.pk).versi == 2 and RencanaAksi.objects.count() == 3


def test_a_bad_row_saves_nothing_and_names_row_and_column_in_indonesian(client, pemeran, ind, rencana):
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    lembar = buku["Rencana Aksi"]
    _isi(lembar, PERTAMA, {R_TARGET + 2: "40"})  # a good change …
    kosong = _baris_kosong(lembar, "IK-A1")
    _isi(lembar, kosong, {R_URAIAN: "Aksi baru", 6: "", R_TARGET: "150", R_INSTRUKSI: "Mungkin"})  # … and a bad row
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, _bytes(buku))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert f"<td>{kosong}</td>" in html or f">{kosong}<" in html
    assert "K (Target Bulan 1)" in html and "paling besar 100" in html
    assert "G (Penanggung Jawab)" in html and "Isi penanggung jawab." in html
    assert "I (Instruksi Kepala Daerah)" in html and "Isi “Ya” atau “Tidak”" in html
    rencana.refresh_from_db()
    assert rencana.target_bulanan["3"] == "30.0000" and RencanaAksi.objects.count() == 1  # nothing saved


def test_another_pds_rows_are_refused_by_row(client, pemeran, ind, rencana):
    ind_b = buat_indikator(pemeran.pd_b, kode="IK-B1")
    aksi_b = renaksi.rencana_aksi_buat(indikator=ind_b, tahun=TAHUN, oleh=pemeran.operator_b, uraian="Aksi B",
                                       penanggung_jawab="Kabid B", target_bulanan={"1": "5"})  # fmt: skip
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    lembar = buku["Rencana Aksi"]
    r = _baris_kosong(lembar, "IK-A1")
    _isi(lembar, r, {R_KODE: "IK-B1", R_URAIAN: "Menyusup", 6: "X", R_TARGET: 1})
    _isi(lembar, r + 1, {R_ID: aksi_b.pk, R_URAIAN: "Ubah aksi B", 6: "X", R_TARGET: 1})
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, _bytes(buku))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Kode indikator “IK-B1” bukan indikator Perjanjian Kinerja atau sub kegiatan perangkat daerah ini" in html
    assert f"Aksi dengan ID “{aksi_b.pk}” tidak ada pada rencana aksi perangkat daerah ini" in html
    assert RencanaAksi.objects.get(pk=aksi_b.pk).uraian == "Aksi B" and RencanaAksi.objects.count() == 2


def test_only_the_pds_own_staff_may_import_and_anyone_who_sees_it_may_download(client, pemeran, rencana):
    data = _bytes(_templat(pemeran.operator_a, pemeran.pd_a))
    client.force_login(pemeran.operator_b)
    assert _unggah(client, pemeran.pd_a, data).status_code == 404  # another PD: out of scope
    client.force_login(pemeran.organisasi)
    assert _unggah(client, pemeran.pd_a, data).status_code == 403  # reads it, does not plan it
    unduh = client.get(f"/kinerja/renaksi/{pemeran.pd_a.pk}/{TAHUN}/templat.xlsx")
    assert unduh.status_code == 200 and unduh["Content-Type"] == excel.MIME_XLSX


def test_a_locked_plan_changes_only_with_a_reason_and_counts_a_pk_revision(client, pemeran, ind, rencana):
    pk = PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, status="ditetapkan")
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    lembar = buku["Rencana Aksi"]
    _isi(lembar, PERTAMA, {R_TARGET + 2: "32"})
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, _bytes(buku))
    assert resp.status_code == 400 and "W (Alasan Revisi)" in resp.content.decode()
    assert "memerlukan alasan" in resp.content.decode()
    _isi(lembar, PERTAMA, {R_ALASAN: "Refocusing anggaran"})
    assert _unggah(client, pemeran.pd_a, _bytes(buku)).status_code == 302
    rencana.refresh_from_db()
    pk.refresh_from_db()
    assert rencana.target_bulanan["3"] == "32.0000" and pk.revisi == 1
    assert Riwayat.objects.get(aksi="renaksi.ubah.revisi", object_id=rencana.pk).catatan == "Refocusing anggaran"


def test_a_row_changed_in_the_app_after_download_is_refused_as_stale(client, pemeran, ind, rencana):
    buku = _templat(pemeran.operator_a, pemeran.pd_a)
    renaksi.rencana_aksi_ubah(rencana=rencana, versi=rencana.versi, oleh=pemeran.operator_a,
                              uraian="Diubah di aplikasi", penanggung_jawab="Kabid P2P",
                              target_bulanan={"3": "30"})  # fmt: skip
    _isi(buku["Rencana Aksi"], PERTAMA, {R_TARGET + 2: "33"})
    client.force_login(pemeran.operator_a)
    resp = _unggah(client, pemeran.pd_a, _bytes(buku))
    assert resp.status_code == 400 and "sudah diubah di aplikasi setelah berkas ini diunduh" in resp.content.decode()
    assert RencanaAksi.objects.get(pk=rencana.pk).uraian == "Diubah di aplikasi"
