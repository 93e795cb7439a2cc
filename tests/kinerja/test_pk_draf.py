"""Issue 17 point 2: realisations cannot be submitted against a PK that is still a draft, unless the pemda's
setting (PengaturanKinerja.ajukan_sebelum_pk) allows it; the input page then says so. One rule
(services.realisasi.pk_draf_menghalangi) for the quarter's and the single row's submission."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja import services
from kinerja.models import PengaturanKinerja, PerjanjianKinerja, Realisasi
from tests.kinerja.factories import buat_realisasi, url_realisasi

pytestmark = pytest.mark.django_db


@pytest.fixture
def pk_draf(pemeran, ind):
    buat_realisasi(ind, 2025, 1, nilai=80, penjelasan="Laporan seksi")
    return PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025)


def test_quarter_cannot_be_submitted_against_a_draft_pk(pemeran, pk_draf):
    with pytest.raises(ValidationError, match="masih draf"):
        services.triwulan_ajukan(perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a)
    assert Realisasi.objects.get().status == Realisasi.Status.DRAF


def test_single_row_cannot_be_submitted_against_a_draft_pk(pemeran, pk_draf):
    r = Realisasi.objects.get()
    with pytest.raises(ValidationError, match="masih draf"):
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)


def test_setting_allows_submitting_against_a_draft_pk(pemeran, pk_draf):
    PengaturanKinerja.objects.create(pemda=pemeran.pemda, ajukan_sebelum_pk=True)
    assert services.triwulan_ajukan(perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a)
    assert Realisasi.objects.get().status == Realisasi.Status.DIAJUKAN


def test_a_set_pk_lets_the_quarter_be_submitted(pemeran, pk_draf):
    services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    services.triwulan_ajukan(perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a)
    assert Realisasi.objects.get().status == Realisasi.Status.DIAJUKAN


def test_input_page_says_the_draft_pk_stops_submission(client, pemeran, pk_draf):
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a)).content.decode()
    assert 'id="pk-draf"' in html
    assert 'value="ajukan"' not in html
    resp = client.post(url_realisasi(pemeran.pd_a), {"aksi": "ajukan"})
    assert resp.status_code == 400
    assert "masih draf" in resp.content.decode()
    assert Realisasi.objects.get().status == Realisasi.Status.DRAF


def test_input_page_offers_submission_once_allowed(client, pemeran, pk_draf):
    PengaturanKinerja.objects.create(pemda=pemeran.pemda, ajukan_sebelum_pk=True)
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a)).content.decode()
    assert 'id="pk-draf"' not in html and 'value="ajukan"' in html
