"""THE explanations of a year's verified realisations, per indicator and quarter (one query): the LKjIP's
analysis 5 (`laporan/analisis.py`, `laporan/narasi.py`) and the Renja evaluation table E.81
(`kinerja/selectors/e81.py`) read them here. Only verified rows count (DOMAIN §6)."""

from __future__ import annotations

from collections import defaultdict

from sakip.lib.kueri import salah_satu
from sakip.lib.teks import kalimat

from ..models import TRIWULAN_PILIHAN, Realisasi


def penjelasan_terverifikasi(indikator_ids: list[int], tahun: int) -> dict[int, list[str]]:
    """The explanations of the year's verified realisations, per indicator, quarter by quarter (one query)."""
    hasil: dict[int, list[str]] = defaultdict(list)
    qs = (
        Realisasi.objects.filter(
            salah_satu("indikator_id", indikator_ids), tahun=tahun, status=Realisasi.Status.DIVERIFIKASI
        )
        .exclude(penjelasan="")
        .order_by("indikator_id", "triwulan")
        .values_list("indikator_id", "triwulan", "penjelasan")
    )
    sebelumnya: dict[int, str] = {}
    for iid, tw, teks in qs:
        teks = teks.strip()
        if sebelumnya.get(iid) != teks:  # a text repeated quarter after quarter is said once
            hasil[iid].append(kalimat(f"TW {dict(TRIWULAN_PILIHAN)[tw]}: {teks}"))  # closed, as the next follows
        sebelumnya[iid] = teks
    return hasil
