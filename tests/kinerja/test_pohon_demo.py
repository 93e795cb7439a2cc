"""The demo performance tree: Kota Tangerang Selatan's RPJMD 2021–2026, its city sasaran as sasaran RPJMD,
Dinkes' sasaran strategis under it and one program → kegiatan → sub kegiatan chain with indicators."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kinerja.models import Indikator, PeriodePerencanaan, Sasaran
from kinerja.services.pohon import simpul_periksa
from perangkat_daerah.models import Pemda

pytestmark = pytest.mark.django_db


@pytest.fixture
def tangsel():
    call_command("muat_demo")
    return Pemda.objects.get(kode="kota-tangerang-selatan")


def test_demo_city_has_its_rpjmd_period_and_every_node_obeys_the_tree_rules(tangsel):
    periode = PeriodePerencanaan.objects.get(pemda=tangsel)
    assert (periode.tahun_mulai, periode.tahun_akhir, periode.status) == (2021, 2026, "final")
    sasaran = Sasaran.objects.filter(pemda=tangsel).select_related("tingkat", "induk")
    assert not sasaran.filter(tingkat__isnull=True).exists() and not sasaran.exclude(periode=periode).exists()
    assert sasaran.get(kode="K.S1").tingkat.kode == "sasaran_rpjmd"
    for s in sasaran:
        simpul_periksa(sasaran=s)  # no error


def test_demo_dinkes_chain_runs_from_the_city_sasaran_to_a_sub_kegiatan(tangsel):
    s = Sasaran.objects.get(pemda=tangsel, kode="1.02.01.SK1")
    rantai = []
    while s is not None:
        rantai.append((s.kode, s.tingkat.kode, s.kode_nomenklatur))
        s = s.induk
    assert rantai == [
        ("1.02.01.SK1", "sub_kegiatan", "1.02.02.2.02.0004"),
        ("1.02.01.K1", "sasaran_kegiatan", "1.02.02.2.02"),
        ("1.02.01.P1", "sasaran_program", "1.02.02"),
        ("1.02.01.S1", "sasaran_strategis", ""),
        ("K.S1", "sasaran_rpjmd", ""),
    ]
    for kode in ("1.02.01.P1", "1.02.01.K1", "1.02.01.SK1"):
        assert Indikator.objects.filter(sasaran__pemda=tangsel, sasaran__kode=kode).count() == 1
    assert Indikator.objects.get(pemda=tangsel, kode="1.02.01.SK1.1").relasi_induk == "rumus"


def test_demo_operator_dinkes_sees_the_chain_with_the_computed_kegiatan_value(client, tangsel):
    assert client.post("/masuk/", {"username": "operator.dinkes", "password": "sakip-demo"}).status_code == 302
    html = client.get("/perencanaan/pohon/?tahun=2024").content.decode()
    for teks in ("K.S1", "1.02.01.S1", "1.02.01.P1", "1.02.01.K1", "1.02.01.SK1", "dihitung dari 1 indikator turunan:"):
        assert teks in html
    assert "1.03.01.S1" not in html  # another PD's branch
