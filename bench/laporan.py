"""Benchmark of report rendering (issue 6). Prints figures; asserts nothing about time.

  .venv/bin/python bench/laporan.py [--ulang 5] [--pekerja 2]

For the demo city's LKjIP and the largest PD's LKjIP it prints pages, the median time of the whole pipeline
(context → charts → HTML → PDF) and, measured in the same run, of WeasyPrint alone on the same final HTML
(the baseline), the overhead ratio, and peak RSS of a fresh process rendering each. Then it renders every
PD's LKjIP with N worker processes and, as the baseline, the same jobs in one process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import siapkan  # noqa: E402


def _laporan(jenis: str, pd=None):
    from laporan.models import Laporan
    from perangkat_daerah.demo import KODE_PEMDA_DEMO
    from perangkat_daerah.models import Pemda

    pemda = Pemda.objects.get(kode=KODE_PEMDA_DEMO)
    return Laporan.objects.create(pemda=pemda, perangkat_daerah=pd, jenis=jenis, tahun=2024)


def _pd_terbesar():
    from django.db.models import Count

    from perangkat_daerah.demo import KODE_PEMDA_DEMO
    from perangkat_daerah.models import PerangkatDaerah

    return (
        PerangkatDaerah.objects.filter(pemda__kode=KODE_PEMDA_DEMO)
        .annotate(n=Count("indikator"))
        .order_by("-n", "kode")
        .first()
    )


def _html_akhir(laporan) -> str:
    from django.template.loader import render_to_string

    from laporan import konteks

    data = konteks.konteks_lkjip(laporan)
    data["grafik"] = konteks.grafik_lkjip(data)
    return render_to_string("laporan/pdf/lkjip.html", data)


def _ukur(nama: str, laporan, ulang: int) -> None:
    from weasyprint import HTML

    from laporan.pembuat import buat_dokumen
    from laporan.renderer import BASE_URL, url_fetcher

    penuh, halaman = [], 0
    for _ in range(ulang):
        t = time.perf_counter()
        dok = buat_dokumen(laporan, lambda p, s: None)
        penuh.append(time.perf_counter() - t)
        halaman = dok.jumlah_halaman
    html = _html_akhir(laporan)
    dasar = []
    for _ in range(ulang):
        t = time.perf_counter()
        HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).write_pdf()
        dasar.append(time.perf_counter() - t)
    m_penuh, m_dasar = statistics.median(penuh), statistics.median(dasar)
    print(f"{nama}: {halaman} halaman")
    print(f"  pipeline lengkap   median {m_penuh:.3f} s  (min {min(penuh):.3f}, maks {max(penuh):.3f})")
    print(f"  WeasyPrint saja    median {m_dasar:.3f} s  (baseline, HTML akhir yang sama)")
    print(f"  overhead           {100 * (m_penuh / m_dasar - 1):+.1f} %  (sasaran ≤ 25 %)")


def _rss_proses_baru(jenis: str, pd_id: int | None) -> float:
    """Peak RSS (MiB) of a fresh process that renders one report."""
    kode = (
        "import sys, resource; sys.path.insert(0, 'bench'); from _django import siapkan; siapkan(False);"
        "from laporan.models import Laporan; from laporan.pembuat import buat_dokumen;"
        f"lap = Laporan.objects.filter(jenis='{jenis}', perangkat_daerah_id={pd_id}).first();"
        "buat_dokumen(lap, lambda p, s: None);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    hasil = subprocess.run(
        [sys.executable, "-c", kode],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return float(hasil.stdout.strip().splitlines()[-1])


def _kerjakan(laporan_id: int) -> str:
    from django.db import connection

    from laporan.services import laporan_proses

    connection.close()  # each process opens its own connection
    return laporan_proses(laporan_id)


def _batch(jumlah_pekerja: int) -> None:
    from laporan.models import Laporan
    from perangkat_daerah.demo import KODE_PEMDA_DEMO
    from perangkat_daerah.models import PerangkatDaerah

    daftar_pd = list(PerangkatDaerah.objects.filter(pemda__kode=KODE_PEMDA_DEMO, aktif=True))
    for proses in (jumlah_pekerja, 1):
        ids = [_laporan(Laporan.Jenis.LKJIP_PD, pd).pk for pd in daftar_pd]
        t = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(proses) as pool:
            status = pool.map(_kerjakan, ids, chunksize=1)
        detik = time.perf_counter() - t
        label = "sasaran ≤ 90 s" if proses == jumlah_pekerja else "baseline satu proses"
        print(
            f"  {len(ids)} LKjIP PD dengan {proses} proses: {detik:.1f} s ({label}); "
            f"selesai {status.count('selesai')}, gagal {status.count('gagal')}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ulang", type=int, default=5)
    parser.add_argument("--pekerja", type=int, default=2)
    args = parser.parse_args()
    siapkan()
    from laporan.models import Laporan

    kota = _laporan(Laporan.Jenis.LKJIP_PEMDA)
    pd = _pd_terbesar()
    laporan_pd = _laporan(Laporan.Jenis.LKJIP_PD, pd)
    _ukur("LKjIP Kota Tangerang Selatan 2024", kota, args.ulang)
    _ukur(f"LKjIP {pd.nama} 2024 (PD dengan indikator terbanyak)", laporan_pd, args.ulang)
    print(
        f"  RSS puncak proses baru: kota {_rss_proses_baru('lkjip_pemda', None):.0f} MiB, "
        f"PD {_rss_proses_baru('lkjip_pd', pd.pk):.0f} MiB (sasaran ≤ 250 MiB)"
    )
    print(f"Semua PD ({args.pekerja} proses pekerja vs satu proses):")
    _batch(args.pekerja)
    print(f"RSS puncak proses benchmark ini: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
