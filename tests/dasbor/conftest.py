"""Dashboard fixtures: the cast's pemda filled with evaluation and kinerja data, clients per role."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.dasbor.data import isi_kota


@pytest.fixture(autouse=True)
def _tembolok_kosong():
    """Each test starts with an empty cache (the dashboards' content cache lives there)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kota(pemeran):
    """The cast's pemda with 2023–2024 data for its two PD."""
    return isi_kota(pemeran.pemda, [pemeran.pd_a, pemeran.pd_b])


@pytest.fixture
def masuk(client):
    """Log a user in on the test client, optionally with a working year; returns the client."""

    def _masuk(user, tahun: int | None = None):
        client.force_login(user)
        if tahun is not None:
            client.post("/tahun/", {"tahun": tahun, "next": "/"})
        return client

    return _masuk
