"""Reads of budgets: each PD's pagu and spending for a year beside its capaian kinerja, serapan and
efficiency (DOMAIN.md §4), in a fixed number of queries whatever the number of PD."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, boleh
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import bulatkan, format_angka, format_persen
from sakip.lib.kueri import salah_satu

from .. import capaian
from ..models import Anggaran, Indikator, Realisasi, Target
from . import ROMAWI, realisasi_terverifikasi
from .riwayat import EntriRiwayat, riwayat_anggaran

if TYPE_CHECKING:
    from .anggaran_pohon import AnggaranPD

KOLOM = ["pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]


def rupiah(nilai: Decimal | None) -> str:
    """ "Rp1.234.567.890" (no decimals: budgets are whole rupiah), "–" when empty."""
    return "–" if nilai is None else f"Rp{format_angka(nilai, 0)}"


def _isian(nilai: Decimal | None) -> str:
    if nilai is None:
        return ""
    normal = nilai.normalize()
    return format_angka(normal, max(0, -normal.as_tuple().exponent))


@dataclass
class BarisAnggaran:
    """One PD's budget for the year with its capaian kinerja; `isian`/`galat` after a refused save."""

    perangkat_daerah: PerangkatDaerah
    anggaran: Anggaran | None
    capaian_kinerja: Decimal | None
    indikator_dinilai: int
    isian: dict[str, str] = field(default_factory=dict)
    galat: dict[str, list[str]] = field(default_factory=dict)
    # THE budget of the PD for the year (`anggaran_pohon.anggaran_pd_tahun`): the sum of its sub kegiatan
    # budgets, or `anggaran` (the PD-level row, which the form edits) as the fallback. Figures come from it.
    dipakai: AnggaranPD | None = None

    @property
    def realisasi_total(self) -> Decimal | None:
        return self.dipakai.realisasi_total if self.dipakai else None

    @property
    def serapan(self) -> Decimal | None:
        """realisasi anggaran ÷ pagu × 100 (capaian.serapan_anggaran)."""
        return capaian.serapan_anggaran(self.realisasi_total, self.dipakai.pagu) if self.dipakai else None

    @property
    def efisiensi(self) -> Decimal | None:
        """capaian kinerja − serapan anggaran, in percentage points (capaian.efisiensi)."""
        return capaian.efisiensi(self.capaian_kinerja, self.serapan)

    @property
    def melebihi_pagu(self) -> bool:
        total = self.realisasi_total
        return bool(self.dipakai and total is not None and total > self.dipakai.pagu)

    @property
    def teks(self) -> dict[str, str]:
        """The figures as shown: rupiah, percentages with a comma, "–" when not available."""
        a = self.dipakai
        hasil = {k: rupiah(getattr(a, k) if a else None) for k in KOLOM}
        hasil["sumber"] = a.sumber_teks if a else ""
        hasil["total"] = rupiah(self.realisasi_total)
        terisi = [ROMAWI[tw] for tw in capaian.TRIWULAN if a and getattr(a, f"realisasi_t{tw}") is not None]
        hasil["triwulan_terisi"] = _("TW %(tw)s") % {"tw": ", ".join(terisi)} if terisi else ""
        for kunci in ("serapan", "capaian_kinerja", "efisiensi"):
            nilai = getattr(self, kunci)
            hasil[kunci] = format_persen(nilai)
        return hasil

    @property
    def nilai_isian(self) -> dict[str, str]:
        """The values in the form: what the user typed, else the stored ones ("1.234.567.890")."""
        if self.isian:
            return self.isian
        return {k: _isian(getattr(self.anggaran, k)) if self.anggaran else "" for k in KOLOM}

    @property
    def rumus(self) -> dict[str, str]:
        """The formulas with this PD's numbers, shown beside the percentages (DOMAIN.md §4)."""
        t = self.teks
        hasil = {
            "serapan": _("Realisasi anggaran ÷ Pagu × 100%% = %(total)s ÷ %(pagu)s × 100%% = %(serapan)s")
            % {"total": t["total"], "pagu": t["pagu"], "serapan": t["serapan"]},
            "capaian_kinerja": _("Rata-rata capaian %(n)s indikator dari realisasi terverifikasi = %(c)s")
            % {"n": self.indikator_dinilai, "c": t["capaian_kinerja"]},
            "efisiensi": _("Capaian kinerja − Serapan anggaran = %(c)s − %(s)s = %(e)s poin")
            % {"c": t["capaian_kinerja"], "s": t["serapan"], "e": t["efisiensi"]},
        }
        return hasil

    @property
    def peringatan(self) -> str:
        if not self.melebihi_pagu:
            return ""
        return _("Total realisasi %(total)s melebihi pagu %(pagu)s (serapan %(serapan)s). Periksa kembali.") % {
            "total": rupiah(self.realisasi_total),
            "pagu": rupiah(self.dipakai.pagu),
            "serapan": self.teks["serapan"],
        }


@dataclass
class HalamanAnggaran:
    """The budget table of a year: one row per PD in the user's scope, and whether the user may edit."""

    tahun: int
    baris: list[BarisAnggaran]
    boleh_kelola: bool
    riwayat: list[EntriRiwayat] = field(default_factory=list)

    @property
    def jumlah(self) -> dict[str, str]:
        """City totals of pagu and spending, and the city's serapan."""
        if not any(b.dipakai for b in self.baris):
            return {"pagu": "–", "total": "–", "serapan": "–"}
        pagu = sum((b.dipakai.pagu for b in self.baris if b.dipakai), Decimal(0))
        total = sum((b.realisasi_total or 0 for b in self.baris), Decimal(0))
        serapan = capaian.serapan_anggaran(total, pagu)
        return {
            "pagu": rupiah(pagu),
            "total": rupiah(total),
            "serapan": format_persen(serapan),
        }


def capaian_indikator(*, indikator: list[Indikator], tahun: int) -> dict[int, Decimal]:
    """Each indicator's capaian (%) for `tahun` from verified realisations only (`realisasi_terverifikasi`).
    An indicator is measured up to its last verified quarter, against that quarter's target when set (else
    the year's), as the input page does; indicators without a verified value or a usable target are left
    out. Two queries."""
    ids = [i.pk for i in indikator]
    target = {t.indikator_id: t for t in Target.objects.filter(salah_satu("indikator_id", ids), tahun=tahun)}
    nilai, _belum = realisasi_terverifikasi(Realisasi.objects.filter(salah_satu("indikator_id", ids), tahun=tahun))
    hasil: dict[int, Decimal] = {}
    for ind in indikator:
        per_tw, t = nilai.get((ind.pk, tahun)), target.get(ind.pk)
        if not per_tw or t is None:
            continue
        tahunan = capaian.nilai_tahunan(per_tw, ind.agregasi)
        c = capaian.hitung_capaian(tahunan, t.sebagai_capaian(max(per_tw)), ind.arah)
        if c.persen is not None:
            hasil[ind.pk] = c.persen
    return hasil


def capaian_kinerja_pd(*, indikator: list[Indikator], tahun: int) -> dict[int, tuple[Decimal | None, int]]:
    """Each PD's capaian kinerja for `tahun`: the mean capaian of its indicators (`capaian_indikator`), with
    how many indicators had a percentage. Two queries."""
    per_indikator = capaian_indikator(indikator=indikator, tahun=tahun)
    persen: dict[int, list[Decimal]] = defaultdict(list)
    for ind in indikator:
        if ind.pk in per_indikator:
            persen[ind.perangkat_daerah_id].append(per_indikator[ind.pk])
    return {pd: (bulatkan(sum(p) / len(p)), len(p)) for pd, p in persen.items()}


def halaman_anggaran(*, user, tahun: int, perangkat_daerah: PerangkatDaerah | None = None) -> HalamanAnggaran:
    """The budgets of `tahun` for every PD the user may see (or one PD, with its history); six queries
    (seven with the history) whatever the number of PD."""
    from .anggaran_pohon import anggaran_pd_tahun  # it reads this module's helpers

    daftar_pd = PerangkatDaerah.objects.for_user(user, Aksi.LIHAT).order_by("kode")
    if perangkat_daerah is not None:
        daftar_pd = daftar_pd.filter(pk=perangkat_daerah.pk)
    daftar_pd = list(daftar_pd)
    anggaran = {a.perangkat_daerah_id: a for a in Anggaran.objects.filter(perangkat_daerah__in=daftar_pd, tahun=tahun)}
    indikator = list(
        Indikator.objects.filter(perangkat_daerah__in=daftar_pd).only("id", "perangkat_daerah", "arah", "agregasi")
    )
    kinerja = capaian_kinerja_pd(indikator=indikator, tahun=tahun)
    dipakai = anggaran_pd_tahun(daftar_pd, tahun)
    baris = [
        BarisAnggaran(pd, anggaran.get(pd.pk), *kinerja.get(pd.pk, (None, 0)), dipakai=dipakai.get(pd.pk))
        for pd in daftar_pd
    ]
    riwayat = riwayat_anggaran(baris[0].anggaran) if perangkat_daerah is not None and baris else []
    return HalamanAnggaran(tahun, baris, boleh(user, Aksi.KELOLA), riwayat)
