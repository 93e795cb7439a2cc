"""Row factories for kinerja tests: sasaran, indikator, target, realisasi."""

from __future__ import annotations

import itertools
from decimal import Decimal

from kinerja.models import Indikator, Realisasi, Sasaran, Target

_urut = itertools.count(1)


def buat_sasaran(pemda, pd=None, **kw) -> Sasaran:
    """A sasaran of a PD (or of the city when `pd` is None)."""
    n = next(_urut)
    kw.setdefault("kode", f"S{n}")
    kw.setdefault("uraian", f"Sasaran uji {n}")
    return Sasaran.objects.create(pemda=pemda, perangkat_daerah=pd, **kw)


def buat_indikator(pd=None, *, sasaran=None, pemda=None, **kw) -> Indikator:
    """An indicator of `pd` (a new sasaran is made unless one is given); naik/akhir by default."""
    n = next(_urut)
    if sasaran is None:
        sasaran = buat_sasaran(pemda or pd.pemda, pd)
    kw.setdefault("kode", f"IK{n}")
    kw.setdefault("uraian", f"Indikator uji {n}")
    kw.setdefault("satuan", "%")
    kw.setdefault("urutan", n)
    return Indikator.objects.create(sasaran=sasaran, **kw)


def buat_target(indikator, tahun: int = 2025, **kw) -> Target:
    """A target; `nilai=` or `lo=`/`hi=` as text or numbers."""
    kw = {k: Decimal(str(v)) if v is not None else None for k, v in kw.items()}
    if not kw:
        kw["nilai"] = Decimal(100)
    return Target.objects.create(indikator=indikator, tahun=tahun, **kw)


def buat_realisasi(indikator, tahun: int = 2025, triwulan: int = 1, **kw) -> Realisasi:
    """A realisasi row written directly (tests that need a given status)."""
    if "nilai" in kw and kw["nilai"] is not None:
        kw["nilai"] = Decimal(str(kw["nilai"]))
    return Realisasi.objects.create(indikator=indikator, tahun=tahun, triwulan=triwulan, **kw)


def url_realisasi(pd, tahun: int = 2025, tw: int = 1) -> str:
    """The Input Realisasi page of a PD's quarter."""
    return f"/kinerja/realisasi/{pd.pk}/{tahun}/{tw}/"


def isian_realisasi(ind, nilai="", versi="", **kw) -> dict:
    """The POST of one row of the Input Realisasi page (`penjelasan=...`, `belum=...` by field prefix)."""
    data = {f"versi-{ind.pk}": versi, f"nilai-{ind.pk}": nilai, "aksi": kw.pop("aksi", "simpan")}
    data.update({f"{k}-{ind.pk}": v for k, v in kw.items()})
    return data
