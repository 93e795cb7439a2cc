"""Fixtures shared by the kinerja tests."""

from __future__ import annotations

import pytest

from tests.kinerja.factories import buat_indikator, buat_target


@pytest.fixture
def ind(pemeran):
    """PD A's indicator IK-A1 with a 2025 target of 80."""
    indikator = buat_indikator(pemeran.pd_a, kode="IK-A1")
    buat_target(indikator, 2025, nilai=80)
    return indikator
