"""The fair report queue: a job records when it was handed to the worker queue. Jobs waiting or running at
upgrade time were already sent by the old code, so they count as sent (no second message for them)."""

from django.db import migrations, models


def tandai_terkirim(apps, schema_editor):
    Laporan = apps.get_model("laporan", "Laporan")
    Laporan.objects.filter(status__in=["antri", "proses"]).update(dikirim_pada=models.F("diminta_pada"))


class Migration(migrations.Migration):
    dependencies = [
        ("laporan", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="laporan",
            name="dikirim_pada",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dikirim ke antrean pekerja pada"),
        ),
        migrations.RunPython(tandai_terkirim, migrations.RunPython.noop),
    ]
