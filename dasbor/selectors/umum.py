"""What both dashboards share: the city target, the "two thirds" line, formatting of scores and gaps,
and which evaluation year a dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count

from evaluasi import scoring
from evaluasi.models import Evaluasi
from evaluasi.selectors import GambaranPd, gambaran_pd
from sakip.lib.angka import bulatkan, format_angka

# DOMAIN.md §3: the BB descriptor reads "very good accountability in two thirds of the units". It is a
# descriptor, not a computed criterion; the dashboards draw the share of PD at BB or above against it.
DUA_PERTIGA = Decimal(2) / Decimal(3)
SERATUS = Decimal(100)


def target_nilai_kota() -> Decimal:
    """The city's target total (settings.SAKIP_TARGET_NILAI_KOTA, 70 by default)."""
    return Decimal(str(settings.SAKIP_TARGET_NILAI_KOTA))


def persen(bagian: int | Decimal, keseluruhan: int | Decimal) -> Decimal | None:
    """bagian ÷ keseluruhan × 100, 2 decimals; None when there is nothing to divide by."""
    if not keseluruhan:
        return None
    return bulatkan(Decimal(bagian) * SERATUS / Decimal(keseluruhan))


def teks_selisih(nilai: Decimal | None) -> str:
    """A change with its sign: "+1,73", "−0,50", "0,00"; "–" when unknown."""
    if nilai is None:
        return "–"
    if nilai > 0:
        return f"+{format_angka(nilai)}"
    if nilai < 0:
        return f"−{format_angka(-nilai)}"
    return format_angka(nilai)


@dataclass(frozen=True)
class Nilai:
    """A score as a dashboard shows it: the year, total, predicate and where it comes from."""

    tahun: int
    total: Decimal
    predikat: str
    predikat_nama: str
    jenis: str  # Evaluasi.Jenis: resmi, mandiri or internal
    sumber: str  # the label shown beside the figure
    sementara: bool = False  # not final yet (a live score of answers still being entered)

    @property
    def total_teks(self) -> str:
        return format_angka(self.total)

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun)


SUMBER = {
    Evaluasi.Jenis.RESMI: "Hasil resmi KemenPANRB",
    Evaluasi.Jenis.MANDIRI: "Perkiraan mandiri",
    Evaluasi.Jenis.INTERNAL: "Evaluasi internal Inspektorat",
}


def nilai_dari(e: Evaluasi, hasil_live: scoring.Hasil | None = None, *, sumber: str = "") -> Nilai | None:
    """The score of an evaluation: its stored result, else the engine's live result of its answers."""
    from evaluasi.selectors import punya_hasil

    if punya_hasil(e):
        h = e.hasil
        return Nilai(e.tahun, h.total, h.predikat, h.predikat_nama, e.jenis, sumber or SUMBER[e.jenis])
    if hasil_live is None:
        return None
    band = hasil_live.predikat
    return Nilai(
        e.tahun,
        hasil_live.total,
        band.kode,
        band.nama,
        e.jenis,
        sumber or SUMBER[e.jenis],
        sementara=True,
    )


def gambaran_evaluasi_pd(*, user, tahun: int, jumlah_pd: int) -> GambaranPd:
    """The complete and the running year of the PD internal evaluations up to `tahun`, by the same rule as
    the wali kota's dashboard and the city results page (evaluasi.selectors.gambaran_pd); 1 query."""
    final_per_tahun = dict(
        Evaluasi.objects.for_user(user)
        .filter(
            tahun__lte=tahun,
            jenis=Evaluasi.Jenis.INTERNAL,
            status=Evaluasi.Status.FINAL,
            perangkat_daerah__isnull=False,
            hasil__isnull=False,
        )
        .values_list("tahun")
        .annotate(n=Count("pk"))
    )
    return gambaran_pd(final_per_tahun, jumlah_pd=jumlah_pd)
