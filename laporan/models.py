"""Report jobs: one row per requested document, watched by the page and claimed by one worker."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluasi.models import Evaluasi
from perangkat_daerah.access import Aksi, ScopedQuerySet
from perangkat_daerah.batch import BatchDasar
from perangkat_daerah.models import Pemda, PerangkatDaerah

from . import jenis as jenis_laporan
from .jenis import Lingkup


def _lokasi_berkas(instance: Laporan, filename: str) -> str:
    """Stored under a random name; the download view gives the readable one."""
    akhiran = filename.rsplit(".", 1)[-1].lower()
    return f"laporan/{instance.tahun}/{uuid.uuid4().hex}.{akhiran}"


class BatchLaporan(models.Model):
    """One request that became one report job per PD ("Buat semua LKjIP PD tahun Y")."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(_("jenis"), max_length=20)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    diminta_pada = models.DateTimeField(_("diminta pada"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("batch laporan")
        verbose_name_plural = _("batch laporan")
        ordering = ["-diminta_pada"]

    def __str__(self) -> str:
        return f"Batch {self.jenis} {self.tahun}"


class BatchLaporanGrup(BatchDasar):
    """One report kind for every member pemda of a group and year (issue 18 point 4, laporan/batch_grup.py):
    one Laporan per member, its own pemda's row, made by chunks of `SAKIP_LAPORAN_GRUP_PER_TUGAS` reports on
    the `batch` queue. Its shape, status and progress are every batch's (`perangkat_daerah.batch.BatchDasar`),
    its parts the `Laporan` rows. Platform data (no pemda): started and watched by the platform superuser."""

    nama_bagian = "laporan"

    jenis = models.CharField(_("jenis"), max_length=20)
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), null=True, blank=True)  # a quarter's kind only

    class Meta(BatchDasar.Meta):
        verbose_name = _("batch laporan grup")
        verbose_name_plural = _("batch laporan grup")

    @classmethod
    def bagian_menunggu(cls, batch_id: int) -> models.QuerySet:
        """The batch's reports that wait for their chunk: not one its pemda retried (the fair queue's now)."""
        return super().bagian_menunggu(batch_id).filter(diulang_pemda=False)

    def __str__(self) -> str:
        periode = f"{self.tahun} TW{self.triwulan}" if self.triwulan else self.tahun
        return f"{self.jenis} {periode}: {self.selesai + self.gagal}/{self.total}"


class LaporanQuerySet(ScopedQuerySet):
    """Report jobs in scope. A job is visible exactly when its source is: an evaluation's export (the LKE
    workbook) only to those who may see its evaluation (the evaluasi app's rule, so a PD never sees the
    Inspektorat's draft)."""

    def for_user(self, user, aksi: str = Aksi.LIHAT):
        """Rows `user` may perform `aksi` on."""
        qs = super().for_user(user, aksi)
        dari_evaluasi = models.Q(jenis__in=[j.kode for j in jenis_laporan.dengan_lingkup(Lingkup.EVALUASI)])
        evaluasi_terlihat = Evaluasi.objects.for_user(user).values("pk")
        qs = qs.filter(~dari_evaluasi | models.Q(evaluasi_id__in=evaluasi_terlihat))
        # The workbook shows the evaluation as it was when made (`status_sumber`): one made from the
        # Inspektorat's draft stays hidden from the PD even after the evaluation is final.
        jenis_sumber = Evaluasi.objects.filter(pk=models.OuterRef("evaluasi_id")).values("jenis")[:1]
        return qs.annotate(_jenis_sumber=models.Subquery(jenis_sumber)).exclude(
            dari_evaluasi & Evaluasi.objects.q_tersembunyi(user, jenis="_jenis_sumber", status="status_sumber")
        )


class Laporan(models.Model):
    """A requested document of one of the registered kinds (laporan/jenis.py): LKjIP of a PD or of the city,
    a PK document, or an LKE workbook."""

    # the kinds' codes and labels, from the registry (LKJIP_PD, LKJIP_PEMDA, PK, LKE_XLSX)
    Jenis = models.TextChoices("Jenis", jenis_laporan.pilihan(), module=__name__, qualname="Laporan.Jenis")

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        PROSES = "proses", _("Sedang dibuat")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="laporan")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.CASCADE, null=True, blank=True, related_name="laporan"
    )
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    evaluasi_id = models.PositiveBigIntegerField(_("evaluasi"), null=True, blank=True)
    # a quarter's document (a kind with `per_triwulan`: the Monev Renaksi); empty for a year's document
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), null=True, blank=True)
    tanggal = models.DateField(
        _("tanggal laporan"), null=True, blank=True,
        help_text=_("Tanggal yang tercetak pada dokumen; bawaan dalam jendela waktu peraturan."),
    )  # fmt: skip
    status_sumber = models.CharField(
        _("status evaluasi saat berkas dibuat"), max_length=10, blank=True,
        help_text=_("LKE: status evaluasi ketika diminta, lalu ketika berkasnya dibuat."),
    )  # fmt: skip
    kurang_tercetak = models.JSONField(
        _("data belum lengkap saat berkas dibuat"), null=True, blank=True,
        help_text=_("LKjIP: butir “Data belum lengkap” yang tercetak pada berkas ([] bila lengkap); kosong bila "
                    "tidak diketahui (berkas belum dibuat, atau dibuat sebelum hal ini dicatat)."),
    )  # fmt: skip
    batch = models.ForeignKey(BatchLaporan, on_delete=models.SET_NULL, null=True, blank=True, related_name="laporan")
    # a group's batch (laporan/batch_grup.py): made by its chunk tasks, not by the pemda's fair queue
    batch_grup = models.ForeignKey(
        BatchLaporanGrup, on_delete=models.SET_NULL, null=True, blank=True, related_name="laporan"
    )
    # a group batch's report its pemda retried: from then on the pemda's fair queue sends it and counts it against
    # the pemda's jobs, as the first send of any request (services.LEWAT_ANTREAN); never a group chunk again
    diulang_pemda = models.BooleanField(_("diulang oleh pemdanya"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ANTRI)
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    tahap = models.CharField(_("tahap"), max_length=100, blank=True)
    berkas = models.FileField(_("berkas"), upload_to=_lokasi_berkas, blank=True)
    nama_berkas = models.CharField(_("nama berkas"), max_length=200, blank=True)
    jumlah_halaman = models.PositiveIntegerField(_("jumlah halaman"), null=True, blank=True)
    galat = models.TextField(_("pesan kesalahan"), blank=True)
    hash_masukan = models.CharField(_("hash masukan"), max_length=64, blank=True)
    percobaan = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    diminta_pada = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    mulai_pada = models.DateTimeField(_("mulai pada"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # when the job was handed to the worker queue; empty while it waits its pemda's turn (laporan_salurkan)
    dikirim_pada = models.DateTimeField(_("dikirim ke antrean pekerja pada"), null=True, blank=True)
    # a finished LKjIP that Bagian Organisasi chose to publish on the public page (laporan/terbit.py)
    terbit = models.BooleanField(_("diterbitkan di halaman publik"), default=False)
    terbit_pada = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)

    objects = LaporanQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-diminta_pada", "-pk"]
        indexes = [models.Index(fields=["pemda", "tahun", "status"])]

    def __str__(self) -> str:
        return self.nama_berkas or f"{self.get_jenis_display()} {self.tahun}"

    @property
    def sedang_berjalan(self) -> bool:
        return self.status in (self.Status.ANTRI, self.Status.PROSES)


class Narasi(models.Model):
    """The editable narrative of one chapter of an LKjIP (starts from a generated default)."""

    class Bab(models.TextChoices):
        KATA_PENGANTAR = "kata_pengantar", _("Kata Pengantar")
        BAB1 = "bab1", _("Bab I Pendahuluan")
        BAB2 = "bab2", _("Bab II Perencanaan Kinerja")
        BAB3 = "bab3", _("Bab III Akuntabilitas Kinerja")
        BAB4 = "bab4", _("Bab IV Penutup: kesimpulan")
        BAB4_LANGKAH = "bab4_langkah", _("Bab IV Penutup: langkah perbaikan tahun berikutnya")
        SEBAB = "sebab", _("Bab III A: penyebab keberhasilan/kegagalan dan solusi per sasaran")

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, null=True, blank=True)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bab = models.CharField(_("bab"), max_length=20, choices=Bab.choices)
    # the sasaran (a node of the performance tree) a per-sasaran narrative is about (bab "sebab"); empty for chapters
    sasaran = models.ForeignKey("kinerja.Sasaran", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    teks = models.TextField(_("teks"))
    # the figures of the narrative's scope when it was saved (label → printed value): a saved text that quotes a
    # figure which has changed since is flagged for review (laporan/narasi.py)
    angka = models.JSONField(_("angka saat disimpan"), default=dict, blank=True)
    versi = models.PositiveIntegerField(default=1)
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("narasi laporan")
        verbose_name_plural = _("narasi laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun", "bab"],
                condition=models.Q(sasaran__isnull=True),
                name="narasi_pd_unik_per_bab",
            ),
            models.UniqueConstraint(
                fields=["pemda", "tahun", "bab"],
                condition=models.Q(perangkat_daerah__isnull=True, sasaran__isnull=True),
                name="narasi_kota_unik_per_bab",
            ),
            models.UniqueConstraint(
                fields=["sasaran", "tahun"], condition=models.Q(sasaran__isnull=False), name="narasi_sasaran_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(bab="sebab", sasaran__isnull=False)
                | (~models.Q(bab="sebab") & models.Q(sasaran__isnull=True)),
                name="narasi_sebab_punya_sasaran",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_bab_display()} {self.tahun}"


from .models_reviu import Reviu  # noqa: E402, F401 (re-exported; the reviu of an LKjIP, laporan/reviu.py)
