"""Numbers as the regulation and Indonesian users write them.

One rounding helper for the whole product (half-up, as DOMAIN.md §2.2 says), and the parsing and
formatting of Indonesian numbers: "1.234,56" means one thousand two hundred thirty-four and 56/100.
This module imports nothing of Django or the apps.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, getcontext, localcontext

__all__ = [
    "SATUAN_CACAH",
    "AngkaTidakValid",
    "bulatkan",
    "dengan_satuan",
    "format_angka",
    "format_nilai",
    "format_persen",
    "parse_angka",
    "satuan_cacah",
]

DUA_DESIMAL = 2


class AngkaTidakValid(ValueError):
    """Raised when a text is not a number as an Indonesian user writes one."""


_KUANTUM = {t: Decimal(1).scaleb(-t) for t in range(7)}


def bulatkan(nilai: Decimal, tempat: int = DUA_DESIMAL) -> Decimal:
    """Round half-up to `tempat` decimals; the one rounding rule of the product."""
    nilai = Decimal(nilai)
    kuantum = _KUANTUM.get(tempat) or Decimal(1).scaleb(-tempat)
    # quantize fails once the result needs more digits than the context's precision (28): only then is a wider
    # context opened (a tree page rounds ~1,100 numbers; the context costs 6x the rounding)
    perlu = nilai.adjusted() + tempat + 2
    if perlu <= getcontext().prec:
        return nilai.quantize(kuantum, rounding=ROUND_HALF_UP)
    with localcontext() as konteks:
        konteks.prec = perlu
        return nilai.quantize(kuantum, rounding=ROUND_HALF_UP)


# A leading group of 0 is never thousands grouping: "0.125" is a decimal point, not 125.
_POLA_ID = re.compile(r"^[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$")
_POLA_TITIK_DESIMAL = re.compile(r"^[+-]?\d+\.\d+$")


def parse_angka(teks: str | int | float | Decimal | None) -> Decimal | None:
    """Parse "1.234,56", "87,25", "87.25" or "12" into a Decimal; empty text gives None.

    A dot followed by exactly three digits is a thousands separator ("1.234" is 1234), as
    Indonesian users write it; any other single dot is read as a decimal point ("87.25").
    """
    if teks is None:
        return None
    if isinstance(teks, bool):
        raise AngkaTidakValid(f"“{teks}” bukan angka yang valid.")
    if isinstance(teks, (Decimal, int, float)):
        return _terbatas(Decimal(str(teks)) if isinstance(teks, float) else Decimal(teks), teks)
    bersih = str(teks).strip().replace(" ", "").replace("\u00a0", "")
    if bersih == "":
        return None
    if _POLA_ID.match(bersih):
        bersih = bersih.replace(".", "").replace(",", ".")
    elif not _POLA_TITIK_DESIMAL.match(bersih):
        raise AngkaTidakValid(f"“{teks}” bukan angka yang valid. Contoh penulisan: 1.234,56")
    try:
        hasil = Decimal(bersih)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit only digits
        raise AngkaTidakValid(f"“{teks}” bukan angka yang valid.") from exc
    return hasil


def _terbatas(nilai: Decimal, asal: object) -> Decimal:
    """Return `nilai` when it is a finite number; NaN and infinity are not amounts anyone enters."""
    if not nilai.is_finite():
        raise AngkaTidakValid(f"“{asal}” bukan angka yang valid.")
    return nilai


def format_angka(nilai: Decimal | int | float | None, tempat: int = DUA_DESIMAL, kosong: str = "–") -> str:
    """Format as Indonesians write numbers: 69,04; 1.234.567 (tempat=0); None gives `kosong`."""
    if nilai is None:
        return kosong
    d = bulatkan(Decimal(str(nilai)) if isinstance(nilai, float) else Decimal(nilai), tempat)
    tanda = "-" if d < 0 else ""
    teks = f"{d.copy_abs():,.{tempat}f}"  # 1,234,567.89; abs() would round to the context's 28 digits
    return tanda + teks.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_persen(nilai: Decimal | int | float | None, tempat: int = DUA_DESIMAL, kosong: str = "–") -> str:
    """A percentage as the whole product writes it: "87,25%" (no space); None gives `kosong`."""
    if nilai is None:
        return kosong
    return f"{format_angka(nilai, tempat)}%"


# Units that count whole things: an indicator in one of them is a count ("126.000 kunjungan", never
# "126.000,00"; "2 inovasi", never "2,25"). The unit's first word decides ("orang/tahun" is a count of people).
SATUAN_CACAH = frozenset(
    {
        "anak", "aplikasi", "balita", "bangunan", "buah", "desa", "dokumen", "ekor", "event", "gedung", "inovasi",
        "jenis", "kali", "kasus", "kegiatan", "kelompok", "kelurahan", "kk", "koperasi", "laporan", "layanan",
        "lembaga", "lokasi", "murid", "naskah", "objek", "opd", "orang", "paket", "pasien", "pd", "pegawai",
        "penduduk", "perda", "perkara", "peserta", "produk", "program", "regulasi", "rt", "ruas", "rumah",
        "rw", "sekolah", "siswa", "sistem", "titik", "ukm", "umkm", "unit", "usaha", "wisatawan", "kunjungan",
        "pengunjung", "sertifikat", "izin", "kecamatan", "keluarga", "kampung", "jiwa", "pelaku",
    }
)  # fmt: skip


def satuan_cacah(satuan: str | None) -> bool:
    """Whether a unit counts whole things (orang, kunjungan, inovasi, dokumen, unit, kali, ...)."""
    kata = (satuan or "").strip().casefold().replace("/", " ").split()
    return bool(kata) and kata[0] in SATUAN_CACAH


def format_nilai(
    nilai: Decimal | int | float | None, *, bulat: bool, tempat: int = DUA_DESIMAL, kosong: str = "–"
) -> str:
    """THE format of an indicator's value: a count (`bulat`) that is whole shows no decimals ("126.000"), any
    other value `tempat` decimals ("87,25"; a count's average 2,50 keeps them, so nothing is hidden)."""
    if nilai is None:
        return kosong
    d = Decimal(str(nilai)) if isinstance(nilai, float) else Decimal(nilai)
    if bulat and d == d.to_integral_value():
        return format_angka(d, 0)
    return format_angka(d, tempat)


def dengan_satuan(teks: str, satuan: str | None) -> str:
    """A value written with its unit: "2,4%" for a percent unit (THE percent format, no space, as
    `format_persen`), "126.000 kunjungan" otherwise; no unit, or no value ("–"), gives the value alone."""
    satuan = (satuan or "").strip()
    if not satuan or teks in ("", "–"):
        return teks
    return f"{teks}%" if satuan == "%" else f"{teks} {satuan}"
