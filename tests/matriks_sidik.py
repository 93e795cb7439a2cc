"""The access matrix's fingerprint (tests/test_matriks_akses.py): what a request could change (history, rows,
statuses and versions) read in ONE select of subqueries, and the loop that makes requests and reports those
answering an unexpected code or changing the fingerprint. The matrix makes ~3,000 requests; sixteen count and
sum queries before and after each were most of its run (the fingerprint's own test: `test_the_fingerprint_...`)."""

from __future__ import annotations

from django.db import connection

from evaluasi.models import Evaluasi, Jawaban, Rekomendasi
from kinerja.models import PerjanjianKinerja, Realisasi, RealisasiAksi, RencanaAksi, Target
from laporan.models import BatchLaporan, Laporan
from perangkat_daerah.models import Riwayat

# every table the fingerprint reads
TABEL = (Riwayat, Laporan, BatchLaporan, Evaluasi, Rekomendasi, PerjanjianKinerja, Realisasi, Target, Jawaban,
         RencanaAksi, RealisasiAksi)  # fmt: skip


def sidik_sql() -> str:
    """The fingerprint's select: counts, version sums and the reports' statuses in id order, one subquery each."""

    def t(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    hitung = [f"SELECT COUNT(*) FROM {t(m)}" for m in (Riwayat, Laporan, BatchLaporan, Evaluasi, Rekomendasi)]
    hitung.append(f"SELECT COUNT(*) FROM {t(PerjanjianKinerja)} WHERE status = 'ditetapkan'")
    versi = [f"SELECT SUM(versi) FROM {t(m)}" for m in (Realisasi, Target, Jawaban, Evaluasi)]
    if connection.vendor == "postgresql":
        status = f"SELECT string_agg(status, ',' ORDER BY id) FROM {t(Laporan)}"
    else:  # SQLite keeps the order of the subquery it aggregates
        status = f"SELECT group_concat(status, ',') FROM (SELECT status FROM {t(Laporan)} ORDER BY id)"
    aksi = [f"SELECT COUNT(*) FROM {t(RencanaAksi)}", f"SELECT SUM(versi) FROM {t(RencanaAksi)}",
            f"SELECT COUNT(*) FROM {t(RealisasiAksi)}", f"SELECT SUM(versi) FROM {t(RealisasiAksi)}"]  # fmt: skip
    return "SELECT " + ", ".join(f"({q})" for q in [*hitung, *versi, status, *aksi])


def sidik() -> tuple:
    """The fingerprint of `sidik_sql()`: equal before and after a request that changed none of it."""
    with connection.cursor() as cursor:
        cursor.execute(sidik_sql())
        return tuple(cursor.fetchone())


def tulisan() -> int:
    """The rows written (inserted, updated, deleted) so far by this connection's test, those rolled back
    included, with no table read: the fingerprint cannot change while this stays. PostgreSQL: the transaction's
    own statistics of the fingerprint's tables (pg_stat_xact; the test is one transaction); SQLite: the
    connection's total_changes. Without autovacuum (CI) every rolled-back test leaves dead rows that each
    count and sum of the fingerprint reads again, so the fingerprint is read only after a write. The test
    client's requests run on this very connection; a Celery worker's writes would not be counted here (the
    tasks our views queue go on commit, and the test's transaction never commits)."""
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        return connection.connection.total_changes
    fungsi = ("pg_stat_get_xact_tuples_inserted", "pg_stat_get_xact_tuples_updated", "pg_stat_get_xact_tuples_deleted")
    jumlah = " + ".join(f"{f}(t)" for f in fungsi)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT SUM({jumlah}) FROM unnest(%s::regclass[]) AS t", [[m._meta.db_table for m in TABEL]])
        return int(cursor.fetchone()[0])


def tanpa_perubahan(permintaan) -> list[tuple]:
    """Make each request of `permintaan` (a label, a call answering a status code, and `boleh(code)`) and return
    the label, code and "changed" of each whose code `boleh` refuses or that changed the fingerprint. The
    fingerprint after one request is the one before the next (nothing else runs between them), and is read
    again only when the request wrote a row (`tulisan`)."""
    gagal = []
    tulis, sebelum = tulisan(), sidik()
    for label, panggil, boleh in permintaan:
        kode = panggil()
        kini = tulisan()
        sesudah = sebelum if kini == tulis else sidik()
        if not boleh(kode) or sesudah != sebelum:
            gagal.append((*label, kode, sesudah != sebelum))
        tulis, sebelum = kini, sesudah
    return gagal


def kode_dari(fungsi, url: str):
    """The call `fungsi(url)` answering its status code."""
    return lambda: fungsi(url).status_code


def ubahan_tiap_bagian(d, tahun: int) -> dict:
    """One change to each part of the fingerprint, as a request answering 404 might make it, on the matrix's world
    `d` (tests/test_matriks_akses.py `dunia`)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F

    b, naik = d.b, {"versi": F("versi") + 1}
    jenis = ContentType.objects.get_for_model(Laporan)
    return {
        "riwayat": lambda: Riwayat.objects.create(pemda=d.pemda, content_type=jenis, object_id=1, aksi="uji"),
        "laporan": lambda: Laporan.objects.create(pemda=d.pemda, jenis="pk", tahun=tahun),
        "batch": lambda: BatchLaporan.objects.create(pemda=d.pemda, jenis="pk", tahun=tahun, diminta_oleh=d.admin),
        "rekomendasi": lambda: Rekomendasi.objects.filter(pk=b.rekomendasi.pk).delete(),
        "pk ditetapkan": lambda: PerjanjianKinerja.objects.filter(pk=b.pk.pk).update(status="ditetapkan"),
        "versi realisasi": lambda: Realisasi.objects.filter(pk=b.realisasi.pk).update(**naik),
        "versi target": lambda: Target.objects.filter(pk=b.target.pk).update(**naik),
        "versi jawaban": lambda: Jawaban.objects.filter(pk=b.jawaban.pk).update(**naik),
        "versi evaluasi": lambda: Evaluasi.objects.filter(pk=b.evaluasi.pk).update(**naik),
        "status laporan": lambda: Laporan.objects.filter(pk=b.laporan.pk).update(status="gagal"),
        "rencana aksi": lambda: RencanaAksi.objects.create(indikator=b.indikator, tahun=tahun + 1, uraian="Lagi"),
        "versi rencana aksi": lambda: RencanaAksi.objects.filter(pk=b.rencana.pk).update(**naik),
        "versi realisasi aksi": lambda: RealisasiAksi.objects.filter(pk=b.realisasi_aksi.pk).update(**naik),
        "realisasi aksi": lambda: RealisasiAksi.objects.filter(pk=d.lain.realisasi_aksi.pk).delete(),
        "evaluasi": lambda: Evaluasi.objects.filter(pk=d.lain.evaluasi.pk).delete(),
    }
