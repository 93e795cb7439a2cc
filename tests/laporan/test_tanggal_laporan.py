"""The date a document carries (issue 14 point 8): chosen on request, else the kind's default in the
regulation's window (LKjIP: 1 January–31 March of the next year; PK: the day it was set, else January),
never silently today; a bad or far-off date is refused in Indonesian; the PDF prints it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from kinerja.models import PerjanjianKinerja
from laporan import jenis as jenis_laporan
from laporan import services
from laporan.models import Laporan

D = datetime.date


@pytest.mark.parametrize(
    ("hari_ini", "bawaan"),
    [
        (D(2026, 11, 30), D(2025, 3, 31)),  # LKjIP 2024 made long after: the deadline, not today
        (D(2025, 2, 14), D(2025, 2, 14)),  # inside the window: today
        (D(2025, 3, 31), D(2025, 3, 31)),
        (D(2025, 4, 1), D(2025, 3, 31)),
        (D(2024, 12, 31), D(2025, 1, 1)),  # before the year ends: the window's first day
    ],
)
def test_the_lkjip_default_date_stays_in_the_window(hari_ini, bawaan):
    lkjip = jenis_laporan.ambil("lkjip_pd")
    assert lkjip.tanggal_bawaan(tahun=2024, perangkat_daerah=None, hari_ini=hari_ini) == bawaan


def test_an_undated_kind_has_no_date():
    assert jenis_laporan.ambil("lke_xlsx").jendela is None


@pytest.fixture
def _tanpa_antrean(monkeypatch):
    monkeypatch.setattr("laporan.services._antrekan", lambda pemda_id: None)


@pytest.mark.django_db
@pytest.mark.usefixtures("_tanpa_antrean")
def test_a_request_carries_the_chosen_date_or_the_default(pemeran, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 11, 30))
    bawaan = services.laporan_minta(
        user=pemeran.operator_a, jenis="lkjip_pd", tahun=2024, perangkat_daerah=pemeran.pd_a
    )
    assert bawaan.tanggal == D(2025, 3, 31)
    bawaan.delete()
    dipilih = services.laporan_minta(user=pemeran.operator_a, jenis="lkjip_pd", tahun=2024,
                                     perangkat_daerah=pemeran.pd_a, tanggal="2025-02-20")  # fmt: skip
    assert dipilih.tanggal == D(2025, 2, 20)
    ditetapkan = timezone.make_aware(datetime.datetime(2024, 1, 22, 9))
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2024, status="ditetapkan",
                                     ditetapkan_pada=ditetapkan)  # fmt: skip
    pk = services.laporan_minta(user=pemeran.operator_a, jenis="pk", tahun=2024, perangkat_daerah=pemeran.pd_a)
    assert pk.tanggal == D(2024, 1, 22)


@pytest.mark.django_db
@pytest.mark.usefixtures("_tanpa_antrean")
@pytest.mark.parametrize(
    ("nilai", "pesan"),
    [
        ("31-03-2025", "Tanggal harus berformat TTTT-BB-HH, mis. 2025-03-31."),
        ("2025-02-30", "Tanggal harus berformat TTTT-BB-HH, mis. 2025-03-31."),
        ("２０２５-03-31", "Tanggal harus berformat TTTT-BB-HH, mis. 2025-03-31."),
        ("2030-03-31", "Tanggal laporan tahun 2024 harus antara 1 Januari 2024 dan 31 Desember 2026."),
    ],
)
def test_a_bad_date_is_refused_and_nothing_is_queued(pemeran, nilai, pesan):
    with pytest.raises(ValidationError) as exc:
        services.laporan_minta(user=pemeran.operator_a, jenis="lkjip_pd", tahun=2024,
                               perangkat_daerah=pemeran.pd_a, tanggal=nilai)  # fmt: skip
    assert exc.value.message_dict == {"tanggal": [pesan]}
    assert not Laporan.objects.exists()


@pytest.mark.django_db
def test_the_pdf_prints_the_chosen_date_and_the_page_and_api_pass_it(client, pemeran, monkeypatch):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    client.force_login(pemeran.operator_a)
    resp = client.post("/laporan/buat/?tahun=2024", {"jenis": "lkjip_pd", "perangkat_daerah": pemeran.pd_a.pk,
                                                     "tanggal": "2025-03-14", "konfirmasi": "1"})  # fmt: skip
    assert resp.status_code == 302
    laporan = Laporan.objects.get()
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages)
    assert "14 Maret 2025" in " ".join(teks.split())
    api = APIClient()
    api.force_authenticate(pemeran.organisasi)
    tolak = api.post("/api/v1/laporan/", {"jenis": "lkjip_pemda", "tahun": 2024, "tanggal": "kemarin"})
    assert tolak.status_code == 400 and "TTTT-BB-HH" in tolak.content.decode()
    isi = {"jenis": "lkjip_pemda", "tahun": 2024, "tanggal": "2025-03-31", "konfirmasi": True}
    terima = api.post("/api/v1/laporan/", isi)
    assert terima.status_code == 202 and Laporan.objects.get(pk=terima.data["id"]).tanggal == D(2025, 3, 31)
