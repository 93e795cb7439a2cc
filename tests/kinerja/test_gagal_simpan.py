"""After a refused save of Input Realisasi (all or nothing), every row says what is stored and whether what
was typed was saved (issue 17 point 4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.models import Realisasi
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target, isian_realisasi, url_realisasi

pytestmark = pytest.mark.django_db


def test_every_row_says_what_was_saved_and_what_was_not(client, pemeran):
    disimpan = buat_indikator(pemeran.pd_a, kode="IK-1", satuan="orang")
    salah = buat_indikator(pemeran.pd_a, kode="IK-2")
    tetap = buat_indikator(pemeran.pd_a, kode="IK-3")
    for ind in (disimpan, salah, tetap):
        buat_target(ind, 2025, nilai=100)
    buat_realisasi(disimpan, nilai="50")
    buat_realisasi(tetap, nilai="70.5")
    client.force_login(pemeran.operator_a)
    isian = (
        isian_realisasi(disimpan, "60", versi="1")
        | isian_realisasi(salah, "-5")
        | isian_realisasi(tetap, "70,5", versi="1")
    )
    respons = client.post(url_realisasi(pemeran.pd_a), isian)
    html = respons.content.decode()
    assert respons.status_code == 400
    assert "Belum disimpan, karena baris lain perlu diperbaiki. Yang tersimpan: 50." in html
    assert "Tidak disimpan: perbaiki isian ini. Yang tersimpan: belum ada." in html
    assert "Tidak berubah. Yang tersimpan: 70,50." in html
    assert Realisasi.objects.get(indikator=disimpan).nilai == Decimal(50)
    assert not Realisasi.objects.filter(indikator=salah).exists()


def test_a_page_loaded_normally_carries_no_save_note(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    assert "Yang tersimpan" not in client.get(url_realisasi(pemeran.pd_a)).content.decode()
