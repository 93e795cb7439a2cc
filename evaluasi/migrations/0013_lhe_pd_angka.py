"""A PD's internal result recorded from the Inspektorat's LHE as figures gets an explicit field; the rows
recorded before it are those today's inference named: internal, final, without a single answer row."""

from django.db import migrations, models


def tandai_lhe_pd(apps, schema_editor):
    Evaluasi = apps.get_model("evaluasi", "Evaluasi")
    Jawaban = apps.get_model("evaluasi", "Jawaban")
    berjawaban = Jawaban.objects.values("evaluasi_id")
    Evaluasi.objects.filter(jenis="internal", status="final").exclude(pk__in=berjawaban).update(dicatat_dari_lhe=True)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0012_teks_resmi_lke_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluasi",
            name="dicatat_dari_lhe",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Hasil internal PD yang dicatat sebagai angka dari LHE Inspektorat, tanpa lembar kerja.",
                verbose_name="dicatat dari LHE",
            ),
        ),
        migrations.RunPython(tandai_lhe_pd, migrations.RunPython.noop),
    ]
