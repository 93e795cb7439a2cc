"""The LKE instrument as data, evaluations with their answers, frozen results, and recommendations.

An instrument (PermenPANRB 88/2021 or a pemda's adaptation) is versioned reference data; once a final
evaluation uses it, neither it nor its components, sub-components, criteria or band table may change: copy
it to a new version instead (admin action). The arithmetic lives in `scoring.py`; `selectors.py` builds the
engine's input from these rows.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Aksi, Peran, ScopedQuerySet, boleh, profil_pengguna
from perangkat_daerah.models import Pemda, PerangkatDaerah

from . import scoring

DESIMAL = {"max_digits": 6, "decimal_places": 2}
# The years an evaluation may be for: what the official-result form always allowed (issue 11 §19/§20).
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


def _nama_bukti(instance, filename: str) -> str:
    """A random stored name: the uploaded name is kept only as a label, never as a path."""
    ekstensi = PurePosixPath(filename).suffix.lower()[:8]
    return f"bukti/evaluasi/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{ekstensi}"


class InstrumenTerkunci(ValidationError):
    """A write to an instrument (or its parts) that a final evaluation already uses."""


def _sentuh(instrumen_qs) -> None:
    """Mark instruments changed: the engine adapter caches an instrument per (id, diubah_pada)."""
    instrumen_qs.update(diubah_pada=timezone.now())


# --- Reference data: band table and instrument ---------------------------------------------------------


class SkalaPredikat(models.Model):
    """A versioned predicate band table (DOMAIN.md §3) with its boundary rule."""

    versi = models.CharField(_("versi"), max_length=60, unique=True)
    bawah_inklusif = models.BooleanField(
        _("batas bawah inklusif"),
        default=False,
        help_text=_("Bawaan: batas bawah eksklusif, batas atas inklusif (70,00 → B; 70,01 → BB)."),
    )

    class Meta:
        verbose_name = _("skala predikat")
        verbose_name_plural = _("skala predikat")
        ordering = ["versi"]

    def __str__(self) -> str:
        return self.versi

    def save(self, *args, **kwargs):
        if self.pk and self.terkunci:
            raise InstrumenTerkunci(_("Skala predikat ini dipakai evaluasi final dan tidak dapat diubah."))
        super().save(*args, **kwargs)
        _sentuh(Instrumen.objects.filter(skala_predikat=self))

    @property
    def terkunci(self) -> bool:
        """True when an instrument used by a final evaluation reads its predicates from this table."""
        return Evaluasi.objects.filter(instrumen__skala_predikat=self, status=Evaluasi.Status.FINAL).exists()


class BandPredikat(models.Model):
    """One band of a predicate table: AA "Sangat Memuaskan" from batas_bawah to batas_atas."""

    skala = models.ForeignKey(SkalaPredikat, on_delete=models.CASCADE, related_name="bands")
    kode = models.CharField(_("kode"), max_length=4)
    nama = models.CharField(_("nama"), max_length=60)
    makna = models.CharField(_("makna"), max_length=200)
    batas_bawah = models.DecimalField(_("batas bawah"), **DESIMAL)
    batas_atas = models.DecimalField(_("batas atas"), **DESIMAL)

    class Meta:
        verbose_name = _("band predikat")
        verbose_name_plural = _("band predikat")
        ordering = ["skala", "-batas_bawah"]
        constraints = [models.UniqueConstraint(fields=["skala", "kode"], name="band_kode_unik_per_skala")]

    def __str__(self) -> str:
        return f"{self.kode} ({self.batas_bawah}–{self.batas_atas})"

    def save(self, *args, **kwargs):
        if self.skala.terkunci:
            raise InstrumenTerkunci(_("Skala predikat ini dipakai evaluasi final dan tidak dapat diubah."))
        super().save(*args, **kwargs)
        _sentuh(Instrumen.objects.filter(skala_predikat_id=self.skala_id))


class InstrumenQuerySet(ScopedQuerySet):
    """National instruments (no pemda) are visible to everyone; a pemda's adaptation only to that pemda."""

    def for_user(self, user, aksi: str = Aksi.LIHAT):
        """Instruments `user` may read (LIHAT) or manage (KELOLA)."""
        if not boleh(user, aksi):
            return self.none()
        return self.filter(Q(pemda__isnull=True) | Q(pemda_id=profil_pengguna(user).pemda_id))


def _skala_jawaban_bawaan() -> dict:
    return {
        "YT": dict(scoring.SKALA_YT_DEFAULT),
        "AE": dict(scoring.SKALA_AE_DEFAULT),
        "AAE": dict(scoring.NILAI_A_DEFAULT),
    }


def _tabel_nilai_a_bawaan() -> dict:
    return {
        "bagian": dict(scoring.NILAI_A_DEFAULT),
        "usulan": [list(baris) for baris in scoring.USULAN_A_DEFAULT],
    }


class Instrumen(models.Model):
    """A versioned LKE worksheet: components → sub-components → criteria, scoring method, scales.

    `skala_jawaban` maps a scale code (YT, AE, AAE) to {answer: value 0..1}; `tabel_nilai_a` holds the
    method-A grade shares and the proposal rows. Both are data, copied with the instrument.
    """

    class Metode(models.TextChoices):
        A = scoring.METODE_A, _("A: nilai per subkomponen (gaya KemenPANRB)")
        B = scoring.METODE_B, _("B: rata-rata nilai kriteria")

    kode = models.SlugField(_("kode"), max_length=40)
    nama = models.CharField(_("nama"), max_length=200)
    metode = models.CharField(_("metode penilaian"), max_length=1, choices=Metode.choices)
    tahun_berlaku = models.PositiveSmallIntegerField(_("tahun berlaku"))
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    skala_predikat = models.ForeignKey(SkalaPredikat, on_delete=models.PROTECT, verbose_name=_("skala predikat"))
    skala_jawaban = models.JSONField(_("skala jawaban"), default=_skala_jawaban_bawaan)
    tabel_nilai_a = models.JSONField(_("tabel nilai metode A"), default=_tabel_nilai_a_bawaan)
    induk = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="salinan", verbose_name=_("disalin dari")
    )
    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong untuk instrumen nasional; diisi untuk adaptasi satu pemda."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = InstrumenQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("instrumen evaluasi")
        verbose_name_plural = _("instrumen evaluasi")
        ordering = ["-tahun_berlaku", "kode", "-versi"]
        constraints = [models.UniqueConstraint(fields=["kode", "versi"], name="instrumen_kode_versi_unik")]

    def __str__(self) -> str:
        return f"{self.nama} (v{self.versi})"

    def save(self, *args, **kwargs):
        self.periksa_tidak_terkunci()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.periksa_tidak_terkunci()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        self.periksa_tidak_terkunci()

    @property
    def terkunci(self) -> bool:
        """True when a final evaluation uses this instrument: it may then only be copied."""
        return self.pk is not None and self.evaluasi.filter(status=Evaluasi.Status.FINAL).exists()

    def periksa_tidak_terkunci(self) -> None:
        """Raise InstrumenTerkunci when a final evaluation uses this instrument."""
        if self.terkunci:
            raise InstrumenTerkunci(
                _("Instrumen %(nama)s dipakai evaluasi final dan tidak dapat diubah. Salin ke versi baru.")
                % {"nama": self}
            )


class _BagianInstrumen(models.Model):
    """A part of an instrument: refuses writes once the instrument is locked."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        instrumen = self._instrumen()
        instrumen.periksa_tidak_terkunci()
        super().save(*args, **kwargs)
        _sentuh(Instrumen.objects.filter(pk=instrumen.pk))

    def delete(self, *args, **kwargs):
        instrumen = self._instrumen()
        instrumen.periksa_tidak_terkunci()
        hasil = super().delete(*args, **kwargs)
        _sentuh(Instrumen.objects.filter(pk=instrumen.pk))
        return hasil

    def clean(self) -> None:
        self._instrumen().periksa_tidak_terkunci()

    def _instrumen(self) -> Instrumen:
        raise NotImplementedError


class Komponen(_BagianInstrumen):
    """A component (Perencanaan Kinerja 30, ...): its weight is the sum of its sub-components'."""

    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="komponen")
    kode = models.CharField(_("kode"), max_length=10)
    nama = models.CharField(_("nama"), max_length=200)
    bobot = models.DecimalField(_("bobot"), **DESIMAL)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("komponen")
        verbose_name_plural = _("komponen")
        ordering = ["instrumen", "urutan", "kode"]
        constraints = [models.UniqueConstraint(fields=["instrumen", "kode"], name="komponen_kode_unik")]

    def __str__(self) -> str:
        return f"{self.kode}. {self.nama}"

    def _instrumen(self) -> Instrumen:
        return self.instrumen


class SubKomponen(_BagianInstrumen):
    """A sub-component (keberadaan / kualitas / pemanfaatan) with its weight in points of the total."""

    class Jenis(models.TextChoices):
        KEBERADAAN = "keberadaan", _("Keberadaan")
        KUALITAS = "kualitas", _("Kualitas")
        PEMANFAATAN = "pemanfaatan", _("Pemanfaatan")
        CAPAIAN = "capaian", _("Capaian")

    komponen = models.ForeignKey(Komponen, on_delete=models.CASCADE, related_name="subkomponen")
    kode = models.CharField(_("kode"), max_length=10)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    bobot = models.DecimalField(_("bobot"), **DESIMAL)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("subkomponen")
        verbose_name_plural = _("subkomponen")
        ordering = ["komponen", "urutan", "kode"]
        constraints = [models.UniqueConstraint(fields=["komponen", "kode"], name="subkomponen_kode_unik")]

    def __str__(self) -> str:
        return f"{self.kode}. {self.nama}"

    def _instrumen(self) -> Instrumen:
        return self.komponen.instrumen


class Kriteria(_BagianInstrumen):
    """A criterion of the worksheet, answered on one scale (Y/T, A–E or AA–E)."""

    class Skala(models.TextChoices):
        YT = "YT", _("Y/T")
        AE = "AE", _("A–E")
        AAE = "AAE", _("AA–E")

    subkomponen = models.ForeignKey(SubKomponen, on_delete=models.CASCADE, related_name="kriteria")
    nomor = models.PositiveSmallIntegerField(_("nomor"))
    kode = models.CharField(_("kode"), max_length=20)
    uraian = models.TextField(_("uraian"))
    skala = models.CharField(_("skala jawaban"), max_length=4, choices=Skala.choices)
    petunjuk = models.TextField(_("petunjuk"), blank=True)

    class Meta:
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        ordering = ["subkomponen", "nomor"]
        constraints = [models.UniqueConstraint(fields=["subkomponen", "nomor"], name="kriteria_nomor_unik")]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian[:60]}"

    def _instrumen(self) -> Instrumen:
        return self.subkomponen.komponen.instrumen


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
    """Method A: the evaluator's grade (AA–E) of one sub-component, beside the grade the Y share proposes."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="nilai_sub")
    subkomponen = models.ForeignKey(SubKomponen, on_delete=models.PROTECT, related_name="+")
    nilai = models.CharField(_("nilai"), max_length=4, blank=True)

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
