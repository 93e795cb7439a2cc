"""LKjIP appendices (issue 14 point 7): the Pengukuran Kinerja table, the IKU with their manuals, and the
performance tree as an outline of the report's scope (a PD branch; the city levels with a reference to the
separate tree PDF; a branch above the limit referred to that PDF), in the data and in the PDF text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from kinerja.models import PeriodePerencanaan
from kinerja.models_manual import ManualIK
from kinerja.services.pohon import tingkat_bawaan_pastikan
from laporan import lampiran, services
from laporan.models import Laporan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def pohon(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    kw = {"periode": periode}
    kota = buat_sasaran(pemeran.pemda, None, kode="K.S1", uraian="Sasaran kota", tingkat=t["sasaran_rpjmd"], **kw)
    s = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", uraian="Sasaran A", tingkat=t["sasaran_strategis"],
                     induk=kota, **kw)  # fmt: skip
    buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.P1", uraian="Program A", tingkat=t["sasaran_program"], induk=s,
                 kode_nomenklatur="1.02.02", **kw)  # fmt: skip
    iku = buat_indikator(sasaran=s, kode="IK-1", uraian="Cakupan imunisasi", agregasi="akhir", iku=True)
    buat_indikator(sasaran=s, kode="IK-2", uraian="Bukan IKU", agregasi="akhir", iku=True)
    ManualIK.objects.create(
        indikator=iku, definisi="Bayi diimunisasi lengkap", rumus="a ÷ b × 100%", sumber_data="Puskesmas",
        penanggung_jawab="Kabid P2P", periode_pelaporan="tahunan",
    )  # fmt: skip
    buat_target(iku, 2024, nilai="90")
    buat_realisasi(iku, 2024, 4, nilai="93.6", status="diverifikasi")
    return pemeran


def _teks(p, pd) -> str:
    jenis = "lkjip_pd" if pd else "lkjip_pemda"
    laporan = Laporan.objects.create(pemda=p.pemda, perangkat_daerah=pd, tahun=2024, jenis=jenis)
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    return " ".join(" ".join(x.extract_text() for x in PdfReader(io.BytesIO(laporan.berkas.read())).pages).split())


def test_the_iku_with_their_manuals(pohon):
    daftar = lampiran.iku(pemda_id=pohon.pemda.pk, perangkat_daerah=pohon.pd_a, tahun=2024)
    assert [(i["kode"], i["manual"]["ada"]) for i in daftar] == [("IK-1", True), ("IK-2", False)]
    m = daftar[0]["manual"]
    assert (m["definisi"], m["rumus"], m["sumber_data"], m["penanggung_jawab"], m["periode_pelaporan"]) == (
        "Bayi diimunisasi lengkap", "a ÷ b × 100%", "Puskesmas", "Kabid P2P", "Tahunan"
    )  # fmt: skip


def test_the_tree_outline_of_a_pd_and_of_the_city(pohon, monkeypatch):
    pd = lampiran.pohon(pemda_id=pohon.pemda.pk, perangkat_daerah=pohon.pd_a, tahun=2024)
    assert pd["rujukan"] is False
    assert [(g["kedalaman"], g["kode"], g["indikator"]) for g in pd["garis"]] == [(0, "A.S1", 2), (1, "1.02.02", 0)]
    kota = lampiran.pohon(pemda_id=pohon.pemda.pk, perangkat_daerah=None, tahun=2024)
    assert [g["kode"] for g in kota["garis"]] == ["K.S1"]
    assert kota["rujukan"] is True and kota["jumlah_cabang_pd"] == 2
    monkeypatch.setattr(lampiran, "BATAS_POHON", 1)
    besar = lampiran.pohon(pemda_id=pohon.pemda.pk, perangkat_daerah=pohon.pd_a, tahun=2024)
    assert besar["rujukan"] is True and besar["garis"] == [] and besar["jumlah"] == 2


def test_the_pdf_carries_the_four_appendices(pohon):
    teks = _teks(pohon, pohon.pd_a)
    assert "Lampiran 1: Perjanjian Kinerja Tahun 2024 Tabel L.1" in teks
    urutan = [
        "Lampiran 2: Pengukuran Kinerja Tahun 2024 Data belum lengkap",  # IK-2 has no target
        "1.1 A.S1 Sasaran A IK-1 Cakupan imunisasi",
        "Lampiran 3: Indikator Kinerja Utama dan Manual Indikator 1. IK-1",
        "Definisi operasional Bayi diimunisasi lengkap",
        "Manual indikator belum disusun.",
        "Lampiran 4: Pohon Kinerja Cabang pohon kinerja perangkat daerah tahun 2024 (2 simpul)",
        "SASARAN STRATEGIS A.S1 Sasaran A (2) SASARAN PROGRAM 1.02.02 Program A (0)",
    ]
    pos = teks.index("Tabel L.1")
    for u in urutan:  # each after the one before (a page's running title is extracted at its end)
        pos = teks.index(u, pos)
    assert "90 93,60 104,00%" in teks  # target, realisasi, capaian in the Pengukuran table


def test_the_city_pdf_refers_to_the_tree_pdf(pohon):
    teks = _teks(pohon, None)
    assert "Cabang perangkat daerah (2 simpul) tidak dimuat di sini" in teks
    assert '"Pohon Kinerja & Cascading"' in teks
