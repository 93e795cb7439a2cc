"""The demo city follows the clock (issue 17 point 9): built as of a given today (`muat_demo --hari-ini`), the
current year holds the live work, the previous year is complete, the next one has targets and draft PKs, some
IKU are at risk on the default year, a past-deadline empty quarter is late, and the same today gives the same
rows."""

from __future__ import annotations

import datetime
import hashlib
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from evaluasi.models import Evaluasi, HasilEvaluasi, Rekomendasi
from kinerja.demo_jam import jam_demo, periode_demo
from kinerja.models import (
    Anggaran,
    KunciTriwulan,
    PeriodePerencanaan,
    PerjanjianKinerja,
    Realisasi,
    RealisasiAksi,
    Target,
)
from kinerja.selectors.lengkap import triwulan_lewat_tenggat
from kinerja.selectors.proyeksi import iku_berisiko
from kinerja.services.realisasi import lewat_batas, triwulan_jatuh_tempo
from notifikasi.models import Notifikasi
from perangkat_daerah.demo import PENGGUNA_DEMO
from perangkat_daerah.models import Pemda, Profil
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db
HARI = [datetime.date(2026, 11, 30), datetime.date(2027, 1, 20), datetime.date(2027, 8, 15), datetime.date(2028, 3, 10)]
V = Realisasi.Status


def _muat(hari: datetime.date, *args) -> Pemda:
    muat_demo_salin(*args, hari_ini=hari)  # the session's run of the same command from the same rows, copied
    return Pemda.objects.get(kode="kota-tangerang-selatan")


def _sidik() -> str:
    """A digest of the demo's values (not its ids or the time of the run)."""
    bagian = [
        Target.objects.order_by("indikator__pemda__kode", "indikator__kode", "tahun").values_list(
            "indikator__pemda__kode", "indikator__kode", "tahun", "nilai", "lo", "hi", "t1", "t2", "t3", "t4"
        ),
        Realisasi.objects.order_by("indikator__pemda__kode", "indikator__kode", "tahun", "triwulan").values_list(
            "indikator__pemda__kode", "indikator__kode", "tahun", "triwulan", "nilai", "status", "terlambat",
            "diajukan_pada", "diverifikasi_pada",
        ),
        Anggaran.objects.order_by("perangkat_daerah__pemda__kode", "perangkat_daerah__kode", "tahun").values_list(
            "perangkat_daerah__kode", "tahun", "pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"
        ),
        KunciTriwulan.objects.order_by("pemda__kode", "tahun", "triwulan").values_list(
            "pemda__kode", "tahun", "triwulan", "batas_waktu", "terkunci"
        ),
        PerjanjianKinerja.objects.order_by("perangkat_daerah__pemda__kode", "perangkat_daerah__kode", "tahun")
        .values_list("perangkat_daerah__kode", "tahun", "status", "ditetapkan_pada"),
        RealisasiAksi.objects.order_by("rencana_aksi__indikator__kode", "rencana_aksi__urutan", "bulan").values_list(
            "rencana_aksi__indikator__kode", "rencana_aksi__urutan", "bulan", "nilai", "status"
        ),
        Evaluasi.objects.order_by("pemda__kode", "tahun", "jenis", "perangkat_daerah__kode").values_list(
            "pemda__kode", "tahun", "jenis", "status", "perangkat_daerah__kode"
        ),
        HasilEvaluasi.objects.order_by("evaluasi__pemda__kode", "evaluasi__tahun", "evaluasi__jenis",
                                       "evaluasi__perangkat_daerah__kode").values_list("total", "predikat"),
        Rekomendasi.objects.order_by("uraian", "batas_waktu").values_list("uraian", "batas_waktu", "status"),
    ]  # fmt: skip
    return hashlib.sha256(repr([list(q) for q in bagian]).encode()).hexdigest()


def test_the_period_contains_the_demo_years_and_keeps_2021_2026_until_2025():
    assert periode_demo(2024) == periode_demo(2025) == (2021, 2026)
    assert periode_demo(2026) == (2024, 2028)
    for tahun in range(2023, 2045):
        mulai, akhir = periode_demo(tahun)
        assert mulai <= tahun - 2 < tahun + 1 <= akhir, tahun  # the complete years, the current and the next
        assert akhir - mulai in (4, 5)


def test_the_demo_today_is_the_given_day_else_the_pinned_day_else_the_clock(settings):
    """A test session pins the day it began (tests/conftest.py): a run crossing midnight checks the day it built."""
    assert os.environ["SAKIP_DEMO_HARI_INI"] == settings.SAKIP_DEMO_HARI_INI
    settings.SAKIP_DEMO_HARI_INI = "2027-01-20"
    assert jam_demo().hari_ini == datetime.date(2027, 1, 20)
    assert jam_demo(datetime.date(2028, 3, 10)).hari_ini == datetime.date(2028, 3, 10)
    settings.SAKIP_DEMO_HARI_INI = ""
    assert jam_demo().hari_ini == timezone.localdate()


def test_a_pinned_demo_day_that_is_no_date_stops_the_settings(monkeypatch):
    monkeypatch.setenv("SAKIP_DEMO_HARI_INI", "30-11-2026")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "sakip.settings.local")
    hasil = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], capture_output=True, text=True, timeout=60
    )
    assert hasil.returncode != 0 and "SAKIP_DEMO_HARI_INI='30-11-2026' is not a date" in hasil.stderr


def test_muat_demo_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("muat_demo", hari_ini="30-11-2026")


@pytest.mark.parametrize("hari", HARI, ids=str)
def test_the_demo_follows_the_given_today(hari):
    tangsel = _muat(hari)
    jam = jam_demo(hari)
    tahun, tw = hari.year, triwulan_jatuh_tempo(hari.year, hari)
    assert (jam.tahun, jam.triwulan) == (tahun, tw)
    r = Realisasi.objects.filter(indikator__pemda=tangsel, indikator__perangkat_daerah__isnull=False)

    # the current year: the quarters before the due one verified, the due one submitted with one returned
    ini = r.filter(tahun=tahun)
    assert set(ini.filter(triwulan__lt=tw).values_list("status", flat=True)) <= {V.DIVERIFIKASI}
    if tw > 1:
        assert ini.filter(triwulan=tw - 1, status=V.DIVERIFIKASI).count() > 300
    jatuh_tempo = ini.filter(triwulan=tw)
    assert jatuh_tempo.filter(status=V.DIAJUKAN).exists() and jatuh_tempo.filter(status=V.DIKEMBALIKAN).exists()
    assert not ini.filter(triwulan__gt=tw).exists()
    assert not r.filter(diajukan_pada__date__gte=hari).exists()  # nothing submitted in the future

    # the previous year complete: every PD indicator's four quarters verified
    lalu = r.filter(tahun=tahun - 1)
    assert set(lalu.values_list("status", flat=True)) == {V.DIVERIFIKASI}
    per_ind = {}
    for ind, q in lalu.values_list("indikator", "triwulan"):
        per_ind.setdefault(ind, set()).add(q)
    assert per_ind and all(q == {1, 2, 3, 4} for q in per_ind.values())
    assert HasilEvaluasi.objects.filter(
        evaluasi__pemda=tangsel, evaluasi__tahun=tahun - 1, evaluasi__jenis="resmi"
    ).exists()
    assert Evaluasi.objects.filter(pemda=tangsel, tahun=tahun, status="draf").exists()  # work in progress

    # the next year not empty: targets, and draft PKs for the kepala PD to set
    assert Target.objects.filter(indikator__pemda=tangsel, tahun=tahun + 1).count() > 300
    pk_depan = PerjanjianKinerja.objects.filter(perangkat_daerah__pemda=tangsel, tahun=tahun + 1)
    assert pk_depan.count() == 38 and set(pk_depan.values_list("status", flat=True)) == {"draf"}
    periode = PeriodePerencanaan.objects.get(pemda=tangsel)
    assert periode.tahun_mulai <= tahun < tahun + 1 <= periode.tahun_akhir

    # quarter deadlines of the current year; an empty due quarter past its deadline is late
    kunci = KunciTriwulan.objects.get(pemda=tangsel, tahun=tahun, triwulan=tw)
    setu = tangsel.perangkat_daerah.get(kode="7.01.07")
    assert not ini.filter(indikator__perangkat_daerah=setu, triwulan=tw).exists()
    assert lewat_batas(kunci, hari) == (kunci.batas_waktu < hari)
    if hari == datetime.date(2026, 11, 30):
        assert lewat_batas(kunci, hari)  # TW III's deadline was 15 October
        if datetime.date.today() > kunci.batas_waktu:  # the completeness matrix reads the real clock
            assert (setu.pk, tahun, tw) in triwulan_lewat_tenggat([(setu, tahun, tw)])

    # at least three IKU at risk on the default year (the current one), as the dashboards show them
    walikota = Profil.objects.get(user__username="walikota").user
    berisiko = iku_berisiko(user=walikota, pemda_id=tangsel.pk, tahun=tahun)
    assert len(berisiko) >= 3, [b.indikator.kode for b in berisiko]

    # action plan months through the last finished month of the current year
    bulan = set(RealisasiAksi.objects.filter(rencana_aksi__tahun=tahun).values_list("bulan", flat=True))
    assert bulan == set(range(1, hari.month))

    # notifications still wait for the demo users with work to do
    assert Notifikasi.objects.filter(user__username="operator.dinkes").exists()
    assert {u for u, *_ in PENGGUNA_DEMO} >= set(Notifikasi.objects.values_list("user__username", flat=True))

    # the same today gives the same rows (seeded by the year, never by the time of the run)
    pertama = _sidik()
    _muat(hari, "--reset")
    assert _sidik() == pertama
