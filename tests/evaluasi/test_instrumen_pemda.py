"""Issue 11 §10: one pemda's instrument is never another's. The default is chosen among the pemda's own
adaptations and the national (no pemda) instruments; an instrument of another pemda is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluasi import services
from evaluasi.models import Evaluasi, Instrumen
from tests.evaluasi.factories import bawaan_a, bawaan_b, buat_evaluasi, evaluasi_final

pytestmark = pytest.mark.django_db


def _salinan(asal: Instrumen, *, pemda, tahun_berlaku: int = 2030) -> Instrumen:
    """An active adaptation of `asal` owned by `pemda`, newer than every national instrument."""
    ins = services.instrumen_salin(instrumen=asal)
    Instrumen.objects.filter(pk=ins.pk).update(pemda=pemda, aktif=True, tahun_berlaku=tahun_berlaku)
    return Instrumen.objects.select_related("skala_predikat").get(pk=ins.pk)


def test_another_pemdas_active_copy_never_becomes_the_default_nor_gets_locked(pemeran):
    lain = _salinan(bawaan_b(), pemda=pemeran.pemda_lain)
    e = evaluasi_final(pemeran, pd=pemeran.pd_a, tahun=2024)
    assert e.instrumen_id == bawaan_b().pk
    lain.refresh_from_db()
    assert lain.terkunci is False and not Evaluasi.objects.filter(instrumen=lain).exists()


def test_a_pemda_chooses_its_own_active_adaptation_over_the_national_one(pemeran):
    sendiri = _salinan(bawaan_b(), pemda=pemeran.pemda, tahun_berlaku=2020)
    _salinan(bawaan_b(), pemda=pemeran.pemda_lain)
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, tahun=2024)
    assert e.instrumen_id == sendiri.pk
    assert services.instrumen_bawaan("internal", kota=False, pemda_id=pemeran.pemda_lain.pk).pemda_id == (
        pemeran.pemda_lain.pk
    )


def test_an_instrument_of_another_pemda_is_refused_when_given(pemeran):
    lain = _salinan(bawaan_b(), pemda=pemeran.pemda_lain)
    with pytest.raises(ValidationError) as exc:
        services.evaluasi_buat(
            oleh=pemeran.inspektorat, tahun=2024, jenis="internal", perangkat_daerah=pemeran.pd_a, instrumen=lain
        )
    assert "milik pemda lain" in str(exc.value)
    assert not Evaluasi.objects.filter(instrumen=lain).exists()


def test_the_official_result_and_city_page_use_the_pemdas_own_band_table(client, pemeran):
    lain = _salinan(bawaan_a(), pemda=pemeran.pemda_lain)
    h = services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=Decimal("69.04"), predikat="B")
    assert h.evaluasi.instrumen_id == bawaan_a().pk
    with pytest.raises(ValidationError):
        services.hasil_resmi_catat(
            oleh=pemeran.organisasi, tahun=2023, total=Decimal("69.04"), predikat="B", instrumen=lain
        )
    client.force_login(pemeran.organisasi)
    assert client.get("/evaluasi/resmi/baru/").status_code == 200
    assert client.get("/evaluasi/kota/").status_code == 200
    lain.refresh_from_db()
    assert lain.terkunci is False


def test_a_copy_belongs_to_the_copiers_pemda_and_another_pemdas_is_not_copied(pemeran):
    salinan = services.instrumen_salin(instrumen=bawaan_b(), oleh=pemeran.admin)
    assert salinan.pemda_id == pemeran.pemda.pk and salinan.aktif is False
    lain = _salinan(bawaan_b(), pemda=pemeran.pemda_lain)
    with pytest.raises(PermissionDenied):
        services.instrumen_salin(instrumen=lain, oleh=pemeran.admin)
