"""The national nomenclature of regional government work (urusan → bidang urusan → program → kegiatan →
sub kegiatan), as the Kepmendagri lampiran lists it, versioned by the decree that changed it.

This is reference data shared by every pemda: it has no pemda, every user with a profile reads all of it,
and nobody changes it from the app. It changes only through the loader (`services.nomenklatur_muat`, the
`muat_nomenklatur` command) or, by hand, through the platform superuser's admin. A code is never deleted:
a decree that drops it retires it (`dicabut_pada`), so rows that point at it keep their meaning.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Aksi, profil_pengguna


class Jenis(models.TextChoices):
    """The levels of the nomenclature, from the code's shape (`nomenklatur.kode`)."""

    URUSAN = "urusan", _("Urusan")
    BIDANG_URUSAN = "bidang_urusan", _("Bidang urusan")
    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Kegiatan")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")


class NomenklaturQuerySet(models.QuerySet):
    """The choke point for reference data: every user with a profile (any role, any pemda) reads every row;
    no role may write (LIHAT only), so `wajib_hak` refuses any other action with a 403."""

    def for_user(self, user, aksi: str = Aksi.LIHAT) -> NomenklaturQuerySet:
        """All rows for LIHAT by a user with a profile; nothing otherwise."""
        if aksi != Aksi.LIHAT or profil_pengguna(user) is None:
            return self.none()
        return self.all()

    def berlaku(self) -> NomenklaturQuerySet:
        """Codes in force (not retired by a later decree)."""
        return self.filter(dicabut_pada="")


class Nomenklatur(models.Model):
    """One code of the nomenclature (one row per code), with the sub kegiatan's kinerja, indikator and
    satuan. `berlaku_sejak` is the decree that introduced the code, `sumber` the decree of its current
    text, `dicabut_pada` the decree that retired it (empty while in force). Changes are in `riwayat`."""

    kode = models.CharField(_("kode"), max_length=20, unique=True)
    jenis = models.CharField(_("jenis"), max_length=16, choices=Jenis.choices, editable=False)
    nama = models.CharField(_("nama"), max_length=500)
    induk = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="anak", editable=False,
        verbose_name=_("induk"),
    )  # fmt: skip
    kinerja = models.CharField(_("kinerja"), max_length=500, blank=True)
    indikator = models.CharField(_("indikator"), max_length=500, blank=True)
    satuan = models.CharField(_("satuan"), max_length=100, blank=True)
    berlaku_sejak = models.CharField(_("berlaku sejak (keputusan)"), max_length=120)
    dicabut_pada = models.CharField(
        _("dicabut oleh (keputusan)"), max_length=120, blank=True, help_text=_("Kosong selama kode masih berlaku.")
    )
    sumber = models.CharField(
        _("sumber"), max_length=120, help_text=_("Keputusan asal uraian saat ini; “contoh” bila bukan data resmi.")
    )
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)

    objects = NomenklaturQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomenklatur")
        verbose_name_plural = _("nomenklatur")
        ordering = ["kode"]
        indexes = [models.Index(fields=["jenis", "kode"])]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"

    @property
    def berlaku(self) -> bool:
        """Whether the code is in force."""
        return self.dicabut_pada == ""


class RiwayatNomenklatur(models.Model):
    """The history of a code: added, renamed or re-described, retired, or restored, by which decree, with
    the values before and after. National data has no pemda, so it has its own history table instead of
    `perangkat_daerah.Riwayat`; only the loader (`services.py`) and the platform admin write it."""

    class Aksi(models.TextChoices):
        TAMBAH = "tambah", _("Ditambahkan")
        UBAH = "ubah", _("Diubah")
        CABUT = "cabut", _("Dicabut")
        PULIH = "pulih", _("Diberlakukan kembali")

    nomenklatur = models.ForeignKey(Nomenklatur, on_delete=models.CASCADE, related_name="riwayat")
    aksi = models.CharField(_("aksi"), max_length=10, choices=Aksi.choices)
    sumber = models.CharField(_("keputusan"), max_length=120)
    sebelum = models.JSONField(_("sebelum"), null=True, blank=True)
    sesudah = models.JSONField(_("sesudah"), null=True, blank=True)
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat nomenklatur")
        verbose_name_plural = _("riwayat nomenklatur")
        ordering = ["-waktu", "-pk"]

    def __str__(self) -> str:
        return f"{self.aksi} {self.nomenklatur_id} ({self.sumber})"
