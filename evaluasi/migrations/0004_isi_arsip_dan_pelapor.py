"""Existing rows, carried safely before 0005 constrains them (issue 11 §17, §19).

- An evaluation of a kind the workflow does not know ("<b>x</b>", "", or internal without a PD, resmi
  of a PD), opened before `jenis` was validated, is kept with its answers, marked `arsip` (read-only).
  Nothing is deleted or renamed, so no (PD, year, kind) slot changes hands.
- A follow-up already filed gets its filer from the history (the last "tindak_lanjut" entry), so the
  rule "nobody verifies what they filed" holds for follow-ups waiting at upgrade time too.
"""

from django.db import migrations
from django.db.models import Q

JENIS = ("mandiri", "internal", "resmi")


def _tidak_dikenal():
    return (
        ~Q(jenis__in=JENIS)
        | Q(jenis="internal", perangkat_daerah__isnull=True)
        | Q(jenis="resmi", perangkat_daerah__isnull=False)
    )


def isi(apps, schema_editor):
    Evaluasi = apps.get_model("evaluasi", "Evaluasi")
    Evaluasi.objects.filter(_tidak_dikenal()).update(arsip=True)
    Rekomendasi = apps.get_model("evaluasi", "Rekomendasi")
    Riwayat = apps.get_model("perangkat_daerah", "Riwayat")
    ContentType = apps.get_model("contenttypes", "ContentType")
    jenis_konten = ContentType.objects.filter(app_label="evaluasi", model="rekomendasi").first()
    if jenis_konten is None:
        return
    terakhir = {}
    for oid, oleh, waktu in (
        Riwayat.objects.filter(content_type=jenis_konten, aksi="tindak_lanjut")
        .order_by("waktu", "pk")
        .values_list("object_id", "oleh_id", "waktu")
    ):
        terakhir[oid] = (oleh, waktu)  # ascending, so the last one wins
    for rek in Rekomendasi.objects.filter(pk__in=terakhir, ditindaklanjuti_oleh__isnull=True).only("pk"):
        oleh, waktu = terakhir[rek.pk]
        Rekomendasi.objects.filter(pk=rek.pk).update(ditindaklanjuti_oleh_id=oleh, ditindaklanjuti_pada=waktu)


def kembali(apps, schema_editor):
    """Nothing to undo: 0003's fields go away when it is reversed."""


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0003_rekomendasi_pelapor_evaluasi_arsip"),
        ("perangkat_daerah", "0002_riwayat"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(isi, kembali)]
