"""THE batch over many pemda (perangkat_daerah/batch.py): its chunks and their send, shared by the year's
recompute (evaluasi/services/hitung.py) and a group's report batch (laporan/batch_grup.py). The recount and the
stuck-batch rule are also exercised through both batches' own tests (tests/evaluasi/test_hitung_banyak.py,
tests/laporan/test_batch_grup*.py)."""

from __future__ import annotations

import pytest

from evaluasi.tasks import hitung_ulang_bagian
from laporan.tasks import laporan_buat_grup
from perangkat_daerah import batch


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
