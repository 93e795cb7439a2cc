"""Signature blocks of the real PDFs (issue 14 point 8): the city LKjIP prints the kepala daerah's title and,
under it, the person's name once; a PD LKjIP its head's name, pangkat and NIP; the PK both parties."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from laporan import services
from laporan.models import Laporan
from perangkat_daerah.models import Pemda, PerangkatDaerah

pytestmark = pytest.mark.django_db


def _teks(pemeran, **kw) -> str:
    laporan = Laporan.objects.create(pemda=pemeran.pemda, tahun=2024, diminta_oleh=pemeran.organisasi, **kw)
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    halaman = PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages
    return " ".join(" ".join(p.extract_text() for p in halaman).split())


@pytest.fixture
def pejabat(pemeran):
    Pemda.objects.filter(pk=pemeran.pemda.pk).update(
        nama="Kota Tangerang Selatan", jenis="kota", kepala_nama="Benyamin Davnie"
    )
    PerangkatDaerah.objects.filter(pk=pemeran.pd_a.pk).update(
        kepala_nama="dr. Allin Hendalin", kepala_nip="197001011995031001", kepala_pangkat="Pembina Utama Muda (IV/c)"
    )
    pemeran.pemda.refresh_from_db()
    pemeran.pd_a.refresh_from_db()
    return pemeran


def test_the_city_lkjip_prints_the_title_and_the_mayors_name_once(pejabat):
    teks = _teks(pejabat, jenis=Laporan.Jenis.LKJIP_PEMDA, perangkat_daerah=None)
    assert "Wali Kota Tangerang Selatan Benyamin Davnie" in teks
    assert "Benyamin Davnie Benyamin Davnie" not in teks
    assert teks.count("Benyamin Davnie") == 2  # the foreword and the pernyataan, each once


def test_a_pd_lkjip_prints_its_heads_name_pangkat_and_nip(pejabat):
    teks = _teks(pejabat, jenis=Laporan.Jenis.LKJIP_PD, perangkat_daerah=pejabat.pd_a)
    assert "Kepala Dinas A dr. Allin Hendalin Pembina Utama Muda (IV/c) NIP 197001011995031001" in teks


def test_the_pk_prints_the_mayor_as_pihak_kedua_and_the_head_as_pihak_pertama(pejabat):
    teks = _teks(pejabat, jenis=Laporan.Jenis.PK, perangkat_daerah=pejabat.pd_a)
    assert "Pihak Kedua, Wali Kota Tangerang Selatan Benyamin Davnie" in teks
    assert "Pihak Pertama, Kepala Dinas A dr. Allin Hendalin" in teks
    assert "NIP 197001011995031001" in teks


def test_chapter_one_prints_the_organisation_profile_when_entered(pejabat):
    from perangkat_daerah.profil_instansi import profil_instansi_simpan

    isi = {"tugas_pokok": "Membantu Wali Kota di bidang kesehatan.", "fungsi": "Perumusan kebijakan",
           "struktur": "Kepala Dinas\n  Sekretariat", "isu_strategis": "Stunting", "golongan_2": "12"}  # fmt: skip
    profil_instansi_simpan(pemda=pejabat.pemda, perangkat_daerah=pejabat.pd_a, oleh=pejabat.operator_a, nilai=isi,
                           versi=None)  # fmt: skip
    teks = _teks(pejabat, jenis=Laporan.Jenis.LKJIP_PD, perangkat_daerah=pejabat.pd_a)
    for judul in ("A. Tugas Pokok dan Fungsi", "B. Struktur Organisasi", "C. Sumber Daya Manusia", "D. Isu Strategis"):
        assert judul in teks
    assert "Membantu Wali Kota di bidang kesehatan." in teks and "Golongan III 12" in teks and "Jumlah 12" in teks
    assert "Tugas Pokok dan Fungsi" not in _teks(pejabat, jenis=Laporan.Jenis.LKJIP_PD, perangkat_daerah=pejabat.pd_b)


def test_inner_pages_carry_the_running_title_and_the_cover_is_the_first_page(pejabat):
    laporan = Laporan.objects.create(pemda=pejabat.pemda, tahun=2024, diminta_oleh=pejabat.organisasi,
                                     jenis=Laporan.Jenis.LKJIP_PD, perangkat_daerah=pejabat.pd_a)  # fmt: skip
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    halaman = [p.extract_text() for p in PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages]
    assert "TAHUN 2024" in halaman[0]  # no blank page before the cover
    for teks in halaman[1:4]:
        assert "Laporan Kinerja Instansi Pemerintah Dinas A Tahun 2024" in teks
