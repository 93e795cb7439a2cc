"""Issue 11 §19 and §5 (evaluasi): only the kinds the workflow knows, one per (PD or city, year, kind), with a
database rule and a clear message; and "Mulai evaluasi" opens an evaluation of the year the list shows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluasi import services
from evaluasi.models import Evaluasi
from tests.evaluasi.factories import buat_evaluasi, instrumen_b

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("jenis", ["<b>x</b>", "", "resmi2", "MANDIRI"])
def test_the_page_refuses_an_unknown_kind(client, pemeran, jenis):
    client.force_login(pemeran.organisasi)
    resp = client.post("/evaluasi/buat/", {"tahun": "2025", "jenis": jenis, "perangkat_daerah": pemeran.pd_a.pk})
    assert resp.status_code == 302 and resp["Location"] == "/evaluasi/?tahun=2025"
    pesan = [str(m) for m in resp.wsgi_request._messages]
    assert any("Jenis evaluasi tidak dikenal" in p for p in pesan)
    assert not Evaluasi.objects.exists()


def test_a_second_evaluation_of_the_same_pd_year_and_kind_is_refused_with_a_message(client, pemeran):
    buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, tahun=2025)
    with pytest.raises(ValidationError, match="sudah ada"):
        services.evaluasi_buat(oleh=pemeran.inspektorat, tahun=2025, jenis="internal", perangkat_daerah=pemeran.pd_a)
    client.force_login(pemeran.inspektorat)
    resp = client.post("/evaluasi/buat/", {"tahun": "2025", "jenis": "internal", "perangkat_daerah": pemeran.pd_a.pk})
    assert resp.status_code == 302
    assert any("sudah ada" in str(m) for m in resp.wsgi_request._messages)
    assert Evaluasi.objects.filter(perangkat_daerah=pemeran.pd_a, tahun=2025).count() == 1


@pytest.mark.parametrize(
    "kolom",
    [
        {"jenis": "lain"},
        {"jenis": ""},
        {"jenis": "internal", "perangkat_daerah": None},
        {"jenis": "resmi"},
    ],
)
def test_the_database_refuses_an_unknown_kind_or_shape(pemeran, kolom):
    nilai = {"instrumen": instrumen_b(), "tahun": 2025, "pemda": pemeran.pemda, "perangkat_daerah": pemeran.pd_a}
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluasi.objects.create(**{**nilai, **kolom})


def test_an_archived_evaluation_is_read_only(pemeran):
    e = Evaluasi.objects.create(
        instrumen=instrumen_b(), tahun=2023, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="x", arsip=True
    )
    assert services.boleh_mengisi(pemeran.organisasi, e) is False
    with pytest.raises(ValidationError, match="diarsipkan"):
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.organisasi, isian=[])


def test_start_opens_an_evaluation_of_the_year_the_list_shows(client, pemeran):
    client.force_login(pemeran.inspektorat)
    resp = client.get("/evaluasi/?tahun=2025")
    html = resp.content.decode()
    assert resp.context["tahun"] == 2025
    assert "Mulai evaluasi tahun 2025" in html and 'name="tahun" value="2025"' in html
    client.post("/tahun/", {"tahun": "2026", "next": "/"})  # another tab moves the working year on
    resp = client.post("/evaluasi/buat/", {"tahun": "2025", "jenis": "internal", "perangkat_daerah": pemeran.pd_a.pk})
    assert resp.status_code == 302
    assert list(Evaluasi.objects.values_list("tahun", flat=True)) == [2025]


@pytest.mark.parametrize(
    "data",
    [
        {"tahun": "²⁰²⁵"},
        {"tahun": "9223372036854775808"},
        {"tahun": "-2025"},
        {"tahun": ""},
        {"tahun": "2025", "perangkat_daerah": "²"},
        {"tahun": "2025", "perangkat_daerah": "abc"},
        {"tahun": "2025", "perangkat_daerah": "9223372036854775808"},
        {"tahun": "2025", "perangkat_daerah": "-1"},
    ],
)
def test_malformed_numbers_when_opening_are_a_400_in_indonesian(client, pemeran, data):
    client.force_login(pemeran.inspektorat)
    data = {"jenis": "internal", "perangkat_daerah": str(pemeran.pd_a.pk), **data}
    resp = client.post("/evaluasi/buat/", data)
    assert resp.status_code == 400
    assert "Permintaan tidak valid" in resp.content.decode()
    assert not Evaluasi.objects.exists()
