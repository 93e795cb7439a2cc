"""Reads of the evaluasi app, always through the access choke point, and the adapter that builds the
scoring engine's input from the ORM in a fixed number of queries.

An instrument is turned into the engine's frozen dataclasses once per (id, diubah_pada) and cached in the
process; every change to an instrument, its parts or its band table touches `diubah_pada`, so a cached
copy is never stale.

The package: `mesin` (the engine adapter, answers and results), `evaluasi` (evaluation rows in scope),
`kota` (the city's years and the PD overview), `pilihan` (THE lookup of a pemda's instruments and band
tables) and `rekomendasi`.
"""

from __future__ import annotations

from .evaluasi import (
    alasan_lhe_tidak_dicetak,
    evaluasi_dasar,
    evaluasi_list,
    evaluasi_pasangan_mandiri,
    jawaban_baris,
    nilai_sub_baris,
)
from .kota import (
    GambaranPd,
    HasilPd,
    TahunKota,
    gambaran_pd,
    punya_hasil,
    tahun_kota,
    tahun_kota_dengan_pd,
    tahun_kota_laporan,
)
from .mesin import (
    _CACHE,
    InfoKomponen,
    InfoKriteria,
    InfoSub,
    InstrumenSiap,
    Masukan,
    hasil_banyak,
    hitung,
    instrumen_siap,
    instrumen_siap_per_id,
    instrumen_untuk_engine,
    masukan_dari_baris,
    masukan_evaluasi,
    rencana,
    skala_predikat_engine,
)
from .pilihan import instrumen_hasil_resmi, instrumen_pemda, instrumen_terlihat, skala_pemda, skala_terlihat
from .rekomendasi import kalimat_rekomendasi, poin_rekomendasi, rekomendasi_list, usulan_rekomendasi

__all__ = [
    "alasan_lhe_tidak_dicetak",
    "GambaranPd",
    "HasilPd",
    "InfoKomponen",
    "InfoKriteria",
    "InfoSub",
    "InstrumenSiap",
    "Masukan",
    "TahunKota",
    "_CACHE",
    "evaluasi_dasar",
    "evaluasi_list",
    "evaluasi_pasangan_mandiri",
    "gambaran_pd",
    "hasil_banyak",
    "hitung",
    "instrumen_hasil_resmi",
    "instrumen_pemda",
    "instrumen_siap",
    "instrumen_siap_per_id",
    "instrumen_terlihat",
    "instrumen_untuk_engine",
    "jawaban_baris",
    "masukan_dari_baris",
    "masukan_evaluasi",
    "nilai_sub_baris",
    "kalimat_rekomendasi",
    "poin_rekomendasi",
    "punya_hasil",
    "rekomendasi_list",
    "usulan_rekomendasi",
    "rencana",
    "skala_pemda",
    "skala_predikat_engine",
    "skala_terlihat",
    "tahun_kota",
    "tahun_kota_dengan_pd",
    "tahun_kota_laporan",
]
