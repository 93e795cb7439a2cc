"""THE lock of the plan: a final RPJMD period fixes the city nodes, a final Renstra a PD's nodes of that
period, a final Renja a PD's sub kegiatan budgets of that year; a locked change needs a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja.models import DokumenRencana, PeriodePerencanaan
from kinerja.services.rencana import aksi_riwayat, alasan_revisi, anggaran_terkunci, simpul_terkunci
from tests.kinerja.factories import buat_sasaran

pytestmark = pytest.mark.django_db


@pytest.fixture
def periode(pemeran):
    return PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)


def test_a_city_node_is_locked_by_its_final_period_only(pemeran, periode):
    kota = buat_sasaran(pemeran.pemda, periode=periode)
    tanpa_periode = buat_sasaran(pemeran.pemda)
    assert simpul_terkunci(kota) == ""
    periode.status = PeriodePerencanaan.Status.FINAL
    periode.save()
    assert simpul_terkunci(kota) == "RPJMD 2021–2026"
    assert simpul_terkunci(tanpa_periode) == ""


def test_a_pd_node_is_locked_by_its_own_pds_final_renstra(pemeran, periode):
    node_a = buat_sasaran(pemeran.pemda, pemeran.pd_a, periode=periode)
    node_b = buat_sasaran(pemeran.pemda, pemeran.pd_b, periode=periode)
    renstra = DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=periode)
    assert simpul_terkunci(node_a) == ""
    periode.status = PeriodePerencanaan.Status.FINAL  # the city's period final does not lock a PD node
    periode.save()
    assert simpul_terkunci(node_a) == ""
    renstra.status = DokumenRencana.Status.FINAL
    renstra.save()
    assert simpul_terkunci(node_a) == "Renstra Dinas A RPJMD 2021–2026"
    assert simpul_terkunci(node_b) == ""


def test_a_budget_is_locked_by_the_final_renja_of_its_year(pemeran, periode):
    node = buat_sasaran(pemeran.pemda, pemeran.pd_a, periode=periode)
    DokumenRencana.objects.create(
        jenis="renja", perangkat_daerah=pemeran.pd_a, periode=periode, tahun=2025, status="final"
    )
    assert anggaran_terkunci(node, 2025) == "Renja Dinas A 2025"
    assert anggaran_terkunci(node, 2026) == ""


def test_a_locked_change_needs_a_reason_and_is_recorded_as_a_revision():
    assert alasan_revisi("", None) == ""
    assert alasan_revisi("", " catatan ") == "catatan"
    with pytest.raises(ValidationError) as exc:
        alasan_revisi("RPJMD 2021–2026", "  ")
    assert exc.value.message_dict == {
        "alasan": ["RPJMD 2021–2026 sudah final: perubahan ini adalah revisi dan memerlukan alasan."]
    }
    assert alasan_revisi("RPJMD 2021–2026", "Perubahan RPJMD (Perda 3/2024)") == "Perubahan RPJMD (Perda 3/2024)"
    assert aksi_riwayat("simpul.ubah", "RPJMD 2021–2026") == "simpul.ubah.revisi"
    assert aksi_riwayat("simpul.ubah", "") == "simpul.ubah"


def test_a_renstra_has_no_year_and_a_renja_needs_one(pemeran, periode):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DokumenRencana.objects.create(jenis="renja", perangkat_daerah=pemeran.pd_a, periode=periode)
    with pytest.raises(IntegrityError), transaction.atomic():
        DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=periode, tahun=2025)
