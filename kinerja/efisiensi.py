"""Budget against performance (issue 13 point 5): serapan anggaran and the efficiency of a sasaran.

Pure arithmetic like `kinerja/capaian.py`: no Django, `Decimal` throughout, one rounding at the end
(`sakip.lib.angka.bulatkan`, half-up to 2 decimals). None means "cannot be computed" (no pagu, no realisasi,
no capaian), never 0.

- serapan anggaran = realisasi ÷ pagu × 100 (a percentage; `capaian.serapan_anggaran`);
- efisiensi = capaian kinerja ÷ serapan anggaran (a ratio: 1 means the results grew as fast as the spending,
  above 1 more result per rupiah spent, below 1 less). The PD table of `/kinerja/anggaran/` keeps its
  difference in percentage points (`capaian.efisiensi`, DOMAIN.md §4); the per sasaran table prints this
  ratio with `RUMUS_EFISIENSI`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sakip.lib.angka import bulatkan, format_angka, format_persen

from .capaian import serapan_anggaran

__all__ = ["RUMUS_EFISIENSI", "RUMUS_SERAPAN", "TAFSIR_EFISIENSI", "efisiensi", "rata_rata", "rumus", "serapan"]

RUMUS_SERAPAN = "Serapan anggaran = realisasi anggaran ÷ pagu × 100%"
RUMUS_EFISIENSI = "Efisiensi = capaian kinerja ÷ serapan anggaran"
TAFSIR_EFISIENSI = (
    "Nilai 1 berarti capaian kinerja sebanding dengan serapan anggaran; di atas 1 lebih efisien "
    "(capaian lebih tinggi daripada serapan), di bawah 1 kurang efisien."
)


def serapan(realisasi: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """realisasi ÷ pagu × 100, 2 decimals; None when either is missing or the pagu is not above 0."""
    return serapan_anggaran(realisasi, pagu)


def efisiensi(capaian_persen: Decimal | None, serapan_persen: Decimal | None) -> Decimal | None:
    """capaian kinerja ÷ serapan anggaran (both in %), 2 decimals; None when either is missing or nothing
    was spent (serapan 0 or less: no ratio)."""
    if capaian_persen is None or serapan_persen is None or serapan_persen <= 0:
        return None
    return bulatkan(Decimal(capaian_persen) / Decimal(serapan_persen))


def rata_rata(persen: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the capaian given (None ones skipped), 2 decimals; None when there is none."""
    ada = [Decimal(p) for p in persen if p is not None]
    if not ada:
        return None
    return bulatkan(sum(ada, Decimal(0)) / len(ada))


def rumus(capaian_persen: Decimal | None, serapan_persen: Decimal | None) -> str:
    """The efficiency formula with the numbers, as the pages print it:
    "Efisiensi = capaian kinerja ÷ serapan anggaran = 90,00% ÷ 75,00% = 1,20", or why it cannot be computed
    ("Efisiensi tidak dapat dihitung: serapan anggaran 0%"). Either way a clause without its closing period, so
    a caller that goes on with another sentence closes it once (`sakip.lib.teks.kalimat`; the LKjIP's "….
    Sumber anggaran: …")."""
    nilai = efisiensi(capaian_persen, serapan_persen)
    if nilai is not None:
        angka = f"{format_persen(capaian_persen)} ÷ {format_persen(serapan_persen)} = {format_angka(nilai)}"
        return f"{RUMUS_EFISIENSI} = {angka}"
    if serapan_persen is None:
        sebab = "belum ada pagu atau realisasi anggaran"
    elif serapan_persen <= 0:
        sebab = "serapan anggaran 0%"
    else:
        sebab = "belum ada capaian dari realisasi terverifikasi"
    return f"Efisiensi tidak dapat dihitung: {sebab}"
