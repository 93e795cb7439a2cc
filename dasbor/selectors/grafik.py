"""Chart data for static/js/dasbor.js: plain numbers (float) and labels, rendered with `json_script`.
The same numbers are in the tables beside every chart; nothing here computes a figure anew."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pimpinan import DasborPimpinan


def _f(nilai: Decimal | None) -> float | None:
    return None if nilai is None else float(nilai)


def _tren(d: DasborPimpinan) -> dict:
    return {
        "tahun": [b.tahun_teks for b in d.tren],
        "resmi": [_f(b.resmi.total) if b.resmi else None for b in d.tren],
        "mandiri": [_f(b.mandiri.total) if b.mandiri else None for b in d.tren],
        "target": _f(d.sasaran.jarak.target) if d.sasaran else None,
        "bands": [{"kode": b.kode, "bawah": _f(b.batas_bawah), "atas": _f(b.batas_atas)} for b in d.bands],
        "label": {
            "resmi": "Hasil resmi KemenPANRB",
            "mandiri": "Perkiraan mandiri kota (bukan resmi)",
            "target": "Target",
        },
    }


def _komponen(d: DasborPimpinan) -> dict:
    """The component values of the table's main column only (one source per chart, named in its legend)."""
    if d.komponen is None:
        return {}
    return {
        "label": [f"{k.kode}. {k.nama}" for k in d.komponen],
        "nilai": [_f(k.utama) for k in d.komponen],
        "maks": [_f(k.bobot) for k in d.komponen],
        "sumber": d.komponen.sumber_utama,
    }


def _pd(d: DasborPimpinan) -> dict:
    if d.pd is None:
        return {}
    tren = [b for b in d.tren if b.bagian_bb is not None]
    return {
        "distribusi": {
            "kode": [kode for kode, _nama, _n in d.pd.distribusi],
            "jumlah": [n for _kode, _nama, n in d.pd.distribusi],
        },
        "bagian": {
            "tahun": [b.tahun_teks for b in tren],
            "bb": [_f(b.bagian_bb) for b in tren],
            "b": [_f(b.bagian_b) for b in tren],
            "dua_pertiga": _f(round(d.dua_pertiga, 2)),
        },
    }


def _iku(d: DasborPimpinan) -> dict:
    return {
        "tahun": [str(t) for t in d.iku_tahun],
        "seri": [{"label": f"{b.kode} {b.uraian}", "data": [_f(s.hasil.persen) for s in b.tren]} for b in d.iku],
    }


def grafik_pimpinan(d: DasborPimpinan) -> dict:
    """Data of every chart of the wali kota's dashboard, by chart id."""
    return {"tren": _tren(d), "komponen": _komponen(d), "pd": _pd(d), "iku": _iku(d)}
