"""Migrations evaluasi 0016 and laporan 0016 (one batch shape, perangkat_daerah.batch.BatchDasar): the recompute's
and the group report's batches keep every row and value; a group batch made before `dikirim_pada` counts as sent
when it was requested, so the stuck-batch sweep can read it."""

from __future__ import annotations

import datetime

import pytest

from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (the fixture)

SEBELUM = [("evaluasi", "0015_batch_dikirim_pada"), ("laporan", "0015_batch_laporan_grup")]
SESUDAH = [("evaluasi", "0016_batch_dasar"), ("laporan", "0016_batch_grup_dasar")]


@pytest.mark.django_db(transaction=True)
def test_batches_keep_their_rows_and_old_group_batches_count_as_sent(migrasi_ke):  # noqa: F811
    lama = migrasi_ke(SEBELUM)
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    GrupPemda = lama.get_model("perangkat_daerah", "GrupPemda")
    BatchHitung = lama.get_model("evaluasi", "BatchHitung")
    BagianHitung = lama.get_model("evaluasi", "BagianHitung")
    BatchLaporanGrup = lama.get_model("laporan", "BatchLaporanGrup")
    Laporan = lama.get_model("laporan", "Laporan")
    pemda = [Pemda.objects.create(kode=f"kab-migrasi-{i}", nama=f"Kab Migrasi {i}") for i in range(3)]
    grup = GrupPemda.objects.create(kode="prov-migrasi", nama="Provinsi Migrasi", jenis="provinsi")
    diminta = datetime.datetime(2025, 3, 3, 8, 0, tzinfo=datetime.UTC)
    selesai = diminta + datetime.timedelta(minutes=4)
    hitung = BatchHitung.objects.create(
        tahun=2024, grup=grup, status="gagal", total=3, selesai=2, gagal=1, jumlah_evaluasi=17,
        diminta_pada=diminta, mulai_pada=diminta, selesai_pada=selesai, dikirim_pada=diminta,
    )  # fmt: skip
    for p, status in zip(pemda, ["selesai", "selesai", "gagal"], strict=True):
        BagianHitung.objects.create(batch=hitung, pemda=p, status=status, jumlah_evaluasi=8 if status == "selesai"
                                    else 0, galat="ValueError: x" if status == "gagal" else "")  # fmt: skip
    berjalan = BatchLaporanGrup.objects.create(
        grup=grup, jenis="lkjip_pemda", tahun=2024, status="berjalan", total=3, selesai=1, diminta_pada=diminta,
        mulai_pada=diminta,
    )  # fmt: skip
    for i, p in enumerate(pemda):
        Laporan.objects.create(pemda=p, jenis="lkjip_pemda", tahun=2024, batch_grup=berjalan,
                               status="selesai" if i == 0 else "antri", dikirim_pada=diminta)  # fmt: skip

    baru = migrasi_ke(SESUDAH)
    h = baru.get_model("evaluasi", "BatchHitung").objects.get(pk=hitung.pk)
    assert (h.tahun, h.grup_id, h.status, h.total, h.selesai, h.gagal, h.jumlah_evaluasi) == (
        2024, grup.pk, "gagal", 3, 2, 1, 17,
    )  # fmt: skip
    assert (h.diminta_pada, h.mulai_pada, h.selesai_pada, h.dikirim_pada) == (diminta, diminta, selesai, diminta)
    bagian = baru.get_model("evaluasi", "BagianHitung").objects.filter(batch_id=hitung.pk).order_by("pemda_id")
    assert [(b.status, b.jumlah_evaluasi, b.galat) for b in bagian] == [
        ("selesai", 8, ""), ("selesai", 8, ""), ("gagal", 0, "ValueError: x"),
    ]  # fmt: skip
    g = baru.get_model("laporan", "BatchLaporanGrup").objects.get(pk=berjalan.pk)
    assert (g.grup_id, g.jenis, g.tahun, g.triwulan, g.status, g.total, g.selesai, g.gagal) == (
        grup.pk, "lkjip_pemda", 2024, None, "berjalan", 3, 1, 0,
    )  # fmt: skip
    assert (g.diminta_pada, g.mulai_pada, g.dikirim_pada) == (diminta, diminta, diminta)
    LaporanBaru = baru.get_model("laporan", "Laporan")
    assert sorted(LaporanBaru.objects.filter(batch_grup_id=g.pk).values_list("status", flat=True)) == [
        "antri", "antri", "selesai",
    ]  # fmt: skip
