"""Demo action plans (issue 16 point 7) and the acceptance step of point 1 as `operator.dinkes`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.demo_jam import jam_demo
from kinerja.models import RealisasiAksi, RencanaAksi
from kinerja.models_renaksi import target_sd, tertinggal
from kinerja.selectors import angka_isian
from kinerja.services import renaksi
from perangkat_daerah.models import Pemda
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db
JAM = jam_demo()  # the demo's current year and last finished month, as of the clock (kinerja/demo_jam.py)


@pytest.fixture
def tangsel():
    muat_demo_salin()
    return Pemda.objects.get(kode="kota-tangerang-selatan")


def _potret():
    kolom = ("rencana_aksi__indikator__kode", "rencana_aksi__uraian", "bulan", "nilai", "status")
    return list(RealisasiAksi.objects.order_by(*kolom).values_list(*kolom))


def test_dinkes_disdik_and_dlh_have_plans_reported_through_the_last_finished_month_some_behind(tangsel):
    rencana = RencanaAksi.objects.filter(pemda=tangsel, tahun=JAM.tahun).select_related("indikator", "perangkat_daerah")
    assert {r.perangkat_daerah.kode for r in rencana} == {"1.02.01", "1.01.01", "2.11.01"}
    for r in rencana:
        # every demo plan passes THE validation of the form (the indicator's range included)
        isian = {"uraian": r.uraian, "penanggung_jawab": r.penanggung_jawab, "jenis_target": r.jenis_target,
                 "target_bulanan": {b: angka_isian(Decimal(v)) for b, v in r.target_bulanan.items()}}  # fmt: skip
        renaksi.isian_rencana(indikator=r.indikator, isian=isian)
        bulan = sorted(r.realisasi.values_list("bulan", flat=True))
        assert bulan == list(range(1, JAM.bulan_terakhir + 1))
    tertinggal_ = [
        ra
        for ra in RealisasiAksi.objects.filter(rencana_aksi__in=rencana).select_related("rencana_aksi__indikator")
        if tertinggal(ra.rencana_aksi.indikator.arah, target_sd(ra.rencana_aksi.target_bulanan, ra.bulan), ra.nilai)
    ]
    assert tertinggal_ and all(ra.faktor_penghambat and ra.tindak_lanjut for ra in tertinggal_)
    statuses = set(RealisasiAksi.objects.filter(rencana_aksi__in=rencana).values_list("status", flat=True))
    if JAM.bulan_terakhir >= 3:
        assert statuses == {"diverifikasi", "diajukan", "dikembalikan", "draf"}
    assert rencana.filter(instruksi_kepala_daerah=True).count() == 3


def test_reset_rebuilds_the_same_plans(tangsel):
    sebelum = _potret()
    muat_demo_salin("--reset")
    assert _potret() == sebelum and sebelum


def test_operator_dinkes_plans_an_action_and_reports_the_last_month_with_a_hindering_factor(client, tangsel):
    client.post("/masuk/", {"username": "operator.dinkes", "password": "sakip-demo"})
    bulan = max(JAM.bulan_terakhir, 1)
    r = RencanaAksi.objects.filter(perangkat_daerah__kode="1.02.01", tahun=JAM.tahun).first()
    url = f"/kinerja/renaksi/{r.perangkat_daerah_id}/{JAM.tahun}/"
    assert "Posyandu keliling" in client.get(url).content.decode()
    # the current year's PK is set: a new action is a revision with its reason
    data = {"uraian": "Kunjungan rumah balita gizi kurang", "penanggung_jawab": "Kasi Gizi", "jenis_target": "bulanan",
            "alasan": "Tambahan aksi dari rapat evaluasi triwulan",
            **{f"target_{b}": angka_isian(target_sd(r.target_bulanan, b)) for b in range(bulan, 13)}}  # fmt: skip
    assert client.post(f"{url}indikator/{r.indikator_id}/tambah/", data).status_code == 302
    baru = RencanaAksi.objects.get(uraian="Kunjungan rumah balita gizi kurang")
    target_bulan = target_sd(baru.target_bulanan, bulan)
    lapor = {"rencana": baru.pk, "bulan": str(bulan), "versi": "", "aksi": "ajukan",
             "nilai": angka_isian((target_bulan * (Decimal("0.8") if r.indikator.arah == "naik" else Decimal("1.2")))
                                  .quantize(Decimal("0.01"))),
             "faktor_penghambat": "Kader posyandu berkurang", "tindak_lanjut": "Rekrut kader baru"}  # fmt: skip
    assert client.post(f"{url}laporan/", lapor).status_code == 302
    ra = RealisasiAksi.objects.get(rencana_aksi=baru, bulan=bulan)
    assert (ra.status, ra.faktor_penghambat) == ("diajukan", "Kader posyandu berkurang")
