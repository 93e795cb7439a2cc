"""Reading an export of the Kepmendagri lampiran (csv or xlsx) into plain rows, under size and row limits.

Columns, by header name (any case, any order): `kode` and `nama` required; `kinerja`, `indikator`, `satuan`
and `sumber` (a per-row decree, e.g. “contoh” for invented demo rows) optional. A csv is UTF-8 (with or
without BOM), separated by commas, semicolons or tabs. An xlsx passes the shared upload guard first
(`kinerja.excel.wajib_xlsx_aman`, as every uploaded workbook) and is read from its first sheet, values only
(never formulas), in openpyxl's streaming mode.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

__all__ = ["BAITS_MAKS", "BARIS_MAKS", "BerkasTidakValid", "baca_baris"]

BAITS_MAKS = 20 * 1024 * 1024  # the full lampiran as xlsx is a few MiB
BARIS_MAKS = 60_000  # the full lampiran has some 20,000 codes
KOLOM_WAJIB = ("kode", "nama")
KOLOM = ("kode", "nama", "kinerja", "indikator", "satuan", "sumber")


class BerkasTidakValid(ValueError):
    """A file that cannot be read as a nomenclature export; the message is in Indonesian."""


def baca_baris(jalur: str | Path) -> list[dict]:
    """The file's data rows as dicts of the known columns (text, stripped), each with its sheet row
    number under `baris`. Raises BerkasTidakValid for a missing file, a file too big, an unknown format,
    missing columns or too many rows."""
    jalur = Path(jalur)
    if not jalur.is_file():
        raise BerkasTidakValid(f"Berkas “{jalur}” tidak ditemukan.")
    if jalur.stat().st_size > BAITS_MAKS:
        raise BerkasTidakValid(f"Berkas lebih dari {BAITS_MAKS // (1024 * 1024)} MiB.")
    akhiran = jalur.suffix.lower()
    if akhiran == ".csv":
        baris = _baris_csv(jalur)
    elif akhiran == ".xlsx":
        baris = _baris_xlsx(jalur)
    else:
        raise BerkasTidakValid("Format berkas harus .csv atau .xlsx.")
    return _sebagai_dict(baris)


def _baris_csv(jalur: Path):
    try:
        teks = jalur.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BerkasTidakValid("Berkas CSV harus berkodekan UTF-8.") from None
    try:
        dialek = csv.Sniffer().sniff(teks[:4096], delimiters=",;\t")
    except csv.Error:
        dialek = csv.excel
    return list(csv.reader(io.StringIO(teks), dialek))


def _baris_xlsx(jalur: Path):
    """The rows of the first sheet, after THE upload guard (`kinerja.excel.wajib_xlsx_aman`: a plain .xlsx
    within the size, entry and decompression limits, no macros, no XML entities) refused nothing."""
    from openpyxl import load_workbook

    from kinerja.excel import BerkasDitolak, wajib_xlsx_aman

    data = jalur.read_bytes()
    try:
        wajib_xlsx_aman(data)
    except BerkasDitolak as exc:
        raise BerkasTidakValid(str(exc)) from None
    try:
        buku = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise BerkasTidakValid("Berkas bukan lembar kerja Excel (.xlsx) yang dapat dibaca.") from None
    try:
        hasil = []
        for nilai in buku.worksheets[0].iter_rows(values_only=True):
            if len(hasil) > BARIS_MAKS:
                break
            hasil.append(["" if v is None else str(v) for v in nilai])
        return hasil
    finally:
        buku.close()


def _sebagai_dict(baris: list[list[str]]) -> list[dict]:
    if not baris:
        raise BerkasTidakValid("Berkas kosong: baris pertama harus berisi judul kolom.")
    judul = [str(j).strip().lower() for j in baris[0]]
    hilang = [k for k in KOLOM_WAJIB if k not in judul]
    if hilang:
        raise BerkasTidakValid(f"Kolom wajib tidak ada: {', '.join(hilang)}.")
    if len(baris) - 1 > BARIS_MAKS:
        raise BerkasTidakValid(f"Berkas berisi lebih dari {BARIS_MAKS:,} baris.".replace(",", "."))
    letak = {k: judul.index(k) for k in KOLOM if k in judul}
    hasil = []
    for nomor, isi in enumerate(baris[1:], start=2):
        if not any(str(v).strip() for v in isi):
            continue  # blank lines between sections of the lampiran
        hasil.append({"baris": nomor} | {k: (isi[i].strip() if i < len(isi) else "") for k, i in letak.items()})
    return hasil
