"""Events, the notifications they give each user, users' preferences and a pemda's notification settings.

An event (`Peristiwa`) happens once: its `kunci` is unique in its pemda (a quarter due in 7 days for one PD,
one return of one realisation, one report finishing). Each recipient gets one `Notifikasi` of it (unique per
event and user). Notifications are a log of what the product told people, not user data: no history rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah


class Jenis(models.TextChoices):
    """The kinds of event a user may be told about (issue 16 point 5)."""

    TENGGAT_7 = "tenggat_7", _("Batas waktu triwulan 7 hari lagi")
    TENGGAT_1 = "tenggat_1", _("Batas waktu triwulan besok")
    TERLAMBAT = "terlambat", _("Triwulan melewati batas waktu")
    DIKEMBALIKAN = "dikembalikan", _("Realisasi dikembalikan")
    MENUNGGU_VERIFIKASI = "menunggu_verifikasi", _("Realisasi menunggu verifikasi")
    USULAN = "usulan", _("Usulan atau undangan crosscutting menunggu")
    REKOMENDASI_DEKAT = "rekomendasi_dekat", _("Batas tindak lanjut rekomendasi mendekat")
    REKOMENDASI_LEWAT = "rekomendasi_lewat", _("Batas tindak lanjut rekomendasi terlewati")
    LAPORAN_SELESAI = "laporan_selesai", _("Laporan selesai dibuat")
    LAPORAN_GAGAL = "laporan_gagal", _("Laporan gagal dibuat")


class Peristiwa(models.Model):
    """Something that happened once in a pemda (and, for a PD's event, to one PD)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    kunci = models.CharField(_("kunci"), max_length=120)
    judul = models.CharField(_("judul"), max_length=300)
    pesan = models.TextField(_("pesan"), blank=True)
    tautan = models.CharField(_("tautan"), max_length=300, blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("peristiwa")
        verbose_name_plural = _("peristiwa")
        constraints = [models.UniqueConstraint(fields=["pemda", "kunci"], name="peristiwa_unik_per_pemda")]

    def __str__(self) -> str:
        return self.judul


class Notifikasi(models.Model):
    """One event told to one user: shown in the bell (`tampil`) and/or in the day's e-mail digest (`surel`)."""

    peristiwa = models.ForeignKey(Peristiwa, on_delete=models.CASCADE, related_name="notifikasi")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    tampil = models.BooleanField(_("tampil di aplikasi"), default=True)
    surel = models.BooleanField(_("dikirim lewat surel"), default=True)
    dibaca_pada = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    surel_dikirim_pada = models.DateTimeField(_("surel dikirim pada"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "peristiwa__pemda"
    scope_pd = "peristiwa__perangkat_daerah"

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-peristiwa__dibuat_pada", "-pk"]
        constraints = [models.UniqueConstraint(fields=["peristiwa", "user"], name="notifikasi_unik_per_pengguna")]
        indexes = [models.Index(fields=["user", "dibaca_pada"], name="notifikasi_belum_dibaca")]

    def __str__(self) -> str:
        return f"{self.user} · {self.peristiwa}"


class Preferensi(models.Model):
    """What one user wants to receive of one kind of event; no row = in the app and by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    tampil = models.BooleanField(_("di aplikasi"), default=True)
    surel = models.BooleanField(_("lewat surel"), default=True)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [models.UniqueConstraint(fields=["user", "jenis"], name="preferensi_unik_per_jenis")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_jenis_display()}"


class PengaturanNotifikasi(models.Model):
    """A pemda's notification rules as data (one row per pemda; none = the defaults): how long a submitted
    realisation may wait for verification, how early a recommendation's deadline is announced, and the
    webhook that forwards every event (HMAC-SHA256 signed JSON) to a gateway the pemda runs."""

    HARI_VERIFIKASI_BAWAAN = 5
    HARI_REKOMENDASI_BAWAAN = 14

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="+", verbose_name=_("pemda"))
    hari_menunggu_verifikasi = models.PositiveSmallIntegerField(
        _("batas menunggu verifikasi (hari)"),
        default=HARI_VERIFIKASI_BAWAAN,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Bagian Organisasi diingatkan bila realisasi yang diajukan menunggu lebih lama dari ini."),
    )
    hari_rekomendasi_dekat = models.PositiveSmallIntegerField(
        _("pengingat batas rekomendasi (hari sebelumnya)"),
        default=HARI_REKOMENDASI_BAWAAN,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    webhook_url = models.URLField(
        _("URL webhook"), blank=True, validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Setiap peristiwa dikirim sebagai JSON (POST) ke alamat ini, misalnya gateway WhatsApp."),
    )  # fmt: skip
    webhook_rahasia = models.CharField(
        _("rahasia webhook"), max_length=200, blank=True,
        help_text=_("Kunci HMAC-SHA256; tanda tangan dikirim di header X-SAKIP-Signature."),
    )  # fmt: skip
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = _("pengaturan notifikasi")

    def __str__(self) -> str:
        return str(_("Pengaturan notifikasi %(pemda)s") % {"pemda": self.pemda})

    def clean(self) -> None:
        """The webhook's address is checked when it is saved, not only at send (`webhook.galat_url`)."""
        super().clean()
        if self.webhook_url:
            from .webhook import galat_url  # webhook imports the models

            galat = galat_url(self.webhook_url)
            if galat:
                raise ValidationError({"webhook_url": galat})

    @classmethod
    def untuk(cls, pemda_id: int) -> PengaturanNotifikasi:
        """The pemda's row, or an unsaved row with the defaults (1 query)."""
        return cls.objects.filter(pemda_id=pemda_id).first() or cls(pemda_id=pemda_id)
