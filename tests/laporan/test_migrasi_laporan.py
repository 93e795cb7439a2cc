"""Migration 0002 (fair report queue): jobs waiting or running at upgrade time were already sent to the
worker queue by the old code, so they count as sent; finished jobs keep every value."""

from __future__ import annotations

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
