"""The daily e-mail digest: one message a day per user with every event waiting for e-mail, grouped by kind,
through Django's e-mail framework (console by default, SMTP by settings). Never a flood: a user who already
had a digest today gets none until tomorrow, and each notification is sent once."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Jenis, Notifikasi


def _awal_hari(hari: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(hari, datetime.time.min))


def penerima_ringkasan(hari: datetime.date):
    """Users with an e-mail address and notifications waiting for e-mail, who had no digest on `hari`."""
    menunggu = Notifikasi.objects.filter(user=OuterRef("pk"), surel=True, surel_dikirim_pada__isnull=True)
    sudah = Notifikasi.objects.filter(
        user=OuterRef("pk"),
        surel_dikirim_pada__gte=_awal_hari(hari),
        surel_dikirim_pada__lt=_awal_hari(hari + datetime.timedelta(days=1)),
    )
    return (
        get_user_model()
        .objects.filter(Exists(menunggu), is_active=True)
        .exclude(email="")
        .exclude(Exists(sudah))
        .select_related("profil__pemda", "profil__perangkat_daerah")
        .order_by("pk")
    )


def _isi(user, baris: list[Notifikasi]) -> tuple[str, str]:
    kelompok = defaultdict(list)
    for n in baris:
        kelompok[n.peristiwa.jenis].append(n.peristiwa)
    bagian = [(Jenis(j).label, kelompok[j]) for j in Jenis.values if j in kelompok]
    judul = _("[SAKIP] %(n)s pemberitahuan untuk Anda") % {"n": len(baris)}
    teks = render_to_string(
        "notifikasi/surel_ringkasan.txt", {"user": user, "bagian": bagian, "url_dasar": settings.SAKIP_URL_DASAR}
    )
    return judul, teks


def ringkasan_kirim(sekarang: datetime.datetime | None = None) -> int:
    """Send each user's digest of the day of `sekarang` (default now); returns how many e-mails were sent."""
    sekarang = sekarang or timezone.now()
    hari = timezone.localdate(sekarang)
    terkirim = 0
    with translation.override("id"), get_connection() as koneksi:
        for user in penerima_ringkasan(hari):
            user._profil_cache = getattr(user, "profil", None)
            baris = list(
                Notifikasi.objects.for_user(user)  # THE scope: never another PD's or pemda's event
                .filter(user=user, surel=True, surel_dikirim_pada__isnull=True)
                .select_related("peristiwa")
                .order_by("peristiwa__dibuat_pada", "pk")
            )
            if not baris:
                continue
            judul, teks = _isi(user, baris)
            EmailMessage(judul, teks, settings.DEFAULT_FROM_EMAIL, [user.email], connection=koneksi).send()
            Notifikasi.objects.filter(pk__in=[n.pk for n in baris]).update(surel_dikirim_pada=sekarang)
            terkirim += 1
    return terkirim
