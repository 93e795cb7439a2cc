"""Benchmark of issue 3: (a) the pure engine, (b) rescoring every PD of the demo city from the database.

(a) runs `bench/scoring_engine.py`'s logic: 25,000 synthetic evaluations of 80 criteria on one core
    (goal ≥ 5,000 evaluations per second).
(b) loads the demo city into a throw-away SQLite database (or uses DATABASE_URL with --db-ada when the
    demo is already loaded there), then recomputes the 2024 internal evaluation of every PD with the
    engine: one query for the evaluations, two for their answers and method-A grades, four for the
    instrument when it is not cached yet (goal ≤ 200 ms and ≤ 10 queries for 40 PD). Each figure is the
    best of --ulang runs, cold (instrument cache emptied) and warm.

    python bench/scoring.py [--jumlah 25000] [--ulang 5] [--db-ada]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "bench"))

TARGET_MS, TARGET_QUERY = 200, 10


def bagian_a(jumlah: int, ulang: int) -> bool:
    """The pure engine: evaluations per second (the logic of bench/scoring_engine.py)."""
    import scoring_engine as se

    from evaluasi.scoring import score

    instrumen = se.buat_instrumen()
    semua = se.buat_evaluasi(instrumen, jumlah)
    hasil = [score(instrumen, j) for j in semua]  # warm-up and sanity check
    assert all(h.lengkap for h in hasil)
    waktu = se.ukur(lambda: [score(instrumen, j) for j in semua], ulang)
    per_detik = jumlah / waktu
    ok = per_detik >= se.TARGET_PER_DETIK
    print(f"(a) engine : {jumlah:,} evaluations × {instrumen.jumlah_kriteria} criteria in {waktu:.3f} s "
          f"= {per_detik:,.0f} eval/s ({waktu / jumlah * 1e6:.1f} µs each); goal ≥ {se.TARGET_PER_DETIK:,}: "
          f"{'MET' if ok else 'NOT MET'}")  # fmt: skip
    return ok


def _siapkan_django(db_ada: bool) -> None:
    if not db_ada and not os.environ.get("DATABASE_URL"):
        os.environ["SAKIP_VAR_DIR"] = tempfile.mkdtemp(prefix="sakip-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.local")
    import django

    django.setup()
    if not db_ada:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("muat_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def hitung_ulang_kota(pemda_id: int, tahun: int) -> dict:
    """Recompute the internal evaluation of every PD of a pemda for a year: {evaluasi id: Hasil}."""
    from evaluasi import selectors
    from evaluasi.models import Evaluasi

    evaluasi = Evaluasi.objects.filter(
        pemda_id=pemda_id, tahun=tahun, jenis=Evaluasi.Jenis.INTERNAL, perangkat_daerah__isnull=False
    ).select_related("instrumen__skala_predikat")
    return selectors.hasil_banyak(list(evaluasi))


def _ukur_db(pemda_id: int, ulang: int, dingin: bool) -> tuple[float, int, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluasi import selectors

    terbaik, query, hasil = float("inf"), 0, {}
    for _ in range(ulang):
        if dingin:
            selectors._CACHE.clear()
        with CaptureQueriesContext(connection) as q:
            mulai = time.perf_counter()
            hasil = hitung_ulang_kota(pemda_id, 2024)
            waktu = time.perf_counter() - mulai
        terbaik, query = min(terbaik, waktu), len(q)
    return terbaik, query, hasil


def bagian_b(ulang: int, db_ada: bool) -> bool:
    """Rescore every PD of the demo city from the database: time and query count, cold and warm."""
    _siapkan_django(db_ada)
    from django.db import connection

    from evaluasi.models import HasilEvaluasi
    from perangkat_daerah.demo import KODE_PEMDA_DEMO
    from perangkat_daerah.models import Pemda

    pemda = Pemda.objects.get(kode=KODE_PEMDA_DEMO)
    ok = True
    for label, dingin in (("cold", True), ("warm", False)):
        waktu, query, hasil = _ukur_db(pemda.pk, ulang, dingin)
        beku = dict(HasilEvaluasi.objects.filter(evaluasi_id__in=hasil).values_list("evaluasi_id", "total"))
        assert all(hasil[i].total == beku[i] for i in hasil), "recomputed totals differ from the frozen ones"
        baik = waktu * 1000 <= TARGET_MS and query <= TARGET_QUERY
        ok = ok and baik
        hasil_kata = "MET" if baik else "NOT MET"
        print(f"(b) {label:4} : {len(hasil)} PD rescored from {connection.vendor} in {waktu * 1000:.1f} ms with "
              f"{query} queries; goal ≤ {TARGET_MS} ms and ≤ {TARGET_QUERY} queries: {hasil_kata}")  # fmt: skip
    return ok


def main() -> int:
    """Run both parts and print the figures; exit status 1 when a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jumlah", type=int, default=25_000)
    parser.add_argument("--ulang", type=int, default=5)
    parser.add_argument("--db-ada", action="store_true", help="use the configured database with the demo loaded")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, one core")
    a = bagian_a(args.jumlah, max(1, args.ulang // 2))
    b = bagian_b(args.ulang, args.db_ada)
    return 0 if a and b else 1


if __name__ == "__main__":
    sys.exit(main())
