"""Benchmark of the performance tree (issue 13 point 13). Prints figures and PASS/FAIL against the goals;
asserts nothing about time (CI never times anything).

    .venv/bin/python bench/pohon.py                  # 40 PD × 200 nodes, 5 runs per URL
    .venv/bin/python bench/pohon.py --ulang 9
    .venv/bin/python bench/pohon.py --hanya-halaman  # steps 1 and 2 only
    .venv/bin/python bench/pohon.py --hanya-impor    # steps 1 and 3 only
    DATABASE_URL=postgres://... .venv/bin/python bench/pohon.py

1. Builds (bulk_create) a city of 40 PD × 200 nodes (8,000 PD nodes: per PD 5 sasaran strategis, 15 programs,
   60 kegiatan, 120 sub kegiatan; under 1 tujuan and 5 sasaran RPJMD of the city) with 12,000 indicators
   (300 per PD), a target for every year of the 2021–2026 period (72,000; `--satu-tahun`: 2025 only, 12,000),
   1,600 manuals and a 2025 budget per sub kegiatan (4,800), in a private database prepared once.
2. As Bagian Organisasi, through the whole Django stack (test client: middleware, session, templates), the median of
   N runs and the query count of: the tree API `/api/v1/pohon-kinerja/` (first page; one PD's filter), the city
   tree page `/perencanaan/pohon/` (whole city; one PD's filter) and one PD's page, against the same-run baseline
   of ONE query that reads every node (`list(Sasaran.objects.filter(pemda=…).values(…))`). A tree page is cached
   per data fingerprint (kinerja/selectors/pohon_tembolok.py): the median is a repeated view; the page as built
   is measured too and judged against the same goals: cold ("dibangun", every level and the city page's branch
   summaries, kinerja/selectors/pohon_kota_cabang.py, missed: the first view after a restart) and after a
   realisation entry ("stlh realisasi": the page with its measures as placeholders still cached, only the shown
   indicators measured again; kinerja/selectors/pohon_tampil.py); and after a real write ("stlh tulis 1 simpul":
   one sub kegiatan renamed through the service, `simpul_ubah`, untimed, before each run: of another PD, `PD_LAIN`,
   for the city pages; of the page's PD for the PD pages; it is not rendered on the unfiltered city page, whose
   page composed before is then reused, `pohon_kota_cabang.Susunan`; "stlh tulis simpul tampil": `PD_LAIN`'s first
   sasaran strategis renamed, a rendered row, the page composed again); and after a write of another kind ("stlh
   rencana aksi": an action plan's history row, which no tree page shows but which moves the page without
   measures: recomposed from the kept branch summaries, whose residue reads only the levels', periods' and PDs'
   history). The same for three other filters, a level (`?tingkat=sasaran_program`, 600 matches), a search
   (`?cari=Sasaran+B`, the 200 sasaran strategis) and a search that matches every node (`?cari=a`): a page
   renders at most `pohon.BATAS_BARIS` (500) nodes with their ancestors, and says how to narrow it.
3. Exports the city's workbook and imports it into a fresh pemda (8,000 nodes created, everything rolled back
   afterwards), in fresh child processes: time and peak RSS (ru_maxrss) of one run, and tracemalloc's peak
   of another (tracemalloc slows Python down, so its run is not timed); then re-imports the unchanged
   workbook into the same city (nothing to write: the cost of reading and checking alone). On PostgreSQL
   the foreign keys' checks, deferred to COMMIT, run inside the timed import (SET CONSTRAINTS ALL
   IMMEDIATE) before the rollback, so the time is what a committed import costs.

Goals (issue 13): the page ≤ 150 ms, ≤ 12 queries and ≤ 3× the baseline; the import ≤ 5 s and ≤ 300 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
JUMLAH_PD, TAHUN = int(os.environ.get("BENCH_POHON_PD", "40")), 2025
# the years with a target: the whole 2021–2026 period (72,000 targets), or the working year alone (--satu-tahun)
TAHUN_TARGET = [TAHUN] if os.environ.get("BENCH_POHON_SATU_TAHUN") else list(range(2021, 2027))
KODE_PEMDA = "bench-pohon"
# the PD whose pages are measured, and another whose write the city page shows (two, in a small city too)
PD_DIUKUR, PD_LAIN = f"B.{min(17, JUMLAH_PD - 1):02d}", f"B.{min(5, JUMLAH_PD - 2):02d}"


def _siapkan_django(var_dir: str) -> None:
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.test")
    os.environ["SAKIP_VAR_DIR"] = var_dir
    import django

    django.setup()


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _buat_kota(pemda, daftar_pd, tingkat, periode) -> None:
    """The 8,000-node tree, level by level (bulk_create returns the ids the next level hangs from)."""
    from kinerja.models import Sasaran

    def lapis(induk: list, kode_tingkat: str, n: int, pd_dari) -> list:
        baru = [
            Sasaran(pemda=pemda, perangkat_daerah=pd_dari(i), induk=s, periode=periode, tingkat=tingkat[kode_tingkat],
                    kode=f"{s.kode}.{k + 1}" if s else f"K{k + 1}", uraian=f"Uraian {kode_tingkat} {i}.{k}")
            for i, s in enumerate(induk) for k in range(n)
        ]  # fmt: skip
        return Sasaran.objects.bulk_create(baru, batch_size=2000)

    (tujuan,) = lapis([None], "tujuan", 1, lambda i: None)
    kota = lapis([tujuan], "sasaran_rpjmd", 5, lambda i: None)
    for j, pd in enumerate(daftar_pd):
        ss = [Sasaran(pemda=pemda, perangkat_daerah=pd, induk=kota[k], periode=periode, uraian=f"Sasaran {pd.kode}",
                      tingkat=tingkat["sasaran_strategis"], kode=f"P{j:02d}.{k + 1}") for k in range(5)]  # fmt: skip
        ss = Sasaran.objects.bulk_create(ss)
        program = lapis(ss, "sasaran_program", 3, lambda i, pd=pd: pd)
        kegiatan = lapis(program, "sasaran_kegiatan", 4, lambda i, pd=pd: pd)
        lapis(kegiatan, "sub_kegiatan", 2, lambda i, pd=pd: pd)


def _buat_ukuran(pemda) -> None:
    """300 indicators per PD (every node one, sasaran/program/kegiatan a second, 20 sub kegiatan a second),
    their targets for 2021–2026, manuals of the sasaran and program indicators, and sub kegiatan budgets."""
    from kinerja.models import Indikator, Sasaran, Target
    from kinerja.models_anggaran import AnggaranSubKegiatan
    from kinerja.models_manual import ManualIK

    simpul = list(Sasaran.objects.filter(pemda=pemda, perangkat_daerah__isnull=False).select_related("tingkat"))
    indikator, sub_ke = [], {}
    for s in simpul:
        dua = s.tingkat.kode != "sub_kegiatan" or sub_ke.setdefault(s.perangkat_daerah_id, [0])[0] < 20
        if s.tingkat.kode == "sub_kegiatan":
            sub_ke[s.perangkat_daerah_id][0] += 1
        for n in range(2 if dua else 1):
            indikator.append(Indikator(sasaran=s, pemda=pemda, perangkat_daerah_id=s.perangkat_daerah_id,
                                       kode=f"I{s.kode}.{n}", uraian=f"Indikator {s.kode} {n}", satuan="%",
                                       nilai_maksimum=Decimal(100)))  # fmt: skip
    Indikator.objects.bulk_create(indikator, batch_size=2000)
    Target.objects.bulk_create(
        [Target(indikator=i, tahun=t, nilai=Decimal(50 + (t - 2021) * 5)) for i in indikator for t in TAHUN_TARGET],
        batch_size=5000,
    )
    ManualIK.objects.bulk_create(
        [ManualIK(indikator=i, definisi=f"Definisi {i.kode}", rumus="a/b × 100", jenis="outcome")
         for i in indikator if i.sasaran.tingkat.kode in ("sasaran_strategis", "sasaran_program")],
        batch_size=2000,
    )  # fmt: skip
    AnggaranSubKegiatan.objects.bulk_create(
        [AnggaranSubKegiatan(sasaran=s, pemda=pemda, perangkat_daerah_id=s.perangkat_daerah_id, tahun=TAHUN,
                             pagu=Decimal(250_000_000), realisasi_t1=Decimal("61250000.5"))
         for s in simpul if s.tingkat.kode == "sub_kegiatan"],
        batch_size=2000,
    )  # fmt: skip


def siapkan(berkas: Path) -> dict:
    """The bench city, its Bagian Organisasi user, and the exported workbook."""
    from django.core.management import call_command

    from kinerja.excel_pohon import ekspor_pohon
    from kinerja.models import Indikator, PeriodePerencanaan, Sasaran, Target
    from kinerja.services.pohon import tingkat_bawaan_pastikan
    from perangkat_daerah.access import Peran
    from tests.factories import buat_pd, buat_pemda, buat_pengguna

    call_command("migrate", verbosity=0)
    mulai = time.perf_counter()
    pemda = buat_pemda(kode=KODE_PEMDA, nama="Kota Bench Pohon")
    daftar_pd = [buat_pd(pemda, kode=f"B.{j:02d}", nama=f"Dinas Bench {j}") for j in range(JUMLAH_PD)]
    organisasi = buat_pengguna(pemda, Peran.BAGIAN_ORGANISASI, username="bench-pohon")
    tingkat = tingkat_bawaan_pastikan(pemda=pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemda, tahun_mulai=2021, tahun_akhir=2026)
    _buat_kota(pemda, daftar_pd, tingkat, periode)
    _buat_ukuran(pemda)
    detik_bangun = time.perf_counter() - mulai
    mulai = time.perf_counter()
    isi = ekspor_pohon(user=organisasi, tahun=TAHUN)
    detik_ekspor = time.perf_counter() - mulai
    berkas.write_bytes(isi)
    return {
        "simpul": Sasaran.objects.filter(pemda=pemda).count(),
        "indikator": Indikator.objects.filter(pemda=pemda).count(),
        "target": Target.objects.filter(indikator__pemda=pemda).count(),
        "detik_bangun": detik_bangun, "detik_ekspor": detik_ekspor, "ukuran_mib": len(isi) / 1024 / 1024,
    }  # fmt: skip


def _median(fungsi, ulang: int, *, sebelum=None) -> tuple[float, int, float]:
    """Median milliseconds of `ulang` runs after a warm-up, the query count of one run (counted by an execute
    wrapper: the query log is emptied at each request's start), and the median CPU milliseconds of this
    process (on a loaded machine the wall time grows with the wait for a core; the CPU time does not, but
    it leaves out the PostgreSQL server's work). `sebelum` runs untimed before each."""
    from django.db import connection

    kueri = []

    def hitung(execute, sql, params, many, context):
        kueri.append(sql)
        return execute(sql, params, many, context)

    sebelum = sebelum or (lambda: None)
    sebelum()
    fungsi()
    sebelum()
    with connection.execute_wrapper(hitung):
        fungsi()
    waktu, cpu = [], []
    for _i in range(ulang):
        sebelum()
        mulai, mulai_cpu = time.perf_counter(), time.process_time()
        fungsi()
        waktu.append((time.perf_counter() - mulai) * 1000)
        cpu.append((time.process_time() - mulai_cpu) * 1000)
    return statistics.median(waktu), len(kueri), statistics.median(cpu)


def fase_halaman(berkas: Path, ulang: int) -> dict:
    """The API and the tree page as Bagian Organisasi, and the one-query baseline."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from kinerja.models import Sasaran
    from kinerja.selectors import pohon_kota_cabang, pohon_tembolok
    from perangkat_daerah.models import PerangkatDaerah

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    if connection.vendor == "postgresql":  # the planner's statistics, as autovacuum keeps them on a live database
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    klien = Client()
    klien.force_login(get_user_model().objects.get(username="bench-pohon"))
    pd = PerangkatDaerah.objects.get(kode=PD_DIUKUR)
    pemda_id = pd.pemda_id

    def ambil(url):
        def jalan():
            respons = klien.get(url)
            assert respons.status_code == 200, (url, respons.status_code)
            return respons

        return jalan

    def lupakan():  # every cached tree page, skeleton and branch summary missed: a cold start (the session stays)
        pohon_tembolok.AWALAN = f"bench:{time.perf_counter_ns()}"
        pohon_tembolok.AWALAN_KERANGKA = f"bench-kerangka:{time.perf_counter_ns()}"
        pohon_kota_cabang.AWALAN = f"bench-cabang:{time.perf_counter_ns()}"
        pohon_tembolok.AWALAN_UKURAN = f"bench-ukuran:{time.perf_counter_ns()}"
        pohon_tembolok.AWALAN_SUSUNAN = f"bench-susunan:{time.perf_counter_ns()}"

    def lupakan_halaman():  # the rendered pages and the measures missed, the measure-less level kept: a realisation
        pohon_tembolok.AWALAN = f"bench:{time.perf_counter_ns()}"
        pohon_tembolok.AWALAN_UKURAN = f"bench-ukuran:{time.perf_counter_ns()}"

    tulisan = [0]

    def tulis_satu(pd_id, kode_tingkat="sub_kegiatan"):  # a real tree write, as a user's: one node of `pd_id`
        # (its first of the level) renamed by its PD's operator
        from perangkat_daerah.access import Peran
        from perangkat_daerah.models import Profil

        operator, baru = get_user_model().objects.get_or_create(username=f"bench-operator-{pd_id}")
        if baru:
            Profil.objects.create(user=operator, pemda_id=pemda_id, peran=Peran.OPERATOR_PD, perangkat_daerah_id=pd_id)

        def jalan():
            from kinerja.models import Sasaran as S
            from kinerja.services.simpul import simpul_ubah

            s = S.objects.filter(perangkat_daerah_id=pd_id, tingkat__kode=kode_tingkat).order_by("kode").first()
            tulisan[0] += 1
            nilai = {k: getattr(s, k) or "" for k in ("kode", "tema", "kode_nomenklatur", "jabatan", "nip")}
            nilai |= {k: str(getattr(s, f"{k}_id") or "") for k in ("induk", "tingkat", "periode")}
            simpul_ubah(sasaran=s, oleh=operator, nilai=nilai | {"uraian": f"Diubah {tulisan[0]}"}, versi=s.versi)

        return jalan

    def tulis_lain():  # a write of a kind no tree page shows (an action plan's history row, as its service writes)
        from django.contrib.contenttypes.models import ContentType

        from kinerja.models import RencanaAksi
        from perangkat_daerah.models import Riwayat

        jenis = ContentType.objects.get_for_model(RencanaAksi)
        Riwayat.objects.create(pemda_id=pemda_id, content_type=jenis, object_id=1, aksi="rencana_aksi.ubah")

    def dasar():
        return list(Sasaran.objects.filter(pemda_id=pemda_id).values(
            "pk", "kode", "uraian", "induk_id", "tingkat_id", "perangkat_daerah_id", "periode_id", "tema"))  # fmt: skip

    hasil = {"baseline: satu kueri semua simpul": _median(dasar, ulang)}
    for label, url in (
        ("API /api/v1/pohon-kinerja/ (hal. 1)", "/api/v1/pohon-kinerja/"),
        ("API ?pd= (hal. 1)", f"/api/v1/pohon-kinerja/?pd={pd.pk}"),
        ("halaman /perencanaan/pohon/ (kota)", f"/perencanaan/pohon/?tahun={TAHUN}"),
        ("halaman /perencanaan/pohon/?pd=", f"/perencanaan/pohon/?tahun={TAHUN}&pd={pd.pk}"),
        ("halaman /perencanaan/pohon/pd/<id>/", f"/perencanaan/pohon/pd/{pd.pk}/?tahun={TAHUN}"),
        # the other filters: the whole build on a new fingerprint (not composed by branch)
        ("halaman ?tingkat=sasaran_program (600 cocok)", f"/perencanaan/pohon/?tahun={TAHUN}&tingkat=sasaran_program"),
        ("halaman ?cari=Sasaran+B (200 cocok)", f"/perencanaan/pohon/?tahun={TAHUN}&cari=Sasaran+B"),
        ("halaman ?cari=a (semua cocok)", f"/perencanaan/pohon/?tahun={TAHUN}&cari=a"),
    ):
        hasil[label] = _median(ambil(url), ulang)
        if label.startswith("halaman"):  # the page as built: the first view after a write (a fresh cache key)
            hasil[f"{label.replace('halaman', '  dibangun')}"] = _median(ambil(url), ulang, sebelum=lupakan)
            hasil[f"{label.replace('halaman', '  stlh realisasi')}"] = _median(
                ambil(url), ulang, sebelum=lupakan_halaman
            )
            lain = pd.pk if "pd/" in url or "pd=" in url else PerangkatDaerah.objects.get(kode=PD_LAIN).pk
            hasil[f"{label.replace('halaman', '  stlh tulis 1 simpul')}"] = _median(
                ambil(url), ulang, sebelum=tulis_satu(lain)
            )
            if label.endswith("(kota)"):  # a rendered node (`PD_LAIN`'s first sasaran strategis): composed again
                hasil[f"{label.replace('halaman', '  stlh tulis simpul tampil')}"] = _median(
                    ambil(url), ulang, sebelum=tulis_satu(lain, "sasaran_strategis")
                )
            hasil[f"{label.replace('halaman', '  stlh rencana aksi')}"] = _median(ambil(url), ulang, sebelum=tulis_lain)
    hasil["_ukuran_halaman_kib"] = len(klien.get(f"/perencanaan/pohon/?tahun={TAHUN}").content) / 1024
    hasil["_ukuran_cari_kib"] = len(klien.get(f"/perencanaan/pohon/?tahun={TAHUN}&cari=a").content) / 1024
    return hasil


def _impor_ke_pemda_baru(data: bytes):
    """Import the workbook into a fresh pemda with the same PD codes (inside a transaction rolled back)."""
    from kinerja.impor.pohon import impor_pohon
    from kinerja.models import PeriodePerencanaan
    from kinerja.services.pohon import tingkat_bawaan_pastikan
    from perangkat_daerah.access import Peran
    from perangkat_daerah.models import PerangkatDaerah
    from tests.factories import buat_pd, buat_pemda, buat_pengguna

    baru = buat_pemda(kode="bench-pohon-baru", nama="Kota Bench Baru")
    for pd in PerangkatDaerah.objects.filter(pemda__kode=KODE_PEMDA):
        buat_pd(baru, kode=pd.kode, nama=pd.nama)
    tingkat_bawaan_pastikan(pemda=baru)
    PeriodePerencanaan.objects.create(pemda=baru, tahun_mulai=2021, tahun_akhir=2026)
    organisasi = buat_pengguna(baru, Peran.BAGIAN_ORGANISASI, username="bench-pohon-baru")
    return lambda: impor_pohon(data=data, oleh=organisasi)


def fase_impor(berkas: Path, ulang: int, *, ukur_memori: bool = False, tetap: bool = False) -> dict:
    import tracemalloc

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from kinerja import excel
    from kinerja.impor import pohon as modul
    from kinerja.impor.pohon import impor_pohon

    rincian = {}

    def diukur(nama, fungsi):
        def jalan(*a, **k):
            mulai = time.perf_counter()
            try:
                return fungsi(*a, **k)
            finally:
                rincian[nama] = rincian.get(nama, 0) + time.perf_counter() - mulai

        return jalan

    excel.wajib_xlsx_aman = diukur("penjaga berkas", excel.wajib_xlsx_aman)
    modul.tulis = diukur("tulis", modul.tulis)
    data = berkas.read_bytes()
    with transaction.atomic():
        if tetap:  # the city's workbook as it is now, downloaded and uploaded unchanged: the page phase wrote to
            # nodes after `siapkan` exported it, and the import refuses a row whose node changed since (its version)
            from kinerja.excel_pohon import ekspor_pohon

            oleh = get_user_model().objects.get(username="bench-pohon")
            data = ekspor_pohon(user=oleh, tahun=TAHUN)
            jalan = lambda: impor_pohon(data=data, oleh=oleh)  # noqa: E731
        else:
            jalan = _impor_ke_pemda_baru(data)
        awal = _rss_mib()
        if ukur_memori:
            tracemalloc.start()
        mulai, cpu = time.perf_counter(), time.process_time()
        hasil = jalan()
        if connection.vendor == "postgresql":  # the checks COMMIT would run, which the rollback skips
            with connection.cursor() as kursor:
                diukur("FK saat COMMIT", kursor.execute)("SET CONSTRAINTS ALL IMMEDIATE")
        detik, cpu = time.perf_counter() - mulai, time.process_time() - cpu
        puncak_tm = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if ukur_memori else None
        assert hasil.berhasil, hasil.galat[:3]
        transaction.set_rollback(True)
    return {
        "detik": detik,
        "cpu_detik": cpu,
        "baris": hasil.jumlah,
        "awal_mib": awal,
        "puncak_mib": _rss_mib(),
        "tracemalloc_mib": puncak_tm,
        "rincian": {"baca dan periksa": detik - sum(rincian.values()), **rincian},
    }


FASE = {
    "siapkan": lambda b, u: siapkan(b),
    "halaman": fase_halaman,
    "impor": lambda b, u: fase_impor(b, u),
    "impor_memori": lambda b, u: fase_impor(b, u, ukur_memori=True),
    "impor_tetap": lambda b, u: fase_impor(b, u, tetap=True),
}


def _anak(fase: str, berkas: Path, var_dir: str, ulang: int) -> dict:
    keluar = subprocess.run(
        [sys.executable, __file__, "--fase", fase, "--berkas", str(berkas), "--var", var_dir, "--ulang", str(ulang)],
        capture_output=True, text=True, env={**os.environ}, check=False,
    )  # fmt: skip
    if keluar.returncode != 0:
        raise SystemExit(f"fase {fase} gagal:\n{keluar.stderr[-3000:]}")
    return json.loads(keluar.stdout.strip().splitlines()[-1])


def _status(lulus: bool) -> str:
    return "PASS" if lulus else "FAIL"


def _a(nilai: float, tempat: int = 1) -> str:
    """A number as Indonesians write it (1.234,5)."""
    return f"{nilai:,.{tempat}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def _cetak_halaman(h: dict) -> None:
    dasar_ms = h["baseline: satu kueri semua simpul"][0]
    print(f"  {'URL':<40}{'median':>12}{'CPU':>10}{'kueri':>7}{'× baseline':>12}   sasaran: ≤150 ms, ≤12 kueri, ≤3×")
    for label, nilai in h.items():
        if label.startswith("_"):
            continue
        ms, kueri, cpu = nilai
        rasio = ms / dasar_ms if dasar_ms else 0
        status = "" if label.startswith("baseline") else _status(ms <= 150 and kueri <= 12 and rasio <= 3)
        print(f"  {label:<40}{_a(ms):>9} ms{_a(cpu):>7} ms{kueri:>7}{_a(rasio):>11}×   {status}")
    print(f"  (HTML halaman kota: {_a(h['_ukuran_halaman_kib'], 0)} KiB; ?cari=a: {_a(h['_ukuran_cari_kib'], 0)} KiB)")


def _cetak_impor(a: dict, m: dict, t: dict) -> None:
    lulus = a["detik"] <= 5 and a["puncak_mib"] <= 300 and m["tracemalloc_mib"] <= 300
    print(f"  ke pemda baru: {_a(a['detik'], 2)} s (CPU proses Python {_a(a['cpu_detik'], 2)} s), "
          f"{_a(a['baris'], 0)} baris dibuat; "
          f"puncak RSS {_a(a['puncak_mib'], 0)} MiB (awal {_a(a['awal_mib'], 0)} MiB); "
          f"puncak tracemalloc {_a(m['tracemalloc_mib'], 0)} MiB   {_status(lulus)}")  # fmt: skip
    print(f"    rincian: {', '.join(f'{k} {_a(v, 2)} s' for k, v in a['rincian'].items())}")
    lulus = t["detik"] <= 5 and t["puncak_mib"] <= 300
    print(f"  ulang tanpa perubahan ke kota yang sama: {_a(t['detik'], 2)} s (CPU {_a(t['cpu_detik'], 2)} s), "
          f"{t['baris']} baris ditulis, puncak RSS {_a(t['puncak_mib'], 0)} MiB   {_status(lulus)}")  # fmt: skip


def _kecepatan_python() -> float:
    """Seconds for ten million additions in a Python loop, the best of three: the machine's speed, so that figures
    of different sessions (machines 2-3x apart have been seen) can be compared. Not a goal, only a reference."""
    terbaik = float("inf")
    for _ in range(3):
        mulai, s = time.perf_counter(), 0
        for i in range(10_000_000):
            s += i
        terbaik = min(terbaik, time.perf_counter() - mulai)
    return terbaik


def jalankan(ulang: int, *, hanya_halaman: bool = False, hanya_impor: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="sakip-bench-pohon-") as var_dir:
        berkas = Path(var_dir) / "pohon.xlsx"
        s = _anak("siapkan", berkas, var_dir, ulang)
        basis = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        beban = _a(os.getloadavg()[0], 1)
        print(
            f"\nKota bench: {_a(s['simpul'], 0)} simpul, {_a(s['indikator'], 0)} indikator, "
            f"{_a(s['target'], 0)} target · {basis} · {os.cpu_count()} CPU, beban {beban} · "
            f"Python: 10 juta penjumlahan {_a(_kecepatan_python(), 2)} s"
        )
        print(f"  dibangun dalam {_a(s['detik_bangun'])} s; ekspor buku kerja kota {_a(s['detik_ekspor'])} s, "
              f"{_a(s['ukuran_mib'], 2)} MiB")  # fmt: skip
        if not hanya_impor:
            print(f"\nAPI dan halaman pohon (median {ulang} kali, sebagai Bagian Organisasi):")
            _cetak_halaman(_anak("halaman", berkas, var_dir, ulang))
        if hanya_halaman:
            return
        print("\nImpor buku kerja 8.000 simpul (sasaran: ≤ 5 s dan ≤ 300 MiB):")
        a = _anak("impor", berkas, var_dir, ulang)
        m = _anak("impor_memori", berkas, var_dir, ulang)
        t = _anak("impor_tetap", berkas, var_dir, ulang)
        _cetak_impor(a, m, t)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ulang", type=int, default=5, help="jumlah pengukuran per URL (median)")
    p.add_argument("--satu-tahun", action="store_true", help="target hanya tahun 2025 (12.000, bukan 72.000)")
    p.add_argument("--hanya-impor", action="store_true", help="tanpa API dan halaman pohon (langkah 2)")
    p.add_argument("--hanya-halaman", action="store_true", help="tanpa ekspor-impor buku kerja (langkah 3)")
    p.add_argument("--fase", choices=FASE)
    p.add_argument("--berkas", type=Path)
    p.add_argument("--var")
    a = p.parse_args()
    if a.fase:
        if "DATABASE_URL" not in os.environ:
            os.environ["DATABASE_URL"] = f"sqlite:///{a.var}/bench.sqlite3"
        _siapkan_django(a.var)
        print(json.dumps(FASE[a.fase](a.berkas, a.ulang)))
        return
    if a.satu_tahun:
        os.environ["BENCH_POHON_SATU_TAHUN"] = "1"
    jalankan(a.ulang, hanya_halaman=a.hanya_halaman, hanya_impor=a.hanya_impor)


if __name__ == "__main__":
    main()
