"""`kinerja.impor.sisip.sisip_massal`, the imports' bulk insert without a model instance per row (COPY on
PostgreSQL, executemany elsewhere): the given columns as given, every other field at its default, and a
refused row refusing the whole insert."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.impor.sisip import sisip_massal
from kinerja.models import Target
from kinerja.models_manual import ManualIK
from tests.kinerja.factories import buat_indikator, buat_target

pytestmark = pytest.mark.django_db

KOLOM = ["indikator_id", "tahun", "nilai", "lo", "hi"]


def test_rows_are_inserted_with_the_given_values_and_the_defaults(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    baris = [(ind.pk, 2024, Decimal("87.2500"), None, None), (ind.pk, 2025, None, Decimal("-70.5"), Decimal(80))]
    assert sisip_massal(Target, KOLOM, baris) == 2
    t24, t25 = Target.objects.filter(indikator=ind).order_by("tahun")
    assert (t24.nilai, t24.lo, t24.hi, t24.t1, t24.versi) == (Decimal("87.25"), None, None, None, 1)
    assert (t25.nilai, t25.lo, t25.hi) == (None, Decimal("-70.5"), Decimal(80))
    assert t24.sebagai_capaian().nilai == Decimal("87.25")


def test_a_datetime_and_a_choice_default_are_stored_as_the_orm_stores_them(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    waktu = timezone.now().replace(microsecond=0)
    sisip_massal(ManualIK, ["indikator_id", "definisi", "diubah_oleh_id", "diubah_pada"],
                 [(ind.pk, "Definisi", pemeran.organisasi.pk, waktu)])  # fmt: skip
    m = ManualIK.objects.get(indikator=ind)
    assert (m.definisi, m.diubah_oleh, m.diubah_pada, m.versi) == ("Definisi", pemeran.organisasi, waktu, 1)
    assert (m.jenis, m.periode_pelaporan, m.rumus) == (ManualIK.Jenis.OUTCOME, ManualIK.Periode.TRIWULANAN, "")


def test_a_refused_row_refuses_the_whole_insert(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    buat_target(ind, 2025, nilai=10)
    baris = [(ind.pk, 2024, Decimal(1), None, None), (ind.pk, 2025, Decimal(2), None, None)]
    with pytest.raises(IntegrityError), transaction.atomic():
        sisip_massal(Target, KOLOM, baris)
    assert list(Target.objects.filter(indikator=ind).values_list("tahun", "nilai")) == [(2025, Decimal(10))]


def test_nothing_to_insert_is_no_query(pemeran, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert sisip_massal(Target, KOLOM, []) == 0
