"""Reference data: the predicate band table and the instrument with its components, sub-components
and criteria, locked once a final evaluation uses it."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Aksi, ScopedQuerySet, boleh, profil_pengguna
from perangkat_daerah.models import Pemda

from .. import scoring

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


class SkalaPredikatQuerySet(ScopedQuerySet):
    """National band tables (no pemda) are visible to everyone; a pemda's own only to that pemda."""

    def for_user(self, user, aksi: str = Aksi.LIHAT):
        """Band tables `user` may read (LIHAT) or manage (KELOLA)."""
        if not boleh(user, aksi):
            return self.none()
        return self.filter(Q(pemda__isnull=True) | Q(pemda_id=profil_pengguna(user).pemda_id))


class SkalaPredikat(models.Model):
    """A versioned predicate band table (DOMAIN.md §3) with its boundary rule: national (no pemda) or one
    pemda's own (e.g. the standard bands read lower-bound-inclusive)."""

    versi = models.CharField(_("versi"), max_length=60, unique=True)
    bawah_inklusif = models.BooleanField(
        _("batas bawah inklusif"),
        default=False,
        help_text=_("Bawaan: batas bawah eksklusif, batas atas inklusif (70,00 → B; 70,01 → BB)."),
    )
    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong untuk skala nasional; diisi untuk skala milik satu pemda."),
    )

    objects = SkalaPredikatQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

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
        from .evaluasi import Evaluasi  # evaluations point at instruments: imported here to break the cycle

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
    catatan = models.TextField(
        _("catatan"),
        blank=True,
        help_text=_("Sumber teks instrumen dan pilihan yang diambil di antara sumber yang berbeda."),
    )
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
        from .evaluasi import Evaluasi  # evaluations point at instruments: imported here to break the cycle

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
    nama = models.CharField(_("nama"), max_length=300)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    bobot = models.DecimalField(_("bobot"), **DESIMAL)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    panduan_nilai = models.TextField(
        _("panduan nilai AA dan A"),
        blank=True,
        help_text=_("Makna nilai AA dan A untuk jenis subkomponen ini, ditampilkan di lembar kerja."),
    )

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
