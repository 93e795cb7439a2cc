"""Benchmark of report rendering (issues 6 and 14). Prints figures; asserts nothing about time.

  .venv/bin/python bench/laporan.py [--ulang 5] [--pekerja 2] [--salinan 5] [--tanpa-batch]

For the demo city's LKjIP, the largest PD's LKjIP and a ~40-page LKjIP (that PD with its sasaran copied
`--salinan` more times, every copy with its indicators, targets and verified realisations, so every sasaran
has the seven analyses) it prints pages, the median time of the whole pipeline (context → charts → HTML →
PDF) and, measured in the same run, of WeasyPrint alone on the same final HTML (the baseline), the overhead
ratio, and peak RSS of a fresh process rendering each. Then it makes every PD's LKjIP as PDF and as Word
(DOCX) with N worker processes, and the batch's ZIP, and as the baseline the same jobs in one process.
Goals (issue 14): ≤ 3 s median and ≤ 250 MiB for the 40-page LKjIP, ≤ 15 % overhead, the 38-PD batch with
DOCX and ZIP ≤ 30 s on two worker processes. CPU seconds stand beside wall-clock ones (the machine may be
shared): this process's and its children's, since laporan/renderer.py renders in a forked child.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
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


def _pd_besar(pd, salinan: int):
    """`pd` with each of its sasaran copied `salinan` more times (new codes), each copy with its indicators,
    their targets and realisations: a large PD with many sasaran, every one with the seven analyses."""
    from kinerja.models import Indikator, Realisasi, Sasaran, Target

    asli = list(Sasaran.objects.filter(indikator__perangkat_daerah=pd).distinct().values_list("pk", flat=True))
    for n in range(1, salinan + 1):
        for sasaran in Sasaran.objects.filter(pk__in=asli).order_by("kode"):
            indikator = list(Indikator.objects.filter(sasaran=sasaran))
            sasaran.pk, sasaran.id, sasaran.kode = None, None, f"{sasaran.kode}-{n}"
            sasaran.uraian = f"{sasaran.uraian} (salinan {n})"[:500]
            sasaran.save()
            for ind in indikator:
                target = list(Target.objects.filter(indikator=ind))
                realisasi = list(Realisasi.objects.filter(indikator=ind))
                ind.pk, ind.id, ind.kode, ind.sasaran = None, None, f"{ind.kode}-{n}", sasaran
                ind.save()
                for baris in [*target, *realisasi]:
                    baris.pk, baris.id, baris.indikator = None, None, ind
                Target.objects.bulk_create(target)
                Realisasi.objects.bulk_create(realisasi)
    return pd


def _html_akhir(laporan) -> str:
    from django.template.loader import render_to_string

    from laporan import konteks

    data = konteks.konteks_lkjip(laporan)
    data["grafik"] = konteks.grafik_lkjip(data)
    return render_to_string("laporan/pdf/lkjip.html", data)


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (a render's forked child, the batch's
    worker processes and their children)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _waktu(fungsi: dict, ulang: int) -> dict[str, tuple[list[float], list[float]]]:
    """Wall-clock and CPU seconds (this process and its children) of `ulang` calls of each function, taken in
    turn (one call of each per round), so that a change of the machine's load weighs on all of them alike: on a
    busy machine the CPU time is the steadier figure, the wall time is what a user waits. Each call's young
    garbage is collected within its own time (gc.collect(0)), so that a render made with the collector paused
    does not leave its collection to the next call."""
    hasil = {nama: ([], []) for nama in fungsi}
    for _ in range(ulang):
        for nama, f in fungsi.items():
            t, c = time.perf_counter(), _cpu()
            f()
            gc.collect(0)
            hasil[nama][0].append(time.perf_counter() - t)
            hasil[nama][1].append(_cpu() - c)
    return hasil


def _tahap_python(laporan) -> str:
    """CPU seconds of our own stages, once: context, charts, template (what the overhead is made of)."""
    from django.template.loader import render_to_string

    from laporan import konteks

    c = time.process_time()
    data = konteks.konteks_lkjip(laporan)
    c_konteks = time.process_time()
    data["grafik"] = konteks.grafik_lkjip(data)
    c_grafik = time.process_time()
    render_to_string("laporan/pdf/lkjip.html", data)
    c_templat = time.process_time()
    return f"konteks {c_konteks - c:.3f} s, grafik {c_grafik - c_konteks:.3f} s, templat {c_templat - c_grafik:.3f} s"


def _ukur(nama: str, laporan, ulang: int) -> float:
    from weasyprint import HTML

    from laporan.pembuat import buat_dokumen
    from laporan.renderer import BASE_URL, url_fetcher
    from sakip.lib.memori import gc_ditunda

    halaman = buat_dokumen(laporan, lambda p, s: None).jumlah_halaman  # warm-up: imports, fonts
    html = _html_akhir(laporan)

    def weasyprint_saja():
        HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).write_pdf()

    def weasyprint_gc_ditunda():
        with gc_ditunda():
            weasyprint_saja()

    hasil = _waktu(
        {
            "penuh": lambda: buat_dokumen(laporan, lambda p, s: None),
            "dasar": weasyprint_saja,
            "dasar_gc": weasyprint_gc_ditunda,
        },
        ulang,
    )
    m = {k: statistics.median(w) for k, (w, _c) in hasil.items()}
    c = {k: statistics.median(cpu) for k, (_w, cpu) in hasil.items()}
    penuh = hasil["penuh"][0]
    print(f"{nama}: {halaman} halaman")
    print(
        f"  pipeline lengkap   median {m['penuh']:.3f} s  (min {min(penuh):.3f}, maks {max(penuh):.3f});"
        f" CPU {c['penuh']:.3f} s"
    )
    print(
        f"  WeasyPrint saja    median {m['dasar']:.3f} s  (HTML akhir yang sama, panggilan biasa);"
        f" CPU {c['dasar']:.3f} s"
    )
    print(
        f"  WeasyPrint, GC ditunda median {m['dasar_gc']:.3f} s  (baseline: seperti laporan/renderer.py);"
        f" CPU {c['dasar_gc']:.3f} s"
    )
    print(
        f"  overhead           {100 * (m['penuh'] / m['dasar_gc'] - 1):+.1f} % waktu,"
        f" {100 * (c['penuh'] / c['dasar_gc'] - 1):+.1f} % CPU terhadap baseline (sasaran ≤ 15 %);"
        f" terhadap WeasyPrint biasa {100 * (m['penuh'] / m['dasar'] - 1):+.1f} % waktu"
    )
    print(f"  Python kita (CPU)  {_tahap_python(laporan)}")
    return m["penuh"]


def _rss_proses_baru(jenis: str, pd_id: int | None) -> float:
    """Peak RSS (MiB) of a fresh process that renders one report: its own or its render child's, the higher."""
    kode = (
        "import sys, resource; sys.path.insert(0, 'bench'); from _django import siapkan; siapkan(False);"
        "from laporan.models import Laporan; from laporan.pembuat import buat_dokumen;"
        f"lap = Laporan.objects.filter(jenis='{jenis}', perangkat_daerah_id={pd_id}).first();"
        "buat_dokumen(lap, lambda p, s: None);"
        # VmHWM is this process's own peak: ru_maxrss would carry the forking parent's RSS across exec (Linux)
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')] if sys.platform == 'linux' else [];"
        "sendiri = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024;"
        "print(max(sendiri, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))"
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


def _zip(batch) -> tuple[float, int, int]:
    from laporan.zip_batch import buat_zip

    t = time.perf_counter()
    berkas, jumlah = buat_zip(batch)
    ukuran = berkas.seek(0, 2)
    berkas.close()
    return time.perf_counter() - t, jumlah, ukuran


def _batch(jumlah_pekerja: int) -> None:
    from laporan.models import BatchLaporan, Laporan
    from perangkat_daerah.demo import KODE_PEMDA_DEMO
    from perangkat_daerah.models import PerangkatDaerah

    daftar_pd = list(PerangkatDaerah.objects.filter(pemda__kode=KODE_PEMDA_DEMO, aktif=True))
    for proses in (jumlah_pekerja, 1):
        pdf = [_laporan(Laporan.Jenis.LKJIP_PD, pd) for pd in daftar_pd]
        docx = [_laporan("lkjip_pd_docx", pd).pk for pd in daftar_pd]
        batch = BatchLaporan.objects.create(pemda=pdf[0].pemda, jenis=Laporan.Jenis.LKJIP_PD, tahun=2024)
        Laporan.objects.filter(pk__in=[lap.pk for lap in pdf]).update(batch=batch)
        ids = [x for pair in zip([lap.pk for lap in pdf], docx, strict=True) for x in pair]
        t, c = time.perf_counter(), _cpu()
        with multiprocessing.get_context("fork").Pool(proses) as pool:
            status = pool.map(_kerjakan, ids, chunksize=1)
        detik, cpu = time.perf_counter() - t, _cpu() - c  # the pool's workers are reaped when it closes
        detik_zip, isi_zip, ukuran_zip = _zip(batch)
        label = "sasaran ≤ 30 s" if proses == jumlah_pekerja else "baseline satu proses"
        print(
            f"  {len(pdf)} LKjIP PD sebagai PDF + {len(docx)} sebagai DOCX dengan {proses} proses: {detik:.1f} s"
            f" (CPU semua proses {cpu:.1f} s); "
            f"ZIP {isi_zip} PDF ({ukuran_zip / 2**20:.1f} MiB) {detik_zip:.2f} s; total {detik + detik_zip:.1f} s "
            f"({label}); selesai {status.count('selesai')}, gagal {status.count('gagal')}"
        )


def _docx(laporan_pd, ulang: int) -> None:
    from laporan.jenis import ambil

    laporan = _laporan("lkjip_pd_docx", laporan_pd.perangkat_daerah)
    waktu = _waktu({"docx": lambda: ambil("lkjip_pd_docx").buat(laporan, lambda p, s: None)}, ulang)["docx"]
    print(
        f"  DOCX yang sama     median {statistics.median(waktu[0]):.3f} s  (konteks + templat + python-docx);"
        f" CPU {statistics.median(waktu[1]):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ulang", type=int, default=5)
    parser.add_argument("--pekerja", type=int, default=2)
    parser.add_argument("--salinan", type=int, default=5)
    parser.add_argument("--tanpa-batch", action="store_true", help="only the single reports, not every PD")
    args = parser.parse_args()
    siapkan()
    from laporan.models import Laporan

    print(
        f"Beban mesin: load average {os.getloadavg()[0]:.1f} pada {os.cpu_count()} CPU (angka waktu bergantung padanya)"
    )

    kota = _laporan(Laporan.Jenis.LKJIP_PEMDA)
    pd = _pd_terbesar()
    laporan_pd = _laporan(Laporan.Jenis.LKJIP_PD, pd)
    _ukur("LKjIP Kota Tangerang Selatan 2024", kota, args.ulang)
    _ukur(f"LKjIP {pd.nama} 2024 (PD dengan indikator terbanyak)", laporan_pd, args.ulang)
    besar = _pd_besar(pd, args.salinan)
    laporan_besar = _laporan(Laporan.Jenis.LKJIP_PD, besar)
    median = _ukur(f"LKjIP besar: {pd.nama} dengan sasaran disalin {args.salinan}x", laporan_besar, args.ulang)
    print(f"  median vs sasaran  {median:.3f} s (sasaran ≤ 3 s)")
    _docx(laporan_besar, args.ulang)
    print(
        f"  RSS puncak proses baru: kota {_rss_proses_baru('lkjip_pemda', None):.0f} MiB, "
        f"PD besar {_rss_proses_baru('lkjip_pd', pd.pk):.0f} MiB (sasaran ≤ 250 MiB)"
    )
    if not args.tanpa_batch:
        print(f"Semua PD ({args.pekerja} proses pekerja vs satu proses):")
        _batch(args.pekerja)
    print(f"RSS puncak proses benchmark ini: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
