"""Reads of the action plans (rencana aksi, issue 16 point 1), always through the access choke point and in a
fixed number of queries per page."""

from __future__ import annotations

from django.db.models import QuerySet

from perangkat_daerah.access import Aksi

from ..models import Indikator
from ..models_renaksi import INDIKATOR_RENAKSI, RealisasiAksi, RencanaAksi


def indikator_renaksi(user) -> QuerySet:
    """The indicators under which `user` may plan actions: the PK and sub kegiatan indicators of their own PD
    (operator and kepala PD, ISI)."""
    return Indikator.objects.for_user(user, Aksi.ISI).filter(INDIKATOR_RENAKSI)


def rencana_dapat_diisi(user) -> QuerySet:
    """The actions whose plan and monthly realisation `user` may write: their own PD's (ISI)."""
    return RencanaAksi.objects.for_user(user, Aksi.ISI)


def rencana_terlihat(user) -> QuerySet:
    """The actions `user` may read: their PD's, or the whole pemda for city roles."""
    return RencanaAksi.objects.for_user(user, Aksi.LIHAT)


def realisasi_aksi_terlihat(user) -> QuerySet:
    """The monthly realisations `user` may read."""
    return RealisasiAksi.objects.for_user(user, Aksi.LIHAT)
