"""Charts for the PDFs, made on the server. The capaian bars are an HTML table (rows of plain values the
template draws with CSS): WeasyPrint lays out a table in a fraction of the time it takes to draw an SVG of
the same bars, the rows break across pages with the header repeated, and indicator names wrap instead of
being cut. The trend line stays a matplotlib SVG (data: URI), its text as SVG text rather than glyph paths
(each glyph path costs WeasyPrint's SVG renderer several milliseconds); matplotlib loads only when it is drawn."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from decimal import Decimal

from sakip.lib.angka import format_angka, format_persen

WARNA_UTAMA = "#0b4f8a"
WARNA_TARGET = "#b3261e"
TARGET_PERSEN = 100  # a capaian of 100 % meets the target: the dashed line of the bar chart
LANGKAH_SKALA = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)
JUMLAH_GARIS_SKALA = 6  # at most this many steps on the bar chart's axis


def pyplot():
    """matplotlib's pyplot, imported on first use: only the city's trend needs it, and a process that renders
    PD reports only is spared its 38 MiB and half a second of imports."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text as <text>, drawn with the document's fonts (not glyph paths)
    return plt


def _data_uri(fig, judul: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Title": judul})
    pyplot().close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()


def _sumbu_id(ax, sumbu: str = "y") -> None:
    """Axis tick labels with the Indonesian decimal comma."""
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ","))
    (ax.yaxis if sumbu == "y" else ax.xaxis).set_major_formatter(fmt)


def _skala(terbesar: float) -> tuple[int, int]:
    """The bar axis's end and step: from 0, past the largest bar and the 100 % line, in round steps."""
    ujung = max(float(TARGET_PERSEN) * 1.1, terbesar * 1.05)
    langkah = next((s for s in LANGKAH_SKALA if ujung / s <= JUMLAH_GARIS_SKALA), LANGKAH_SKALA[-1])
    return math.ceil(ujung / langkah) * langkah, langkah


def _posisi(nilai: float, ujung: int) -> str:
    return f"{min(max(nilai, 0.0), ujung) * 100 / ujung:.2f}%"


def batang_capaian(label: Sequence[str], persen: Sequence[Decimal | None], judul: str) -> dict:
    """Horizontal bars of capaian % per indicator, from 0, with the 100 % line: one row per indicator (its
    whole name, the bar's length as a CSS width, the value as text; an indicator without a capaian has no
    bar and says so), the axis ticks and the target line's position, for templates/laporan/pdf/_grafik.html."""
    nilai = [float(p) if p is not None else 0.0 for p in persen]
    ujung, langkah = _skala(max(nilai, default=0.0))
    return {
        "judul": judul,
        "baris": [
            {
                "label": teks,
                "lebar": _posisi(v, ujung),
                "nilai": format_persen(p) if p is not None else "belum dilaporkan",
                "dinilai": p is not None,
            }
            for teks, v, p in zip(label, nilai, persen, strict=True)
        ],
        "skala": [{"teks": f"{t}%", "posisi": _posisi(t, ujung)} for t in range(0, ujung + 1, langkah)],
        "target": _posisi(TARGET_PERSEN, ujung),
    }


def _letak_label(nilai: float, target: Decimal | None) -> tuple[int, str]:
    """Where a trend point's value label goes (offset in points, vertical alignment): on the side of the point
    away from the target line, so a value just under the target does not print across the dashed line; a
    value near 0 keeps its label above, clear of the axis."""
    if target is not None and nilai < float(target) and nilai > 10:
        return -5, "top"
    return 5, "bottom"


def garis_tren(tahun: Sequence[int], nilai: Sequence[Decimal | None], target: Decimal | None, judul: str) -> str:
    """A line of values over the years, with the target as a dashed line; the axis from 0 to at least 100 (a
    SAKIP value is out of 100: a narrower axis would make a small change look large). `judul` names the SVG;
    the document prints it in the figure's caption."""
    fig, ax = pyplot().subplots(figsize=(6.0, 2.6))
    titik = [(t, float(v)) for t, v in zip(tahun, nilai, strict=True) if v is not None]
    if titik:
        ax.plot([t for t, _ in titik], [v for _, v in titik], marker="o", color=WARNA_UTAMA)
        for t, v in titik:
            dy, va = _letak_label(v, target)
            ax.annotate(format_angka(v), (t, v), textcoords="offset points", xytext=(0, dy), ha="center", va=va,
                        fontsize=7)  # fmt: skip
    if target is not None:
        ax.axhline(float(target), color=WARNA_TARGET, linestyle="--", linewidth=1, label="Target")
        ax.legend(fontsize=7, loc="lower right")
    ax.set_xticks(list(tahun), [str(t) for t in tahun], fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    _sumbu_id(ax, "y")
    tertinggi = [v for _t, v in titik] + ([float(target)] if target is not None else [])
    ax.set_ylim(0, max(100.0, *(v * 1.1 for v in tertinggi)))
    ax.spines[["top", "right"]].set_visible(False)
    return _data_uri(fig, judul)
