"""Fixtures of the group report batch tests (test_batch_grup*.py): a province group of three pemda, the
platform superuser (Celery run in-process: `eager`, tests/conftest.py)."""

from __future__ import annotations

import pytest

from perangkat_daerah.models import GrupPemda
from tests.factories import Peran, buat_pemda, buat_pengguna


@pytest.fixture
def grup(pemeran):
    g = GrupPemda.objects.create(kode="prov-uji", nama="Provinsi Uji", jenis=GrupPemda.Jenis.PROVINSI)
    g.anggota.add(pemeran.pemda, pemeran.pemda_lain, buat_pemda(nama="Kota Ketiga"))
    return g


@pytest.fixture
def superuser(pemeran):
    user = buat_pengguna(pemeran.pemda, Peran.ADMIN)
    user.is_superuser = user.is_staff = True
    user.save()
    return user
