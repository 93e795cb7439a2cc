"""The facts from the product beside the criteria (issue 15 point 2): the mapping table, and a default mapping for
the PermenPANRB 88/2021 criteria (migration 0002's wording), which an administrator edits in the admin.

Criteria are found by their text, so every instrument that carries that criterion gets the mapping (the two
national instruments, and a pemda's copy made before this migration); a later instrument version with other
wording is mapped in the admin, or by its own data migration, and a copy made by "Salin ke versi baru" carries
its source's mapping. The fact keys are copied here as text (not imported from the registry), so the migration
stays what it was when it ran."""

import django.db.models.deletion
from django.db import migrations, models

# criterion text (migration 0002) → fact keys, in the order they are shown
PETA_BAWAAN = {
    # 1a.6, 1c.1: budget that supports / follows performance
    "Rencana anggaran yang mendukung kinerja telah tersedia": ["anggaran-terhubung"],
    "Anggaran mengacu pada kinerja yang ingin dicapai": ["anggaran-terhubung"],
    # 1b.6, 2a.2: the IKU and their operational definitions (Manual IK)
    "IKU menggambarkan kinerja utama dan stabil dalam satu periode": ["iku-manual-final"],
    "Definisi operasional dan cara menghitung setiap indikator kinerja jelas": ["iku-manual-final"],
    # 1b.8: cascading
    "Dokumen perencanaan selaras secara berjenjang (cascading)": ["kelengkapan-cascading", "sasaran-selaras"],
    # 1c.3: targets reached or on track
    "Target kinerja tercapai atau berada pada jalur yang benar (on the right track)": ["target-tercapai"],
    # 2a.3, 2b.4: data collected regularly, reliably (submitted on time and verified)
    "Mekanisme pengumpulan data kinerja andal": ["realisasi-tepat-waktu"],
    "Pengukuran kinerja dilakukan secara berkala": ["realisasi-tepat-waktu"],
    # 3a.1, 3a.4, 3a.6: the LKjIP made, reviewed by APIP, on time
    "Laporan kinerja telah disusun": ["lkjip-dibuat"],
    "Laporan kinerja telah direviu oleh APIP": ["lkjip-direviu"],
    "Laporan kinerja disampaikan tepat waktu": ["lkjip-dibuat", "lkjip-direviu"],
    # 4c.1: recommendations followed up
    "Seluruh rekomendasi hasil evaluasi telah ditindaklanjuti": ["rekomendasi-ditindaklanjuti"],
}


def muat(apps, schema_editor):
    Kriteria = apps.get_model("evaluasi", "Kriteria")
    FaktaKriteria = apps.get_model("evaluasi", "FaktaKriteria")
    FaktaKriteria.objects.bulk_create(
        (
            FaktaKriteria(kriteria_id=kr_id, kunci=kunci, urutan=urutan)
            for kr_id, uraian in Kriteria.objects.filter(uraian__in=PETA_BAWAAN).values_list("pk", "uraian")
            for urutan, kunci in enumerate(PETA_BAWAAN[uraian], start=1)
        ),
        ignore_conflicts=True,
    )


def hapus(apps, schema_editor):
    apps.get_model("evaluasi", "FaktaKriteria").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("evaluasi", "0006_dukungan_kriteria")]

    operations = [
        migrations.CreateModel(
            name="FaktaKriteria",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kunci",
                    models.CharField(
                        help_text="Fakta dari data SAKIP Kota yang ditampilkan di samping kriteria ini.",
                        max_length=40,
                        verbose_name="fakta",
                    ),
                ),
                ("urutan", models.PositiveSmallIntegerField(default=0, verbose_name="urutan")),
                (
                    "kriteria",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fakta",
                        to="evaluasi.kriteria",
                        verbose_name="kriteria",
                    ),
                ),
            ],
            options={
                "verbose_name": "fakta kriteria",
                "verbose_name_plural": "fakta kriteria",
                "ordering": ["kriteria", "urutan", "kunci"],
                "constraints": [models.UniqueConstraint(fields=("kriteria", "kunci"), name="fakta_kriteria_unik")],
            },
        ),
        migrations.RunPython(muat, hapus),
    ]
