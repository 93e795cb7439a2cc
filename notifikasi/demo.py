"""Demo notifications (issue 16 point 7): each demo user finds notifications waiting, and an e-mail address, so
the first daily run of `make run`'s beat prints their digests on the console. Built by the same rules as the
daily sweep, as of the demo's today (`konteks.hari_ini`: the clock, or `muat_demo --hari-ini`), and the returns
the kinerja demo wrote directly (a quarter's, an action plan's month) announced as the workflow would have."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from kinerja.models import Realisasi, RealisasiAksi
from perangkat_daerah.demo import PENGGUNA_DEMO

from . import aturan, services
from .models import Peristiwa

DOMAIN_SUREL = "demo.sakip.invalid"  # never deliverable: the console backend prints it anyway


def muat(konteks) -> None:
    """The demo pemda's events as of the demo's today, and the demo users' e-mail addresses."""
    User = get_user_model()
    for username, *_ in PENGGUNA_DEMO:
        User.objects.filter(username=username, email="").update(email=f"{username}@{DOMAIN_SUREL}")
    pemda_id = konteks.pemda.pk
    dikembalikan = (
        Realisasi.objects.filter(indikator__pemda_id=pemda_id, status=Realisasi.Status.DIKEMBALIKAN)
        .select_related("indikator")
        .order_by("pk")
    )
    aksi = (
        RealisasiAksi.objects.filter(rencana_aksi__pemda_id=pemda_id, status=RealisasiAksi.Status.DIKEMBALIKAN)
        .select_related("rencana_aksi")
        .order_by("pk")
    )
    calon = [aturan.dari_dikembalikan(r)[1] for r in dikembalikan]
    services.peristiwa_catat(pemda_id, calon + [aturan.dari_aksi_dikembalikan(r)[1] for r in aksi])
    services.sapu_pemda(pemda_id, konteks.hari_ini)


def hapus() -> None:
    """Remove the demo pemda's events (their notifications go with them)."""
    from perangkat_daerah.demo import KODE_PEMDA_DEMO, KODE_PEMDA_LAIN

    Peristiwa.objects.filter(pemda__kode__in=[KODE_PEMDA_DEMO, KODE_PEMDA_LAIN]).delete()
