"""Demo (issue 16 point 7): notifications wait for each demo user, their digests go out, rebuilt the same."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from notifikasi import surel
from notifikasi.models import Peristiwa
from notifikasi.selectors import notifikasi_pengguna
from perangkat_daerah.demo import PENGGUNA_DEMO
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db


def _peristiwa() -> list[tuple]:
    # ids change on --reset: compare what users read
    return sorted(Peristiwa.objects.values_list("jenis", "judul", "perangkat_daerah__kode"))


def test_every_demo_user_has_notifications_and_gets_one_digest():
    muat_demo_salin()
    kunci = _peristiwa()
    User = get_user_model()
    kosong = [u for u, *_ in PENGGUNA_DEMO if not notifikasi_pengguna(User.objects.get(username=u)).exists()]
    assert kosong == []
    assert surel.ringkasan_kirim() == len(PENGGUNA_DEMO)
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == sorted(u for u, *_ in PENGGUNA_DEMO)
    call_command("muat_demo", reset=True)
    assert _peristiwa() == kunci
