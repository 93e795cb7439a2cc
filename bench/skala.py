"""Benchmark of issue 18 at national scale (PostgreSQL). Prints figures and whether each goal is met; asserts
nothing about time.

    .venv/bin/python bench/skala.py [--db sakip_skala] [--db-satu sakip_skala_satu] [--bangun]
                                    [--pemda 550] [--pd 40] [--tahun 5] [--permintaan 200] [--dingin 5] [--hitung]
                                    [--hanya c]

(a) with --hitung: the national recompute, bench/skala_hitung.py (another module; skipped when it is absent).
(b) per-tenant speed: the wali kota's dashboard and the realisasi page of synthetic pemda sin-0001, measured in a
    database holding the national dataset (--db) and in one holding that pemda alone (--db-satu), the same rows
    for that pemda (evaluasi/sintetis.py: a pemda's rows depend only on its number and the seed). Each page is
    requested --permintaan times in process with Django's test client after a warm-up (the dashboard's
    cache warm, as its users meet it); the figure is the ratio of the p95s (goal ≤ 1.3).
(c) the group dashboard /dasbor/wilayah/<id>/ of the national group (every synthetic pemda) as a pembina:
    cold (the cache emptied before each of --dingin requests) and cached (--permintaan requests, p95).
    Goals: cold ≤ 500 ms, cached p95 ≤ 60 ms.
--bangun (re)creates both databases (DROP, migrate, `manage.py muat_sintetis`) and prints the build time;
without it they must exist already (built with the same command, see docs/PERFORMA.md).
--hanya b|c runs that part alone (the others are skipped; --bangun and --hitung still apply when given).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
PY = sys.executable
KODE = "sin-0001"
GOAL_RASIO, GOAL_DINGIN, GOAL_TEMBOLOK = 1.3, 500.0, 60.0


def _url(db: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{db}"


def _env(db: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_url(db),
        DATABASE_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="sakip.settings.local",
        DJANGO_DEBUG="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.pop("CACHE_URL", None)  # the process's own memory cache: nothing shared between runs
    return env


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)


def bangun(db: str, pemda: int, pd: int, tahun: int) -> float:
    """A fresh database `db` with the synthetic dataset; returns the load time in seconds."""
    _psql(f"DROP DATABASE IF EXISTS {db}")
    _psql(f"CREATE DATABASE {db}")
    env = _env(db)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=AKAR)
    mulai = time.perf_counter()
    perintah = ["manage.py", "muat_sintetis", "--pemda", str(pemda), "--pd", str(pd), "--tahun", str(tahun)]
    subprocess.run([PY, *perintah], env=env, check=True, cwd=AKAR)
    return time.perf_counter() - mulai


def _p(waktu: list[float], q: float) -> float:
    urut = sorted(waktu)
    return urut[min(len(urut) - 1, int(q * len(urut)))]


def _ukur(client, url: str, jumlah: int) -> dict:
    for _ in range(5):  # warm-up: connections, templates, the dashboard's cache
        assert client.get(url).status_code == 200, url
    waktu = []
    for _ in range(jumlah):
        t0 = time.perf_counter()
        r = client.get(url)
        waktu.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, url
    return {"p50": statistics.median(waktu), "p95": _p(waktu, 0.95), "n": jumlah}


def _django():
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host
    settings.ALLOWED_HOSTS = ["*"]
    return Client


def anak_tenant(jumlah: int) -> dict:
    """(b), in a child process on one database: p50/p95 of the two pages of pemda sin-0001."""
    Client = _django()
    from django.contrib.auth import get_user_model

    from evaluasi.sintetis import TAHUN_AKHIR
    from kinerja.models import Indikator
    from perangkat_daerah.models import PerangkatDaerah

    User = get_user_model()
    pd = PerangkatDaerah.objects.filter(pemda__kode=KODE).order_by("kode").first()
    hasil = {"indikator_install": Indikator.objects.count()}
    for nama, peran, url in (
        ("dasbor_walikota", "pimpinan", "/dasbor/pimpinan/"),
        ("realisasi", "operator", f"/kinerja/realisasi/{pd.pk}/{TAHUN_AKHIR}/4/"),
    ):
        c = Client()
        c.force_login(User.objects.get(username=f"{KODE}-{peran}"))
        c.post("/tahun/", {"tahun": TAHUN_AKHIR, "next": "/"})
        hasil[nama] = _ukur(c, url, jumlah)
    return hasil


def anak_grup(jumlah: int, dingin: int) -> dict:
    """(c), in a child process on the national database: the group dashboard cold and cached."""
    Client = _django()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from evaluasi.sintetis import KODE_GRUP, TAHUN_AKHIR
    from perangkat_daerah.access import Peran
    from perangkat_daerah.models import GrupPemda, HakPembina, Pemda, Profil

    grup = GrupPemda.objects.get(kode=KODE_GRUP)
    pusat, _ = Pemda.objects.get_or_create(
        kode="bench-pusat", defaults={"nama": "Instansi Pusat (bench)", "jenis": Pemda.Jenis.NASIONAL}
    )
    user, baru = get_user_model().objects.get_or_create(username="bench-pembina-nasional")
    if baru:
        user.set_unusable_password()
        user.save()
        Profil.objects.create(user=user, pemda=pusat, peran=Peran.PEMBINA)
    HakPembina.objects.get_or_create(user=user, grup=grup)
    c = Client()
    c.force_login(user)
    c.post("/tahun/", {"tahun": TAHUN_AKHIR, "next": "/"})
    url = f"/dasbor/wilayah/{grup.pk}/"
    r = c.get(url)
    assert r.status_code == 200 and grup.anggota.count() > 0, url
    waktu_dingin = []
    for _ in range(dingin):
        cache.clear()
        t0 = time.perf_counter()
        assert c.get(url).status_code == 200
        waktu_dingin.append((time.perf_counter() - t0) * 1000)
    return {
        "anggota": grup.anggota.count(),
        "dingin_maks": max(waktu_dingin),
        "dingin_median": statistics.median(waktu_dingin),
        "tembolok": _ukur(c, url, jumlah),
    }


def _anak(db: str, *argumen: str) -> dict:
    proses = subprocess.run(
        [PY, __file__, "--anak", *argumen], env=_env(db), check=False, cwd=AKAR, capture_output=True, text=True
    )
    if proses.returncode:
        sys.exit(f"--anak {' '.join(argumen)} on {db} failed:\n{proses.stderr[-3000:]}")
    return json.loads(proses.stdout.strip().splitlines()[-1])


def _ya(ok: bool) -> str:
    return "ya" if ok else "TIDAK"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sakip_skala", help="database with the national dataset")
    parser.add_argument("--db-satu", default="sakip_skala_satu", help="database with pemda sin-0001 alone")
    parser.add_argument("--bangun", action="store_true", help="(re)build both databases first")
    parser.add_argument("--pemda", type=int, default=550)
    parser.add_argument("--pd", type=int, default=40)
    parser.add_argument("--tahun", type=int, default=5)
    parser.add_argument("--permintaan", type=int, default=200)
    parser.add_argument("--dingin", type=int, default=5)
    parser.add_argument("--hitung", action="store_true", help="also (a): bench/skala_hitung.py")
    parser.add_argument("--hanya", choices=("b", "c"), help="run part (b) or (c) alone")
    parser.add_argument("--anak", nargs="+", help=argparse.SUPPRESS)
    a = parser.parse_args()
    if a.anak:
        hasil = anak_tenant(int(a.anak[1])) if a.anak[0] == "tenant" else anak_grup(int(a.anak[1]), int(a.anak[2]))
        print(json.dumps(hasil))
        return 0

    print(f"Konfigurasi: --db {a.db} --db-satu {a.db_satu}, {a.permintaan} permintaan per halaman, in-process "
          f"(django.test.Client, DEBUG mati), CPU {os.cpu_count()} inti")  # fmt: skip
    if a.bangun:
        detik = bangun(a.db, a.pemda, a.pd, a.tahun)
        print(f"Bangun data nasional {a.pemda}×{a.pd}×{a.tahun}: {detik:.0f} s")
        detik = bangun(a.db_satu, 1, a.pd, a.tahun)
        print(f"Bangun data satu pemda: {detik:.0f} s")

    if a.hitung:
        skrip = AKAR / "bench" / "skala_hitung.py"
        if skrip.exists():
            print("(a) hitung ulang nasional: bench/skala_hitung.py")
            env = dict(os.environ, DATABASE_URL=os.environ.get("DATABASE_URL_HITUNG", _url(a.db + "_hitung")))
            subprocess.run([PY, str(skrip), "--pemda", str(a.pemda), "--pd", str(a.pd)], env=env, check=False)
        else:
            print("(a) TODO: bench/skala_hitung.py belum ada.")

    if a.hanya != "c":
        bagian_b(a)
    if a.hanya != "b":
        bagian_c(a)
    return 0


def bagian_b(a) -> None:
    nasional = _anak(a.db, "tenant", str(a.permintaan))
    satu = _anak(a.db_satu, "tenant", str(a.permintaan))
    print(f"(b) {KODE}: indikator di instalasi {nasional['indikator_install']} (nasional) vs "
          f"{satu['indikator_install']} (sendiri)")  # fmt: skip
    for nama in ("dasbor_walikota", "realisasi"):
        n, s = nasional[nama], satu[nama]
        rasio = n["p95"] / s["p95"]
        print(f"    {nama:<16} p50 {n['p50']:6.1f} / {s['p50']:6.1f} ms, p95 {n['p95']:6.1f} / {s['p95']:6.1f} ms "
              f"(nasional / sendiri): rasio p95 {rasio:.2f} "
              f"(sasaran ≤ {GOAL_RASIO}: {_ya(rasio <= GOAL_RASIO)})")  # fmt: skip


def bagian_c(a) -> None:
    g = _anak(a.db, "grup", str(a.permintaan), str(a.dingin))
    t = g["tembolok"]
    print(f"(c) dasbor wilayah, {g['anggota']} pemda: dingin median {g['dingin_median']:.0f} ms, maks "
          f"{g['dingin_maks']:.0f} ms (sasaran ≤ {GOAL_DINGIN:.0f}: {_ya(g['dingin_maks'] <= GOAL_DINGIN)}); "
          f"tembolok p50 {t['p50']:.1f} ms, p95 {t['p95']:.1f} ms (sasaran ≤ {GOAL_TEMBOLOK:.0f}: "
          f"{_ya(t['p95'] <= GOAL_TEMBOLOK)})")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
