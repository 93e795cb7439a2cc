"""Who filed a recommendation's follow-up (issue 11 §17) and the `arsip` flag of evaluations of an unknown
kind (§19); filled by 0004, constrained by 0005."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0002_permenpanrb_88_2021"),
        ("perangkat_daerah", "0003_profil_tahun_kerja"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluasi",
            name="arsip",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text=(
                    "Dibuat dengan jenis yang tidak dikenal sebelum jenis divalidasi; disimpan apa adanya dan "
                    "hanya dapat dibaca."
                ),
                verbose_name="arsip",
            ),
        ),
        migrations.AddField(
            model_name="rekomendasi",
            name="ditindaklanjuti_oleh",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="tindak lanjut dilaporkan oleh",
            ),
        ),
        migrations.AddField(
            model_name="rekomendasi",
            name="ditindaklanjuti_pada",
            field=models.DateTimeField(blank=True, null=True, verbose_name="tindak lanjut dilaporkan pada"),
        ),
    ]
