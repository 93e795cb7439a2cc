"""Shared fixtures: the cast of personas (two PD of one pemda, and a stranger pemda)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.factories import Peran, buat_pd, buat_pemda, buat_pengguna


@dataclass
class Pemeran:
    """The fixed cast: operators of PD A and PD B, city roles, and an operator of another pemda."""

    pemda: object
    pd_a: object
    pd_b: object
    pemda_lain: object
    pd_lain: object
    operator_a: object
    operator_b: object
    kepala_a: object
    organisasi: object
    inspektorat: object
    pimpinan: object
    admin: object
    operator_lain: object
    pimpinan_lain: object


def pytest_configure(config):
    """Pin the demo's today for the whole session (settings.SAKIP_DEMO_HARI_INI; the environment carries it to the
    apps the browser tests start): test modules read the demo's years when they are imported, `muat_demo` when it
    runs, and a run that crosses midnight in Asia/Jakarta must not build one day and check another."""
    from django.conf import settings
    from django.utils import timezone

    hari = os.environ.get("SAKIP_DEMO_HARI_INI") or timezone.localdate().isoformat()
    os.environ["SAKIP_DEMO_HARI_INI"] = hari
    settings.SAKIP_DEMO_HARI_INI = hari


@pytest.fixture(autouse=True)
def _cache_bersih():
    """Each test starts with an empty cache (throttle counters, cached dashboards)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager():
    """Celery runs the tasks sent in-process (retries included), through the real task code."""
    from sakip.celery import app

    semula = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = semula


@pytest.fixture
def pemeran(db) -> Pemeran:
    """Personas across two PD and two pemda."""
    pemda, lain = buat_pemda(nama="Kota Uji"), buat_pemda(nama="Kabupaten Lain")
    pd_a, pd_b, pd_lain = buat_pd(pemda, nama="Dinas A"), buat_pd(pemda, nama="Dinas B"), buat_pd(lain, nama="Dinas L")
    return Pemeran(
        pemda=pemda,
        pd_a=pd_a,
        pd_b=pd_b,
        pemda_lain=lain,
        pd_lain=pd_lain,
        operator_a=buat_pengguna(pemda, Peran.OPERATOR_PD, pd_a),
        operator_b=buat_pengguna(pemda, Peran.OPERATOR_PD, pd_b),
        kepala_a=buat_pengguna(pemda, Peran.KEPALA_PD, pd_a),
        organisasi=buat_pengguna(pemda, Peran.BAGIAN_ORGANISASI),
        inspektorat=buat_pengguna(pemda, Peran.INSPEKTORAT),
        pimpinan=buat_pengguna(pemda, Peran.PIMPINAN),
        admin=buat_pengguna(pemda, Peran.ADMIN),
        operator_lain=buat_pengguna(lain, Peran.OPERATOR_PD, pd_lain),
        pimpinan_lain=buat_pengguna(lain, Peran.PIMPINAN),
    )


def wajib_layanan(variabel: str) -> str:
    """The service URL from the environment; skip without it, but fail under CI=true (never hide it)."""
    nilai = os.environ.get(variabel, "")
    if not nilai:
        pesan = f"{variabel} tidak diset: tes layanan ini hanya berjalan dengan layanan nyata."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true tetapi {pesan}")
        pytest.skip(pesan)
    return nilai


@contextmanager
def basis_data_sementara(*nama: str) -> Iterator[str]:
    """Fresh PostgreSQL databases `nama` beside the test database (the server's base URL is yielded), dropped
    when the block ends, passed or failed: a developer's server keeps no demo database of a test run."""
    import psycopg

    dasar = wajib_layanan("DATABASE_URL").rsplit("/", 1)[0]
    with psycopg.connect(f"{dasar}/postgres", autocommit=True) as conn:
        for db in nama:
            conn.execute(f"DROP DATABASE IF EXISTS {db}")
            conn.execute(f"CREATE DATABASE {db}")
    try:
        yield dasar
    finally:
        with psycopg.connect(f"{dasar}/postgres", autocommit=True) as conn:
            for db in nama:
                conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
