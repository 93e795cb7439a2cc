"""Hygiene of numbers over rendered pages (issue 17 point 4): for the demo users, the main pages never write
a count with ",00" (126.000,00 kunjungan) and never mix percent formats ("87,25%" is THE format, with no
space: sakip.lib.angka.format_persen)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from kinerja.models import Indikator, Realisasi, Target
from perangkat_daerah.demo import PENGGUNA_DEMO
from perangkat_daerah.tahun import tahun_bawaan
from sakip.lib.angka import SATUAN_CACAH, format_angka
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<[^>]+>")
PERSEN_BERSPASI = re.compile(r"\d(?:\s|&nbsp;)%")
CACAH_DESIMAL = re.compile(r"\d,00\s+(" + "|".join(sorted(SATUAN_CACAH)) + r")\b", re.IGNORECASE)


def _halaman(tahun: int) -> list[str]:
    return [
        "/", "/kinerja/verifikasi/", f"/kinerja/kelengkapan/{tahun}/", "/dasbor/pimpinan/", "/dasbor/organisasi/",
        "/perencanaan/pohon/", "/pd/", "/laporan/", "/evaluasi/",
    ]  # fmt: skip


def _cacah_desimal() -> set[str]:
    """Whole values ≥ 1.000 of the demo's count indicators as two decimals would write them ("126.000,00")."""
    bulat = [i.pk for i in Indikator.objects.all() if i.bulat]
    nilai = Realisasi.objects.filter(indikator_id__in=bulat, nilai__gte=1000).values_list("nilai", flat=True)
    return {format_angka(v) for v in nilai if v == v.to_integral_value()} | {"126.000,00"}


def _pecahan_cacah() -> list[str]:
    """Quarterly targets and realisations of the demo's count indicators that are not whole ("2,25 inovasi")."""
    bulat = [i.pk for i in Indikator.objects.all() if i.bulat]
    target = Target.objects.filter(indikator_id__in=bulat).values_list("indikator__kode", "t1", "t2", "t3", "t4")
    realisasi = Realisasi.objects.filter(indikator_id__in=bulat).values_list("indikator__kode", "nilai")
    nilai = [(kode, v) for kode, *isi in [*target, *realisasi] for v in isi if v is not None]
    return [f"{kode}: {v}" for kode, v in nilai if v != v.to_integral_value()]


def test_demo_pages_write_counts_whole_and_percentages_one_way(client):
    muat_demo_salin()
    assert _pecahan_cacah() == []  # the demo's counts are whole: targets per quarter and realisations
    tahun = tahun_bawaan()
    terlarang = _cacah_desimal()
    dilihat = 0
    for nama, *_ in PENGGUNA_DEMO:
        client.force_login(User.objects.get(username=nama))
        for url in _halaman(tahun):
            respons = client.get(url, follow=True)
            if respons.status_code != 200 or "text/html" not in respons["Content-Type"]:
                continue
            teks = TAG.sub(" ", respons.content.decode())
            dilihat += 1
            assert not PERSEN_BERSPASI.search(teks), (nama, url, PERSEN_BERSPASI.search(teks).group())
            assert not CACAH_DESIMAL.search(teks), (nama, url, CACAH_DESIMAL.search(teks).group())
            assert not [t for t in terlarang if t in teks], (nama, url, [t for t in terlarang if t in teks])
        client.logout()
    assert dilihat >= len(PENGGUNA_DEMO) * 3
    assert len(terlarang) > 1  # the demo has count indicators with whole values to look for
