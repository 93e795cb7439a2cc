"""Benchmark of issue 18 (a): a national recompute of one year, spread over real Celery workers.

Needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL; use a database of its own: the bench adds its
pemda there and leaves them for the next run). Builds --pemda synthetic pemda of --pd PD each (bulk inserts, once),
every PD with a scored internal evaluation of 2024 on the national method-B instrument, answers drawn from a
fixed seed; then, for each worker count (1, then 2), starts `celery -A sakip worker -Q batch -c N`, empties the
year's HasilHitung, calls `evaluasi.services.hitung.hitung_ulang_banyak` (one Celery group of chunks of
SAKIP_HITUNG_PEMDA_PER_TUGAS pemda) and times from the request until the batch row's closing time (polled twice a
second: the bench takes no core from the workers). Beside the time it prints the CPU seconds of the worker, of its
PostgreSQL backends and of the whole machine (a loaded machine shows as machine CPU ≈ cores × wall). The results
of the two runs are checked equal to each other and, for a sample of pemda, to a run in this process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sakip_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/3 \\
        python bench/skala_hitung.py [--pemda 550] [--pd 40] [--proses 1 2]

`manage.py muat_sintetis` (the national dataset of issue 18 point 5) was not in HEAD when this was written:
the bench builds its own, smaller in content (one year, internal evaluations only), the same in what the
recompute reads (a year's evaluations and their answers).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))
TAHUN = 2024
AWALAN = "bench-hitung-"
TARGET_DETIK, TARGET_RASIO = 60.0, 1.7


def _siapkan() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("CELERY_BROKER_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis): see the docstring.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.local")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def muat(jumlah_pemda: int, jumlah_pd: int) -> list[int]:
    """The bench's pemda (created once, in bulk): ids in order."""
    from django.db import transaction

    from evaluasi.models import Evaluasi, Instrumen, Jawaban
    from evaluasi.selectors import instrumen_siap
    from perangkat_daerah.models import Pemda, PerangkatDaerah

    ins = Instrumen.objects.select_related("skala_predikat").get(kode="lke-internal-88-2021", versi=1)
    siap = instrumen_siap(ins)
    kriteria = sorted(siap.kriteria_id.items())
    ada = set(Pemda.objects.filter(kode__startswith=AWALAN).values_list("kode", flat=True))
    acak = random.Random(18)
    baru = [f"{AWALAN}{n:04d}" for n in range(jumlah_pemda) if f"{AWALAN}{n:04d}" not in ada]
    mulai = time.perf_counter()
    for i in range(0, len(baru), 25):
        with transaction.atomic():
            pemda = Pemda.objects.bulk_create([Pemda(kode=k, nama=f"Kab Bench {k[-4:]}") for k in baru[i : i + 25]])
            pd = PerangkatDaerah.objects.bulk_create(
                PerangkatDaerah(pemda=p, kode=f"1.{j:02d}.01", nama=f"Dinas {j}", singkatan=f"D{j}", jenis="dinas")
                for p in pemda
                for j in range(1, jumlah_pd + 1)
            )
            evaluasi = Evaluasi.objects.bulk_create(
                Evaluasi(instrumen=ins, tahun=TAHUN, pemda_id=d.pemda_id, perangkat_daerah=d, jenis="internal",
                         status="dinilai")
                for d in pd
            )  # fmt: skip
            jawaban = []
            for e in evaluasi:
                tingkat = acak.random()  # each PD its own level: the totals spread over the predicates
                for kid, info in kriteria:
                    pilihan = info.pilihan
                    n = min(len(pilihan) - 1, int((1 - tingkat) * len(pilihan) + acak.random() * 1.5))
                    jawaban.append(Jawaban(evaluasi=e, kriteria_id=kid, nilai=pilihan[n]))
            Jawaban.objects.bulk_create(jawaban, batch_size=5000)
    if baru:
        print(f"dataset: {len(baru)} pemda × {jumlah_pd} PD, {len(kriteria)} answers each, built in "
              f"{time.perf_counter() - mulai:.0f} s")  # fmt: skip
    from django.db import connection

    with connection.cursor() as c:  # fresh planner statistics, as autovacuum would gather them in time
        c.execute("ANALYZE")
    kode = [f"{AWALAN}{n:04d}" for n in range(jumlah_pemda)]
    return list(Pemda.objects.filter(kode__in=kode).order_by("pk").values_list("pk", flat=True))


def _pekerja(proses: int, instansi: bool) -> list[subprocess.Popen]:
    """One worker of `proses` pool processes, or (`instansi`) `proses` workers of one process each, each in a
    session of its own, as `docker compose up --scale worker=N` runs them. The difference shows on a loaded Linux
    desktop or VM: with autogroup scheduling (`/proc/sys/kernel/sched_autogroup_enabled`) the CPU is shared
    between sessions first, so a pool's processes, in one session, get one session's share between them."""
    daftar = []
    for n in range(proses if instansi else 1):
        perintah = [sys.executable, "-m", "celery", "-A", "sakip", "worker", "-Q", "batch"]
        perintah += ["-c", "1" if instansi else str(proses), "-l", "warning", "--without-gossip", "--without-mingle"]
        perintah += ["-n", f"bench-{os.getpid()}-{proses}-{n}@%h"]
        diam = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        daftar.append(subprocess.Popen(perintah, cwd=AKAR, start_new_session=True, **diam))
    return daftar


def _tunggu_siap(nama_awal: str, proses: int, batas: float = 60) -> None:
    """Until the workers named `nama_awal…` have `proses` pool processes in all."""
    from sakip.celery import app

    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        jawab = app.control.inspect(timeout=1).stats() or {}
        siap = sum(len(s.get("pool", {}).get("processes", [])) for n, s in jawab.items() if n.startswith(nama_awal))
        if siap == proses:
            return
        time.sleep(0.5)
    raise SystemExit("the worker did not start")


def _snapshot(pemda_ids) -> dict:
    from evaluasi.models import HasilHitung

    return dict(
        HasilHitung.objects.filter(pemda_id__in=pemda_ids, tahun=TAHUN).values_list("evaluasi_id", "total")
    )  # fmt: skip


def _cpu(pid: int, anak: bool = False) -> float:
    """CPU seconds of a process (with its reaped children's when `anak`), from /proc; 0 if it is gone."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(x) for x in f[11 : 15 if anak else 13]) / os.sysconf("SC_CLK_TCK")


def _cpu_pekerja(daftar: list[subprocess.Popen]) -> float:
    """The workers' CPU: main processes, their pool processes alive and those they replaced (reaped)."""
    jumlah = 0.0
    for p in daftar:
        anak = Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split()
        jumlah += _cpu(p.pid, anak=True) + sum(_cpu(int(a)) for a in anak)
    return jumlah


def _backend(cpu: dict) -> None:
    """Sample the CPU of this database's other PostgreSQL backends (the workers'), keeping each one's latest."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        for (pid,) in c.fetchall():
            cpu[pid] = max(cpu.get(pid, 0.0), _cpu(pid))


def ukur(pemda_ids: list[int], proses: int, instansi: bool = False) -> tuple[float, dict, object, dict]:
    """One national recompute with a worker of `proses` processes: seconds (request until the batch row's
    closing time, as the worker wrote it), results, batch row, CPU seconds (worker, its PostgreSQL backends,
    the whole machine). The bench polls twice a second, so it takes no core from the workers."""
    from evaluasi.models import BagianHitung, BatchHitung, HasilHitung
    from evaluasi.services import hitung

    HasilHitung.objects.filter(pemda_id__in=pemda_ids, tahun=TAHUN).delete()
    # a batch left running by an interrupted earlier run would be returned instead of a new one: its waiting pemda
    # are failed too, or a chunk of it still queued would recount it back to running
    lama = BatchHitung.objects.filter(status__in=["antri", "berjalan"], bagian__pemda_id=pemda_ids[0])
    BagianHitung.objects.filter(batch__in=lama, status="antri").update(status="gagal")
    lama.update(status="gagal")
    p = _pekerja(proses, instansi)
    pg: dict[int, float] = {}
    try:
        _tunggu_siap(f"bench-{os.getpid()}-{proses}-", proses)
        _backend(pg)
        pg_awal, pekerja_awal, mesin_awal = sum(pg.values()), _cpu_pekerja(p), _cpu_mesin()
        mulai, cpu_bench = time.time(), time.process_time()
        batch = hitung.hitung_ulang_banyak(pemda_ids, TAHUN)
        if batch.sudah_ada:
            raise SystemExit(f"batch {batch.pk} of these pemda is still running: not a run of this bench")
        while batch.status not in (BatchHitung.Status.SELESAI, BatchHitung.Status.GAGAL):
            time.sleep(0.5)
            _backend(pg)
            batch.refresh_from_db()
        cpu = {"pekerja": _cpu_pekerja(p) - pekerja_awal, "postgres": sum(pg.values()) - pg_awal}
        cpu["mesin"], cpu["bench"] = _cpu_mesin() - mesin_awal, time.process_time() - cpu_bench
    finally:
        for q in p:
            os.killpg(q.pid, signal.SIGTERM)
        for q in p:
            q.wait(timeout=60)
    return batch.selesai_pada.timestamp() - mulai, _snapshot(pemda_ids), batch, cpu


def _cpu_mesin() -> float:
    """Busy CPU seconds of the whole machine (every core, every process: other sessions' too)."""
    kolom = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    return (sum(int(x) for x in kolom) - int(kolom[3]) - int(kolom[4])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pemda", type=int, default=550)
    parser.add_argument("--pd", type=int, default=40)
    parser.add_argument("--proses", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--instansi", action="store_true", help="N workers of 1 process each (compose --scale)")
    args = parser.parse_args()
    _siapkan()
    from django.conf import settings

    from evaluasi.models import HasilHitung
    from evaluasi.services import hitung

    pemda_ids = muat(args.pemda, args.pd)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; {len(pemda_ids)} pemda × {args.pd} PD = "
          f"{len(pemda_ids) * args.pd:,} PD evaluations of {TAHUN}; {settings.SAKIP_HITUNG_PEMDA_PER_TUGAS} pemda "
          f"per task")  # fmt: skip
    hasil, waktu = {}, {}
    for proses in args.proses:
        beban = os.getloadavg()[0]
        waktu[proses], hasil[proses], batch, cpu = ukur(pemda_ids, proses, args.instansi)
        ok = batch.status == "selesai" and batch.selesai == len(pemda_ids) and batch.gagal == 0
        print(f"{proses} worker process(es): {waktu[proses]:.1f} s, {batch.jumlah_evaluasi / waktu[proses]:,.0f} "
              f"evaluations/s; batch {batch.status} {batch.selesai}/{batch.total}, failed {batch.gagal}"
              f"{'' if ok else '  <-- NOT COMPLETE'}; CPU s: worker {cpu['pekerja']:.1f}, its PostgreSQL "
              f"backends {cpu['postgres']:.1f}, this bench {cpu['bench']:.1f}, whole machine {cpu['mesin']:.1f} of "
              f"{waktu[proses] * os.cpu_count():.1f}"
              f"; load average {beban:.1f} → {os.getloadavg()[0]:.1f}")  # fmt: skip
    semua = list(hasil.values())
    assert all(h == semua[0] for h in semua), "the runs' results differ"
    contoh = pemda_ids[:: max(1, len(pemda_ids) // 10)]
    HasilHitung.objects.filter(pemda_id__in=contoh, tahun=TAHUN).delete()
    for pemda_id in contoh:  # single process, in this one
        hitung.hitung_ulang_pemda(pemda_id, TAHUN)
    tunggal = _snapshot(contoh)
    assert tunggal == {k: v for k, v in semua[0].items() if k in tunggal} and tunggal, "differs from one process"
    print(f"results: equal across runs and to the single-process recompute of {len(contoh)} sampled pemda")
    if 1 in waktu and 2 in waktu:
        rasio = waktu[1] / waktu[2]
        baik = waktu[2] <= TARGET_DETIK and rasio >= TARGET_RASIO
        print(f"speed-up 1 → 2 processes: {rasio:.2f}×; goal ≤ {TARGET_DETIK:.0f} s with 2 and ≥ {TARGET_RASIO}×: "
              f"{'MET' if baik else 'NOT MET'}")  # fmt: skip
        return 0 if baik else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
