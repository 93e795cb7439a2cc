"""THE batch over many pemda (perangkat_daerah/batch.py): its chunks and their send, shared by the year's
recompute (evaluasi/services/hitung.py) and a group's report batch (laporan/batch_grup.py). The recount and the
stuck-batch rule are also exercised through both batches' own tests (tests/evaluasi/test_hitung_banyak.py,
tests/laporan/test_batch_grup*.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from evaluasi.models import BagianHitung, BatchHitung
from evaluasi.tasks import hitung_ulang_bagian
from laporan.tasks import laporan_buat_grup
from perangkat_daerah import batch
from perangkat_daerah.batch import StatusBagian, StatusBatch


def test_ids_are_cut_into_chunks_in_their_order():
    assert batch.batch_potong([5, 1, 9, 3, 7], 2) == [[5, 1], [9, 3], [7]]
    assert batch.batch_potong([4, 2], 10) == [[4, 2]]
    assert batch.batch_potong([], 3) == []


@pytest.mark.parametrize("tugas", [hitung_ulang_bagian, laporan_buat_grup], ids=["hitung", "laporan_grup"])
def test_a_batch_is_sent_after_commit_as_one_group_of_chunks(
    tugas, db, monkeypatch, django_capture_on_commit_callbacks
):
    dikirim: list[list] = []
    monkeypatch.setattr(batch, "_kirim", dikirim.append)
    with django_capture_on_commit_callbacks(execute=False) as setelah:
        batch.batch_kirim(tugas, 42, [3, 4, 5, 6, 7], ukuran=2)
    assert dikirim == []  # nothing reaches the broker before the rows it names are committed
    for f in setelah:
        f()
    assert len(dikirim) == 1  # one Celery group
    assert [(p.task, tuple(p.args)) for p in dikirim[0]] == [
        (tugas.name, (42, [3, 4])), (tugas.name, (42, [5, 6])), (tugas.name, (42, [7]))
    ]  # fmt: skip


# --- The recount (batch_rekap) -------------------------------------------------------------------------------


def _batch_dua_pemda(pemeran):
    """A running recompute batch of two pemda, none done yet (rows only: the recount reads nothing else)."""
    b = BatchHitung.objects.create(tahun=2024, total=2, status=StatusBatch.BERJALAN)
    BagianHitung.objects.bulk_create([BagianHitung(batch=b, pemda=p) for p in (pemeran.pemda, pemeran.pemda_lain)])
    return b


def test_a_batch_closed_by_hand_stays_closed_when_its_parts_are_counted(pemeran):
    b = _batch_dua_pemda(pemeran)
    ditutup = timezone.now() - datetime.timedelta(hours=1)
    BatchHitung.objects.filter(pk=b.pk).update(status=StatusBatch.GAGAL, selesai_pada=ditutup)  # an operator stopped it
    BagianHitung.objects.filter(batch=b, pemda=pemeran.pemda).update(status=StatusBagian.SELESAI)  # a chunk ends one
    batch.batch_rekap(BatchHitung, b.pk)
    b.refresh_from_db()
    assert (b.status, b.selesai, b.gagal, b.selesai_pada) == (StatusBatch.GAGAL, 1, 0, ditutup)  # counted, not reopened
    BagianHitung.objects.filter(batch=b).update(status=StatusBagian.SELESAI)
    batch.batch_rekap(BatchHitung, b.pk)
    b.refresh_from_db()
    assert (b.status, b.selesai, b.gagal, b.selesai_pada) == (StatusBatch.GAGAL, 2, 0, ditutup)  # the hand's verdict


def test_a_closed_batch_reopens_only_when_a_retry_asks(pemeran):
    b = _batch_dua_pemda(pemeran)
    BagianHitung.objects.filter(batch=b, pemda=pemeran.pemda).update(status=StatusBagian.SELESAI)
    BagianHitung.objects.filter(batch=b, pemda=pemeran.pemda_lain).update(status=StatusBagian.GAGAL)
    batch.batch_rekap(BatchHitung, b.pk)
    b.refresh_from_db()
    assert (b.status, b.selesai, b.gagal) == (StatusBatch.GAGAL, 1, 1) and b.selesai_pada is not None
    BagianHitung.objects.filter(batch=b, pemda=pemeran.pemda_lain).update(status=StatusBagian.ANTRI)  # put back
    batch.batch_rekap(BatchHitung, b.pk, buka=True)  # by the retry that put it back
    b.refresh_from_db()
    assert (b.status, b.selesai, b.gagal, b.selesai_pada) == (StatusBatch.BERJALAN, 1, 0, None)
    BagianHitung.objects.filter(batch=b, pemda=pemeran.pemda_lain).update(status=StatusBagian.SELESAI)
    batch.batch_rekap(BatchHitung, b.pk)  # the retried part's end closes it again
    b.refresh_from_db()
    assert (b.status, b.selesai, b.gagal) == (StatusBatch.SELESAI, 2, 0) and b.selesai_pada is not None
