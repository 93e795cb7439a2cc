"""Data: the PermenPANRB 12/2015 instrument, under which the official results before 2021 were given.

Five components with their weights (DOMAIN.md §2: "The predecessor PermenPANRB 12/2015 had five components
(30/25/15/10 and 20 for capaian kinerja)"; an LHE of that era, e.g. the Kemenko Perekonomian LHE 2017, is
laid out as the same five parts A–E). Only the components: a result of that era is recorded from its LHE as
figures, never worked on a worksheet here, so the instrument is inactive (never a pemda's default) and has no
criteria. Its band table is the era's own, with the same bands as the later one (DOMAIN.md §3).
The values are copied here (not imported) so the migration stays what it was when it ran.
"""

from decimal import Decimal

from django.db import migrations

KODE = "permenpanrb-12-2015"
VERSI_SKALA = "PermenPANRB 12/2015"
BAND = [
    ("AA", "Sangat Memuaskan", "Kinerja dikelola sangat baik di seluruh unit, terukur sampai individu", "90", "100"),
    ("A", "Memuaskan", "Memimpin perubahan menuju pemerintahan berorientasi hasil", "80", "90"),
    ("BB", "Sangat Baik", "Akuntabilitas sangat baik di dua pertiga unit kerja", "70", "80"),
    ("B", "Baik", "Akuntabilitas baik di sepertiga unit kerja, terutama unit utama", "60", "70"),
    ("CC", "Cukup (Memadai)", "Cukup; perlu banyak perbaikan yang tidak mendasar", "50", "60"),
    ("C", "Kurang", "Belum dapat diandalkan; perlu perbaikan mendasar", "30", "50"),
    ("D", "Sangat Kurang", "Perlu perubahan yang sangat mendasar", "0", "30"),
]
KOMPONEN = [
    ("1", "Perencanaan Kinerja", "30"),
    ("2", "Pengukuran Kinerja", "25"),
    ("3", "Pelaporan Kinerja", "15"),
    ("4", "Evaluasi Internal", "10"),
    ("5", "Capaian Kinerja", "20"),
]


def muat(apps, schema_editor):
    SkalaPredikat = apps.get_model("evaluasi", "SkalaPredikat")
    BandPredikat = apps.get_model("evaluasi", "BandPredikat")
    Instrumen = apps.get_model("evaluasi", "Instrumen")
    Komponen = apps.get_model("evaluasi", "Komponen")
    skala = SkalaPredikat.objects.create(versi=VERSI_SKALA, bawah_inklusif=False)
    BandPredikat.objects.bulk_create(
        BandPredikat(skala=skala, kode=k, nama=n, makna=m, batas_bawah=Decimal(b), batas_atas=Decimal(a))
        for k, n, m, b, a in BAND
    )
    instrumen = Instrumen.objects.create(
        kode=KODE,
        nama="LKE AKIP PermenPANRB 12/2015 (hasil resmi sebelum 2021)",
        metode="A",
        tahun_berlaku=2015,
        versi=1,
        skala_predikat=skala,
        aktif=False,
    )
    Komponen.objects.bulk_create(
        Komponen(instrumen=instrumen, kode=kode, nama=nama, bobot=Decimal(bobot), urutan=urutan)
        for urutan, (kode, nama, bobot) in enumerate(KOMPONEN, start=1)
    )


def hapus(apps, schema_editor):
    apps.get_model("evaluasi", "Instrumen").objects.filter(kode=KODE, versi=1).delete()
    apps.get_model("evaluasi", "SkalaPredikat").objects.filter(versi=VERSI_SKALA).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluasi", "0008_pilihan_instrumen_skala_pemda")]

    operations = [migrations.RunPython(muat, hapus)]
