"""Issue 17 point 1: an operator starts at the due quarter; overdue quarters and returned items are marked
"Terlambat" and lead the home page; the completeness matrix marks them too."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kinerja.models import KunciTriwulan, Realisasi
from kinerja.services import triwulan_jatuh_tempo
from tests.kinerja.factories import buat_realisasi, url_realisasi

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("tahun", "hari", "tw"),
    [
        (2026, D(2026, 11, 30), 3),  # TW IV still running
        (2026, D(2026, 10, 1), 3),
        (2026, D(2026, 9, 30), 2),
        (2026, D(2026, 2, 10), 1),  # nothing has ended yet: the first quarter
        (2025, D(2026, 11, 30), 4),
        (2027, D(2026, 11, 30), 1),
    ],
)
def test_due_quarter_is_the_latest_ended_one(tahun, hari, tw):
    assert triwulan_jatuh_tempo(tahun, hari) == tw


@pytest.fixture
def akhir_november(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 11, 30))


def test_operator_lands_on_the_due_quarter_not_the_running_one(client, pemeran, akhir_november):
    client.force_login(pemeran.operator_a)
    resp = client.get("/kinerja/realisasi/", {"tahun": 2026})
    assert resp.status_code == 302
    assert resp.url == url_realisasi(pemeran.pd_a, 2026, 3)


def _kunci(pemeran, tahun, tw, batas):
    return KunciTriwulan.objects.create(pemda=pemeran.pd_a.pemda, tahun=tahun, triwulan=tw, batas_waktu=batas)


def test_empty_quarter_past_its_deadline_is_overdue_on_the_input_page(client, pemeran, ind, akhir_november):
    _kunci(pemeran, 2025, 4, D(2026, 1, 15))
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a, 2025, 4)).content.decode()
    assert 'id="judul-perhatian"' in html
    assert "batas waktu 15 Januari 2026 sudah lewat, 1 indikator belum diajukan" in html
    assert html.count(">Terlambat</span>") == 3  # the notice, the TW IV tab, the page's own band


def test_quarter_submitted_in_full_is_not_overdue(client, pemeran, ind, akhir_november):
    _kunci(pemeran, 2025, 4, D(2026, 1, 15))
    buat_realisasi(ind, 2025, 4, nilai=80, status=Realisasi.Status.DIAJUKAN)
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a, 2025, 4)).content.decode()
    assert ">Terlambat</span>" not in html
    assert 'id="judul-perhatian"' not in html


def test_quarter_before_its_deadline_is_not_overdue(client, pemeran, ind, akhir_november):
    _kunci(pemeran, 2025, 4, D(2026, 12, 15))
    client.force_login(pemeran.operator_a)
    assert ">Terlambat</span>" not in client.get(url_realisasi(pemeran.pd_a, 2025, 4)).content.decode()


def test_returned_items_lead_the_operator_page(client, pemeran, ind, akhir_november):
    buat_realisasi(ind, 2025, 2, nilai=80, status=Realisasi.Status.DIKEMBALIKAN)
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a, 2025, 4)).content.decode()
    awal = html.index('id="judul-perhatian"')
    assert awal < html.index("<table")
    assert url_realisasi(pemeran.pd_a, 2025, 2) in html[awal:]
    assert "1 indikator dikembalikan verifikator" in html


def test_matrix_marks_the_overdue_quarter(client, pemeran, ind, akhir_november):
    _kunci(pemeran, 2025, 4, D(2026, 1, 15))
    _kunci(pemeran, 2025, 3, D(2025, 10, 15))
    buat_realisasi(ind, 2025, 3, nilai=80, status=Realisasi.Status.DIVERIFIKASI)
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/kelengkapan/2025/").content.decode()
    assert html.count(">Terlambat</span>") == 1
