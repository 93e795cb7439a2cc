"""Report batches for a pemda group (issue 18 point 4): one report kind for every member pemda of a group and
year, made the way the year's recompute is (evaluasi/services/hitung.py), with the same batch shape, recount and
stuck-batch rule (`perangkat_daerah.batch`).

The kinds it makes are the registry's city documents built from each pemda's own data (`jenis_grup`: the LKjIP
Pemda and the Monev Renaksi Kota, PDF and Word; not the city tree, which prints what its requester sees); a
quarter's kind names its `triwulan`.

Who may start one is THE rule for work over many pemda (`perangkat_daerah.access.wajib_kelola_semua`: the
platform superuser, or a user with KELOLA on every member). Each report is an ordinary `Laporan` row of its
own pemda (city-level, no PD), so that pemda's entitled users see it, download it and retry it as any other;
it carries `batch_grup`. The rows are made by a Celery group of chunk tasks of `SAKIP_LAPORAN_GRUP_PER_TUGAS`
reports on the `batch` queue, each report through the normal builder (`services.laporan_proses`: claim, build,
store; a report already done is skipped, so a retried chunk does only what is left). A transient database
error retries the chunk (autoretry with backoff); a chunk out of retries marks its unfinished reports failed.
At its end a chunk recounts the batch from its rows (THE recount of every batch, `batch.batch_rekap`), and the
recount that finds every report done or failed closes the batch. A report of it that its pemda retries recounts
it too, when put back (`services.laporan_ulangi`: the batch runs again) and when made (`laporan_proses_sendiri`).
A batch none of whose reports finished for `SAKIP_LAPORAN_GRUP_MACET_DETIK` (its chunk messages lost) gets its
waiting reports' chunks sent again (`batch_grup_pulihkan_macet`, beat). Group rows are sent when made
(`dikirim_pada`), so the pemda's fair queue (`services.laporan_salurkan`) neither sends them nor counts them
against the pemda's interactive jobs; one its pemda retried (`diulang_pemda`) is the fair queue's from then on,
sent and counted there as any request, and no chunk sends it again (`BatchLaporanGrup.bagian_menunggu`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import wajib_kelola_semua
from perangkat_daerah.batch import BERJALAN, batch_kirim, batch_mulai, batch_pulihkan_macet, batch_rekap
from perangkat_daerah.models import GrupPemda
from perangkat_daerah.validasi import bulat_atau_galat

from . import jenis as jenis_laporan
from . import services
from .models import BatchLaporanGrup, Laporan


def jenis_grup() -> list[jenis_laporan.JenisLaporan]:
    """The kinds a group batch makes, in the registry's order: the city's documents (`Lingkup.KOTA`) whose builder
    reads the pemda's own data, not what the requester sees (`dari_peminta`)."""
    return [j for j in jenis_laporan.dengan_lingkup(jenis_laporan.Lingkup.KOTA) if not j.dari_peminta]


def jenis_grup_periksa(jenis: str, triwulan) -> tuple[jenis_laporan.JenisLaporan, int | None]:
    """The kind and quarter of a group batch, or a ValidationError in Indonesian."""
    jenis_entri = jenis_laporan.ambil(jenis)
    if jenis_entri not in jenis_grup():
        nama = ", ".join(str(j.label) for j in jenis_grup())
        raise ValidationError(
            {"jenis": _("Jenis laporan ini tidak dapat dibuat untuk satu grup. Pilih salah satu: %(jenis)s.")
             % {"jenis": nama}}
        )  # fmt: skip
    if not jenis_entri.per_triwulan and triwulan not in (None, ""):
        raise ValidationError({"triwulan": _("Laporan tahunan ini tidak memakai triwulan; kosongkan triwulannya.")})
    return jenis_entri, services.triwulan_laporan(jenis_entri, triwulan)


@transaction.atomic
def batch_grup_minta(*, user, grup: GrupPemda, jenis: str, tahun, triwulan=None) -> BatchLaporanGrup:
    """Start one report of `jenis` for `tahun` (and `triwulan`, for a quarter's kind) for every member of `grup`:
    the batch row, one Laporan per member, and (after commit) the chunk tasks. A batch of the same group, kind,
    year and quarter still running is returned instead (`sudah_ada`). PermissionDenied unless `user` may work
    on every member; ValidationError for a kind a group batch does not make or a missing quarter."""
    jenis_entri, triwulan = jenis_grup_periksa(jenis, triwulan)
    tahun = bulat_atau_galat(tahun, "tahun", minimum=2000, maksimum=2100)
    ids = sorted(grup.anggota.values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied(_("Grup ini belum punya anggota."))
    pesan = _("Hanya superuser platform atau pengelola setiap pemda anggota yang dapat membuat laporan grup.")
    wajib_kelola_semua(user, ids, pesan=pesan)
    GrupPemda.objects.select_for_update().filter(pk=grup.pk).exists()  # serialise the duplicate check below
    sama = {"grup": grup, "jenis": jenis, "tahun": tahun, "triwulan": triwulan}
    lama = BatchLaporanGrup.objects.filter(**sama, status__in=BERJALAN).first()
    if lama is not None:
        lama.sudah_ada = True
        return lama
    sekarang = timezone.now()
    batch = BatchLaporanGrup.objects.create(**sama, total=len(ids), diminta_oleh=user, dikirim_pada=sekarang)
    tanggal = services.tanggal_laporan(jenis_entri, tahun=tahun, perangkat_daerah=None, nilai=None, triwulan=triwulan)
    baris = Laporan.objects.bulk_create(
        [
            Laporan(
                pemda_id=p,
                jenis=jenis,
                tahun=tahun,
                triwulan=triwulan,
                tanggal=tanggal,
                batch_grup=batch,
                diminta_oleh=user,
                dikirim_pada=sekarang,
            )
            for p in ids
        ]  # fmt: skip
    )
    _jadwalkan(batch.pk, sorted(b.pk for b in baris))
    batch.sudah_ada = False
    return batch


def _jadwalkan(batch_id: int, laporan_ids: list[int]) -> None:
    """After commit, one Celery group of chunk tasks of SAKIP_LAPORAN_GRUP_PER_TUGAS reports (queue `batch`)."""
    from .tasks import laporan_buat_grup

    batch_kirim(laporan_buat_grup, batch_id, laporan_ids, ukuran=settings.SAKIP_LAPORAN_GRUP_PER_TUGAS)


def batch_grup_potongan(batch_id: int, laporan_ids: list[int]) -> int:
    """One chunk (what the Celery task runs): each report of it through the normal builder, then the recount.
    A transient error propagates (the task retries the chunk; the builder put that report back in the queue);
    any other failure is the report's own (`laporan_proses` marks it failed) and the chunk goes on. Returns the
    number of reports made now."""
    batch_mulai(BatchLaporanGrup, batch_id)
    jumlah = 0
    try:
        for laporan_id in laporan_ids:  # recounted once at the end, not per report
            jumlah += services.laporan_proses(laporan_id) == Laporan.Status.SELESAI
    finally:
        batch_rekap(BatchLaporanGrup, batch_id)
    return jumlah


def batch_grup_potongan_gagal(batch_id: int, laporan_ids: list[int], exc: BaseException) -> None:
    """A chunk out of retries: its reports not finished are marked failed (retried by their pemda as any
    failed report), and the batch may close."""
    for laporan_id in laporan_ids:
        services.laporan_gagal(laporan_id, exc)
    batch_rekap(BatchLaporanGrup, batch_id)


def laporan_proses_sendiri(laporan_id: int) -> str:
    """A report sent alone, not by a group chunk (the pemda's fair queue: a request, or a group batch's report its
    pemda retried): the normal builder (`services.laporan_proses`), then the recount of its group batch if it has
    one (a chunk recounts once at its end instead). Returns the builder's status."""
    hasil = services.laporan_proses(laporan_id)
    if hasil != "dilewati":
        batch_id = Laporan.objects.filter(pk=laporan_id).values_list("batch_grup_id", flat=True).first()
        if batch_id is not None:
            batch_rekap(BatchLaporanGrup, batch_id)
    return hasil


def batch_grup_pulihkan_macet() -> int:
    """Beat: a group batch whose chunk messages were lost (a worker or the broker died; none of its reports
    finished for SAKIP_LAPORAN_GRUP_MACET_DETIK) gets the chunks of its waiting reports sent again, by THE
    stuck-batch rule (`perangkat_daerah.batch.batch_pulihkan_macet`). A report stuck in
    `proses` is failed by `services.laporan_pulihkan_macet` after the hard time limit, which recounts the batch.
    Returns how many batches were sent again."""
    from .tasks import laporan_buat_grup

    return batch_pulihkan_macet(
        BatchLaporanGrup, detik=settings.SAKIP_LAPORAN_GRUP_MACET_DETIK, tugas=laporan_buat_grup,
        ukuran=settings.SAKIP_LAPORAN_GRUP_PER_TUGAS,
    )  # fmt: skip
