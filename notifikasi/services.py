"""Writes of the notifikasi app: recording events once and telling their recipients, the daily sweep, marking
read, and users' preferences. E-mail digests: `surel.py`; the webhook: `webhook.py`."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kinerja.models import RealisasiAksi
from perangkat_daerah.models import Pemda, Profil

from . import aturan
from .aturan import Calon
from .models import Jenis, Notifikasi, PengaturanNotifikasi, Peristiwa, Preferensi

log = logging.getLogger(__name__)
UKURAN_BATCH = 500  # events per batch of the sweep: each batch costs the same fixed number of queries
BATCH_NOTIFIKASI = 150  # notifications per INSERT (6 columns: within SQLite's 999 parameters)


class Penerima:
    """A pemda's possible recipients and their preferences, read once (2 queries) for a whole sweep."""

    def __init__(self, pemda_id: int):
        self.kota: list[tuple[int, str, None]] = []
        self.per_pd: dict[int, list[tuple[int, str, int]]] = {}
        for user_id, peran, pd_id in Profil.objects.filter(pemda_id=pemda_id, user__is_active=True).values_list(
            "user_id", "peran", "perangkat_daerah_id"
        ):
            if pd_id is None:
                self.kota.append((user_id, peran, None))
            else:
                self.per_pd.setdefault(pd_id, []).append((user_id, peran, pd_id))
        self.pilihan = {
            (u, j): (t, s)
            for u, j, t, s in Preferensi.objects.filter(user__profil__pemda_id=pemda_id).values_list(
                "user_id", "jenis", "tampil", "surel"
            )
        }

    def untuk(self, calon: Calon) -> Iterable[tuple[int, bool, bool]]:
        """(user id, shown in the app, sent by e-mail) of each user told of `calon` who wants it at all."""
        for user_id, peran, pd_id in self.kota + self.per_pd.get(calon.pd_id, []):
            if aturan.menerima(calon, user_id=user_id, peran=peran, pd_id=pd_id):
                tampil, surel = self.pilihan.get((user_id, calon.jenis), (True, True))
                if tampil or surel:
                    yield user_id, tampil, surel


def _catat_batch(pemda_id: int, calon: list[Calon], penerima: Penerima) -> list[int]:
    """Record the events of `calon` not recorded yet and tell their recipients: 3 queries, and one INSERT per
    `BATCH_NOTIFIKASI` notifications. Returns the new events' ids."""
    ada = set(
        Peristiwa.objects.filter(pemda_id=pemda_id, kunci__in=[c.kunci for c in calon]).values_list("kunci", flat=True)
    )
    baru = {c.kunci: c for c in calon if c.kunci not in ada}
    if not baru:
        return []
    Peristiwa.objects.bulk_create(
        [Peristiwa(pemda_id=pemda_id, perangkat_daerah_id=c.pd_id, jenis=c.jenis, kunci=c.kunci, judul=c.judul[:300],
                   pesan=c.pesan, tautan=c.tautan) for c in baru.values()],
        ignore_conflicts=True,  # a sweep running twice at once: the unique key keeps one
    )  # fmt: skip
    ids = dict(Peristiwa.objects.filter(pemda_id=pemda_id, kunci__in=list(baru)).values_list("kunci", "pk"))
    Notifikasi.objects.bulk_create(
        [
            Notifikasi(peristiwa_id=ids[kunci], user_id=user_id, tampil=tampil, surel=surel)
            for kunci, c in baru.items()
            for user_id, tampil, surel in penerima.untuk(c)
        ],
        batch_size=BATCH_NOTIFIKASI,
        ignore_conflicts=True,
    )
    return [ids[k] for k in baru]


def peristiwa_catat(pemda_id: int, calon: list[Calon], penerima: Penerima | None = None) -> list[int]:
    """THE write of events: each `Calon` once per pemda (its `kunci`), one notification per recipient; the
    pemda's webhook gets each new event after commit. Returns the new events' ids."""
    penerima = penerima or Penerima(pemda_id)
    baru: list[int] = []
    with transaction.atomic():
        for i in range(0, len(calon), UKURAN_BATCH):
            baru += _catat_batch(pemda_id, calon[i : i + UKURAN_BATCH], penerima)
        if baru and PengaturanNotifikasi.objects.filter(pemda_id=pemda_id).exclude(webhook_url="").exists():
            from .tasks import webhook_kirim

            transaction.on_commit(lambda: [webhook_kirim.delay(pk) for pk in baru])
    return baru


def sapu_pemda(pemda_id: int, hari: datetime.date) -> list[int]:
    """The daily sweep of one pemda: every time-based rule as of `hari`, recorded once."""
    pengaturan = PengaturanNotifikasi.untuk(pemda_id)
    calon = [c for rule in aturan.ATURAN_SAPU for c in rule(pemda_id, hari, pengaturan)]
    return peristiwa_catat(pemda_id, calon)


def sapu(hari: datetime.date | None = None) -> int:
    """The daily sweep of every pemda (Celery beat); returns how many events were new. One pemda's failure is
    logged and does not keep the others' reminders back (its events come with the next sweep)."""
    hari = hari or timezone.localdate()
    baru = 0
    for pk in Pemda.objects.order_by("pk").values_list("pk", flat=True):
        try:
            baru += len(sapu_pemda(pk, hari))
        except Exception:
            log.exception("Sapuan notifikasi pemda %s gagal", pk)
    return baru


def peristiwa_terima(sender: str, objek, **_kwargs) -> None:
    """The receiver of `sakip.peristiwa.terjadi`: a workflow step announced by its owner becomes an event.
    In a savepoint, so a failure here never undoes the step (the hook logs it)."""
    if sender == Jenis.DIKEMBALIKAN:
        hasil = (aturan.dari_aksi_dikembalikan if isinstance(objek, RealisasiAksi) else aturan.dari_dikembalikan)(objek)
    else:
        hasil = aturan.dari_laporan(objek) if sender == "laporan" else None
    if hasil is not None:
        pemda_id, calon = hasil
        with transaction.atomic():
            peristiwa_catat(pemda_id, [calon])


# --- reading and preferences ------------------------------------------------------------------------


def tandai_dibaca(*, user, ids: list[int]) -> int:
    """Mark the user's own notifications `ids` read (another user's ids change nothing)."""
    return (
        Notifikasi.objects.for_user(user)
        .filter(user=user, pk__in=ids, dibaca_pada__isnull=True)
        .update(dibaca_pada=timezone.now())
    )


def tandai_semua_dibaca(*, user) -> int:
    """Mark every unread notification of the user read."""
    return (
        Notifikasi.objects.for_user(user).filter(user=user, dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())
    )


@transaction.atomic
def preferensi_simpan(*, user, pilihan: dict[str, tuple[bool, bool]]) -> None:
    """Store what the user wants of each kind: (in the app, by e-mail). Kinds not given keep theirs."""
    for jenis, (tampil, surel) in pilihan.items():
        if jenis in Jenis.values:
            Preferensi.objects.update_or_create(user=user, jenis=jenis, defaults={"tampil": tampil, "surel": surel})
