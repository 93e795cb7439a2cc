"""The demo's LKjIP compares with published benchmarks (issue 14 polish): the demo records national and
provincial figures on a few indicators (kinerja/demo.py PEMBANDING_DEMO), and the fourth analysis of the PD's
PDF prints each with its level, value, source and year, and the capaian against it; the indicators without one
say "tidak tersedia pembanding"."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from laporan import services
from laporan.models import Laporan
from perangkat_daerah.models import Pemda
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db
ANALISIS_4 = "4. Dibandingkan dengan standar nasional atau provinsi"


def _teks_pdf(laporan: Laporan) -> str:
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    halaman = PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages
    return " ".join(" ".join(p.extract_text() for p in halaman).split())


def test_the_demo_pd_lkjip_compares_with_the_national_and_provincial_figures():
    muat_demo_salin()
    pemda = Pemda.objects.get(kode="kota-tangerang-selatan")
    dinkes = pemda.perangkat_daerah.get(kode="1.02.01")
    laporan = Laporan.objects.create(pemda=pemda, perangkat_daerah=dinkes, jenis="lkjip_pd", tahun=2024,
                                     diminta_oleh=get_user_model().objects.get(username="operator.dinkes"))  # fmt: skip
    teks = _teks_pdf(laporan)
    mulai = teks.index(ANALISIS_4)
    blok = teks[mulai : teks.index("5. Penyebab", mulai)]  # the first sasaran's fourth analysis
    stunting = re.search(r"Prevalensi balita stunting ([\d,]+) Nasional: 21,60% Survei Status Gizi Indonesia "
                         r"\(SSGI\), Kemenkes, 2022 (\d+,\d{2})%", blok)  # fmt: skip
    assert stunting, blok
    assert re.search(r"Angka kematian ibu [\d,]+ Provinsi: 127,00 per 100\.000 KH Provinsi Banten, .*?2020 \d+,\d{2}%",
                     blok), blok  # fmt: skip
    assert "tidak tersedia pembanding" in blok  # the indicators without a recorded benchmark
