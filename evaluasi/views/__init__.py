"""Pages of the evaluasi app: the list, the worksheet (self-assessment / Inspektorat) with a live htmx
preview, the result with lost points and the what-if plan, the city years, the official result form, and
recommendations. Thin: reads through selectors, writes through services, formatting in `tampilan`.

The package: `dasar` (what every page shares), `daftar`, `lembar`, `hasil`, `kota`,
`pengaturan` (the pemda's instruments and scale) and `rekomendasi`."""

from __future__ import annotations

from .daftar import buat, daftar
from .hasil import hasil, rencana
from .kota import TanpaInstrumen, kota, lhe_pd_baru, resmi_baru
from .lembar import bukti, lembar, pratinjau, ubah_status
from .pengaturan import pengaturan
from .rekomendasi import rekomendasi_baru, rekomendasi_bukti, rekomendasi_daftar, rekomendasi_detail

__all__ = [
    "TanpaInstrumen",
    "buat",
    "bukti",
    "daftar",
    "hasil",
    "kota",
    "lembar",
    "pengaturan",
    "pratinjau",
    "rekomendasi_baru",
    "rekomendasi_bukti",
    "rekomendasi_daftar",
    "rekomendasi_detail",
    "rencana",
    "lhe_pd_baru",
    "resmi_baru",
    "ubah_status",
]
