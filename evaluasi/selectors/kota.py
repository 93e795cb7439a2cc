"""The city's years: its self-estimate, official result and the PD results of each year, in a fixed
number of queries, and the share of PD at or above the thresholds (DOMAIN.md §3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from .. import scoring
from ..models import Evaluasi
from .mesin import hasil_banyak, instrumen_siap_per_id

# --- City years -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TahunKota:
    """One year of the city: the official result, the city's self-estimate and the PD internal shares."""

    tahun: int
    resmi: Evaluasi | None
    mandiri: Evaluasi | None
    mandiri_hasil: scoring.Hasil | None
    jumlah_pd: int
    jumlah_pd_final: int
    jumlah_pd_bb: int
    jumlah_pd_b: int


@dataclass(frozen=True, slots=True)
class HasilPd:
    """A PD evaluation as the city figures count it, read as plain values (no model instances)."""

    tahun: int
    jenis: str
    status: str
    perangkat_daerah_id: int
    kode: str
    nama: str
    singkatan: str
    instrumen_id: int
    ada_hasil: bool  # a stored HasilEvaluasi exists
    total: Decimal | None
    predikat: str | None
    skala_predikat: scoring.SkalaPredikat  # its instrument's band table

    @property
    def final(self) -> bool:
        return self.status == Evaluasi.Status.FINAL


_KOLOM_PD = (
    "tahun", "jenis", "status", "perangkat_daerah_id", "perangkat_daerah__kode", "perangkat_daerah__nama",
    "perangkat_daerah__singkatan", "instrumen_id", "hasil__id", "hasil__total", "hasil__predikat",
    "instrumen__diubah_pada", "instrumen__skala_predikat_id",
)  # fmt: skip


def tahun_kota(*, user, pemda_id: int, jumlah_pd: int) -> list[TahunKota]:
    """Per year (newest first), the city's figures: a fixed number of queries whatever the years."""
    return tahun_kota_dengan_pd(user=user, pemda_id=pemda_id, jumlah_pd=jumlah_pd)[0]


def tahun_kota_dengan_pd(*, user, pemda_id: int, jumlah_pd: int) -> tuple[list[TahunKota], list[HasilPd]]:
    """`tahun_kota`, and the PD evaluations it counted (every year, ordered by year down and PD code)."""
    return _tahun_kota_dari(Evaluasi.objects.for_user(user).filter(pemda_id=pemda_id), jumlah_pd)


def tahun_kota_laporan(*, pemda_id: int, jumlah_pd: int) -> list[TahunKota]:
    """`tahun_kota` for a report task: the request was checked when the report was asked for, and the city
    report shows the whole pemda."""
    return _tahun_kota_dari(Evaluasi.objects.filter(pemda_id=pemda_id), jumlah_pd)[0]


def _tahun_kota_dari(qs: QuerySet, jumlah_pd: int) -> tuple[list[TahunKota], list[HasilPd]]:
    """Two queries (+1 for instruments not in the process cache): the few city rows as full objects, the
    many PD rows as plain values, since only their year, status and predicate are counted."""
    kota = list(
        qs.filter(perangkat_daerah__isnull=True).select_related(
            "instrumen__skala_predikat", "perangkat_daerah", "pemda", "hasil"
        )
    )
    baris = list(qs.filter(perangkat_daerah__isnull=False).values_list(*_KOLOM_PD))
    siap = instrumen_siap_per_id((b[7], b[11], b[12]) for b in baris)
    pd = [HasilPd(*b[:8], b[8] is not None, b[9], b[10], siap[b[7]].skala_predikat) for b in baris]
    per_tahun: dict[int, list[Evaluasi]] = defaultdict(list)
    for e in kota:
        per_tahun[e.tahun].append(e)
    pd_per_tahun: dict[int, list[HasilPd]] = defaultdict(list)
    for h in pd:
        pd_per_tahun[h.tahun].append(h)
    mandiri_kota = [e for e in kota if e.jenis == Evaluasi.Jenis.MANDIRI]
    hasil_mandiri = hasil_banyak(e for e in mandiri_kota if not punya_hasil(e))
    tahun = sorted(per_tahun.keys() | pd_per_tahun.keys(), reverse=True)
    return [_tahun_kota(t, per_tahun[t], pd_per_tahun[t], hasil_mandiri, jumlah_pd) for t in tahun], pd


@dataclass(frozen=True, slots=True)
class GambaranPd:
    """Which year's PD internal results are the city's current picture (issue 11 point 3).

    A year counts only once its internal evaluation is complete: at least `minimal` PD final, that is
    settings.SAKIP_EVALUASI_PD_LENGKAP_PERSEN % of the active PD (100: every one). A later year with
    fewer is "sedang berjalan" and is shown as such, never as the picture. Every PD share is over
    `jumlah_pd`, the active PD, on every page.
    """

    tahun: int | None  # the latest complete year (None: none yet)
    berjalan: int | None  # a later year whose evaluation is under way
    berjalan_final: int  # final PD evaluations of that year so far
    jumlah_pd: int  # the base of every share: the active PD
    minimal: int  # final PD evaluations a year needs to be complete

    def lengkap(self, jumlah_final: int) -> bool:
        """Whether a year with `jumlah_final` final PD evaluations is complete."""
        return self.jumlah_pd > 0 and jumlah_final >= self.minimal


def gambaran_pd(final_per_tahun: Mapping[int, int], *, jumlah_pd: int, sampai: int | None = None) -> GambaranPd:
    """The complete and the running year of the PD internal evaluations, from the number of final PD
    evaluations per year (`TahunKota.jumlah_pd_final`), considering years up to `sampai`."""
    persen = settings.SAKIP_EVALUASI_PD_LENGKAP_PERSEN
    minimal = max(1, -(-jumlah_pd * persen // 100))  # a share "past" the setting: rounded up
    tahun = {t: n for t, n in final_per_tahun.items() if n and (sampai is None or t <= sampai)}
    lengkap = max((t for t, n in tahun.items() if jumlah_pd and n >= minimal), default=None)
    berjalan = max((t for t in tahun if lengkap is None or t > lengkap), default=None)
    return GambaranPd(lengkap, berjalan, tahun.get(berjalan, 0), jumlah_pd, minimal)


def punya_hasil(e: Evaluasi) -> bool:
    """Whether the evaluation has a stored HasilEvaluasi (loaded with select_related)."""
    try:
        return e.hasil is not None
    except Evaluasi.hasil.RelatedObjectDoesNotExist:
        return False


def _tahun_kota(tahun: int, kota: list[Evaluasi], pd: list[HasilPd], hasil_mandiri: dict, jumlah_pd: int) -> TahunKota:
    per_jenis = {e.jenis: e for e in kota}
    internal = [h for h in pd if h.jenis == Evaluasi.Jenis.INTERNAL and h.final and h.ada_hasil]
    bb = b = 0
    for h in internal:
        s = h.skala_predikat
        peringkat = s.peringkat(h.predikat)
        bb += peringkat >= s.peringkat(scoring.PREDIKAT_AMBANG_TINGGI)
        b += peringkat >= s.peringkat(scoring.PREDIKAT_AMBANG_DASAR)
    mandiri = per_jenis.get(Evaluasi.Jenis.MANDIRI)
    return TahunKota(
        tahun=tahun,
        resmi=per_jenis.get(Evaluasi.Jenis.RESMI),
        mandiri=mandiri,
        mandiri_hasil=hasil_mandiri.get(mandiri.pk) if mandiri else None,
        jumlah_pd=jumlah_pd,
        jumlah_pd_final=len(internal),
        jumlah_pd_bb=bb,
        jumlah_pd_b=b,
    )
