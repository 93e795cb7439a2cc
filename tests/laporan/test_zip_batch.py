"""The batch "semua LKjIP PD" as one ZIP (issue 14 point 10): one PDF per PD, BACA-SAYA.txt naming the PDs
still missing, a size guard, and only Bagian Organisasi of the batch's pemda (another pemda's batch: 404)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from pypdf import PdfReader

from laporan import services
from laporan.models import Laporan
from laporan.zip_batch import NAMA_BACA, buat_zip
from tests.factories import Peran, buat_pengguna

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(pemeran, monkeypatch):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    return services.batch_minta(user=pemeran.organisasi, tahun=2024)


def _unduh(client, user, batch):
    client.force_login(user)
    return client.get(f"/laporan/batch/{batch.pk}/zip/?tahun=2024")


def _arsip(resp) -> zipfile.ZipFile:
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    assert 'filename="LKjIP-PD-2024-Kota-Uji.zip"' in resp["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(resp.streaming_content)))


def test_the_zip_holds_one_pdf_per_pd(client, pemeran, batch):
    for lap in batch.laporan.all():
        assert services.laporan_proses(lap.pk) == Laporan.Status.SELESAI
    arsip = _arsip(_unduh(client, pemeran.organisasi, batch))
    assert sorted(arsip.namelist()) == [NAMA_BACA, "LKjIP-2024-Dinas-A.pdf", "LKjIP-2024-Dinas-B.pdf"]
    for nama, pd in (("LKjIP-2024-Dinas-A.pdf", "Dinas A"), ("LKjIP-2024-Dinas-B.pdf", "Dinas B")):
        teks = " ".join(PdfReader(io.BytesIO(arsip.read(nama))).pages[0].extract_text().split())
        assert pd in teks  # each PD's own report, not one copied twice
    baca = arsip.read(NAMA_BACA).decode()
    assert "2 dari 2 LKjIP" in baca and "lengkap" in baca


def _selesai_palsu(lap: Laporan, isi: bytes = b"%PDF-1.4\n% uji\n") -> None:
    lap.berkas.save(f"{lap.pk}.pdf", ContentFile(isi), save=False)
    lap.status, lap.nama_berkas = (
        Laporan.Status.SELESAI,
        f"LKjIP-2024-{lap.perangkat_daerah.nama.replace(' ', '-')}.pdf",
    )
    lap.save()


def test_a_missing_pd_is_named_with_its_status_not_silently_left_out(client, pemeran, batch):
    lap_a = batch.laporan.get(perangkat_daerah=pemeran.pd_a)
    _selesai_palsu(lap_a)
    batch.laporan.filter(perangkat_daerah=pemeran.pd_b).update(status=Laporan.Status.GAGAL)
    arsip = _arsip(_unduh(client, pemeran.organisasi, batch))
    assert sorted(arsip.namelist()) == [NAMA_BACA, "LKjIP-2024-Dinas-A.pdf"]
    assert arsip.read("LKjIP-2024-Dinas-A.pdf") == b"%PDF-1.4\n% uji\n"
    baca = arsip.read(NAMA_BACA).decode()
    assert "1 dari 2 LKjIP" in baca and "- Dinas B: Gagal" in baca and "Dinas A:" not in baca


def test_nothing_finished_goes_back_to_the_batch_page_with_the_reason(client, pemeran, batch):
    resp = _unduh(client, pemeran.organisasi, batch)
    assert resp.status_code == 302 and resp["Location"].startswith(f"/laporan/batch/{batch.pk}/")
    halaman = client.get(resp["Location"]).content.decode()
    assert "Belum ada LKjIP perangkat daerah yang selesai dalam batch ini." in halaman


def test_a_batch_over_the_size_limit_is_refused_before_reading(pemeran, batch):
    for lap in batch.laporan.all():
        _selesai_palsu(lap, b"%PDF-1.4\n" + b"x" * 2000)
    with pytest.raises(ValidationError, match="terlalu besar"):
        buat_zip(batch, batas=3000)
    berkas, jumlah = buat_zip(batch, batas=5000)
    assert jumlah == 2 and zipfile.ZipFile(berkas).testzip() is None


def test_only_who_sees_the_batch_downloads_it(client, pemeran, batch):
    _selesai_palsu(batch.laporan.get(perangkat_daerah=pemeran.pd_a))
    organisasi_lain = buat_pengguna(pemeran.pemda_lain, Peran.BAGIAN_ORGANISASI)
    for user in (organisasi_lain, pemeran.operator_a, pemeran.kepala_a, pemeran.pimpinan, pemeran.operator_lain):
        assert _unduh(client, user, batch).status_code == 404, user
    assert _unduh(client, pemeran.admin, batch).status_code == 200


def test_a_finished_job_whose_file_is_gone_is_named_not_a_server_error(client, pemeran, batch):
    _selesai_palsu(batch.laporan.get(perangkat_daerah=pemeran.pd_a))
    lap_b = batch.laporan.get(perangkat_daerah=pemeran.pd_b)
    _selesai_palsu(lap_b)
    lap_b.berkas.storage.delete(lap_b.berkas.name)
    arsip = _arsip(_unduh(client, pemeran.organisasi, batch))
    assert sorted(arsip.namelist()) == [NAMA_BACA, "LKjIP-2024-Dinas-A.pdf"]
    assert "- Dinas B: berkas tidak ditemukan di penyimpanan; buat ulang LKjIP ini" in arsip.read(NAMA_BACA).decode()
