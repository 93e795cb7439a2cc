from django.db import migrations, models


def isi_status_sumber(apps, schema_editor):
    """Existing LKE jobs: where the evaluation is not final today, the file was surely made from that
    state, so record it. Where it is final, when the file was made is unknown: the field stays empty,
    which keeps the file hidden from PD staff (they can request a fresh one); nothing is deleted."""
    Laporan = apps.get_model("laporan", "Laporan")
    Evaluasi = apps.get_model("evaluasi", "Evaluasi")
    status = dict(
        Evaluasi.objects.filter(pk__in=Laporan.objects.filter(jenis="lke_xlsx").values("evaluasi_id"))
        .exclude(status="final")
        .values_list("pk", "status")
    )
    for lap in Laporan.objects.filter(jenis="lke_xlsx", evaluasi_id__in=list(status)):
        lap.status_sumber = status[lap.evaluasi_id]
        lap.save(update_fields=["status_sumber"])


class Migration(migrations.Migration):
    dependencies = [
        ("laporan", "0002_antrean_adil"),
        ("evaluasi", "0005_evaluasi_jenis_dikenal"),
    ]

    operations = [
        migrations.AddField(
            model_name="laporan",
            name="status_sumber",
            field=models.CharField(
                blank=True,
                help_text="LKE: status evaluasi ketika diminta, lalu ketika berkasnya dibuat.",
                max_length=10,
                verbose_name="status evaluasi saat berkas dibuat",
            ),
        ),
        migrations.RunPython(isi_status_sumber, migrations.RunPython.noop),
    ]
