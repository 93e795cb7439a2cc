"""The one guard (`access.wajib_hak`) and the one versioned, history-recording write
(`services.perbarui_dengan_riwayat`, `buat_dengan_riwayat`) that every service calls (issue 12)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.models import Realisasi
from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    buat_dengan_riwayat,
    perbarui_dengan_riwayat,
    riwayat_untuk,
)
from tests.kinerja.factories import buat_indikator, buat_realisasi

pytestmark = pytest.mark.django_db
KOLOM = ["nilai", "penjelasan", "status"]


@pytest.fixture
def r(pemeran):
    return buat_realisasi(buat_indikator(pemeran.pd_a), 2025, 1, nilai=Decimal("80"))


def _tulis(r, oleh, versi, **nilai):
    return perbarui_dengan_riwayat(
        r, versi=versi, oleh=oleh, aksi="uji.ubah", pemda_id=r.indikator.pemda_id, kolom=KOLOM, nilai=nilai
    )


def test_a_change_bumps_versi_and_records_who_before_and_after(pemeran, r):
    assert _tulis(r, pemeran.operator_a, 1, nilai=Decimal("81.5"), penjelasan="naik") is True
    r.refresh_from_db()
    assert (r.nilai, r.penjelasan, r.versi) == (Decimal("81.5"), "naik", 2)
    h = riwayat_untuk(r).get()
    assert (h.aksi, h.oleh, h.pemda_id) == ("uji.ubah", pemeran.operator_a, pemeran.pemda.pk)
    assert Decimal(h.sebelum["nilai"]) == 80 and h.sesudah["nilai"] == "81.5" and h.sesudah["penjelasan"] == "naik"


def test_a_counter_written_with_versi_tetap_keeps_the_version_and_records_history(pemeran, r):
    """A counter beside what the forms edit (a document's revision count) leaves `versi` to those forms."""
    assert perbarui_dengan_riwayat(r, versi=None, oleh=pemeran.organisasi, aksi="uji.hitung",
                                   pemda_id=r.indikator.pemda_id, kolom=["penjelasan"],
                                   nilai={"penjelasan": "dihitung"}, versi_tetap=True) is True  # fmt: skip
    assert (r.penjelasan, r.versi) == ("dihitung", 1)
    r.refresh_from_db()
    assert (r.penjelasan, r.versi) == ("dihitung", 1)
    h = riwayat_untuk(r).get()
    assert (h.aksi, h.sebelum, h.sesudah) == ("uji.hitung", {"penjelasan": ""}, {"penjelasan": "dihitung"})
    assert _tulis(r, pemeran.operator_a, 1, nilai=Decimal("82")) is True  # the form read before still saves


def test_an_unchanged_write_writes_nothing(pemeran, r):
    assert _tulis(r, pemeran.operator_a, 1, nilai=Decimal("80.0000"), penjelasan="") is False
    r.refresh_from_db()
    assert r.versi == 1 and not riwayat_untuk(r).exists()


def test_a_stale_versi_is_a_conflict_and_changes_nothing(pemeran, r):
    with pytest.raises(VersiKedaluwarsa):
        _tulis(r, pemeran.operator_a, 7, nilai=Decimal("90"))
    r.refresh_from_db()
    assert (r.nilai, r.versi) == (Decimal("80"), 1) and not riwayat_untuk(r).exists()


def test_a_concurrent_change_since_loading_is_a_conflict(pemeran, r):
    Realisasi.objects.filter(pk=r.pk).update(versi=2)  # someone else saved meanwhile
    with pytest.raises(VersiKedaluwarsa):
        _tulis(r, pemeran.operator_a, None, nilai=Decimal("90"))
    assert not riwayat_untuk(r).exists()


def test_the_create_variant_records_the_new_row(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    r = buat_dengan_riwayat(
        Realisasi, oleh=pemeran.operator_a, aksi="uji.buat", pemda_id=pemeran.pemda.pk, kolom=KOLOM,
        indikator=ind, tahun=2025, triwulan=2, nilai=Decimal("5"),
    )  # fmt: skip
    h = riwayat_untuk(r).get()
    assert h.sebelum is None and h.sesudah["nilai"] == "5" and h.oleh == pemeran.operator_a


def test_the_guard_answers_from_the_access_rules(pemeran, r):
    wajib_hak(pemeran.operator_a, Aksi.ISI, r)
    wajib_hak(pemeran.organisasi, Aksi.VERIFIKASI, r)
    for user, aksi in ((pemeran.operator_b, Aksi.LIHAT), (pemeran.operator_a, Aksi.VERIFIKASI),
                       (pemeran.operator_lain, Aksi.LIHAT), (pemeran.pimpinan, Aksi.ISI)):  # fmt: skip
        with pytest.raises(PermissionDenied, match="tidak berwenang"):
            wajib_hak(user, aksi, r)
    with pytest.raises(PermissionDenied, match="pesan sendiri"):
        wajib_hak(pemeran.operator_b, Aksi.ISI, r, pesan="pesan sendiri")
