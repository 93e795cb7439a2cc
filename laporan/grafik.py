"""Charts for the PDFs as SVG, drawn on the server with matplotlib, returned as data: URIs."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from sakip.lib.angka import format_angka, format_persen  # noqa: E402

WARNA_UTAMA = "#0b4f8a"
WARNA_TARGET = "#b3261e"
WARNA_ABU = "#9aa5b1"


def _data_uri(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()


def _sumbu_id(ax, sumbu: str = "y") -> None:
    """Axis tick labels with the Indonesian decimal comma."""
    fmt = FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ","))
    (ax.yaxis if sumbu == "y" else ax.xaxis).set_major_formatter(fmt)


def batang_capaian(label: Sequence[str], persen: Sequence[Decimal | None], judul: str) -> str:
    """Horizontal bars of capaian % per indicator with the 100 % line."""
    tinggi = max(2.0, 0.38 * len(label) + 0.8)
    fig, ax = plt.subplots(figsize=(6.6, tinggi))
    nilai = [float(p) if p is not None else 0.0 for p in persen]
    warna = [WARNA_UTAMA if p is not None else WARNA_ABU for p in persen]
    posisi = range(len(label))
    ax.barh(list(posisi), nilai, color=warna, height=0.6)
    # indicator names are users' text: "$" must not start matplotlib mathtext (a bad one fails the report)
    label = [teks if len(teks) <= 48 else teks[:46] + "…" for teks in label]
    ax.set_yticks(list(posisi), label, fontsize=7, parse_math=False)
    ax.invert_yaxis()
    ax.axvline(100, color=WARNA_TARGET, linewidth=1, linestyle="--")
    for y, (v, p) in enumerate(zip(nilai, persen, strict=True)):
        ax.text(v + 1, y, format_persen(p) if p is not None else "belum dilaporkan", va="center", fontsize=7)
    ax.set_xlabel("Capaian (%)", fontsize=8)
    ax.set_title(judul, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlim(0, max([110.0, *nilai]) * 1.18)
    _sumbu_id(ax, "x")
    return _data_uri(fig)


def garis_tren(tahun: Sequence[int], nilai: Sequence[Decimal | None], target: Decimal | None, judul: str) -> str:
    """A line of values over the years, with the target as a dashed line."""
    fig, ax = plt.subplots(figsize=(6.0, 2.6))
    titik = [(t, float(v)) for t, v in zip(tahun, nilai, strict=True) if v is not None]
    if titik:
        ax.plot([t for t, _ in titik], [v for _, v in titik], marker="o", color=WARNA_UTAMA)
        for t, v in titik:
            ax.annotate(format_angka(v), (t, v), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    if target is not None:
        ax.axhline(float(target), color=WARNA_TARGET, linestyle="--", linewidth=1, label="Target")
        ax.legend(fontsize=7, loc="lower right")
    ax.set_xticks(list(tahun), [str(t) for t in tahun], fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    _sumbu_id(ax, "y")
    ax.set_title(judul, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return _data_uri(fig)
