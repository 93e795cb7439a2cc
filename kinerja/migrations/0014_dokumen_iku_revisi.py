from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("kinerja", "0013_rencana_aksi"),
    ]

    operations = [
        migrations.AddField(
            model_name="dokumeniku",
            name="revisi",
            field=models.PositiveIntegerField(default=0, verbose_name="jumlah revisi"),
        ),
    ]
