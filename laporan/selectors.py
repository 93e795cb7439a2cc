"""Reads of the laporan app, through the access choke point."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import PerangkatDaerah

from .models import BatchLaporan, Laporan


def laporan_list(*, user, tahun: int, jenis: str = "", pd_id: str = "", status: str = "") -> QuerySet:
    """The report jobs of a year that the user may see, newest first, optionally filtered."""
    qs = Laporan.objects.for_user(user).filter(tahun=tahun).select_related("perangkat_daerah", "diminta_oleh")
    if jenis:
        qs = qs.filter(jenis=jenis)
    if pd_id.isdigit():
        qs = qs.filter(perangkat_daerah_id=int(pd_id))
    if status:
        qs = qs.filter(status=status)
    return qs


def pd_untuk_laporan(*, user) -> QuerySet:
    """The PD whose reports the user may request."""
    return PerangkatDaerah.objects.for_user(user, Aksi.BUAT_LAPORAN).filter(aktif=True).order_by("kode")


def batch_progres(*, user, batch_id: int) -> dict | None:
    """A batch's counts per status, in one query; None when out of scope."""
    # a batch is Bagian Organisasi's tool; its counts cover every PD, so PD users do not see it
    batch = BatchLaporan.objects.for_user(user, Aksi.KELOLA).filter(pk=batch_id).first()
    if batch is None:
        return None
    S = Laporan.Status
    hitung = Laporan.objects.filter(batch=batch).aggregate(
        total=Count("pk"), **{s: Count("pk", filter=Q(status=s)) for s in S.values}
    )
    selesai = hitung[S.SELESAI] + hitung[S.GAGAL]
    persen = round(100 * selesai / hitung["total"]) if hitung["total"] else 100
    return {"batch": batch, "hitung": hitung, "persen": persen, "berjalan": selesai < hitung["total"]}
