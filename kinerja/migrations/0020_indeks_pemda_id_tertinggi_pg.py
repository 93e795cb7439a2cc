"""PostgreSQL only: an index on (pemda, id + 0) of the nodes, indicators and sub kegiatan budgets, so that the tree
fingerprint's "the pemda's highest id" (`pohon_tembolok.tertinggi`, `MAX(id + 0) ... WHERE pemda = p`) is one step
down this index instead of a read of every row of the pemda (2,7 ms of every tree request on the bench city).
The expression `id + 0` is what no other index orders by, so the planner cannot walk the primary key down past
other pemdas' newer rows instead (issue 18 point 6). SQLite's pemda index already ends in the rowid: nothing
there."""

from django.db import migrations

INDEKS = (
    ("kinerja_sasaran", "sasaran_pemda_id_tertinggi"),
    ("kinerja_indikator", "indikator_pemda_id_tertinggi"),
    ("kinerja_anggaransubkegiatan", "anggaran_sub_pemda_id_tertinggi"),
)


def buat(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    q = schema_editor.quote_name
    for tabel, nama in INDEKS:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {q(nama)} ON {q(tabel)} (pemda_id, (id + 0))")


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _tabel, nama in INDEKS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(nama)}")


class Migration(migrations.Migration):
    dependencies = [("kinerja", "0019_indeks_sidik_indikator_ekspresi")]

    operations = [migrations.RunPython(buat, hapus)]
