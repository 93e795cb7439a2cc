"""Evaluations (self-assessment, internal, official), their answers and grades, frozen results and the
recommendations of an LHE."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Aksi, Peran, ScopedQuerySet, profil_pengguna
from perangkat_daerah.models import Pemda, PerangkatDaerah

from .instrumen import DESIMAL, Instrumen, Kriteria, SubKomponen, _nama_bukti

# --- Evaluations -------------------------------------------------------------------------------------------


class EvaluasiQuerySet(ScopedQuerySet):
    """Evaluations in scope; a PD sees the Inspektorat's internal evaluation only once it is final."""

    def for_user(self, user, aksi: str = Aksi.LIHAT):
        """Rows `user` may perform `aksi` on."""
        return super().for_user(user, aksi).exclude(self.q_tersembunyi(user))

    @staticmethod
    def q_tersembunyi(user, *, jenis: str = "jenis", status: str = "status") -> Q:
        """THE rule of which evaluation states a user may not see, as a condition on the `jenis` and
        `status` lookups given (so that a document made from an evaluation, e.g. an LKE workbook, can be
        judged by the state it was made in): PD staff never see an internal evaluation before it is final."""
        profil = profil_pengguna(user)
        if profil is not None and Peran.terikat_pd(profil.peran):
            return Q(**{jenis: Evaluasi.Jenis.INTERNAL}) & ~Q(**{status: Evaluasi.Status.FINAL})
        return Q(pk__in=[])


class Evaluasi(models.Model):
    """One evaluation of a PD (or of the city when `perangkat_daerah` is empty) for one year.

    mandiri: the PD's (or the city's) own assessment; internal: the Inspektorat's evaluation of a PD;
    resmi: the official KemenPANRB result, entered from the LHE. Status: draf → diajukan → dinilai → final.
    """

    class Jenis(models.TextChoices):
        MANDIRI = "mandiri", _("Penilaian mandiri")
        INTERNAL = "internal", _("Evaluasi internal (Inspektorat)")
        RESMI = "resmi", _("Hasil resmi KemenPANRB")

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DINILAI = "dinilai", _("Dinilai")
        FINAL = "final", _("Final")

    instrumen = models.ForeignKey(Instrumen, on_delete=models.PROTECT, related_name="evaluasi")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluasi",
        verbose_name=_("perangkat daerah"),
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAF)
    nomor_lhe = models.CharField(_("nomor LHE"), max_length=100, blank=True)
    tanggal_lhe = models.DateField(_("tanggal LHE"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    versi = models.PositiveIntegerField(default=1)
    arsip = models.BooleanField(
        _("arsip"),
        default=False,
        editable=False,
        help_text=_(
            "Dibuat dengan jenis yang tidak dikenal sebelum jenis divalidasi; disimpan apa adanya dan hanya "
            "dapat dibaca."
        ),
    )
    dicatat_dari_lhe = models.BooleanField(
        _("dicatat dari LHE"),
        default=False,
        editable=False,
        help_text=_("Hasil internal PD yang dicatat sebagai angka dari LHE Inspektorat, tanpa lembar kerja."),
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = EvaluasiQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        ordering = ["-tahun", "perangkat_daerah__kode", "jenis"]
        constraints = [
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun", "jenis"],
                condition=Q(perangkat_daerah__isnull=False),
                name="evaluasi_unik_per_pd_tahun_jenis",
            ),
            models.UniqueConstraint(
                fields=["pemda", "tahun", "jenis"],
                condition=Q(perangkat_daerah__isnull=True),
                name="evaluasi_unik_per_kota_tahun_jenis",
            ),
            # The kinds the workflow knows, each on what it evaluates: an internal evaluation is of a PD,
            # the official result of the city. Rows stored before this rule with another kind are kept as
            # `arsip` (read-only) by migration 0005, so nothing is lost.
            models.CheckConstraint(
                condition=Q(arsip=True)
                | Q(jenis="mandiri")
                | Q(jenis="internal", perangkat_daerah__isnull=False)
                | Q(jenis="resmi", perangkat_daerah__isnull=True),
                name="evaluasi_jenis_dikenal",
            ),
        ]
        indexes = [models.Index(fields=["pemda", "tahun", "jenis"])]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nama_objek} {self.tahun}"

    @property
    def nama_objek(self) -> str:
        """The PD's name, or the pemda's for a city-level evaluation."""
        return self.perangkat_daerah.nama if self.perangkat_daerah_id else self.pemda.nama

    @property
    def final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def dari_lhe(self) -> bool:
        """THE rule of a result read from an LHE as figures, never computed from answers: the official
        result, or a PD's internal result recorded from the Inspektorat's LHE (`dicatat_dari_lhe`, set by
        services.hasil_lhe_pd_catat; migration 0013 set it for the rows recorded before the field)."""
        return self.jenis == self.Jenis.RESMI or self.dicatat_dari_lhe


class _IsianEvaluasi(models.Model):
    """What an answer row and a grade row share: a note, the version for optimistic locking, who and when,
    and the evaluation's scope."""

    catatan = models.TextField(_("catatan"), blank=True)
    versi = models.PositiveIntegerField(default=1)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "evaluasi__pemda"
    scope_pd = "evaluasi__perangkat_daerah"

    class Meta:
        abstract = True


class Jawaban(_IsianEvaluasi):
    """The answer to one criterion in one evaluation; an empty `nilai` means not answered yet."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="jawaban")
    kriteria = models.ForeignKey(Kriteria, on_delete=models.PROTECT, related_name="+")
    nilai = models.CharField(_("jawaban"), max_length=4, blank=True)
    bukti = models.FileField(_("bukti"), upload_to=_nama_bukti, blank=True, max_length=200)
    bukti_nama = models.CharField(_("nama berkas bukti"), max_length=200, blank=True)
    bukti_jenis = models.CharField(_("jenis berkas bukti"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        constraints = [models.UniqueConstraint(fields=["evaluasi", "kriteria"], name="jawaban_unik")]

    def __str__(self) -> str:
        return f"{self.kriteria.kode}: {self.nilai or '–'}"


class NilaiSubKomponen(_IsianEvaluasi):
    """Method A: the evaluator's grade (AA–E) of one sub-component, beside the grade its criteria support
    (the one the Y share proposes); a grade above that support carries the evaluator's written `alasan`
    (evaluasi.services.dukungan), unless the pemda refuses such grades outright."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="nilai_sub")
    subkomponen = models.ForeignKey(SubKomponen, on_delete=models.PROTECT, related_name="+")
    nilai = models.CharField(_("nilai"), max_length=4, blank=True)
    alasan = models.TextField(
        _("alasan nilai di atas dukungan kriteria"),
        blank=True,
        help_text=_("Wajib bila nilai lebih tinggi daripada nilai yang didukung jawaban kriterianya."),
    )

    class Meta:
        verbose_name = _("nilai subkomponen")
        verbose_name_plural = _("nilai subkomponen")
        constraints = [models.UniqueConstraint(fields=["evaluasi", "subkomponen"], name="nilai_sub_unik")]

    def __str__(self) -> str:
        return f"{self.subkomponen.kode}: {self.nilai or '–'}"


class HasilEvaluasi(models.Model):
    """The frozen result of a final evaluation (or the official result as entered from the LHE).

    `nilai_komponen` and `nilai_subkomponen` map codes to values as text ("20.70"), so nothing is rounded
    twice; the instrument and band-table versions used are stored beside.
    """

    evaluasi = models.OneToOneField(Evaluasi, on_delete=models.CASCADE, related_name="hasil")
    total = models.DecimalField(_("nilai total"), **DESIMAL)
    predikat = models.CharField(_("predikat"), max_length=4)
    predikat_nama = models.CharField(_("nama predikat"), max_length=60)
    nilai_komponen = models.JSONField(_("nilai komponen"), default=dict, blank=True)
    nilai_subkomponen = models.JSONField(_("nilai subkomponen"), default=dict, blank=True)
    lengkap = models.BooleanField(_("lengkap"), default=True)
    instrumen_kode = models.CharField(max_length=40)
    instrumen_versi = models.PositiveSmallIntegerField()
    skala_predikat_versi = models.CharField(max_length=60)
    dihitung_pada = models.DateTimeField(_("dihitung pada"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "evaluasi__pemda"
    scope_pd = "evaluasi__perangkat_daerah"

    class Meta:
        verbose_name = _("hasil evaluasi")
        verbose_name_plural = _("hasil evaluasi")

    def __str__(self) -> str:
        return f"{self.evaluasi}: {self.total} ({self.predikat})"


class Rekomendasi(models.Model):
    """A recommendation of an LHE (official or internal), its follow-up by the PD and its verification.

    Separation of duties: the responsible PD (Bagian Organisasi for a city-level one) files the follow-up,
    `ditindaklanjuti_oleh` records who, and that user may not verify it.
    """

    class Status(models.TextChoices):
        BELUM = "belum", _("Belum ditindaklanjuti")
        PROSES = "proses", _("Dalam proses")
        SELESAI = "selesai", _("Selesai")

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="rekomendasi")
    uraian = models.TextField(_("rekomendasi"))
    kriteria = models.ManyToManyField(Kriteria, blank=True, related_name="+", verbose_name=_("kriteria terkait"))
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rekomendasi",
        verbose_name=_("PD penanggung jawab"),
    )
    batas_waktu = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BELUM)
    tindak_lanjut = models.TextField(_("tindak lanjut"), blank=True)
    bukti = models.FileField(_("bukti tindak lanjut"), upload_to=_nama_bukti, blank=True, max_length=200)
    bukti_nama = models.CharField(max_length=200, blank=True)
    bukti_jenis = models.CharField(max_length=100, blank=True)
    catatan_verifikasi = models.TextField(_("catatan verifikasi"), blank=True)
    ditindaklanjuti_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tindak lanjut dilaporkan oleh"),
    )
    ditindaklanjuti_pada = models.DateTimeField(_("tindak lanjut dilaporkan pada"), null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)
    versi = models.PositiveIntegerField(default=1)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["batas_waktu", "pk"]

    def __str__(self) -> str:
        return self.uraian[:80]

    def terlambat(self, hari_ini=None) -> bool:
        """Past its due date and not yet done."""
        hari_ini = hari_ini or timezone.localdate()
        return self.status != self.Status.SELESAI and self.batas_waktu < hari_ini
