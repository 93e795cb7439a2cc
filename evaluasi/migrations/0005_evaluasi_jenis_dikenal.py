"""Only the kinds the workflow knows, each on what it evaluates (issue 11 §19). Rows stored before the rule
with another kind were marked `arsip` by 0004 and stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluasi", "0004_isi_arsip_dan_pelapor")]

    operations = [
        migrations.AddConstraint(
            model_name="evaluasi",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("arsip", True),
                    ("jenis", "mandiri"),
                    models.Q(("jenis", "internal"), ("perangkat_daerah__isnull", False)),
                    models.Q(("jenis", "resmi"), ("perangkat_daerah__isnull", True)),
                    _connector="OR",
                ),
                name="evaluasi_jenis_dikenal",
            ),
        ),
    ]
