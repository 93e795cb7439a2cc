"""Issue 17 point 2: "Tetapkan PK", verifying, locking and setting the IKU document ask for confirmation
through the one fragment (templates/_konfirmasi.html) and say what becomes locked; the first click only opens
it (a <details>, no JavaScript needed)."""

from __future__ import annotations

import re

import pytest

from kinerja.models import Realisasi
from tests.kinerja.factories import buat_realisasi

pytestmark = pytest.mark.django_db


def _konfirmasi(html: str) -> list[str]:
    """Each confirmation's disclosure; the confirming button sits inside it, never outside."""
    return re.findall(r'<details class="konfirmasi">.*?</details>', html, re.S)


def test_tetapkan_pk_asks_first_and_says_targets_lock(client, pemeran, ind):
    client.force_login(pemeran.kepala_a)
    html = client.get(f"/kinerja/pk/{pemeran.pd_a.pk}/2025/").content.decode()
    # the PK page has two confirmations now: setting the PK, and filling the quarterly targets from the year's
    (kotak,) = [k for k in _konfirmasi(html) if "Tetapkan Perjanjian Kinerja" in k]
    assert "<summary" in kotak
    assert "target 2025 terkunci" in kotak
    assert f'action="/kinerja/pk/{pemeran.pd_a.pk}/2025/tetapkan/"' in kotak
    assert "Ya, tetapkan dan kunci target" in kotak


def test_verifier_decision_asks_first_and_says_verified_rows_lock(client, pemeran, ind):
    buat_realisasi(ind, 2025, 1, nilai=80, status=Realisasi.Status.DIAJUKAN)
    client.force_login(pemeran.organisasi)
    html = client.get(f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/").content.decode()
    kotak = _konfirmasi(html)
    assert any("Indikator yang diverifikasi terkunci" in k and "Ya, simpan keputusan" in k for k in kotak)
    assert "Simpan keputusan</button>" not in html.replace("Ya, simpan keputusan</button>", "")


def test_locking_a_quarter_asks_first(client, pemeran):
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/kunci/", {"tahun": 2025}).content.decode()
    kotak = _konfirmasi(html)
    assert len(kotak) == 4
    assert "tidak dapat lagi mengisi, mengubah atau mengajukan realisasi TW III" in kotak[2]
