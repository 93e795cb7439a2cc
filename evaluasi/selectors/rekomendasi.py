"""Recommendations in scope and the points of the criteria they concern."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from .. import scoring
from ..models import Evaluasi, Rekomendasi
from .mesin import hasil_banyak

# --- Recommendations --------------------------------------------------------------------------------------


def rekomendasi_list(*, user, status: str = "", tahun: int | None = None, perangkat_daerah_id=None) -> QuerySet:
    """Recommendations the user may see (PD roles: their own PD's), with what the pages need."""
    qs = (
        Rekomendasi.objects.for_user(user)
        .select_related("evaluasi__instrumen__skala_predikat", "evaluasi__perangkat_daerah", "perangkat_daerah")
        .prefetch_related("kriteria")
    )
    if status:
        qs = qs.filter(status=status)
    if tahun:
        qs = qs.filter(evaluasi__tahun=tahun)
    if perangkat_daerah_id:
        qs = qs.filter(perangkat_daerah_id=perangkat_daerah_id)
    return qs.order_by("batas_waktu", "pk")


def poin_rekomendasi(rekomendasi: list[Rekomendasi]) -> dict[int, Decimal | None]:
    """Points each recommendation's linked criteria would regain: the sum of their lost points.

    Scored on the recommendation's own evaluation when it has answers; an official result has none, so
    the city's self-estimate of that year stands in. None when no answered evaluation exists.
    """
    sumber = _evaluasi_berjawaban(rekomendasi)
    hasil = hasil_banyak({e.pk: e for e in sumber.values() if e is not None}.values())
    poin = {}
    for r in rekomendasi:
        e = sumber.get(r.pk)
        if e is None or e.pk not in hasil:
            poin[r.pk] = None
            continue
        kode = {kr.kode for kr in r.kriteria.all()}
        poin[r.pk] = sum(
            (p.poin for p in hasil[e.pk].poin_hilang if p.jenis == scoring.JENIS_KRITERIA and p.kode in kode),
            Decimal("0.00"),
        )
    return poin


def _evaluasi_berjawaban(rekomendasi: list[Rekomendasi]) -> dict[int, Evaluasi | None]:
    resmi = {(r.evaluasi.pemda_id, r.evaluasi.tahun) for r in rekomendasi if r.evaluasi.jenis == Evaluasi.Jenis.RESMI}
    pengganti = {}
    if resmi:
        for e in Evaluasi.objects.select_related("instrumen").filter(
            perangkat_daerah__isnull=True,
            jenis=Evaluasi.Jenis.MANDIRI,
            pemda_id__in={p for p, _ in resmi},
            tahun__in={t for _, t in resmi},
        ):
            pengganti[(e.pemda_id, e.tahun)] = e
    return {
        r.pk: (
            pengganti.get((r.evaluasi.pemda_id, r.evaluasi.tahun))
            if r.evaluasi.jenis == Evaluasi.Jenis.RESMI
            else r.evaluasi
        )
        for r in rekomendasi
    }
