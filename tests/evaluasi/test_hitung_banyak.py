"""A year recomputed over many pemda by chunked Celery tasks (issue 18 point 4): the same results as one
process, progress counted once per pemda, a failed chunk retried, queue routing of every task."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError

from evaluasi import selectors
from evaluasi.models import BagianHitung, BatchHitung, Evaluasi, HasilHitung
from evaluasi.services import hitung
from laporan.models import BatchLaporan, Laporan
from perangkat_daerah import batch as batch_mod
from perangkat_daerah.models import GrupPemda
from sakip.celery import app
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final
from tests.factories import Peran, buat_pd, buat_pemda, buat_pengguna

pytestmark = pytest.mark.django_db
TAHUN = 2024


class _Pemeran:
    """Enough of the persona fixture for `evaluasi_final` (an Inspektorat and a PD)."""

    def __init__(self, pemda):
        self.pemda = pemda
        self.pd_a = buat_pd(pemda)
        self.inspektorat = buat_pengguna(pemda, Peran.INSPEKTORAT)


def _pola(n: int):
    """A different but fixed answer pattern per evaluation: the n-th option of each criterion, cycling."""
    return lambda kr: kr.pilihan[(n + len(kr.kode)) % len(kr.pilihan)]


@pytest.fixture
def data_nasional(pemeran):
    """Four pemda (the persona's two and two more), each with a final internal evaluation and a draft one of
    2024, answers differing; one 2023 evaluation the 2024 recompute must leave alone."""
    daftar = [pemeran.pemda, pemeran.pemda_lain, buat_pemda(nama="Kab Tiga"), buat_pemda(nama="Kab Empat")]
    for n, pemda in enumerate(daftar):
        p = _Pemeran(pemda)
        evaluasi_final(p, pd=p.pd_a, pola=_pola(n))
        pd_b = buat_pd(pemda)
        buat_evaluasi(p.inspektorat, jenis="internal", pd=pd_b, pola=_pola(n + 1))
        buat_evaluasi(p.inspektorat, jenis="internal", pd=buat_pd(pemda), tahun=2023, terisi=True)
    return [p.pk for p in daftar]


def _snapshot() -> dict:
    return {
        h.evaluasi_id: (h.total, h.predikat, h.lengkap, h.nilai_komponen, h.sama_dengan_beku, h.pemda_id)
        for h in HasilHitung.objects.all()
    }


def test_chunked_recompute_equals_single_process(data_nasional, eager, settings, django_capture_on_commit_callbacks):
    for pemda_id in data_nasional:  # one process, one pemda after another
        hitung.hitung_ulang_pemda(pemda_id, TAHUN)
    tunggal = _snapshot()
    HasilHitung.objects.all().delete()

    settings.SAKIP_HITUNG_PEMDA_PER_TUGAS = 3  # two chunks: 3 + 1 pemda
    with django_capture_on_commit_callbacks(execute=True):
        batch = hitung.hitung_ulang_banyak(data_nasional, TAHUN)
    assert _snapshot() == tunggal
    ids_2024 = set(Evaluasi.objects.filter(tahun=TAHUN).values_list("pk", flat=True))
    assert set(tunggal) == ids_2024 and len(ids_2024) == 4 * 2  # the 2023 rows are left alone
    # the engine's live result, and agreement with the frozen one for every final evaluation
    hidup = selectors.hasil_banyak(Evaluasi.objects.filter(tahun=TAHUN).select_related("instrumen__skala_predikat"))
    assert {i: v[0] for i, v in tunggal.items()} == {i: h.total for i, h in hidup.items()}
    final = set(Evaluasi.objects.filter(tahun=TAHUN, status="final").values_list("pk", flat=True))
    assert {i for i, v in tunggal.items() if v[4] is True} == final and len(final) == 4
    assert {i for i, v in tunggal.items() if v[4] is None} == ids_2024 - final

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.selesai, batch.gagal) == (BatchHitung.Status.SELESAI, 4, 4, 0)
    assert batch.jumlah_evaluasi == 8 and batch.mulai_pada and batch.selesai_pada


def test_recompute_twice_changes_nothing_and_follows_an_edit(data_nasional, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hitung.hitung_ulang_banyak(data_nasional, TAHUN)
    pertama = _snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        kedua = hitung.hitung_ulang_banyak(data_nasional, TAHUN)  # the first is finished: a new batch
    assert BatchHitung.objects.count() == 2 and kedua.status == BatchHitung.Status.ANTRI
    assert _snapshot() == pertama and HasilHitung.objects.count() == len(pertama)


def test_a_rerun_writes_only_what_changed(data_nasional):
    """Unchanged results are not rewritten (no INSERT, UPDATE or DELETE; their time stays); an edited answer
    rewrites that evaluation's row only, and an archived evaluation's snapshot goes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pemda_id = data_nasional[0]
    hitung.hitung_ulang_pemda(pemda_id, TAHUN)
    waktu = dict(HasilHitung.objects.filter(pemda_id=pemda_id).values_list("evaluasi_id", "dihitung_pada"))
    with CaptureQueriesContext(connection) as kueri:
        assert hitung.hitung_ulang_pemda(pemda_id, TAHUN) == 2
    assert not [q["sql"] for q in kueri.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert dict(HasilHitung.objects.filter(pemda_id=pemda_id).values_list("evaluasi_id", "dihitung_pada")) == waktu

    tahun_ini = Evaluasi.objects.filter(pemda_id=pemda_id, tahun=TAHUN)
    final, draf = tahun_ini.get(status="final"), tahun_ini.exclude(status="final").get()
    j = draf.jawaban.exclude(nilai="").order_by("pk").first()
    pilihan = selectors.instrumen_siap(draf.instrumen).kriteria_id[j.kriteria_id].pilihan
    j.nilai = pilihan[-1] if j.nilai == pilihan[0] else pilihan[0]
    j.save(update_fields=["nilai"])
    Evaluasi.objects.filter(pk=final.pk).update(arsip=True)
    assert hitung.hitung_ulang_pemda(pemda_id, TAHUN) == 1
    h = HasilHitung.objects.get(pemda_id=pemda_id)
    assert h.evaluasi_id == draf.pk and h.dihitung_pada > waktu[draf.pk]
    assert (h.total, h.predikat) == (lambda r: (r.total, r.predikat.kode))(selectors.hasil_banyak([draf])[draf.pk])


def test_a_running_batch_of_the_same_pemda_is_returned(data_nasional, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # nothing runs: the batch stays waiting
        a = hitung.hitung_ulang_banyak(data_nasional, TAHUN)
        b = hitung.hitung_ulang_banyak(list(reversed(data_nasional)), TAHUN)
        c = hitung.hitung_ulang_banyak(data_nasional[:2], TAHUN)
    assert b.pk == a.pk and b.sudah_ada and not c.sudah_ada and c.pk != a.pk
    assert BagianHitung.objects.filter(batch=a).count() == 4


def test_a_failed_chunk_is_retried_and_the_batch_completes(
    data_nasional, eager, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The chunk's second pemda hits a lost connection once: the task retries the chunk, which skips the first
    pemda (done already), so every count is exact."""
    asli = hitung.hitung_ulang_pemda
    panggilan: list[int] = []

    def sekali_putus(pemda_id, tahun):
        panggilan.append(pemda_id)
        if pemda_id == data_nasional[1] and panggilan.count(pemda_id) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return asli(pemda_id, tahun)

    monkeypatch.setattr(hitung, "hitung_ulang_pemda", sekali_putus)
    settings.SAKIP_HITUNG_PEMDA_PER_TUGAS = 2
    with django_capture_on_commit_callbacks(execute=True):
        batch = hitung.hitung_ulang_banyak(data_nasional, TAHUN)
    urut = sorted(data_nasional)
    assert panggilan == [urut[0], urut[1], urut[1], urut[2], urut[3]]  # the first pemda is not redone
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal, batch.jumlah_evaluasi) == ("selesai", 4, 0, 8)
    assert HasilHitung.objects.count() == 8


def test_a_chunk_failing_after_its_retries_marks_its_pemda_failed(
    data_nasional, eager, settings, monkeypatch, django_capture_on_commit_callbacks
):
    asli = hitung.hitung_ulang_pemda
    putus = sorted(data_nasional)[1]

    def selalu_putus(pemda_id, tahun):
        if pemda_id == putus:
            raise OperationalError("could not connect to server")
        return asli(pemda_id, tahun)

    monkeypatch.setattr(hitung, "hitung_ulang_pemda", selalu_putus)
    settings.SAKIP_HITUNG_PEMDA_PER_TUGAS = 2
    with django_capture_on_commit_callbacks(execute=True):
        batch = hitung.hitung_ulang_banyak(data_nasional, TAHUN)
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == (BatchHitung.Status.GAGAL, 3, 1)
    gagal = BagianHitung.objects.get(batch=batch, status="gagal")
    assert gagal.pemda_id == putus and "could not connect" in gagal.galat


def test_one_pemda_with_bad_data_fails_alone(data_nasional, eager, monkeypatch, django_capture_on_commit_callbacks):
    asli = hitung.hitung_ulang_pemda
    rusak = data_nasional[2]

    def satu_rusak(pemda_id, tahun):
        if pemda_id == rusak:
            raise ValueError("nilai 120 di luar tabel predikat")
        return asli(pemda_id, tahun)

    monkeypatch.setattr(hitung, "hitung_ulang_pemda", satu_rusak)
    with django_capture_on_commit_callbacks(execute=True):
        batch = hitung.hitung_ulang_banyak(data_nasional, TAHUN)
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal) == (BatchHitung.Status.GAGAL, 3, 1)
    assert not HasilHitung.objects.filter(pemda_id=rusak).exists()
    assert HasilHitung.objects.exclude(pemda_id=rusak).count() == 6


def test_by_group(data_nasional, eager, django_capture_on_commit_callbacks):
    grup = GrupPemda.objects.create(kode="prov-uji", nama="Provinsi Uji")
    grup.anggota.set(data_nasional[1:3])
    with django_capture_on_commit_callbacks(execute=True):
        batch = hitung.hitung_ulang_grup(grup, TAHUN)
    batch.refresh_from_db()
    assert batch.grup == grup and (batch.total, batch.selesai) == (2, 2)
    assert set(HasilHitung.objects.values_list("pemda_id", flat=True)) == set(data_nasional[1:3])


def test_who_may_start_a_recompute(pemeran, django_capture_on_commit_callbacks):
    ids = [pemeran.pemda.pk, pemeran.pemda_lain.pk]
    with pytest.raises(PermissionDenied):  # Bagian Organisasi of one pemda: not of the other
        hitung.hitung_ulang_banyak(ids, TAHUN, oleh=pemeran.organisasi)
    with pytest.raises(PermissionDenied):  # no KELOLA right
        hitung.hitung_ulang_banyak(ids[:1], TAHUN, oleh=pemeran.inspektorat)
    assert not BatchHitung.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        assert hitung.hitung_ulang_banyak(ids[:1], TAHUN, oleh=pemeran.organisasi).total == 1
        pemeran.organisasi.is_superuser = True
        assert hitung.hitung_ulang_banyak(ids, TAHUN, oleh=pemeran.organisasi).total == 2


def test_a_batch_whose_messages_were_lost_is_sent_again_by_the_sweep(
    data_nasional, eager, settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    settings.SAKIP_HITUNG_PEMDA_PER_TUGAS = 2
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost the group's messages
        batch = hitung.hitung_ulang_banyak(data_nasional, TAHUN)
    hitung.hitung_ulang_potongan(batch.pk, sorted(data_nasional)[:1])  # one pemda got done before that
    with django_capture_on_commit_callbacks(execute=True):
        assert hitung.hitung_pulihkan_macet() == 0  # too early: sent a moment ago
    lama = timezone.now() - datetime.timedelta(seconds=settings.SAKIP_HITUNG_MACET_DETIK + 60)
    BatchHitung.objects.filter(pk=batch.pk).update(dikirim_pada=lama)
    BagianHitung.objects.filter(batch=batch).exclude(selesai_pada=None).update(selesai_pada=lama)
    with django_capture_on_commit_callbacks(execute=True):
        assert hitung.hitung_pulihkan_macet() == 1
    batch.refresh_from_db()
    assert (batch.status, batch.selesai, batch.gagal, batch.jumlah_evaluasi) == ("selesai", 4, 0, 8)
    with django_capture_on_commit_callbacks(execute=True):
        assert hitung.hitung_pulihkan_macet() == 0  # closed: nothing to send


def test_the_sweep_leaves_a_moving_batch_alone(
    data_nasional, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        batch = hitung.hitung_ulang_banyak(data_nasional, TAHUN)
    hitung.hitung_ulang_potongan(batch.pk, sorted(data_nasional)[:1])  # a pemda finished just now
    lama = timezone.now() - datetime.timedelta(seconds=settings.SAKIP_HITUNG_MACET_DETIK + 60)
    BatchHitung.objects.filter(pk=batch.pk).update(dikirim_pada=lama)
    dikirim = []
    monkeypatch.setattr(batch_mod, "_kirim", dikirim.append)
    with django_capture_on_commit_callbacks(execute=True):
        assert hitung.hitung_pulihkan_macet() == 0
    assert dikirim == []


# --- Queues ------------------------------------------------------------------------------------------------


def _antrean(nama: str, args=(), kwargs=None) -> str:
    """The queue Celery's router sends the task to (settings.CELERY_TASK_ROUTES), as a real send would."""
    return app.amqp.router.route({}, nama, args, kwargs or {})["queue"].name


def test_every_task_goes_to_its_queue(pemeran):
    tunggal = Laporan.objects.create(pemda=pemeran.pemda, jenis="lkjip_pd", tahun=TAHUN, perangkat_daerah=pemeran.pd_a)
    kumpulan = BatchLaporan.objects.create(pemda=pemeran.pemda, jenis="lkjip_pd", tahun=TAHUN)
    bagian = Laporan.objects.create(
        pemda=pemeran.pemda, jenis="lkjip_pd", tahun=TAHUN, perangkat_daerah=pemeran.pd_b, batch=kumpulan
    )
    assert _antrean("laporan.buat", (tunggal.pk,)) == "interaktif"  # a user's click
    assert _antrean("laporan.buat", (bagian.pk,)) == "batch"  # one of a batch
    assert _antrean("laporan.buat", (), {"laporan_id": tunggal.pk}) == "interaktif"
    assert _antrean("evaluasi.hitung_ulang_bagian", (1, [1, 2])) == "batch"
    assert _antrean("laporan.pulihkan_macet") == "batch"
    assert _antrean("evaluasi.hitung_pulihkan_macet") == "batch"
    assert _antrean("notifikasi.harian") == "batch"
    assert _antrean("notifikasi.bersihkan") == "batch"
    assert _antrean("laporan.pulihkan_grup_macet") == "batch"
    from django.conf import settings

    for nama, jadwal in settings.CELERY_BEAT_SCHEDULE.items():  # every beat task: work nobody waits for on a page
        assert _antrean(jadwal["task"]) == "batch", nama
    assert _antrean("notifikasi.webhook", (1,)) == "celery"
    assert _antrean("sakip.ping") == "celery"
    # every registered task of the project has a queue some worker command consumes
    from perangkat_daerah.management.commands.jalankan import ANTREAN_SEMUA

    app.loader.import_default_modules()
    milik = [n for n in app.tasks if n.split(".")[0] in {"laporan", "evaluasi", "notifikasi", "sakip"}]
    assert len(milik) >= 6
    for nama in milik:
        args = (tunggal.pk,) if nama == "laporan.buat" else ()
        assert _antrean(nama, args) in ANTREAN_SEMUA.split(","), nama


# --- The platform's page ---------------------------------------------------------------------------------


def test_the_superuser_starts_a_group_recompute_and_sees_its_progress(
    client, data_nasional, eager, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    grup = GrupPemda.objects.create(kode="prov-halaman", nama="Provinsi Halaman")
    grup.anggota.set(data_nasional[:3])
    kosong = GrupPemda.objects.create(kode="kosong", nama="Grup Kosong")
    su = get_user_model().objects.create_superuser("platform", password="kata-sandi-uji-123")
    client.force_login(su)
    assert client.get("/admin/evaluasi/batchhitung/add/").status_code == 200
    r = client.post("/admin/evaluasi/batchhitung/add/", {"grup": kosong.pk, "tahun": TAHUN})
    assert r.status_code == 200 and "belum punya anggota" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/admin/evaluasi/batchhitung/add/", {"grup": grup.pk, "tahun": TAHUN})
    assert r.status_code == 302
    batch = BatchHitung.objects.get()
    assert (batch.grup, batch.diminta_oleh, batch.status, batch.selesai, batch.total) == (grup, su, "selesai", 3, 3)
    halaman = client.get(f"/admin/evaluasi/batchhitung/{batch.pk}/change/").content.decode()
    assert "Provinsi Halaman" in halaman and "Selesai" in halaman
    assert "Provinsi Halaman" in client.get("/admin/evaluasi/batchhitung/").content.decode()


def test_a_pemda_administrator_gets_no_recompute_page(client, pemeran):
    admin = pemeran.admin
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/evaluasi/batchhitung/").status_code == 403
    assert client.get("/admin/evaluasi/batchhitung/add/").status_code == 403
    assert not BatchHitung.objects.exists()
