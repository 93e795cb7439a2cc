"""Schema for the official LKE wording (issue 15 point 3): an instrument's notes (`catatan`: its sources and the
choices between them), a sub-component's meaning of AA and A (`panduan_nilai`), and room for the official
sub-component statements (up to 215 characters). The data follows in 0012_teks_resmi_lke_data."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0010_pemetaan_kriteria"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrumen",
            name="catatan",
            field=models.TextField(
                blank=True,
                help_text="Sumber teks instrumen dan pilihan yang diambil di antara sumber yang berbeda.",
                verbose_name="catatan",
            ),
        ),
        migrations.AddField(
            model_name="subkomponen",
            name="panduan_nilai",
            field=models.TextField(
                blank=True,
                help_text="Makna nilai AA dan A untuk jenis subkomponen ini, ditampilkan di lembar kerja.",
                verbose_name="panduan nilai AA dan A",
            ),
        ),
        migrations.AlterField(
            model_name="subkomponen",
            name="nama",
            field=models.CharField(max_length=300, verbose_name="nama"),
        ),
    ]
