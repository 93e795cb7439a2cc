"""Audit: every change to realisasi, jawaban, hasil, rekomendasi and target is in the history with who and
when, whether made on a page, through the API, or by an Excel import."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.test import APIClient

from evaluasi import services as ev
from evaluasi.models import HasilEvaluasi, Jawaban, Rekomendasi
from kinerja import excel, impor
from kinerja import services as kin
from kinerja.models import Realisasi, Target
from perangkat_daerah.models import Riwayat
from tests.evaluasi.factories import buat_evaluasi
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db
BARIS_PERTAMA = excel.BARIS_JUDUL + 1


def _riwayat(model, pk) -> list[Riwayat]:
    ct = ContentType.objects.get_for_model(model)
    return list(Riwayat.objects.filter(content_type=ct, object_id=pk).order_by("pk"))


def _baru_oleh(daftar: list[Riwayat], user, sejak) -> None:
    assert daftar, "tidak ada riwayat"
    assert daftar[-1].oleh == user and daftar[-1].waktu >= sejak


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_realisasi_changes_through_the_api_are_recorded_with_before_and_after(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    buat_target(ind, 2025, nilai="100")
    r = buat_realisasi(ind, 2025, 1, nilai="10")
    sejak = timezone.now()
    assert (
        _api(pemeran.operator_a)
        .patch(f"/api/v1/realisasi/{r.pk}/", {"nilai": "87,25", "versi": 1}, format="json")
        .status_code
        == 200
    )
    riwayat = _riwayat(Realisasi, r.pk)
    _baru_oleh(riwayat, pemeran.operator_a, sejak)
    assert riwayat[-1].sebelum["nilai"] == "10.0000" and riwayat[-1].sesudah["nilai"] == "87.2500"


def test_realisasi_changes_by_import_are_recorded_per_row(pemeran):
    daftar = [buat_indikator(pemeran.pd_a) for _ in range(3)]
    for i in daftar:
        buat_target(i, 2025, nilai="100")
    buku = openpyxl.load_workbook(
        io.BytesIO(
            impor.templat_realisasi(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1)
        )
    )
    for n in range(3):
        buku["Realisasi"].cell(row=BARIS_PERTAMA + n, column=7, value=f"{50 + n},5")
    keluaran = io.BytesIO()
    buku.save(keluaran)
    sejak = timezone.now()
    hasil = impor.impor_realisasi(
        data=keluaran.getvalue(), perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a
    )
    assert not hasil.galat and hasil.jumlah == 3
    for r in Realisasi.objects.filter(indikator__in=daftar):
        _baru_oleh(_riwayat(Realisasi, r.pk), pemeran.operator_a, sejak)


def test_target_changes_are_recorded(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    sejak = timezone.now()
    t = kin.target_simpan(indikator=ind, tahun=2025, oleh=pemeran.organisasi, nilai="75")
    _baru_oleh(_riwayat(Target, t.pk), pemeran.organisasi, sejak)


def test_jawaban_changes_through_the_api_are_recorded(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    sejak = timezone.now()
    resp = _api(pemeran.operator_a).patch(
        f"/api/v1/evaluasi/{e.pk}/jawaban/", {"jawaban": [{"kode": "1a.1", "nilai": "Y", "versi": 1}]}, format="json"
    )
    assert resp.status_code == 200
    j = Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.1")
    _baru_oleh(_riwayat(Jawaban, j.pk), pemeran.operator_a, sejak)


def test_hasil_and_rekomendasi_changes_are_recorded(pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, terisi=True)
    ev.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    sejak = timezone.now()
    hasil = ev.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat)
    _baru_oleh(_riwayat(HasilEvaluasi, hasil.pk), pemeran.inspektorat, sejak)
    rek = ev.rekomendasi_buat(
        evaluasi=e, oleh=pemeran.inspektorat, uraian="Perbaiki IKU", batas_waktu=datetime.date(2025, 6, 30)
    )
    _baru_oleh(_riwayat(Rekomendasi, rek.pk), pemeran.inspektorat, sejak)
    ev.rekomendasi_tindak_lanjut(
        rekomendasi=rek, oleh=pemeran.operator_a, tindak_lanjut="IKU diperbaiki", versi=rek.versi
    )
    _baru_oleh(_riwayat(Rekomendasi, rek.pk), pemeran.operator_a, sejak)
    assert [r.aksi for r in _riwayat(Rekomendasi, rek.pk)] == ["buat", "tindak_lanjut"]
