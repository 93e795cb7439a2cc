"""Concurrency on PostgreSQL: two clients editing the same row at once (exactly one wins, the other gets 409,
nothing is lost), and 50 PD submitting at the same moment (all land)."""

from __future__ import annotations

import importlib
import threading
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from evaluasi.models import Jawaban
from kinerja.models import Realisasi
from perangkat_daerah.models import Riwayat
from tests.conftest import wajib_layanan
from tests.evaluasi.factories import buat_evaluasi
from tests.factories import Peran, buat_pd, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = [pytest.mark.layanan, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres():
    wajib_layanan("DATABASE_URL")
    assert connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _instrumen_bawaan(_postgres):
    """Transactional tests flush the tables after each test, the migrated PermenPANRB 88/2021 instrument
    with them: load it again the way its data migration does."""
    from django.apps import apps

    from evaluasi.models import Instrumen

    if not Instrumen.objects.exists():
        importlib.import_module("evaluasi.migrations.0002_permenpanrb_88_2021").muat(apps, None)


def _serentak(fungsi_list):
    """Run the callables at the same moment in threads; return their results in order."""
    mulai = threading.Barrier(len(fungsi_list))
    hasil: list = [None] * len(fungsi_list)

    def jalankan(i, fungsi):
        try:
            mulai.wait()
            hasil[i] = fungsi()
        finally:
            connection.close()

    benang = [threading.Thread(target=jalankan, args=(i, f)) for i, f in enumerate(fungsi_list)]
    for b in benang:
        b.start()
    for b in benang:
        b.join(timeout=120)
    return hasil


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_two_clients_edit_the_same_realisasi_one_wins_the_other_gets_409(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    buat_target(ind, 2025, nilai="100")
    r = buat_realisasi(ind, 2025, 1, nilai="10")
    klien = [_api(pemeran.operator_a), _api(pemeran.kepala_a)]
    nilai = ["87,25", "1.234,5"]
    hasil = _serentak(
        [
            lambda c=c, n=n: c.patch(f"/api/v1/realisasi/{r.pk}/", {"nilai": n, "versi": 1}, format="json")
            for c, n in zip(klien, nilai, strict=True)
        ]
    )
    kode = sorted(h.status_code for h in hasil)
    assert kode == [200, 409], [h.content for h in hasil]
    pemenang = next(i for i, h in enumerate(hasil) if h.status_code == 200)
    r.refresh_from_db()
    assert r.versi == 2
    assert r.nilai == [Decimal("87.25"), Decimal("1234.5")][pemenang]
    kalah = next(h for h in hasil if h.status_code == 409)
    assert "sudah diubah" in kalah.json()["detail"]
    assert Riwayat.objects.filter(object_id=r.pk, content_type__model="realisasi").count() == 1


def test_two_clients_edit_the_same_jawaban_one_wins_the_other_gets_409(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    klien = [_api(pemeran.operator_a), _api(pemeran.kepala_a)]
    hasil = _serentak(
        [
            lambda c=c, n=n: c.patch(
                f"/api/v1/evaluasi/{e.pk}/jawaban/",
                {"jawaban": [{"kode": "1a.1", "nilai": n, "versi": 1}]},
                format="json",
            )
            for c, n in zip(klien, ["Y", "T"], strict=True)
        ]
    )
    assert sorted(h.status_code for h in hasil) == [200, 409], [h.content for h in hasil]
    pemenang = ["Y", "T"][next(i for i, h in enumerate(hasil) if h.status_code == 200)]
    j = Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.1")
    assert (j.nilai, j.versi) == (pemenang, 2)


def test_fifty_pd_submitting_at_once_all_land(pemeran):
    operator, realisasi = [], []
    for n in range(50):
        pd = buat_pd(pemeran.pemda, nama=f"Dinas Serentak {n}")
        ind = buat_indikator(pd)
        buat_target(ind, 2025, nilai="100")
        realisasi.append(buat_realisasi(ind, 2025, 2, nilai=str(50 + n), penjelasan="lengkap"))
        operator.append(buat_pengguna(pemeran.pemda, Peran.OPERATOR_PD, pd))
    hasil = _serentak(
        [
            lambda u=u, r=r: _api(u).post(f"/api/v1/realisasi/{r.pk}/ajukan/", {"versi": 1}, format="json")
            for u, r in zip(operator, realisasi, strict=True)
        ]
    )
    assert [h.status_code for h in hasil] == [200] * 50, [h.content for h in hasil if h.status_code != 200]
    ids = [r.pk for r in realisasi]
    assert Realisasi.objects.filter(pk__in=ids, status="diajukan").count() == 50
