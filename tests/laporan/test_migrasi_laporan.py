"""Migration 0002 (fair report queue): jobs waiting or running at upgrade time were already sent to the
worker queue by the old code, so they count as sent; finished jobs keep every value."""

from __future__ import annotations

import importlib

import pytest

from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (the fixture)


@pytest.mark.django_db(transaction=True)
def test_jobs_keep_their_rows_and_unfinished_ones_count_as_sent(migrasi_ke):  # noqa: F811
    lama = migrasi_ke([("laporan", "0001_initial")])
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    Laporan = lama.get_model("laporan", "Laporan")
    pemda = Pemda.objects.create(kode="kota-migrasi-laporan", nama="Kota Migrasi")
    ids = {
        status: Laporan.objects.create(
            pemda=pemda, jenis="lkjip_pemda", tahun=2024, status=status, progres=40, nama_berkas=f"{status}.pdf"
        ).pk
        for status in ("antri", "proses", "selesai", "gagal")
    }
    baru = migrasi_ke([("laporan", "0002_antrean_adil")])
    LaporanBaru = baru.get_model("laporan", "Laporan")
    for status, pk in ids.items():
        row = LaporanBaru.objects.get(pk=pk)
        assert (row.status, row.progres, row.nama_berkas, row.pemda_id) == (status, 40, f"{status}.pdf", pemda.pk)
        if status in ("antri", "proses"):
            assert row.dikirim_pada == row.diminta_pada
        else:
            assert row.dikirim_pada is None


@pytest.mark.django_db(transaction=True)
def test_lke_jobs_record_the_state_they_were_made_from(migrasi_ke):  # noqa: F811
    """0003: an LKE job of an evaluation that is not final today was made from that state; one of a final
    evaluation is of unknown state and stays empty (hidden from PD staff). No row is lost."""
    lama = migrasi_ke([("laporan", "0002_antrean_adil"), ("evaluasi", "0005_evaluasi_jenis_dikenal")])
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    PD = lama.get_model("perangkat_daerah", "PerangkatDaerah")
    Instrumen = lama.get_model("evaluasi", "Instrumen")
    Evaluasi = lama.get_model("evaluasi", "Evaluasi")
    Laporan = lama.get_model("laporan", "Laporan")
    pemda = Pemda.objects.create(kode="kota-migrasi-lke", nama="Kota Migrasi LKE")
    pd = PD.objects.create(pemda=pemda, kode="1.02", nama="Dinas Kesehatan", singkatan="Dinkes", jenis="dinas")
    if not Instrumen.objects.filter(pemda__isnull=True).exists():  # flushed by an earlier transactional test
        importlib.import_module("evaluasi.migrations.0002_permenpanrb_88_2021").muat(lama, None)
    instrumen = Instrumen.objects.filter(pemda__isnull=True).first()
    draf, final = (
        Evaluasi.objects.create(
            instrumen=instrumen, pemda=pemda, perangkat_daerah=pd, tahun=tahun, jenis="internal", status=status
        )
        for tahun, status in ((2025, "dinilai"), (2024, "final"))
    )
    ids = {
        e.status: Laporan.objects.create(
            pemda=pemda, perangkat_daerah=pd, jenis="lke_xlsx", tahun=e.tahun, evaluasi_id=e.pk, status="selesai"
        ).pk
        for e in (draf, final)
    }
    lkjip = Laporan.objects.create(pemda=pemda, perangkat_daerah=pd, jenis="lkjip_pd", tahun=2024, status="selesai")
    baru = migrasi_ke([("laporan", "0003_status_sumber_lke")])
    LaporanBaru = baru.get_model("laporan", "Laporan")
    assert LaporanBaru.objects.get(pk=ids["dinilai"]).status_sumber == "dinilai"
    assert LaporanBaru.objects.get(pk=ids["final"]).status_sumber == ""
    assert LaporanBaru.objects.get(pk=lkjip.pk).status_sumber == ""
    assert LaporanBaru.objects.filter(pemda_id=pemda.pk).count() == 3
