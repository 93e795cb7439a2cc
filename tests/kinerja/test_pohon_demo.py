"""The demo performance tree: Kota Tangerang Selatan's RPJMD 2021–2026, its city sasaran as sasaran RPJMD,
Dinkes' sasaran strategis under it and one program → kegiatan → sub kegiatan chain with indicators."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kinerja.models import DokumenIKU, Indikator, ManualIK, PeriodePerencanaan, Sasaran
from kinerja.services.pohon import simpul_periksa
from perangkat_daerah.models import Pemda, Riwayat

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


def test_demo_dinkes_iku_have_manuals_but_one_left_as_the_gap_and_the_city_has_a_draft_iku_document(tangsel):
    dinkes = Indikator.objects.filter(pemda=tangsel, perangkat_daerah__kode="1.02.01")
    iku = dinkes.filter(iku=True).order_by("kode")
    assert [(i.kode, ManualIK.objects.filter(indikator=i).exists()) for i in iku] == [
        ("1.02.01.01", False),
        ("1.02.01.02", True),
    ]
    manual = ManualIK.objects.filter(indikator__in=dinkes).order_by("indikator__kode")
    assert [(m.indikator.kode, m.jenis, m.periode_pelaporan, m.versi) for m in manual] == [
        ("1.02.01.02", "outcome", "semesteran", 1),
        ("1.02.01.03", "outcome", "triwulanan", 1),
        ("1.02.01.K1.1", "output", "triwulanan", 1),
        ("1.02.01.SK1.1", "output", "triwulanan", 1),
    ]
    assert all(m.definisi and m.rumus and m.sumber_data and m.penanggung_jawab for m in manual)
    assert {m.diubah_oleh.username for m in manual} == {"operator.dinkes"}
    assert Riwayat.objects.filter(aksi="manual.simpan", pemda=tangsel).count() == 4
    kota = DokumenIKU.objects.get(pemda=tangsel)
    assert (kota.perangkat_daerah, kota.periode.tahun_mulai, kota.status) == (None, 2021, "draf")


def test_demo_dinkes_iku_page_flags_the_one_iku_without_a_manual(client, tangsel):
    assert client.post("/masuk/", {"username": "operator.dinkes", "password": "sakip-demo"}).status_code == 302
    resp = client.get("/perencanaan/iku/", follow=True)
    html = resp.content.decode()
    assert "1 IKU belum memiliki manual." in html
    assert html.count("Manual belum ada") == 1
    assert "e-PPGBM" in html
