"""The LKE workbook: every number equals the engine's; access follows the evaluation."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from evaluasi import selectors as ev
from laporan import services
from laporan.models import Laporan
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final

pytestmark = pytest.mark.django_db


def _angka(nilai) -> Decimal:
    return Decimal(str(nilai)).quantize(Decimal("0.01"))


def test_workbook_numbers_equal_the_engine(pemeran, django_capture_on_commit_callbacks):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a, pola=lambda kr: kr.pilihan[kr.nomor % len(kr.pilihan)])
    with django_capture_on_commit_callbacks(execute=False):
        laporan = services.laporan_minta(user=pemeran.inspektorat, jenis="lke_xlsx", tahun=2024, evaluasi_id=e.pk)
    assert laporan.perangkat_daerah == pemeran.pd_a
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    assert laporan.nama_berkas == "LKE-2024-Dinas-A.xlsx"
    siap = ev.instrumen_siap(e.instrumen)
    hasil = ev.hitung(siap, ev.masukan_evaluasi(e, siap))
    ws = load_workbook(io.BytesIO(laporan.berkas.open("rb").read())).active
    baris = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert _angka(ws["B3"].value) == hasil.total
    for kom in hasil.komponen:
        assert _angka(baris[kom.kode][4]) == kom.nilai
        for sub in kom.subkomponen:
            assert _angka(baris[sub.kode][4]) == sub.nilai
            for k in sub.kriteria:
                assert baris[k.kode][3] == (k.jawaban or "")
    total = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Total")
    assert _angka(total[4]) == hasil.total and _angka(total[5]) == Decimal("100.00")
    assert hasil.predikat.kode in ws["D3"].value


def test_lke_of_another_pd_is_not_found(pemeran):
    e = buat_evaluasi(pemeran.operator_b, pd=pemeran.pd_b)
    with pytest.raises(Http404):
        services.laporan_minta(user=pemeran.operator_a, jenis="lke_xlsx", tahun=2024, evaluasi_id=e.pk)
    assert Laporan.objects.count() == 0
