"""Report batches for a pemda group (issue 18 point 4): one report kind for every member pemda of a group and
year, made the way the year's recompute is (evaluasi/services/hitung.py).

Who may start one is THE rule for work over many pemda (`perangkat_daerah.access.wajib_kelola_semua`: the
platform superuser, or a user with KELOLA on every member). Each report is an ordinary `Laporan` row of its
own pemda (city-level, no PD), so that pemda's entitled users see it, download it and retry it as any other;
it carries `batch_grup`. The rows are made by a Celery group of chunk tasks of `SAKIP_LAPORAN_GRUP_PER_TUGAS`
reports on the `batch` queue, each report through the normal builder (`services.laporan_proses`: claim, build,
store; a report already done is skipped, so a retried chunk does only what is left). A transient database
error retries the chunk (autoretry with backoff); a chunk out of retries marks its unfinished reports failed.
At its end a chunk recounts the batch from its rows (`batch_grup_rekap`), and the recount that finds every report done
or failed closes the batch. Group rows are sent when made (`dikirim_pada`), so the pemda's fair queue
(`services.laporan_salurkan`) neither sends them nor counts them against the pemda's interactive jobs.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import wajib_kelola_semua
from perangkat_daerah.models import GrupPemda
from perangkat_daerah.validasi import bulat_atau_galat

from . import jenis as jenis_laporan
from . import services
from .models import BatchLaporanGrup, Laporan

# the kinds a group batch makes: city documents whose builder reads the pemda's data, not the requester's view
JENIS_GRUP = ("lkjip_pemda", "lkjip_pemda_docx")
_BERJALAN = (BatchLaporanGrup.Status.ANTRI, BatchLaporanGrup.Status.BERJALAN)


def _potong(ids: list[int], ukuran: int) -> list[list[int]]:
    return [ids[i : i + ukuran] for i in range(0, len(ids), ukuran)]


@transaction.atomic
def batch_grup_minta(*, user, grup: GrupPemda, jenis: str, tahun) -> BatchLaporanGrup:
    """Start one report of `jenis` for `tahun` for every member of `grup`: the batch row, one Laporan per member,
    and (after commit) the chunk tasks. A batch of the same group, kind and year still running is returned
    instead (`sudah_ada`). PermissionDenied unless `user` may work on every member; ValidationError for a kind
    a group batch does not make."""
    if jenis not in JENIS_GRUP:
        raise ValidationError({"jenis": _("Jenis laporan ini tidak dapat dibuat untuk satu grup.")})
    jenis_entri = jenis_laporan.ambil(jenis)
    tahun = bulat_atau_galat(tahun, "tahun", minimum=2000, maksimum=2100)
    ids = sorted(grup.anggota.values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied(_("Grup ini belum punya anggota."))
    pesan = _("Hanya superuser platform atau pengelola setiap pemda anggota yang dapat membuat laporan grup.")
    wajib_kelola_semua(user, ids, pesan=pesan)
    GrupPemda.objects.select_for_update().filter(pk=grup.pk).exists()  # serialise the duplicate check below
    lama = BatchLaporanGrup.objects.filter(grup=grup, jenis=jenis, tahun=tahun, status__in=_BERJALAN).first()
    if lama is not None:
        lama.sudah_ada = True
        return lama
    sekarang = timezone.now()
    batch = BatchLaporanGrup.objects.create(grup=grup, jenis=jenis, tahun=tahun, total=len(ids), diminta_oleh=user)
    tanggal = jenis_entri.tanggal_bawaan(tahun=tahun, perangkat_daerah=None, hari_ini=timezone.localdate(),
                                         triwulan=None) if jenis_entri.jendela else None  # fmt: skip
    baris = Laporan.objects.bulk_create(
        [
            Laporan(
                pemda_id=p,
                jenis=jenis,
                tahun=tahun,
                tanggal=tanggal,
                batch_grup=batch,
                diminta_oleh=user,
                dikirim_pada=sekarang,
            )
            for p in ids
        ]  # fmt: skip
    )
    laporan_ids = sorted(b.pk for b in baris)
    tugas = _tugas(batch.pk, laporan_ids)
    transaction.on_commit(lambda: _kirim(tugas))
    batch.sudah_ada = False
    return batch


def _tugas(batch_id: int, laporan_ids: list[int]) -> list:
    from .tasks import laporan_buat_grup

    ukuran = settings.SAKIP_LAPORAN_GRUP_PER_TUGAS
    return [laporan_buat_grup.s(batch_id, potong) for potong in _potong(laporan_ids, ukuran)]


def _kirim(tugas) -> None:
    from celery import group

    group(tugas).apply_async()


def batch_grup_potongan(batch_id: int, laporan_ids: list[int]) -> int:
    """One chunk (what the Celery task runs): each report of it through the normal builder, then the recount.
    A transient error propagates (the task retries the chunk; the builder put that report back in the queue);
    any other failure is the report's own (`laporan_proses` marks it failed) and the chunk goes on. Returns the
    number of reports made now."""
    BatchLaporanGrup.objects.filter(pk=batch_id, status=BatchLaporanGrup.Status.ANTRI).update(
        status=BatchLaporanGrup.Status.BERJALAN, mulai_pada=timezone.now()
    )
    jumlah = 0
    try:
        for laporan_id in laporan_ids:
            jumlah += services.laporan_proses(laporan_id) == Laporan.Status.SELESAI
    finally:
        batch_grup_rekap(batch_id)
    return jumlah


def batch_grup_potongan_gagal(batch_id: int, laporan_ids: list[int], exc: BaseException) -> None:
    """A chunk out of retries: its reports not finished are marked failed (retried by their pemda as any
    failed report), and the batch may close."""
    for laporan_id in laporan_ids:
        services.laporan_gagal(laporan_id, exc)
    batch_grup_rekap(batch_id)


@transaction.atomic
def batch_grup_rekap(batch_id: int) -> None:
    """The batch's counters from its reports, and its closing once every report is done or failed (the batch
    row locked first, then the rows counted: recounts run one at a time, the last one sees every chunk)."""
    BatchLaporanGrup.objects.select_for_update().filter(pk=batch_id).exists()
    rekap = Laporan.objects.filter(batch_grup_id=batch_id).aggregate(
        selesai=Count("pk", filter=Q(status=Laporan.Status.SELESAI)),
        gagal=Count("pk", filter=Q(status=Laporan.Status.GAGAL)),
    )
    BatchLaporanGrup.objects.filter(pk=batch_id).update(**rekap)
    habis = BatchLaporanGrup.objects.filter(pk=batch_id, selesai=F("total") - F("gagal"), status__in=_BERJALAN)
    sekarang = timezone.now()
    habis.filter(gagal=0).update(status=BatchLaporanGrup.Status.SELESAI, selesai_pada=sekarang)
    habis.filter(gagal__gt=0).update(status=BatchLaporanGrup.Status.GAGAL, selesai_pada=sekarang)
