"""Notification rules (issue 16 point 5): the due, overdue and returned events fire once, each reaches only
the users it concerns (never another PD's), preferences are respected, the digest groups them."""

from __future__ import annotations

import datetime
import math

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import Indikator, KunciTriwulan
from kinerja.services.realisasi import realisasi_kembalikan
from notifikasi import services, surel
from notifikasi.models import Jenis, Notifikasi, Peristiwa, Preferensi
from tests.factories import Peran, buat_pd, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_realisasi

pytestmark = pytest.mark.django_db
HARI = datetime.date(2026, 9, 8)
PAGI = datetime.datetime(2026, 9, 8, 7, tzinfo=datetime.UTC)
BESOK = PAGI + datetime.timedelta(days=1)


def _jenis(user) -> list[str]:
    return sorted(Notifikasi.objects.filter(user=user).values_list("peristiwa__jenis", flat=True))


@pytest.fixture
def triwulan(pemeran):
    """PD A and PD B each with an indicator; TW III 2026 due in 7 days, TW II overdue, TW I due tomorrow."""
    for pd in (pemeran.pd_a, pemeran.pd_b):
        buat_indikator(pd)
    for tw, tanggal in ((1, HARI + datetime.timedelta(days=1)), (2, HARI - datetime.timedelta(days=3)),
                        (3, HARI + datetime.timedelta(days=7))):  # fmt: skip
        KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=2026, triwulan=tw, batas_waktu=tanggal)
    return pemeran


def test_due_and_overdue_fire_once_for_the_pds_own_users(triwulan):
    p = triwulan
    assert len(services.sapu_pemda(p.pemda.pk, HARI)) == 6  # 3 quarters x 2 PD
    assert services.sapu_pemda(p.pemda.pk, HARI) == []  # the second sweep finds them recorded
    assert _jenis(p.operator_a) == [Jenis.TENGGAT_1, Jenis.TENGGAT_7, Jenis.TERLAMBAT]
    assert _jenis(p.kepala_a) == [Jenis.TENGGAT_1, Jenis.TENGGAT_7, Jenis.TERLAMBAT]
    assert set(Notifikasi.objects.filter(user=p.operator_a).values_list("peristiwa__perangkat_daerah", flat=True)) == {
        p.pd_a.pk
    }
    assert _jenis(p.pimpinan) == [] and _jenis(p.operator_lain) == []


def test_the_dates_in_the_texts_read_as_the_pages_write_them(triwulan):
    """THE date format (sakip.lib.tanggal.format_tanggal), as on every page: "5 September 2026", never 05-09-2026."""
    services.sapu_pemda(triwulan.pemda.pk, HARI)
    judul = set(Notifikasi.objects.filter(user=triwulan.operator_a).values_list("peristiwa__judul", flat=True))
    assert "Realisasi TW II 2026 melewati batas waktu 5 September 2026" in judul
    assert "Batas waktu realisasi TW III 2026 tinggal 7 hari (15 September 2026)" in judul
    assert not any("-2026" in j for j in judul)


def test_a_pd_that_submitted_its_quarter_is_not_reminded(triwulan):
    p = triwulan
    ind = Indikator.objects.get(perangkat_daerah=p.pd_a)
    buat_realisasi(ind, 2026, 3, nilai="5", status="diajukan")
    services.sapu_pemda(p.pemda.pk, HARI)
    assert _jenis(p.operator_a) == [Jenis.TENGGAT_1, Jenis.TERLAMBAT]
    assert Jenis.TENGGAT_7 in _jenis(p.operator_b)


def test_a_locked_quarter_reminds_nobody(triwulan):
    KunciTriwulan.objects.filter(pemda=triwulan.pemda).update(terkunci=True)
    assert services.sapu_pemda(triwulan.pemda.pk, HARI) == []


def test_returned_fires_once_per_return_to_the_pd_only(pemeran):
    ind = buat_indikator(pemeran.pd_a)
    r = buat_realisasi(ind, 2026, 1, nilai="5", status="diajukan")
    realisasi_kembalikan(realisasi=r, versi=r.versi, catatan="Bukti belum ada", oleh=pemeran.organisasi)
    assert _jenis(pemeran.operator_a) == [Jenis.DIKEMBALIKAN]
    n = Notifikasi.objects.get(user=pemeran.operator_a)
    assert n.peristiwa.pesan == "Bukti belum ada"
    assert _jenis(pemeran.operator_b) == [] and _jenis(pemeran.organisasi) == []
    services.sapu_pemda(pemeran.pemda.pk, HARI)  # the sweep does not repeat it
    assert Peristiwa.objects.filter(jenis=Jenis.DIKEMBALIKAN).count() == 1


def test_verification_waiting_longer_than_the_pemdas_days_reaches_the_verifiers(pemeran):
    from django.utils import timezone

    from notifikasi.models import PengaturanNotifikasi

    PengaturanNotifikasi.objects.create(pemda=pemeran.pemda, hari_menunggu_verifikasi=3)
    ind = buat_indikator(pemeran.pd_b)
    lama = timezone.make_aware(datetime.datetime(2026, 9, 1, 9))
    buat_realisasi(ind, 2026, 2, nilai="5", status="diajukan", diajukan_pada=lama)
    services.sapu_pemda(pemeran.pemda.pk, datetime.date(2026, 9, 4))  # 3 days: not longer yet
    assert _jenis(pemeran.organisasi) == []
    services.sapu_pemda(pemeran.pemda.pk, datetime.date(2026, 9, 5))
    assert _jenis(pemeran.organisasi) == [Jenis.MENUNGGU_VERIFIKASI]
    assert _jenis(pemeran.admin) == [Jenis.MENUNGGU_VERIFIKASI]
    assert _jenis(pemeran.operator_b) == [] and _jenis(pemeran.operator_a) == []


def test_another_pds_event_never_reaches_a_user_even_when_misaddressed(pemeran, client):
    p = Peristiwa.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_b, jenis=Jenis.TERLAMBAT,
                                 kunci="x", judul="Rahasia PD B")  # fmt: skip
    Notifikasi.objects.create(peristiwa=p, user=pemeran.operator_a)  # a wrong row: the choke point still hides it
    pemeran.operator_a.email = "a@contoh.go.id"
    pemeran.operator_a.save()
    client.force_login(pemeran.operator_a)
    assert "Rahasia PD B" not in client.get("/notifikasi/").content.decode()
    assert client.get("/api/v1/notifikasi/").json()["count"] == 0
    surel.ringkasan_kirim(PAGI)
    assert all("Rahasia PD B" not in m.body for m in mail.outbox)


def test_digest_groups_a_days_events_in_one_email_and_never_twice_a_day(triwulan):
    p = triwulan
    for u in (p.operator_a, p.operator_b):
        u.email = f"{u.username}@contoh.go.id"
        u.save()
    services.sapu_pemda(p.pemda.pk, HARI)
    assert surel.ringkasan_kirim(PAGI) == 2
    pesan = {m.to[0]: m for m in mail.outbox}
    isi = pesan[p.operator_a.email].body
    for label in (Jenis.TENGGAT_1.label, Jenis.TENGGAT_7.label, Jenis.TERLAMBAT.label):
        assert f"{label} (1):" in isi
    assert "/kinerja/realisasi/" in isi
    ind = Indikator.objects.get(perangkat_daerah=p.pd_a)
    r = buat_realisasi(ind, 2026, 4, nilai="1", status="diajukan")
    realisasi_kembalikan(realisasi=r, versi=r.versi, catatan="Perbaiki", oleh=p.organisasi)
    assert surel.ringkasan_kirim(PAGI) == 0  # already had today's digest: tomorrow's carries it
    assert surel.ringkasan_kirim(BESOK) == 1
    assert "Perbaiki" in mail.outbox[-1].body and len(mail.outbox) == 3


def test_preferences_are_respected(triwulan):
    p = triwulan
    p.operator_a.email = "a@contoh.go.id"
    p.operator_a.save()
    pilihan = {Jenis.TERLAMBAT: (False, False), Jenis.TENGGAT_7: (True, False), Jenis.TENGGAT_1: (False, True)}
    services.preferensi_simpan(user=p.operator_a, pilihan=pilihan)
    services.sapu_pemda(p.pemda.pk, HARI)
    assert _jenis(p.operator_a) == [Jenis.TENGGAT_1, Jenis.TENGGAT_7]
    from notifikasi.selectors import notifikasi_pengguna

    assert [n.peristiwa.jenis for n in notifikasi_pengguna(p.operator_a)] == [Jenis.TENGGAT_7]
    surel.ringkasan_kirim(PAGI)
    (m,) = mail.outbox
    assert str(Jenis.TENGGAT_1.label) in m.body and str(Jenis.TENGGAT_7.label) not in m.body
    assert Preferensi.objects.filter(user=p.operator_a).count() == 3


def _sapu_dengan(pemeran, n_pd: int, n_pengguna: int) -> tuple[int, int]:
    for _ in range(n_pd):
        pd = buat_pd(pemeran.pemda)
        buat_indikator(pd)
        for _ in range(n_pengguna):
            buat_pengguna(pemeran.pemda, Peran.OPERATOR_PD, pd)
    Peristiwa.objects.all().delete()
    with CaptureQueriesContext(connection) as q:
        services.sapu_pemda(pemeran.pemda.pk, HARI)
    baris = Notifikasi.objects.count()
    return len(q) - math.ceil(baris / services.BATCH_NOTIFIKASI), baris


def test_the_sweeps_queries_are_constant_per_batch(triwulan):
    """A fixed number of queries per batch of events, plus one INSERT per batch of notifications, however many
    PD and users there are."""
    sedikit, baris_sedikit = _sapu_dengan(triwulan, 1, 1)
    banyak, baris_banyak = _sapu_dengan(triwulan, 30, 6)
    assert baris_banyak > 3 * services.BATCH_NOTIFIKASI > baris_sedikit
    assert banyak == sedikit


def test_an_action_plans_month_returned_fires_once_to_the_pd_only(pemeran):
    from kinerja.services import renaksi
    from tests.kinerja.test_renaksi import _diajukan

    ind = buat_indikator(pemeran.pd_a, kode="IK-A1", nilai_maksimum=100)
    ra = _diajukan(pemeran, ind)
    renaksi.realisasi_aksi_kembalikan(realisasi=ra, versi=ra.versi, catatan="Lampirkan bukti", oleh=pemeran.organisasi)
    assert _jenis(pemeran.operator_a) == [Jenis.DIKEMBALIKAN]
    p = Peristiwa.objects.get()
    assert (p.pesan, p.perangkat_daerah_id) == ("Lampirkan bukti", pemeran.pd_a.pk)
    assert p.tautan.endswith("?bulan=1") and "/kinerja/renaksi/" in p.tautan
    assert _jenis(pemeran.operator_b) == [] and _jenis(pemeran.organisasi) == []


def test_one_pemdas_failing_sweep_does_not_hold_back_the_others(triwulan, monkeypatch):
    from kinerja.models import KunciTriwulan as Kunci

    Kunci.objects.create(
        pemda=triwulan.pemda_lain, tahun=2026, triwulan=3, batas_waktu=HARI + datetime.timedelta(days=7)
    )
    buat_indikator(triwulan.pd_lain)
    asli = services.sapu_pemda

    def sapu_pemda(pemda_id, hari):
        if pemda_id == triwulan.pemda.pk:
            raise RuntimeError("uji")
        return asli(pemda_id, hari)

    monkeypatch.setattr(services, "sapu_pemda", sapu_pemda)
    assert services.sapu(HARI) == 1
    assert _jenis(triwulan.operator_lain) == [Jenis.TENGGAT_7]


def test_each_batch_of_events_costs_the_same_queries(triwulan, monkeypatch):
    """With batches of 2 events, 6 events (3 quarters x 2 PD) cost 3 batches of the same queries each: 3; their
    notifications are told after the last batch (one user's many of a kind become one summary per run), one
    INSERT (fewer than 150 here) whatever the batch size."""

    def kueri(ukuran: int) -> int:
        monkeypatch.setattr(services, "UKURAN_BATCH", ukuran)
        Peristiwa.objects.all().delete()
        with CaptureQueriesContext(connection) as q:
            assert len(services.sapu_pemda(triwulan.pemda.pk, HARI)) == 6
        return len(q)

    assert kueri(2) - kueri(500) == (3 - 1) * 3
