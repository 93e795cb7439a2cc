"""Every existing pemda gets the default levels of the performance tree and, when it has sasaran, one RPJMD
period covering its targets' years. Existing sasaran keep their meaning: a city sasaran (no PD) becomes a
`sasaran_rpjmd` node, a PD sasaran a `sasaran_strategis` node, both in that period. Their `induk` links are
untouched."""

from django.db import migrations
from django.db.models import Max, Min

# A copy of kinerja.models_perencanaan.TINGKAT_BAWAAN as it was when this migration was written.
TINGKAT = (
    ("tujuan", "Tujuan", 10, "kota", "", ()),
    ("sasaran_rpjmd", "Sasaran RPJMD", 20, "kota", "", ("tujuan",)),
    ("tematik", "Tematik", 25, "kota", "", ("tujuan", "sasaran_rpjmd", "tematik")),
    ("sasaran_strategis", "Sasaran Strategis", 30, "pd", "", ("sasaran_rpjmd", "tematik")),
    ("sasaran_program", "Sasaran Program", 40, "pd", "program", ("sasaran_strategis",)),
    ("sasaran_kegiatan", "Sasaran Kegiatan", 50, "pd", "kegiatan", ("sasaran_program",)),
    ("sub_kegiatan", "Sub Kegiatan", 60, "pd", "sub_kegiatan", ("sasaran_kegiatan",)),
    ("rhk", "Rencana Hasil Kerja (RHK)", 70, "pd", "",
     ("sasaran_strategis", "sasaran_program", "sasaran_kegiatan", "sub_kegiatan")),
)  # fmt: skip


def _tingkat(TingkatPohon, pemda) -> dict:
    dibuat = {}
    for kode, nama, urutan, lingkup, nomenklatur, _induk in TINGKAT:
        dibuat[kode], _baru = TingkatPohon.objects.get_or_create(
            pemda=pemda, kode=kode, defaults={"nama": nama, "urutan": urutan, "lingkup": lingkup,
                                              "nomenklatur": nomenklatur},
        )  # fmt: skip
    for kode, *_rest, induk in TINGKAT:
        dibuat[kode].induk_boleh.add(*(dibuat[k] for k in induk))
    return dibuat


def maju(apps, schema_editor):
    Pemda = apps.get_model("perangkat_daerah", "Pemda")
    Sasaran = apps.get_model("kinerja", "Sasaran")
    Target = apps.get_model("kinerja", "Target")
    Periode = apps.get_model("kinerja", "PeriodePerencanaan")
    TingkatPohon = apps.get_model("kinerja", "TingkatPohon")
    for pemda in Pemda.objects.all():
        tingkat = _tingkat(TingkatPohon, pemda)
        sasaran = Sasaran.objects.filter(pemda=pemda)
        if not sasaran.exists():
            continue
        tahun = Target.objects.filter(indikator__sasaran__pemda=pemda).aggregate(a=Min("tahun"), b=Max("tahun"))
        if tahun["a"] is None:
            continue
        periode, _baru = Periode.objects.get_or_create(
            pemda=pemda, jenis="rpjmd", tahun_mulai=tahun["a"], defaults={"tahun_akhir": tahun["b"]}
        )
        sasaran.filter(periode__isnull=True).update(periode=periode)
        sasaran.filter(tingkat__isnull=True, perangkat_daerah__isnull=True).update(tingkat=tingkat["sasaran_rpjmd"])
        sasaran.filter(tingkat__isnull=True, perangkat_daerah__isnull=False).update(
            tingkat=tingkat["sasaran_strategis"]
        )


def mundur(apps, schema_editor):
    # The added columns and tables are dropped by 0003's reversal; nothing else changed.
    pass


class Migration(migrations.Migration):
    dependencies = [("kinerja", "0003_pohon_kinerja")]

    operations = [migrations.RunPython(maju, mundur)]
