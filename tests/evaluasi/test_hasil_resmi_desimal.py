"""Issue 11 §18: the official result is checked exactly as it is stored. More than two decimals is refused
(70,005 would be stored as 70,00 but read as 70,01 → BB), on the page and in the service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluasi import services
from evaluasi.models import Evaluasi, HasilEvaluasi

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.mark.parametrize("total, predikat", [("70.005", "BB"), ("70.005", "B"), ("69.999", "B")])
def test_a_total_with_more_than_two_decimals_is_refused(pemeran, total, predikat):
    with pytest.raises(ValidationError) as exc:
        services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=D(total), predikat=predikat)
    assert "dua angka desimal" in " ".join(exc.value.message_dict["total"])
    assert not Evaluasi.objects.filter(jenis="resmi").exists()


def test_a_component_with_more_than_two_decimals_is_refused(pemeran):
    komponen = {"1": D("21.505"), "2": D("19.80"), "3": D("10.24"), "4": D("17.50")}
    with pytest.raises(ValidationError) as exc:
        services.hasil_resmi_catat(
            oleh=pemeran.organisasi, tahun=2024, total=D("69.04"), predikat="B", nilai_komponen=komponen
        )
    assert "komponen_1" in exc.value.message_dict
    assert not HasilEvaluasi.objects.exists()


def test_the_page_refuses_70_005_with_bb_and_stores_nothing(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.post("/evaluasi/resmi/baru/", {"tahun": "2024", "total": "70,005", "predikat": "BB"})
    assert resp.status_code == 200
    assert "dua angka desimal" in str(resp.context["form"].errors["total"])
    assert not Evaluasi.objects.filter(jenis="resmi").exists()


def test_trailing_zeros_are_fine_and_the_stored_value_is_the_checked_one(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.post("/evaluasi/resmi/baru/", {"tahun": "2024", "total": "70,010", "predikat": "BB"})
    assert resp.status_code == 302
    h = HasilEvaluasi.objects.get(evaluasi__jenis="resmi")
    assert (h.total, h.predikat) == (D("70.01"), "BB")
    with pytest.raises(ValidationError):
        services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2023, total=D("70.00"), predikat="BB")
