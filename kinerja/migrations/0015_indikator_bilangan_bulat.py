# Issue 17 point 4: whether an indicator counts whole things, set on the existing rows from their unit.

from django.db import migrations, models

from sakip.lib.angka import satuan_cacah


def dari_satuan(apps, schema_editor):
    Indikator = apps.get_model("kinerja", "Indikator")
    cacah = [i.pk for i in Indikator.objects.only("pk", "satuan") if satuan_cacah(i.satuan)]
    Indikator.objects.filter(pk__in=cacah).update(bilangan_bulat=True)
    Indikator.objects.exclude(pk__in=cacah).update(bilangan_bulat=False)


class Migration(migrations.Migration):
    dependencies = [
        ("kinerja", "0014_dokumen_iku_revisi"),
    ]

    operations = [
        migrations.AddField(
            model_name="indikator",
            name="bilangan_bulat",
            field=models.BooleanField(
                blank=True,
                help_text="Ya untuk cacahan (orang, kunjungan, inovasi, dokumen …); kosong: ditentukan dari satuan.",
                null=True,
                verbose_name="bilangan bulat",
            ),
        ),
        migrations.RunPython(dari_satuan, migrations.RunPython.noop),
    ]
