"""Fixtures of the group report batch tests (test_batch_grup*.py): a province group of three pemda, the
platform superuser, and Celery run in-process."""

from __future__ import annotations

import pytest

from perangkat_daerah.models import GrupPemda
from sakip.celery import app
from tests.factories import Peran, buat_pemda, buat_pengguna


@pytest.fixture
def eager():
    """Celery runs the group's tasks in-process (retries included), through the real task code."""
    semula = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = semula


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
