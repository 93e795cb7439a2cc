"""Writes of the notifikasi app: recording events once and telling their recipients, the daily sweep, marking
read, and users' preferences. E-mail digests: `surel.py`; the webhook: `webhook.py`."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.models import RealisasiAksi
from perangkat_daerah.models import Pemda, Profil

from . import aturan
from .aturan import Calon
from .models import Jenis, Notifikasi, PengaturanNotifikasi, Peristiwa, Preferensi

log = logging.getLogger(__name__)
UKURAN_BATCH = 500  # events per batch of the sweep: each batch costs the same fixed number of queries
BATCH_NOTIFIKASI = 150  # notifications per INSERT (6 columns: within SQLite's 999 parameters)
KUNCI_RINGKASAN = "ringkasan:"  # the key prefix of a summary event (one user's many events of a kind in a run)


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


def _catat_batch(pemda_id: int, calon: list[Calon]) -> list[tuple[int, Calon]]:
    """Record the events of `calon` not recorded yet (3 queries). Returns (id, calon) of the new ones."""
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
    return [(ids[k], c) for k, c in baru.items() if k in ids]


def batas_sejenis() -> int:
    """How many events of one kind a user is told one by one in a run; more become one summary."""
    return max(1, int(settings.SAKIP_NOTIFIKASI_BATAS_SEJENIS))


def _ringkasan(pemda_id: int, user_id: int, jenis: str, butir: list[tuple[int, Calon]]) -> Peristiwa:
    """The one event that stands for many of a kind told to one user in one run: its title counts them, its
    message names the first few; its PD is theirs when they share one (a PD user sees only their PD's)."""
    pd = {c.pd_id for _i, c in butir}
    contoh = [c.judul for _i, c in butir[:3]]
    lain = len(butir) - len(contoh)
    pesan = "; ".join(contoh) + (_("; dan %(n)s lainnya.") % {"n": lain} if lain else ".")
    return Peristiwa(
        pemda_id=pemda_id, perangkat_daerah_id=pd.pop() if len(pd) == 1 else None, jenis=jenis,
        kunci=f"{KUNCI_RINGKASAN}{jenis}:{user_id}:{butir[0][0]}",
        judul=(_("%(jenis)s: %(n)s peristiwa") % {"jenis": Jenis(jenis).label, "n": len(butir)})[:300],
        pesan=pesan, tautan=reverse("notifikasi:daftar"),
    )  # fmt: skip


def _beritahu(pemda_id: int, baru: list[tuple[int, Calon]], penerima: Penerima) -> None:
    """Tell the new events' recipients: one notification each, except that a user told more than
    `batas_sejenis()` events of one kind in this run gets one summary of them instead (never a flood). One
    INSERT per `BATCH_NOTIFIKASI` notifications, one more for the summaries."""
    per_pengguna: dict[tuple[int, str], list[tuple[int, Calon, bool, bool]]] = defaultdict(list)
    for pk, c in baru:
        for user_id, tampil, surel in penerima.untuk(c):
            per_pengguna[(user_id, c.jenis)].append((pk, c, tampil, surel))
    batas = batas_sejenis()
    baris, ringkas = [], []
    for (user_id, jenis), butir in per_pengguna.items():
        if len(butir) > batas:
            tampil, surel = any(b[2] for b in butir), any(b[3] for b in butir)
            ringkas.append(
                (_ringkasan(pemda_id, user_id, jenis, [(b[0], b[1]) for b in butir]), user_id, tampil, surel)
            )
        else:
            baris += [Notifikasi(peristiwa_id=pk, user_id=user_id, tampil=t, surel=s) for pk, _c, t, s in butir]
    if ringkas:
        dibuat = Peristiwa.objects.bulk_create([r[0] for r in ringkas])  # unique keys: the pks come back
        baris += [Notifikasi(peristiwa_id=p.pk, user_id=u, tampil=t, surel=s)
                  for p, (_r, u, t, s) in zip(dibuat, ringkas, strict=True)]  # fmt: skip
    Notifikasi.objects.bulk_create(baris, batch_size=BATCH_NOTIFIKASI, ignore_conflicts=True)


def peristiwa_catat(pemda_id: int, calon: list[Calon], penerima: Penerima | None = None) -> list[int]:
    """THE write of events: each `Calon` once per pemda (its `kunci`), one notification per recipient (or one
    summary per user and kind when many, `_beritahu`); the pemda's webhook gets each new event after commit
    (never a summary: it is one user's). Returns the new events' ids."""
    penerima = penerima or Penerima(pemda_id)
    baru: list[tuple[int, Calon]] = []
    with transaction.atomic():
        for i in range(0, len(calon), UKURAN_BATCH):
            baru += _catat_batch(pemda_id, calon[i : i + UKURAN_BATCH])
        if not baru:
            return []
        _beritahu(pemda_id, baru, penerima)
        ids = [pk for pk, _c in baru]
        if PengaturanNotifikasi.objects.filter(pemda_id=pemda_id).exclude(webhook_url="").exists():
            from .tasks import webhook_kirim

            transaction.on_commit(lambda: [webhook_kirim.delay(pk) for pk in ids])
    return ids


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


def bersihkan(sekarang: datetime.datetime | None = None) -> int:
    """Delete the notifications read more than `SAKIP_NOTIFIKASI_SIMPAN_HARI` days ago, and the summary events
    left without a notification (a summary is one user's). Other events stay: their unique key keeps a rule
    from firing again. Returns how many notifications went."""
    sekarang = sekarang or timezone.now()
    batas = sekarang - datetime.timedelta(days=settings.SAKIP_NOTIFIKASI_SIMPAN_HARI)
    jumlah, _per_model = Notifikasi.objects.filter(dibaca_pada__lt=batas).delete()
    Peristiwa.objects.filter(kunci__startswith=KUNCI_RINGKASAN, notifikasi__isnull=True).delete()
    return jumlah


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
