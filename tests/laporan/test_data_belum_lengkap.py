"""Incomplete data (issue 14 point 13): an LKjIP of a year with missing targets, missing or unverified
realisations or a missing budget asks for confirmation (the page shows the list and a confirm button; the API
answers 409 with the list unless `konfirmasi` is true); the confirmed PDF prints the "Data belum lengkap" list
on its first content page and a note on each affected table."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from kinerja.models import Anggaran
from laporan import services
from laporan.kelengkapan import DataBelumLengkap, periksa_permintaan
from laporan.models import Laporan
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
TAHUN = 2024


@pytest.fixture
def data(pemeran, monkeypatch):
    """Dinas A: IK-1 complete, IK-2 verified only in part, IK-3 awaiting verification, IK-4 without target and
    realisation; the budget without realisation. Dinas B: everything complete."""
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    s = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", uraian="Sasaran A")
    ik = {k: buat_indikator(sasaran=s, kode=k, uraian=f"Indikator {k}", agregasi="akhir") for k in
          ("IK-1", "IK-2", "IK-3", "IK-4")}  # fmt: skip
    for k in ("IK-1", "IK-2", "IK-3"):
        buat_target(ik[k], TAHUN, nilai="10")
    buat_realisasi(ik["IK-1"], TAHUN, 4, nilai="10", status="diverifikasi")
    buat_realisasi(ik["IK-2"], TAHUN, 3, nilai="8", status="diverifikasi")
    buat_realisasi(ik["IK-2"], TAHUN, 4, nilai="9", status="diajukan")
    buat_realisasi(ik["IK-3"], TAHUN, 4, nilai="9", status="diajukan")
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, pagu=Decimal("100"))
    sb = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B.S1", uraian="Sasaran B")
    ib = buat_indikator(sasaran=sb, kode="IB-1", uraian="Indikator B", agregasi="akhir")
    buat_target(ib, TAHUN, nilai="5")
    buat_realisasi(ib, TAHUN, 4, nilai="5", status="diverifikasi")
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_b, tahun=TAHUN, pagu=Decimal("100"), realisasi_t4=Decimal("90"))
    return pemeran


def test_the_check_lists_each_kind_of_gap(data):
    kurang = periksa_permintaan(pemda_id=data.pemda.pk, perangkat_daerah=data.pd_a, tahun=TAHUN)
    assert kurang.teks() == [
        "Target 2024 belum ditetapkan (1 indikator): IK-4",
        "Realisasi 2024 belum diisi (1 indikator): IK-4",
        "Realisasi 2024 belum diverifikasi (1 indikator): IK-3",
        "Sebagian realisasi 2024 belum diverifikasi (1 indikator): IK-2",
        "Realisasi anggaran 2024 belum diisi (1 perangkat daerah): Dinas A",
    ]
    assert kurang.sasaran == [{"kode": "A.S1", "indikator": ["IK-2", "IK-3", "IK-4"]}]
    assert periksa_permintaan(pemda_id=data.pemda.pk, perangkat_daerah=data.pd_b, tahun=TAHUN).lengkap


def test_the_service_refuses_without_confirmation_and_queues_nothing(data):
    with pytest.raises(DataBelumLengkap) as exc:
        services.laporan_minta(user=data.operator_a, jenis="lkjip_pd", tahun=TAHUN, perangkat_daerah=data.pd_a,
                               konfirmasi=False)  # fmt: skip
    assert "IK-3" in " ".join(exc.value.kelengkapan.teks())
    assert Laporan.objects.count() == 0
    # complete data, or another kind (the PK has no realisations), needs no confirmation
    services.laporan_minta(user=data.operator_b, jenis="lkjip_pd", tahun=TAHUN, perangkat_daerah=data.pd_b,
                           konfirmasi=False)  # fmt: skip
    services.laporan_minta(user=data.operator_a, jenis="pk", tahun=TAHUN, perangkat_daerah=data.pd_a, konfirmasi=False)
    assert Laporan.objects.count() == 2


def test_the_api_answers_409_with_the_list_until_confirmed(data):
    api = APIClient()
    api.force_authenticate(data.operator_a)
    isi = {"jenis": "lkjip_pd", "tahun": TAHUN, "perangkat_daerah": data.pd_a.pk}
    tolak = api.post("/api/v1/laporan/", isi, format="json")
    assert tolak.status_code == 409
    assert tolak.data["kode"] == "data_belum_lengkap"
    assert "Realisasi 2024 belum diverifikasi (1 indikator): IK-3" in tolak.data["data_belum_lengkap"]
    assert "konfirmasi" in tolak.data["detail"]
    assert Laporan.objects.count() == 0
    assert api.post("/api/v1/laporan/", {**isi, "konfirmasi": True}, format="json").status_code == 202
    # another PD's report is still 404, before any list of its data
    lain = api.post("/api/v1/laporan/", {**isi, "perangkat_daerah": data.pd_b.pk}, format="json")
    assert lain.status_code == 404


def test_the_page_asks_for_confirmation_then_queues(client, data):
    client.force_login(data.operator_a)
    isi = {"jenis": "lkjip_pd", "perangkat_daerah": data.pd_a.pk, "tanggal": "2025-03-14"}
    resp = client.post(f"/laporan/buat/?tahun={TAHUN}", isi)
    html = resp.content.decode()
    assert resp.status_code == 200 and Laporan.objects.count() == 0
    assert "Data belum lengkap" in html and "Sebagian realisasi 2024 belum diverifikasi" in html
    assert 'name="konfirmasi" value="1"' in html and 'name="tanggal" value="2025-03-14"' in html
    resp = client.post(f"/laporan/buat/?tahun={TAHUN}", {**isi, "konfirmasi": "1"})
    assert resp.status_code == 302
    assert Laporan.objects.get().tanggal.isoformat() == "2025-03-14"


def test_the_pdf_prints_the_list_first_and_a_note_on_each_affected_table(data):
    laporan = Laporan.objects.create(pemda=data.pemda, perangkat_daerah=data.pd_a, tahun=TAHUN, jenis="lkjip_pd")
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    halaman = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(laporan.berkas.read())).pages]
    pertama = next(i for i, h in enumerate(halaman) if "Kata Pengantar" in h)
    assert "Data belum lengkap." in halaman[pertama]
    assert "Realisasi 2024 belum diverifikasi (1 indikator): IK-3" in halaman[pertama]
    teks = " ".join(halaman)
    assert "Data belum lengkap: IK-2, IK-3, IK-4 belum memiliki target atau realisasi terverifikasi" in teks
    assert "Data belum lengkap: anggaran atau realisasi anggaran tahun 2024 belum diisi" in teks
    assert "indikator bertanda * belum memiliki target" in teks


def test_a_complete_report_prints_no_list(data):
    laporan = Laporan.objects.create(pemda=data.pemda, perangkat_daerah=data.pd_b, tahun=TAHUN, jenis="lkjip_pd")
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(laporan.berkas.read())).pages)
    assert "Data belum lengkap" not in teks
