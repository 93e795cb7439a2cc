"""The batch "semua LKjIP PD" as one ZIP (issue 14 point 10): one PDF per PD whose LKjIP is finished, and a
BACA-SAYA.txt that names every PD whose LKjIP is missing (still queued or being made, or failed) with its
status, so the download is useful while a few PDs are late and never silently incomplete.

The archive is written to a spooled temporary file (in memory up to `DALAM_MEMORI`, on disk beyond), never
held whole in a bytes object; a batch whose files together exceed `BATAS_BYTE` is refused before anything is
read. PDFs are already compressed, so they are stored as they are (no deflate cost for nothing).
"""

from __future__ import annotations

import re
import tempfile
import zipfile

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.lib.angka import format_angka

from .models import BatchLaporan, Laporan

BATAS_BYTE = 512 * 1024 * 1024  # 38 PDs of a few MiB each fit many times over
DALAM_MEMORI = 32 * 1024 * 1024
NAMA_BACA = "BACA-SAYA.txt"


def nama_zip(batch: BatchLaporan) -> str:
    """LKjIP-PD-2024-Kota-Tangerang-Selatan.zip"""
    bersih = re.sub(r"[^0-9A-Za-z]+", "-", batch.pemda.nama).strip("-")
    return f"LKjIP-PD-{batch.tahun}-{bersih}.zip"


def isi_batch(batch: BatchLaporan) -> tuple[list[Laporan], list[Laporan]]:
    """The batch's jobs, one per PD (the newest), split into (finished with a file, missing), by PD code."""
    per_pd: dict[int, Laporan] = {}
    for lap in Laporan.objects.filter(batch=batch).select_related("perangkat_daerah").order_by("pk"):
        per_pd[lap.perangkat_daerah_id] = lap
    daftar = sorted(per_pd.values(), key=lambda lap: lap.perangkat_daerah.kode)
    selesai = [lap for lap in daftar if lap.status == Laporan.Status.SELESAI and lap.berkas]
    ada = {lap.pk for lap in selesai}
    return selesai, [lap for lap in daftar if lap.pk not in ada]


def _keadaan(lap: Laporan) -> str:
    if getattr(lap, "hilang", False):
        return _("berkas tidak ditemukan di penyimpanan; buat ulang LKjIP ini")
    return lap.get_status_display()


def _baca_saya(batch: BatchLaporan, selesai: list[Laporan], kurang: list[Laporan]) -> str:
    baris = [
        _("LKjIP perangkat daerah tahun %(t)s, %(p)s") % {"t": batch.tahun, "p": batch.pemda.nama},
        _("Diunduh %(w)s.") % {"w": timezone.localtime().strftime("%d-%m-%Y %H:%M")},
        "",
        _("%(s)s dari %(n)s LKjIP ada dalam arsip ini.")
        % {"s": format_angka(len(selesai), 0), "n": format_angka(len(selesai) + len(kurang), 0)},
    ]
    if kurang:
        baris += ["", _("Belum ada dalam arsip (unduh lagi setelah selesai, atau ulangi yang gagal):")]
        baris += [f"- {lap.perangkat_daerah.nama}: {_keadaan(lap)}" for lap in kurang]
    else:
        baris += [_("LKjIP semua perangkat daerah lengkap.")]
    return "\r\n".join(baris) + "\r\n"  # CRLF: read in Notepad too


def _nama_unik(nama: str, dipakai: set[str]) -> str:
    dasar, titik, akhiran = nama.rpartition(".")
    n, hasil = 1, nama
    while hasil in dipakai:
        n += 1
        hasil = f"{dasar}-{n}{titik}{akhiran}"
    dipakai.add(hasil)
    return hasil


def _tulis_arsip(berkas, batch: BatchLaporan, selesai: list[Laporan], kurang: list[Laporan]) -> None:
    dipakai: set[str] = set()
    with zipfile.ZipFile(berkas, "w", compression=zipfile.ZIP_STORED) as arsip:
        arsip.writestr(NAMA_BACA, _baca_saya(batch, selesai, kurang), compress_type=zipfile.ZIP_DEFLATED)
        for lap in selesai:
            nama = _nama_unik(lap.nama_berkas or f"LKjIP-{lap.pk}.pdf", dipakai)
            with lap.berkas.open("rb") as sumber, arsip.open(nama, "w") as tujuan:
                while potong := sumber.read(2**20):
                    tujuan.write(potong)


def buat_zip(batch: BatchLaporan, batas: int = BATAS_BYTE):
    """The ZIP of the batch as an open temporary file positioned at 0, and how many PDFs it holds.
    ValidationError when no PDF is finished yet or the files together exceed `batas`."""
    selesai, kurang = isi_batch(batch)
    ukuran = 0
    for lap in list(selesai):
        try:
            ukuran += lap.berkas.size
        except OSError:  # finished, but its file is gone from storage: named as missing, never a 500
            selesai.remove(lap)
            lap.hilang = True
            kurang.append(lap)
    if not selesai:
        raise ValidationError(_("Belum ada LKjIP perangkat daerah yang selesai dalam batch ini."))
    if ukuran > batas:
        raise ValidationError(
            _("Berkas batch ini terlalu besar untuk satu ZIP (%(u)s MiB, batas %(b)s MiB); unduh per PD.")
            % {"u": format_angka(ukuran // 2**20, 0), "b": format_angka(batas // 2**20, 0)}
        )
    berkas = tempfile.SpooledTemporaryFile(max_size=DALAM_MEMORI)  # noqa: SIM115 (the response closes it)
    try:
        _tulis_arsip(berkas, batch, selesai, kurang)
    except BaseException:
        berkas.close()
        raise
    berkas.seek(0)
    return berkas, len(selesai)
