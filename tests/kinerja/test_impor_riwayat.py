"""The history rows an import writes, pinned field by field (issue 18 (e)): one row per created or changed
realisasi or target, none for an unchanged one, each as `riwayat_catat` would write it (the snapshot's fields
in `RIWAYAT_REALISASI` / `RIWAYAT_TARGET` order, numbers as text with the column's four decimals, the
evidence's empty name as null), one timestamp per import. The bulk write's fast path must keep all of it."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from kinerja import excel, impor
from kinerja.impor import dasar
from kinerja.models import Realisasi, Target
from kinerja.services import RIWAYAT_REALISASI, RIWAYAT_TARGET
from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import nilai_polos
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db
BARIS_PERTAMA = excel.BARIS_JUDUL + 1
PENJELASAN = 'Naik “tajam” \\ "kutip" é – 10%'


def _snap(nilai, belum=False, alasan="", penjelasan="", status="draf", catatan="", terlambat=False) -> dict:
    return {"nilai": nilai, "belum_tersedia": belum, "alasan_belum_tersedia": alasan, "penjelasan": penjelasan,
            "bukti": None, "status": status, "catatan_verifikasi": catatan, "terlambat": terlambat}  # fmt: skip


def _riwayat(model, aksi: str) -> dict:
    ct = ContentType.objects.get_for_model(model)
    baris = Riwayat.objects.filter(aksi=aksi, content_type=ct)
    return {r.object_id: r for r in baris}


def _urutan_sama(riwayat: dict, kolom: list[str]) -> bool:
    """The snapshot's keys in the writer's order, where the stored JSON keeps it (jsonb sorts its keys)."""
    return connection.vendor == "postgresql" or all(list(r.sesudah) == kolom for r in riwayat.values())


def test_realisasi_import_writes_one_exact_history_row_per_created_or_changed_row(pemeran):
    ind = [buat_indikator(pemeran.pd_a, kode=f"H{i}") for i in range(6)]
    ubah = buat_realisasi(ind[2], nilai=10, penjelasan="lama")
    buat_realisasi(ind[3], nilai=5)  # unchanged by the sheet: no history row
    kembali = buat_realisasi(ind[4], nilai=7, status=Realisasi.Status.DIKEMBALIKAN, catatan_verifikasi="Perbaiki",
                             terlambat=True)  # fmt: skip
    buku = openpyxl.load_workbook(io.BytesIO(impor.templat_realisasi(
        user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1)))  # fmt: skip
    lembar = buku["Realisasi"]
    baris = {lembar.cell(row=r, column=1).value: r for r in range(BARIS_PERTAMA, lembar.max_row + 1)}
    isi = {"H0": ("87,25", "", "", PENJELASAN), "H1": (None, "Ya", "Data BPS\nbelum terbit", ""),
           "H2": ("12,5", "", "", "baru"), "H4": ("1.234,5", "", "", "lama"), "H5": (90.5, "", "", "")}  # fmt: skip
    for kode, (nilai, belum, alasan, penjelasan) in isi.items():
        for kolom, v in zip((7, 8, 9, 10), (nilai, belum, alasan, penjelasan), strict=True):
            lembar.cell(row=baris[kode], column=kolom, value=v)
    keluaran = io.BytesIO()
    buku.save(keluaran)
    hasil = impor.impor_realisasi(data=keluaran.getvalue(), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1,
                                  oleh=pemeran.operator_a)  # fmt: skip
    assert (hasil.berhasil, hasil.jumlah) == (True, 5)
    pk = dict(Realisasi.objects.values_list("indikator__kode", "pk"))
    riwayat = _riwayat(Realisasi, "realisasi.impor")
    assert {r.object_id: (r.sebelum, r.sesudah) for r in riwayat.values()} == {
        pk["H0"]: (None, _snap("87.2500", penjelasan=PENJELASAN)),
        pk["H1"]: (None, _snap(None, belum=True, alasan="Data BPS\nbelum terbit")),
        ubah.pk: (_snap("10.0000", penjelasan="lama"), _snap("12.5000", penjelasan="baru")),
        kembali.pk: (_snap("7.0000", status="dikembalikan", catatan="Perbaiki", terlambat=True),
                     _snap("1234.5000", penjelasan="lama", status="dikembalikan", catatan="Perbaiki", terlambat=True)),
        pk["H5"]: (None, _snap("90.5000")),
    }  # fmt: skip
    assert _urutan_sama(riwayat, RIWAYAT_REALISASI)
    assert {(r.pemda_id, r.oleh_id, r.catatan) for r in riwayat.values()} == {(pemeran.pemda.pk, pemeran.operator_a.pk,
                                                                              "")}  # fmt: skip
    assert len({r.waktu for r in riwayat.values()}) == 1
    simpan = Realisasi.objects.get(pk=pk["H0"])
    assert (simpan.versi, simpan.diubah_oleh_id, simpan.status) == (1, pemeran.operator_a.pk, "draf")
    assert simpan.diubah_pada == Realisasi.objects.get(pk=ubah.pk).diubah_pada
    assert Realisasi.objects.get(pk=ubah.pk).versi == ubah.versi + 1


def test_target_import_writes_one_exact_history_row_per_created_or_changed_target(pemeran):
    a, b, c = (buat_indikator(pemeran.pd_a, kode=k) for k in ("TA", "TB", "TC"))
    lama = buat_target(a, 2025, nilai=80)
    buat_target(c, 2025, nilai=5)  # unchanged
    buku = openpyxl.load_workbook(io.BytesIO(impor.templat_target(user=pemeran.organisasi, tahun_awal=2025,
                                                                  tahun_akhir=2025)))  # fmt: skip
    lembar = buku["Target"]
    baris = {lembar.cell(row=r, column=1).value: r for r in range(BARIS_PERTAMA, lembar.max_row + 1)}
    lembar.cell(row=baris["TA"], column=5, value="85,5")
    lembar.cell(row=baris["TB"], column=6, value=40)
    lembar.cell(row=baris["TB"], column=7, value="60,25")
    keluaran = io.BytesIO()
    buku.save(keluaran)
    hasil = impor.impor_target(data=keluaran.getvalue(), oleh=pemeran.organisasi)
    assert (hasil.berhasil, hasil.jumlah) == (True, 2)
    baru = Target.objects.get(indikator=b)
    kosong = dict.fromkeys(RIWAYAT_TARGET)
    riwayat = _riwayat(Target, "target.impor")
    assert {k: (r.sebelum, r.sesudah) for k, r in riwayat.items()} == {
        lama.pk: ({**kosong, "nilai": "80.0000"}, {**kosong, "nilai": "85.5000"}),
        baru.pk: (None, {**kosong, "lo": "40.0000", "hi": "60.2500"}),
    }
    assert _urutan_sama(riwayat, RIWAYAT_TARGET)
    assert {(r.pemda_id, r.oleh_id) for r in riwayat.values()} == {(pemeran.pemda.pk, pemeran.organisasi.pk)}


@pytest.mark.parametrize(
    "nilai",
    [None, True, False, 0, -3, Decimal("87.2500"), Decimal("-0.0001"), Decimal("1E+3"), "", 'a"b\\c\n“é”\u2028',
     "\t", 1.5, datetime.date(2025, 3, 31), Realisasi.Status.DRAF],
)  # fmt: skip
def test_a_snapshot_value_is_encoded_as_json_dumps_encodes_it(nilai):
    assert dasar._json(nilai) == json.dumps(nilai_polos(nilai))
