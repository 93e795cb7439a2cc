"""Per-tenant speed (issue 18 point 6): every per-pemda query of the main pages reaches its rows through an
index that starts with the pemda (or the PD, which belongs to one pemda), or through the key of a row so
reached, so a page's cost follows its own pemda's rows, not the install's.

On PostgreSQL only (EXPLAIN plans): the synthetic national dataset in small (evaluasi/sintetis.py), ANALYZEd,
the main pages requested as their users with their queries captured, and each query that names a pemda or a
PD explained with sequential scans, hash and merge joins off (so the small tables plan as one pemda among
many would: from the pemda's index, then row by row through keys). A plan fails when
a tenant table is read by a sequential scan, by a whole-index scan (no index condition), or through an index
whose first column is not a tenant key (`tahun`, `status` …), or when no scan restricts by pemda or PD at all.
SAKIP_EXPLAIN_CETAK=1 prints each failing query with its plan.
"""

from __future__ import annotations

import functools
import json
import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi import sintetis
from perangkat_daerah.models import Pemda, PerangkatDaerah
from tests.conftest import wajib_layanan

pytestmark = [pytest.mark.layanan, pytest.mark.django_db]

# The tables whose rows belong to one pemda (directly or through a parent row), by prefix.
TABEL_TENANT = (
    "kinerja_",
    "evaluasi_evaluasi",
    "evaluasi_hasilevaluasi",
    "evaluasi_jawaban",
    "evaluasi_nilaisubkomponen",
    "evaluasi_rekomendasi",
    "perangkat_daerah_perangkatdaerah",
    "perangkat_daerah_profil",
    "perangkat_daerah_profilinstansi",
    "perangkat_daerah_riwayat",
    "laporan_",
)
# An index's first column that bounds a read to one pemda: the pemda, a PD, or the key of a parent row that
# was itself reached that way (a realisation by its indicator, a result by its evaluation, a row by its id).
KOLOM_AWAL_BOLEH = {
    "pemda_id",
    "perangkat_daerah_id",
    "id",
    "indikator_id",
    "sasaran_id",
    "evaluasi_id",
    "perjanjian_id",
    "periode_id",
    "rencana_id",
    "induk_id",
    "induk_indikator_id",
    "tingkat_id",
    "user_id",
    "kontributor_id",
}
KOLOM_TENANT = {"pemda_id", "perangkat_daerah_id"}
# Which queries are per-pemda: they name a pemda or a PD by value.
PER_PEMDA = re.compile(r'"(pemda_id|perangkat_daerah_id)"\s*(=|IN)\s*\(?\s*\d')
# A PD read by its own key is bounded by that PD (the planner may take the primary key for
# `id = X AND pemda_id = Y` once the table has statistics, as after the other tests of a CI run).
KUNCI_TENANT = {("perangkat_daerah_perangkatdaerah", "id")}
JENIS_INDEKS = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}
TAHUN = sintetis.TAHUN_AKHIR
PEMDA = 40  # enough pemda that one pemda's rows are a small share, as on a national install


@pytest.fixture
def data(db):
    wajib_layanan("DATABASE_URL")
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN hanya diperiksa pada PostgreSQL.")
    sintetis.muat(sintetis.Ukuran(pemda=PEMDA, pd=4, tahun=2))
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return Pemda.objects.get(kode=sintetis.kode_pemda(3))


def _halaman(pemda) -> list[tuple[str, str]]:
    pd = PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode").first()
    return [
        ("pimpinan", "/dasbor/pimpinan/"),
        ("organisasi", "/dasbor/organisasi/"),
        ("operator", f"/kinerja/realisasi/{pd.pk}/{TAHUN}/4/"),
        ("organisasi", "/kinerja/verifikasi/"),
        ("organisasi", "/perencanaan/pohon/"),
        ("organisasi", "/evaluasi/"),
    ]


def _tangkap(client, pemda, peran: str, url: str) -> list[str]:
    client.force_login(get_user_model().objects.get(username=f"{pemda.kode}-{peran}"))
    client.post("/tahun/", {"tahun": TAHUN, "next": "/"})
    cache.clear()  # the dashboards' cached content would hide their queries
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def _indeks(nama: str) -> tuple[str, str]:
    """(the table, the first column) of index `nama`; an index led by the expression `column + 0` (which only
    the query that writes it can use, models.Indikator's) is led by that column."""
    with connection.cursor() as c:
        c.execute(
            "SELECT t.relname, pg_get_indexdef(i.indexrelid, 1, true) FROM pg_index i "
            "JOIN pg_class k ON k.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid WHERE k.relname = %s",
            [nama],
        )
        baris = c.fetchone()
    if not baris:
        return "", ""
    tabel, awal = baris
    return tabel, re.sub(r"^\((\w+) \+ 0\)$", r"\1", awal)


def _simpul(rencana: dict):
    yield rencana
    for anak in rencana.get("Plans", []):
        yield from _simpul(anak)


def _tenant(tabel: str) -> bool:
    return tabel.startswith(TABEL_TENANT) and tabel not in _kosong()


@functools.cache
def _kosong_cache(_kunci) -> frozenset[str]:
    with connection.cursor() as c:
        c.execute("SELECT relname FROM pg_class WHERE relkind IN ('r', 'i') AND reltuples <= 0")
        return frozenset(r[0] for r in c.fetchall())


def _kosong() -> frozenset[str]:
    """Tables (and their indexes) the synthetic data leaves empty (recommendations, manuals, budgets …): the
    planner has no statistics to plan them as at scale, so their scans prove nothing either way."""
    return _kosong_cache(id(connection.connection))


def periksa_rencana(sql: str) -> tuple[list[str], bool]:
    """(the faults of the plan of `sql`, whether some scan restricts by pemda or PD); a plan that reads no
    tenant table with rows, or reads one the sample leaves empty, counts as restricted (nothing to prove)."""
    with connection.cursor() as c:
        for cara in ("seqscan", "hashjoin", "mergejoin"):
            c.execute(f"SET LOCAL enable_{cara} = off")
        c.execute("EXPLAIN (FORMAT JSON) " + sql)
        rencana = c.fetchone()[0]
    rencana = json.loads(rencana) if isinstance(rencana, str) else rencana
    salah, terbatas, dibaca, kosong = [], False, False, False
    for s in _simpul(rencana[0]["Plan"]):
        jenis, tabel = s["Node Type"], s.get("Relation Name", "")
        if jenis == "Seq Scan" and _tenant(tabel):
            salah.append(f"Seq Scan on {tabel}")
        if jenis in JENIS_INDEKS:
            indeks = s["Index Name"]
            tabel, awal = _indeks(indeks)
            if tabel in _kosong() and tabel.startswith(TABEL_TENANT):
                kosong = True  # its restriction cannot be judged: a plan over an empty table proves nothing
            if not _tenant(tabel):
                continue
            dibaca = True
            if not s.get("Index Cond"):
                salah.append(f"{jenis} using {indeks} without a condition (the whole index)")
            elif awal not in KOLOM_AWAL_BOLEH:
                salah.append(f"{jenis} using {indeks}, which starts with {awal}")
            elif (awal in KOLOM_TENANT or (tabel, awal) in KUNCI_TENANT) and awal in s["Index Cond"]:
                terbatas = True
    return salah, terbatas or not dibaca or kosong


def test_every_per_pemda_query_of_the_main_pages_uses_an_index_starting_with_the_pemda(client, data):
    masalah, diperiksa = [], 0
    for peran, url in _halaman(data):
        for sql in _tangkap(client, data, peran, url):
            if not PER_PEMDA.search(sql):
                continue
            diperiksa += 1
            salah, terbatas = periksa_rencana(sql)
            if not terbatas:
                salah.append("no scan restricted by pemda or PD")
            if salah:
                if os.environ.get("SAKIP_EXPLAIN_CETAK"):
                    with connection.cursor() as c:
                        for cara in ("seqscan", "hashjoin", "mergejoin"):
                            c.execute(f"SET LOCAL enable_{cara} = off")
                        c.execute("EXPLAIN " + sql)
                        print("\n#####", url, salah, "\n" + sql + "\n" + "\n".join(b[0] for b in c.fetchall()))
                masalah.append(f"{url}: {'; '.join(sorted(set(salah)))}\n    {sql[:300]}")
    assert diperiksa >= 20  # the pages' per-pemda queries were found and explained
    assert not masalah, "\n".join(masalah)


def test_the_check_catches_a_query_that_reads_a_tenant_table_by_year(data):
    """The detector itself: reading realisations by year alone is refused (the global (tahun, triwulan, status)
    index does not bound a pemda), while the same rows through the pemda's indicators pass."""
    salah, _ = periksa_rencana(
        f"SELECT r.id FROM kinerja_realisasi r JOIN kinerja_indikator i ON i.id = r.indikator_id "
        # `* 1`: no index serves it (`pemda_id + 0` leads the tree fingerprint's own index, models.Indikator)
        f"WHERE r.tahun = {TAHUN} AND r.triwulan = 4 AND r.status = 'diajukan' AND i.pemda_id * 1 = {data.pk}"
    )
    assert salah
    salah, terbatas = periksa_rencana(
        f"SELECT r.id FROM kinerja_realisasi r JOIN kinerja_indikator i ON i.id = r.indikator_id "
        f"WHERE i.pemda_id = {data.pk} AND r.tahun = {TAHUN}"
    )
    assert terbatas and not salah, salah


def _rencana(sql: str, parameter: dict) -> tuple[str, list[dict]]:
    """(`sql` with its parameters in, the nodes of its plan)."""
    with connection.cursor() as c:
        sql_isi = c.mogrify(sql, parameter) if hasattr(c, "mogrify") else sql % parameter
        c.execute("EXPLAIN (FORMAT JSON) " + sql, parameter)
        rencana = c.fetchone()[0]
    rencana = json.loads(rencana) if isinstance(rencana, str) else rencana
    return sql_isi, list(_simpul(rencana[0]["Plan"]))


def _tabel_scan(s: dict) -> str:
    """The table a plan node reads (a bitmap index scan names only its index)."""
    return s.get("Relation Name") or (_indeks(s["Index Name"])[0] if "Index Name" in s else "")


# the history's indexes led by the pemda: (pemda, kind, id), a walk down to a kind's newest ids (SQLite takes it; so
# does PostgreSQL unless its statistics say the pemda's newest rows are of that kind anyway), (pemda, id), and the
# pemda's own (its foreign key's): on a pemda of a few hundred history rows PostgreSQL reads them all through it and
# sorts, rather than walk 64 entries (`sakip.lib.kueri.riwayat_terbaru`) down an ordered index
RIWAYAT_PEMDA = {"riwayat_pemda_jenis_id", "riwayat_pemda_id", "perangkat_daerah_riwayat_pemda_id_3db498bb"}


# `pohon_tembolok._bagian`'s parts 4-6 and their PostgreSQL-only indexes (kinerja migration 0020)
TERTINGGI_PG = {
    4: "sasaran_pemda_id_tertinggi",
    5: "indikator_pemda_id_tertinggi",
    6: "anggaran_sub_pemda_id_tertinggi",
}


def _indeks_riwayat(simpul: list[dict]) -> set[str]:
    return {s["Index Name"] for s in simpul if s.get("Relation Name") == "perangkat_daerah_riwayat"}


def test_the_tree_fingerprints_read_only_the_pemdas_rows_through_indexes_that_start_with_the_pemda(data):
    """Both tree fingerprints (kinerja/selectors/pohon_tembolok.py part by part, pohon_kota_cabang.py whole):
    no scan of a whole table or of its primary key, every part through an index that starts with the pemda
    (or the key of a row so reached), so another pemda's rows cost them nothing (issue 18 point 6).
    The pemda's highest history id of the tree's kinds and of the measures' kinds is each kind's highest id in one
    step of the (pemda, kind, id) index (perangkat_daerah/models.py, `riwayat_pemda_jenis_id`), whatever the
    pemda's history of other kinds."""
    from kinerja.selectors import pohon_kota_cabang, pohon_tembolok

    p = {"p": data.pk}
    bagian = pohon_tembolok._bagian(connection.vendor)
    tertinggi = {2, 3}  # the pemda's highest history id of the tree's kinds, of the measures' kinds (`_bagian`)
    for i, b in enumerate(bagian):
        sql_isi, simpul = _rencana(f"SELECT ({b})", p)
        salah, terbatas = periksa_rencana(sql_isi)
        assert not salah and terbatas, (i, salah, sql_isi)
        # as planned unforced too: every read of a tenant table is an index scan with the pemda in its condition
        scan = [s for s in simpul if _tabel_scan(s).startswith(TABEL_TENANT) and s["Node Type"] != "Bitmap Heap Scan"]
        assert scan and all("pemda_id" in s.get("Index Cond", "") for s in scan), (i, sql_isi, scan)
        if i in tertinggi:  # one step of (pemda, kind, id); or, on some statistics, a walk down (pemda, id)
            assert _indeks_riwayat(simpul) <= RIWAYAT_PEMDA, (i, sql_isi)
        if i in TERTINGGI_PG:  # the pemda's highest node, indicator, budget id: down (pemda, id + 0), one step
            # (backward) on the bench city; on a few rows the planner may as well read them all forward
            assert [s["Index Name"] for s in scan] == [TERTINGGI_PG[i]], (i, sql_isi, scan)
    sql_isi, simpul = _rencana(pohon_kota_cabang._sql(connection.vendor), p)
    salah, terbatas = periksa_rencana(sql_isi)
    assert not salah and terbatas, (salah, sql_isi)
    # the residue's history: each kind's highest id through an index led by the pemda
    assert _indeks_riwayat(simpul) <= RIWAYAT_PEMDA
    assert not [s for s in simpul if s.get("Relation Name") == "django_admin_log"]  # install-wide: not read


def test_the_dashboards_fingerprint_reads_only_the_pemdas_rows_through_indexes_that_start_with_the_pemda(data):
    """The dashboards' fingerprint (dasbor/tembolok.py), by pemda and by user (with the user's scope): every
    part through an index that starts with the pemda (the history's (pemda, id) index for its newest ids), no
    scan of the whole table or of its primary key, so another pemda's rows cost it nothing."""
    from dasbor import tembolok

    user = get_user_model().objects.get(username=f"{data.kode}-pimpinan")
    for sql, parameter in (
        (tembolok._sql(connection.vendor), {"p": data.pk, "ya": True}),
        (tembolok._sql_pengguna(connection.vendor), {"u": user.pk, "ya": True}),
    ):
        with connection.cursor() as c:
            sql_isi = c.mogrify(sql, parameter) if hasattr(c, "mogrify") else sql % parameter
        salah, terbatas = periksa_rencana(sql_isi)
        assert not salah and terbatas, (salah, sql_isi)
        with connection.cursor() as c:
            c.execute("EXPLAIN (FORMAT JSON) " + sql, parameter)
            rencana = c.fetchone()[0]
        rencana = json.loads(rencana) if isinstance(rencana, str) else rencana
        scan = [s for s in _simpul(rencana[0]["Plan"]) if s.get("Relation Name", "").startswith(TABEL_TENANT)]
        # a bitmap heap scan carries its index's condition as "Recheck Cond" (its child bitmap index scan reads
        # the index); the planner picks it over an index scan when the pemda has many rows of the table
        kondisi = [s.get("Index Cond") or s.get("Recheck Cond", "") for s in scan]
        assert scan and all("pemda_id" in k or "user_id" in k for k in kondisi), [
            (s["Node Type"], s.get("Index Name"), k) for s, k in zip(scan, kondisi, strict=True)
        ]
        riwayat = {s["Index Name"] for s in scan if s["Relation Name"] == "perangkat_daerah_riwayat"}
        assert riwayat and riwayat <= RIWAYAT_PEMDA - {"riwayat_pemda_jenis_id"}
