"""Work over many pemda in batches (issue 18 point 4): the one shape of a batch row, THE send of its chunks, THE
recount of a batch from its parts and THE rule of a stuck batch.

Two batches use them: the year's recompute (`evaluasi.BatchHitung`, its parts the `BagianHitung` rows, one per
pemda) and a group's report batch (`laporan.BatchLaporanGrup`, its parts the `Laporan` rows, one per member).
They live here, below both apps, so neither imports the other. A part has a `status` (its done and failed values
are "selesai" and "gagal") and a `selesai_pada`; the batch names its parts by their reverse accessor
(`nama_bagian`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import GrupPemda


class StatusBatch(models.TextChoices):
    """Where a batch is: waiting for its first chunk, running, or closed (every part done or failed)."""

    ANTRI = "antri", _("Dalam antrean")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Selesai dengan kegagalan")


BERJALAN = (StatusBatch.ANTRI, StatusBatch.BERJALAN)


class StatusBagian(models.TextChoices):
    """Where one part of a batch is (one pemda of a recompute). Every part's done and failed values are these
    two (a report's `Laporan.Status` has them too): `batch_rekap` counts them."""

    ANTRI = "antri", _("Dalam antrean")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")


class BatchDasar(models.Model):
    """The shape of a batch over many pemda: what it is for (year, group), who asked when, its status and its
    progress (parts in all, done, failed), when it started, closed and was last sent to the queue. The counters
    are written only by `batch_rekap`."""

    Status = StatusBatch
    nama_bagian: ClassVar[str]  # the reverse accessor of the part rows ("bagian", "laporan")

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    grup = models.ForeignKey(
        GrupPemda, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("grup pemda")
    )
    status = models.CharField(_("status"), max_length=10, choices=StatusBatch.choices, default=StatusBatch.ANTRI)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    selesai = models.PositiveIntegerField(_("selesai"), default=0)
    gagal = models.PositiveIntegerField(_("gagal"), default=0)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diminta_pada = models.DateTimeField(_("diminta pada"), default=timezone.now)
    mulai_pada = models.DateTimeField(_("mulai pada"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # when its chunks were last sent to the queue (again by the stuck-batch sweep, `batch_pulihkan_macet`)
    dikirim_pada = models.DateTimeField(_("dikirim pada"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-diminta_pada"]

    @property
    def berjalan(self) -> bool:
        return self.status in BERJALAN

    @classmethod
    def rekap_tambahan(cls) -> dict:
        """Further sums the recount keeps (field name: aggregate over the parts); none by default."""
        return {}

    @classmethod
    def bagian_dari(cls, batch_id: int) -> models.QuerySet:
        """The part rows of one batch."""
        rel = getattr(cls, cls.nama_bagian).rel
        return rel.related_model._base_manager.filter(**{rel.field.name: batch_id})

    @classmethod
    def bagian_menunggu(cls, batch_id: int) -> models.QuerySet:
        """The parts of one batch that wait for their chunk (what the stuck-batch sweep sends again)."""
        return cls.bagian_dari(batch_id).filter(status=StatusBagian.ANTRI)


def batch_potong(ids: list[int], ukuran: int) -> list[list[int]]:
    """`ids` in chunks of `ukuran`, in their order (the last one may be shorter)."""
    return [ids[i : i + ukuran] for i in range(0, len(ids), ukuran)]


def batch_kirim(tugas, batch_id: int, ids: list[int], *, ukuran: int) -> None:
    """THE send of a batch's chunks: after commit, one Celery group of `tugas(batch_id, chunk)`, a chunk of `ukuran`
    part ids each (the router picks the queue). No chord: no result backend is needed, each chunk recounts."""
    pesan = [tugas.s(batch_id, potong) for potong in batch_potong(ids, ukuran)]
    transaction.on_commit(lambda: _kirim(pesan))


def _kirim(pesan: list) -> None:
    from celery import group  # the web process needs Celery only when it sends

    group(pesan).apply_async()


def batch_mulai(model: type[BatchDasar], batch_id: int) -> None:
    """A chunk starts: a waiting batch is running from now (once; later chunks leave it)."""
    model.objects.filter(pk=batch_id, status=StatusBatch.ANTRI).update(
        status=StatusBatch.BERJALAN, mulai_pada=timezone.now()
    )


@transaction.atomic
def batch_rekap(model: type[BatchDasar], batch_id: int, *, buka: bool = False) -> None:
    """THE recount of a batch: its counters from its parts, and the status of a running one from them. Every part
    done or failed closes it (SELESAI, or GAGAL when one failed). A closed batch stays closed, whoever closed it
    (the last part, or an operator who stopped it): only the retry that put one of its parts back reopens it
    (`buka`), and it runs until that part ends. The batch row is locked first and the parts counted after (a
    fresh snapshot under READ COMMITTED), so recounts run one at a time and the last one sees every part
    committed: exact, whatever order chunks end in. Callers recount once per chunk, not per part."""
    baris = model.objects.select_for_update().filter(pk=batch_id).values_list("total", "status").first()
    if baris is None:
        return
    total, status = baris
    rekap = model.bagian_dari(batch_id).aggregate(
        selesai=Count("pk", filter=Q(status=StatusBagian.SELESAI)),
        gagal=Count("pk", filter=Q(status=StatusBagian.GAGAL)),
        **model.rekap_tambahan(),
    )
    habis = rekap["selesai"] + rekap["gagal"] >= total
    if habis and status in BERJALAN:
        rekap.update(status=StatusBatch.GAGAL if rekap["gagal"] else StatusBatch.SELESAI, selesai_pada=timezone.now())
    elif not habis and buka and status not in BERJALAN:
        rekap.update(status=StatusBatch.BERJALAN, selesai_pada=None)
    model.objects.filter(pk=batch_id).update(**rekap)


def batch_pulihkan_macet(model: type[BatchDasar], *, detik: int, tugas, ukuran: int, kunci: str = "pk") -> int:
    """THE rule of a stuck batch (beat): one still waiting or running, sent more than `detik` seconds ago, none of
    whose parts finished since (its messages lost: a worker or broker died, a queue was purged) is claimed by
    one conditional UPDATE of `dikirim_pada` (two sweeps at once take it once) and the chunks of its waiting
    parts (`bagian_menunggu`, named by their field `kunci` as a chunk names them) are sent again after commit
    (`batch_kirim` of `tugas` in chunks of `ukuran`); with none waiting the batch is recounted, so it closes.
    Harmless when it was only slow: a chunk skips what is done. Returns how many batches were sent again."""
    sekarang = timezone.now()
    batas = sekarang - timedelta(seconds=detik)
    lama = Q(dikirim_pada__lt=batas) | Q(dikirim_pada=None, diminta_pada__lt=batas)  # None: made before the field
    jumlah = 0
    for batch in model.objects.filter(lama, status__in=BERJALAN):
        with transaction.atomic():
            if model.bagian_dari(batch.pk).filter(selesai_pada__gte=batas).exists():
                continue  # still moving
            if not model.objects.filter(pk=batch.pk, dikirim_pada=batch.dikirim_pada).update(dikirim_pada=sekarang):
                continue
            sisa = sorted(model.bagian_menunggu(batch.pk).values_list(kunci, flat=True))
            if sisa:
                batch_kirim(tugas, batch.pk, sisa, ukuran=ukuran)
                jumlah += 1
            else:
                batch_rekap(model, batch.pk)
    return jumlah
