"""Pemda, its perangkat daerah, and the profile that ties a user to a pemda, a PD and a role."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .access import Peran, ScopedQuerySet
from .validasi import nip_atau_galat


class Pemda(models.Model):
    """A local government (kota, kabupaten, provinsi): the root of every row."""

    class Jenis(models.TextChoices):
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")
        PROVINSI = "provinsi", _("Provinsi")
        # the home "pemda" of a ministry's pembina (GrupPemda.Jenis.NASIONAL): a row that owns no data
        NASIONAL = "nasional", _("Instansi pusat")

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices, default=Jenis.KOTA)
    kepala_nama = models.CharField(
        _("nama kepala daerah"), max_length=200, blank=True, help_text=_("Nama orangnya, mis. Benyamin Davnie.")
    )
    kepala_jabatan = models.CharField(
        _("jabatan kepala daerah"),
        max_length=200,
        blank=True,
        db_default="",  # rows written by code that predates the field (older migrations' tests, a rolling deploy)
        help_text=_("Kosongkan untuk jabatan baku, mis. Wali Kota Tangerang Selatan."),
    )
    ibu_kota = models.CharField(_("tempat penandatanganan"), max_length=100, blank=True)
    # the optimistic lock of the officials' form (perangkat_daerah/pejabat.py); the admin bumps it too
    versi = models.PositiveIntegerField(default=1, db_default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pk"
    scope_pd = None

    class Meta:
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class PerangkatDaerah(models.Model):
    """An agency of the pemda (dinas, badan, kecamatan, ...)."""

    class Jenis(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        KECAMATAN = "kecamatan", _("Kecamatan")
        SATPOL_PP = "satpol_pp", _("Satpol PP")
        RSUD = "rsud", _("RSUD")
        LAINNYA = "lainnya", _("Lainnya")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="perangkat_daerah")
    kode = models.CharField(_("kode"), max_length=20)
    nama = models.CharField(_("nama"), max_length=200)
    singkatan = models.CharField(_("singkatan"), max_length=40)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    kepala_nama = models.CharField(_("nama kepala"), max_length=200, blank=True)
    kepala_nip = models.CharField(
        _("NIP kepala"),
        max_length=18,
        blank=True,
        help_text=_("18 digit, tanpa spasi."),
    )
    kepala_jabatan = models.CharField(
        _("jabatan kepala"),
        max_length=200,
        blank=True,
        db_default="",
        help_text=_("Kosongkan untuk jabatan baku, mis. Kepala Dinas Kesehatan atau Inspektur."),
    )
    kepala_pangkat = models.CharField(
        _("pangkat/golongan kepala"),
        max_length=100,
        blank=True,
        db_default="",
        help_text=_("Mis. Pembina Utama Muda (IV/c)."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    # the optimistic lock of the officials' form (perangkat_daerah/pejabat.py); the admin bumps it too
    versi = models.PositiveIntegerField(default=1, db_default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "pk"

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "kode"], name="pd_kode_unik_per_pemda"),
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        self.kepala_nip = nip_atau_galat(self.kepala_nip, "kepala_nip")  # the one NIP rule (validasi.py)


class Profil(models.Model):
    """Ties a user to one pemda, at most one PD, and one role."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profil")
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="profil")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profil",
        verbose_name=_("perangkat daerah"),
    )
    peran = models.CharField(_("peran"), max_length=30, choices=Peran.choices)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    # The working year the user last chose, restored at each login (issue 11); empty: the default year.
    tahun_kerja = models.PositiveSmallIntegerField(_("tahun kerja"), null=True, blank=True)

    class Meta:
        verbose_name = _("profil pengguna")
        verbose_name_plural = _("profil pengguna")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_peran_display()})"

    def clean(self) -> None:
        if Peran.terikat_pd(self.peran) and self.perangkat_daerah_id is None:
            raise ValidationError({"perangkat_daerah": _("Peran ini wajib terikat pada satu perangkat daerah.")})
        if not Peran.terikat_pd(self.peran) and self.perangkat_daerah_id is not None:
            raise ValidationError({"perangkat_daerah": _("Peran tingkat kota tidak terikat pada perangkat daerah.")})
        if self.perangkat_daerah_id and self.perangkat_daerah.pemda_id != self.pemda_id:
            raise ValidationError({"perangkat_daerah": _("Perangkat daerah harus dari pemda yang sama.")})


class Riwayat(models.Model):
    """The history of a change to a tracked row: who, when, what action, the values before and after."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    aksi = models.CharField(_("aksi"), max_length=40)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("oleh")
    )
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True)
    sebelum = models.JSONField(_("sebelum"), null=True, blank=True)
    sesudah = models.JSONField(_("sesudah"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = _("riwayat perubahan")
        ordering = ["-waktu", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # "the pemda's latest history" (the tree cache's fingerprint, kinerja/selectors/pohon_tembolok.py):
            # a backward walk of this pemda's ids alone, whatever the install's size
            models.Index(fields=["pemda", "id"], name="riwayat_pemda_id"),
            # "the pemda's latest history of one kind" in one index step (the city tree's residue fingerprint,
            # kinerja/selectors/pohon_kota_cabang.py: its levels', periods' and PDs' changes)
            models.Index(fields=["pemda", "content_type", "id"], name="riwayat_pemda_jenis_id"),
        ]

    def __str__(self) -> str:
        return f"{self.aksi} {self.content_type.model}#{self.object_id}"


class ProfilInstansi(models.Model):
    """What chapter I of an LKjIP says about the organisation (issue 14 point 3): its main task and functions,
    its structure, its staff by rank and by education, and its strategic issues. One row per PD, and one for
    the city (`perangkat_daerah` empty). Written only by perangkat_daerah/profil_instansi.py, with history."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.OneToOneField(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, blank=True, related_name="profil_instansi"
    )
    tugas_pokok = models.TextField(_("tugas pokok"), blank=True)
    fungsi = models.TextField(_("fungsi"), blank=True, help_text=_("Satu fungsi per baris."))
    struktur = models.TextField(
        _("struktur organisasi"),
        blank=True,
        help_text=_("Satu unit per baris; awali dengan dua spasi per tingkat untuk unit di bawahnya."),
    )
    isu_strategis = models.TextField(_("isu strategis"), blank=True, help_text=_("Satu isu per baris."))
    pegawai = models.JSONField(_("jumlah pegawai"), default=dict, blank=True)
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("profil instansi")
        verbose_name_plural = _("profil instansi")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda"], condition=models.Q(perangkat_daerah__isnull=True), name="profil_kota_satu_per_pemda"
            )
        ]

    def __str__(self) -> str:
        return f"Profil {self.perangkat_daerah or self.pemda}"


class GrupPemda(models.Model):
    """A group of pemda watched together by a pembina (issue 18): a province and the kabupaten/kota in it, or a
    ministry's national group. Who may see a group: `HakPembina`, read through perangkat_daerah/access.py."""

    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        NASIONAL = "nasional", _("Nasional")

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices, default=Jenis.PROVINSI)
    anggota = models.ManyToManyField(Pemda, related_name="grup_pemda", blank=True, verbose_name=_("anggota"))
    # the province pemda itself, for a province group (its pembina's home pemda)
    provinsi = models.ForeignKey(
        Pemda,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grup_provinsi",
        verbose_name=_("pemda provinsi"),
    )

    class Meta:
        verbose_name = _("grup pemda")
        verbose_name_plural = _("grup pemda")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class HakPembina(models.Model):
    """The grant of one group to one pembina: read-only sight of the group's official, published figures."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hak_pembina", verbose_name=_("pengguna")
    )
    grup = models.ForeignKey(GrupPemda, on_delete=models.CASCADE, related_name="hak_pembina", verbose_name=_("grup"))
    diberikan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diberikan oleh"),
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("hak pembina")
        verbose_name_plural = _("hak pembina")
        ordering = ["grup", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "grup"], name="hak_pembina_unik")]

    def __str__(self) -> str:
        return f"{self.user} → {self.grup}"

    def clean(self) -> None:
        peran = Profil.objects.filter(user_id=self.user_id).values_list("peran", flat=True).first()
        if self.user_id and peran != Peran.PEMBINA:
            raise ValidationError({"user": _("Hak grup hanya dapat diberikan kepada pengguna berperan Pembina.")})
