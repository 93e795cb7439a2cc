"""LKjIP appendices beyond the PK and the Pengukuran Kinerja table (issue 14 point 7), as plain values:

- the IKU of the report's scope (the PD's, or the city's for the city report) with their manuals
  (`kinerja/models_manual.ManualIK`), one query;
- the performance tree as a compact outline of the report's scope: a PD's branch of the year, or the city
  levels (tujuan, sasaran RPJMD, tematik) for the city. The PD branches of a whole city run to thousands of
  nodes (bench/pohon.py: 8,000), more than an appendix can carry, so the city report, and a PD branch above
  `BATAS_POHON` nodes, refer to the separate "Pohon Kinerja & Cascading" PDF (laporan/pohon.py) instead."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kinerja.models import Indikator, Sasaran
from kinerja.selectors.anggaran_pohon import dalam_tahun
from kinerja.selectors.rencana import _urut_pohon
from perangkat_daerah.models import PerangkatDaerah

BATAS_POHON = 150  # a branch with more nodes is referred to the tree PDF instead of printed here
KEDALAMAN_MAKS = 5


def _manual(ind: Indikator) -> dict:
    m = getattr(ind, "manual_ik", None)
    if m is None:
        return {"ada": False}
    return {
        "ada": True,
        "definisi": m.definisi,
        "rumus": m.rumus,
        "alasan": m.alasan,
        "jenis": m.get_jenis_display(),
        "sumber_data": m.sumber_data,
        "penanggung_jawab": m.penanggung_jawab,
        "periode_pelaporan": m.get_periode_pelaporan_display(),
    }


def iku(*, pemda_id: int, perangkat_daerah: PerangkatDaerah | None, tahun: int) -> list[dict]:
    """The IKU of the scope in the period covering `tahun`, with their manuals (one query)."""
    periode = Q(sasaran__periode__isnull=True) | Q(
        sasaran__periode__tahun_mulai__lte=tahun, sasaran__periode__tahun_akhir__gte=tahun
    )
    qs = Indikator.objects.filter(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, iku=True).filter(periode)
    qs = qs.select_related("sasaran", "manual_ik").order_by("sasaran__kode", "urutan", "kode")
    return [
        {
            "kode": i.kode,
            "uraian": i.uraian,
            "satuan": i.satuan,
            "sasaran": f"{i.sasaran.kode} {i.sasaran.uraian}",
            "arah": i.get_arah_display(),
            "manual": _manual(i),
        }
        for i in qs
    ]


def _garis(simpul: list[Sasaran], jumlah_indikator: dict[int, int]) -> list[dict]:
    return [
        {
            "kedalaman": min(d, KEDALAMAN_MAKS),
            "tingkat": s.tingkat.nama if s.tingkat else _("Tanpa tingkat"),
            "kode": s.kode_nomenklatur or s.kode,
            "uraian": s.uraian,
            "indikator": jumlah_indikator.get(s.pk, 0),
        }
        for s, d in _urut_pohon(simpul)
    ]


def pohon(*, pemda_id: int, perangkat_daerah: PerangkatDaerah | None, tahun: int) -> dict:
    """The outline of the report's scope (two queries), or a reference to the tree PDF when too large."""
    tahunan = dalam_tahun(tahun, pemda_id=pemda_id)
    qs = Sasaran.objects.filter(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah).filter(tahunan)
    qs = qs.select_related("tingkat").annotate(n_ind=Count("indikator", distinct=True))
    jumlah = qs.count()
    hasil = {"untuk_pd": perangkat_daerah is not None, "jumlah": jumlah, "garis": [], "rujukan": False}
    if jumlah > BATAS_POHON:
        return hasil | {"rujukan": True}
    simpul = list(qs)
    hasil["garis"] = _garis(simpul, {s.pk: s.n_ind for s in simpul})
    if perangkat_daerah is None:
        cabang = Sasaran.objects.filter(pemda_id=pemda_id, perangkat_daerah__isnull=False).filter(tahunan)
        hasil["jumlah_cabang_pd"] = cabang.count()
        hasil["rujukan"] = True  # the PD branches are in the tree PDF
    return hasil
