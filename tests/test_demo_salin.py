"""tests/demo_salin.py: the copied demo is the demo `muat_demo` built, a database holding other rows gets the real
command, and the database takes new rows after a copy."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction

from perangkat_daerah.models import Pemda
from tests.demo_salin import keadaan_teks, muat_demo_salin, rekaman
from tests.factories import buat_pd, buat_pemda

pytestmark = pytest.mark.django_db


def _jumlah() -> Counter:
    return Counter({nama: len(baris) for nama, baris in keadaan_teks().items()})


def test_the_copy_holds_the_rows_the_command_made_and_takes_new_rows():
    awal = keadaan_teks()
    with transaction.atomic():  # the session's first build records the demo (a copy when one already did)
        muat_demo_salin()
        transaction.set_rollback(True)
    with transaction.atomic():  # another starting state: the real command, whose row counts the copy must match
        buat_pemda(nama="Kota Lebih Dulu")
        lebih = _jumlah() - Counter({nama: len(baris) for nama, baris in awal.items()})
        muat_demo_salin()
        assert set(Pemda.objects.values_list("nama", flat=True)) >= {"Kota Lebih Dulu", "Kota Tangerang Selatan"}
        nyata = _jumlah() - lebih
        transaction.set_rollback(True)
    assert keadaan_teks() == awal == rekaman(awal=awal).awal

    muat_demo_salin()  # from the copy: the database is as the first build found it
    assert keadaan_teks() == rekaman(awal=awal).sesudah
    assert _jumlah() == nyata
    assert Pemda.objects.filter(kode="kota-tangerang-selatan").exists()
    buat_pd(buat_pemda(nama="Kota Sesudah Salinan"), nama="Dinas Baru")  # the id sequences moved past the copy
