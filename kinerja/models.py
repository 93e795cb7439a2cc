"""Sasaran, indikator, targets (with the Perjanjian Kinerja that fixes them), quarterly realisations,
quarter locks and budgets. Every row reaches its pemda (and PD, unless it is a city-level row) for the
access choke point (`ScopedQuerySet.for_user`)."""

from __future__ import annotations

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah
from sakip.lib.angka import format_nilai, satuan_cacah

from . import capaian
from .models_anggaran import PaguRealisasi
from .models_perencanaan import TINGKAT_BAWAAN, DokumenRencana, Penetapan, PeriodePerencanaan, TingkatPohon  # noqa: F401

ANGKA = {"max_digits": 20, "decimal_places": 4}
TRIWULAN_PILIHAN = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]


class Sasaran(models.Model):
    """A performance objective of the city (perangkat_daerah empty) or of one PD; `induk` links the
    cascade (pohon kinerja) from a city sasaran down to PD sasaran."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="sasaran")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, blank=True, related_name="sasaran"
    )
    induk = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="turunan")
    kode = models.CharField(_("kode"), max_length=40)
    uraian = models.TextField(_("uraian"))
    # The node of the performance tree (issue 13): its period and level; the level's rules are checked by
    # kinerja.services.pohon.simpul_periksa.
    periode = models.ForeignKey(
        PeriodePerencanaan, on_delete=models.PROTECT, null=True, blank=True, related_name="sasaran"
    )
    tingkat = models.ForeignKey(TingkatPohon, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    tema = models.CharField(_("tema"), max_length=100, blank=True, help_text=_("Untuk cabang tematik."))
    kode_nomenklatur = models.CharField(_("kode nomenklatur"), max_length=40, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    versi = models.PositiveIntegerField(default=1)  # stale edits of the node form (kinerja/services/simpul.py)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("sasaran")
        verbose_name_plural = _("sasaran")
        ordering = ["kode"]
        constraints = [models.UniqueConstraint(fields=["pemda", "kode"], name="sasaran_kode_unik_per_pemda")]
        # covers the city tree page's per-PD fingerprint (`pohon_kota_cabang.sidik`): read from the index alone
        indexes = [
            models.Index(
                fields=["pemda", "perangkat_daerah", "versi", "induk", "tingkat", "periode", "id"],
                name="sasaran_sidik_cabang",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"

    def clean(self) -> None:
        if self.perangkat_daerah_id and self.perangkat_daerah.pemda_id != self.pemda_id:
            raise ValidationError({"perangkat_daerah": _("Perangkat daerah harus dari pemda yang sama.")})
        from .services.pohon import simpul_periksa  # the one rule of a node's place; services import models

        simpul_periksa(sasaran=self)


class Indikator(models.Model):
    """A measurable indicator of a sasaran: unit, IKU flag, direction (naik/turun) and how quarters combine.

    `pemda` and `perangkat_daerah` repeat the sasaran's, so that access filters, imports and the
    completeness matrix need no join; `save()` keeps them equal to the sasaran's.
    """

    class Arah(models.TextChoices):
        NAIK = capaian.Arah.NAIK.value, _("Naik (makin tinggi makin baik)")
        TURUN = capaian.Arah.TURUN.value, _("Turun (makin rendah makin baik)")

    class Agregasi(models.TextChoices):
        KUMULATIF = capaian.Agregasi.KUMULATIF.value, _("Kumulatif (jumlah triwulan)")
        AKHIR = capaian.Agregasi.AKHIR.value, _("Nilai akhir (triwulan terakhir)")
        RATA_RATA = capaian.Agregasi.RATA_RATA.value, _("Rata-rata triwulan")

    class Relasi(models.TextChoices):
        RUMUS = "rumus", _("Komponen rumus")
        KONTRIBUSI = "kontribusi", _("Kontribusi")
        SAMA = "sama", _("Indikator yang sama")

    sasaran = models.ForeignKey(Sasaran, on_delete=models.CASCADE, related_name="indikator")
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, blank=True, related_name="indikator", editable=False
    )
    kode = models.CharField(_("kode"), max_length=40)
    uraian = models.TextField(_("uraian"))
    satuan = models.CharField(_("satuan"), max_length=40)
    iku = models.BooleanField(_("IKU"), default=False)
    arah = models.CharField(_("arah"), max_length=10, choices=Arah.choices, default="naik")
    agregasi = models.CharField(_("agregasi"), max_length=10, choices=Agregasi.choices, default="akhir")
    definisi = models.TextField(_("definisi operasional"), blank=True)
    sumber_data = models.CharField(_("sumber data"), max_length=200, blank=True)
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    # How this indicator serves the parent node's indicator (cascading): a formula component (the parent's
    # value is computed from its `rumus` children), a contribution, or the same indicator.
    induk_indikator = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="turunan"
    )
    relasi_induk = models.CharField(_("relasi dengan induk"), max_length=10, choices=Relasi.choices, blank=True)
    # The valid range of the indicator's values (realisasi and targets), as data: a coverage percentage
    # is never negative; a growth rate may be. Checked by one service rule for pages, API and imports.
    boleh_negatif = models.BooleanField(
        _("boleh negatif"), default=False, help_text=_("Centang bila nilai di bawah nol bermakna (mis. pertumbuhan).")
    )
    nilai_minimum = models.DecimalField(_("nilai minimum"), null=True, blank=True, **ANGKA)
    nilai_maksimum = models.DecimalField(
        _("nilai maksimum"), null=True, blank=True, help_text=_("Mis. 100 untuk persentase cakupan."), **ANGKA
    )
    # Whether the values count whole things (126.000 kunjungan, never 126.000,00): as chosen, else from the unit
    # (sakip.lib.angka.satuan_cacah); migration 0015 set the existing rows from their unit.
    bilangan_bulat = models.BooleanField(
        _("bilangan bulat"),
        null=True,
        blank=True,
        help_text=_("Ya untuk cacahan (orang, kunjungan, inovasi, dokumen …); kosong: ditentukan dari satuan."),
    )
    # The benchmark of the LKjIP's fourth analysis (PermenPANRB 53/2014): a national or provincial figure for the
    # same indicator, with its source and year. Empty: the report says no benchmark is recorded.
    pembanding_nilai = models.DecimalField(_("nilai pembanding"), null=True, blank=True, **ANGKA)
    pembanding_tingkat = models.CharField(
        _("tingkat pembanding"),
        max_length=10,
        blank=True,
        choices=[("nasional", _("Nasional")), ("provinsi", _("Provinsi"))],
    )
    pembanding_sumber = models.CharField(_("sumber pembanding"), max_length=200, blank=True)
    pembanding_tahun = models.PositiveSmallIntegerField(_("tahun pembanding"), null=True, blank=True)
    versi = models.PositiveIntegerField(default=1)  # stale edits of the indicator form (services/simpul.py)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["urutan", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "kode"], name="indikator_kode_unik_per_pemda"),
            models.CheckConstraint(
                condition=models.Q(nilai_minimum__isnull=True)
                | models.Q(nilai_maksimum__isnull=True)
                | models.Q(nilai_minimum__lte=models.F("nilai_maksimum")),
                name="indikator_rentang_nilai_urut",
            ),
        ]
        # the city tree page's per-PD fingerprint (`pohon_kota_cabang.sidik`) reads the pemda's indicators from
        # this index alone. Led by the EXPRESSION `pemda + 0`, which only that query writes: as a plain
        # (pemda, ...) index SQLite's planner took it for the other indicator reads and the whole tree build
        # doubled (da3a554); no other query can use this one.
        indexes = [
            models.Index(
                models.F("pemda") + 0, models.F("perangkat_daerah"), models.F("versi"), models.F("sasaran"),
                models.F("induk_indikator"), models.F("id"), name="indikator_sidik_cabang",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"

    def save(self, *args, **kwargs):
        self.pemda_id = self.sasaran.pemda_id
        self.perangkat_daerah_id = self.sasaran.perangkat_daerah_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (
            self.nilai_minimum is not None
            and self.nilai_maksimum is not None
            and self.nilai_minimum > self.nilai_maksimum
        ):
            raise ValidationError({"nilai_maksimum": _("Nilai maksimum harus tidak lebih kecil dari nilai minimum.")})
        if self.nilai_minimum is not None and self.nilai_minimum < 0 and not self.boleh_negatif:
            raise ValidationError({"nilai_minimum": _("Nilai minimum negatif hanya bila “boleh negatif” dicentang.")})
        if bool(self.induk_indikator_id) != bool(self.relasi_induk):
            raise ValidationError({"relasi_induk": _("Isi indikator induk dan relasinya bersama-sama.")})
        if self.induk_indikator_id and (
            self.induk_indikator_id == self.pk or self.induk_indikator.pemda_id != self.sasaran.pemda_id
        ):
            raise ValidationError({"induk_indikator": _("Indikator induk harus indikator lain dari pemda yang sama.")})

    @property
    def bulat(self) -> bool:
        """Whether the indicator's values are counts of whole things: as chosen, else from its unit."""
        return satuan_cacah(self.satuan) if self.bilangan_bulat is None else self.bilangan_bulat

    def format_nilai(self, nilai: Decimal | None, kosong: str = "–") -> str:
        """One of this indicator's values as shown (THE format, `sakip.lib.angka.format_nilai`)."""
        return format_nilai(nilai, bulat=self.bulat, kosong=kosong)


# THE rule of an indicator computed from its formula children (relation "rumus"): it never receives a
# realisation entry of its own, so whatever counts the entries due (the completeness matrix, the evaluation's
# on-time fact) leaves it out with `.exclude(INDIKATOR_DIHITUNG)`.
INDIKATOR_DIHITUNG = models.Q(turunan__relasi_induk=Indikator.Relasi.RUMUS)


class Target(models.Model):
    """The target of an indicator for one year: one value or a range [lo, hi]; optional targets up to the
    end of each quarter (t1..t4, single values), used for the quarter's capaian when set."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="target")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nilai = models.DecimalField(_("target"), null=True, blank=True, **ANGKA)
    lo = models.DecimalField(_("batas bawah"), null=True, blank=True, **ANGKA)
    hi = models.DecimalField(_("batas atas"), null=True, blank=True, **ANGKA)
    t1 = models.DecimalField(_("target s.d. TW I"), null=True, blank=True, **ANGKA)
    t2 = models.DecimalField(_("target s.d. TW II"), null=True, blank=True, **ANGKA)
    t3 = models.DecimalField(_("target s.d. TW III"), null=True, blank=True, **ANGKA)
    t4 = models.DecimalField(_("target s.d. TW IV"), null=True, blank=True, **ANGKA)
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "indikator__pemda"
    scope_pd = "indikator__perangkat_daerah"

    NILAI_FIELDS = ("nilai", "lo", "hi", "t1", "t2", "t3", "t4")

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        ordering = ["indikator", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun"], name="target_unik_per_tahun"),
        ]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun}: {self.sebagai_capaian().teks}"

    def sebagai_capaian(self, triwulan: int | None = None) -> capaian.Target:
        """The target as capaian.py reads it; with `triwulan`, that quarter's target when one is set."""
        per_tw = getattr(self, f"t{triwulan}") if triwulan else None
        if per_tw is not None:
            return capaian.Target(nilai=per_tw)
        return capaian.Target(nilai=self.nilai, lo=self.lo, hi=self.hi)


class PerjanjianKinerja(Penetapan):
    """The Perjanjian Kinerja of a PD for a year: once the kepala PD sets it (ditetapkan), its targets are
    locked; a later change is a revision with a reason (RevisiPK)."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DITETAPKAN = "ditetapkan", _("Ditetapkan")

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="perjanjian_kinerja")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAF)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "perangkat_daerah__pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["perangkat_daerah", "tahun"]
        constraints = [models.UniqueConstraint(fields=["perangkat_daerah", "tahun"], name="pk_unik_per_pd_tahun")]

    def __str__(self) -> str:
        return f"PK {self.perangkat_daerah} {self.tahun}"

    @property
    def ditetapkan(self) -> bool:
        return self.status == self.Status.DITETAPKAN


class RevisiPK(models.Model):
    """One revision of a set PK: which target changed, why, who, when (values are in the target's Riwayat)."""

    perjanjian = models.ForeignKey(PerjanjianKinerja, on_delete=models.CASCADE, related_name="daftar_revisi")
    target = models.ForeignKey(Target, on_delete=models.SET_NULL, null=True, related_name="+")
    nomor = models.PositiveIntegerField(_("nomor revisi"))
    alasan = models.TextField(_("alasan revisi"))
    sebelum = models.JSONField(_("sebelum"), null=True)
    sesudah = models.JSONField(_("sesudah"), null=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    pada = models.DateTimeField(_("waktu"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "perjanjian__perangkat_daerah__pemda"
    scope_pd = "perjanjian__perangkat_daerah"

    class Meta:
        verbose_name = _("revisi perjanjian kinerja")
        verbose_name_plural = _("revisi perjanjian kinerja")
        ordering = ["-pada", "-pk"]

    def __str__(self) -> str:
        return f"Revisi {self.nomor} {self.perjanjian}"

    @staticmethod
    def _teks(nilai: dict | None) -> str:
        if not nilai:
            return "–"
        # History holds Decimal text ("80.0000"); read it as Decimal, not as Indonesian input.
        angka = {k: None if nilai.get(k) is None else Decimal(nilai[k]) for k in ("nilai", "lo", "hi")}
        return capaian.Target(**angka).teks

    @property
    def sebelum_teks(self) -> str:
        """The target before the revision, as users read it ("80", "70–80")."""
        return self._teks(self.sebelum)

    @property
    def sesudah_teks(self) -> str:
        return self._teks(self.sesudah)


def _nama_bukti(instance, filename: str) -> str:
    # A random stored name (never the user's, which is kept in bukti_nama and only shown); the extension
    # comes from the sniffed type, which the service passes as `filename`.
    ekstensi = os.path.splitext(filename)[1].lower()
    return f"bukti/{uuid.uuid4().hex}{ekstensi}"


class IsianBeralur(models.Model):
    """A reported value's evidence and workflow fields, shared by a quarter's realisation and an action plan's
    month (`models_renaksi.RealisasiAksi`): draf → diajukan → diverifikasi | dikembalikan, moved only by THE
    workflow (`kinerja/services/alur.py`), with versi for stale edits."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    bukti = models.FileField(_("bukti"), upload_to=_nama_bukti, blank=True, max_length=200)
    bukti_nama = models.CharField(_("nama berkas bukti"), max_length=200, blank=True)
    bukti_jenis = models.CharField(_("jenis berkas bukti"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAF)
    catatan_verifikasi = models.TextField(_("catatan verifikasi"), blank=True)
    terlambat = models.BooleanField(_("terlambat"), default=False)
    versi = models.PositiveIntegerField(default=1)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField(_("diubah pada"), null=True, blank=True)
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)

    class Meta:
        abstract = True


class Realisasi(IsianBeralur):
    """The realised value of an indicator for one quarter, with explanation, evidence and its workflow
    status: draf → diajukan → diverifikasi | dikembalikan (→ edit → diajukan ...)."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="realisasi")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), choices=TRIWULAN_PILIHAN)
    nilai = models.DecimalField(_("realisasi"), null=True, blank=True, **ANGKA)
    belum_tersedia = models.BooleanField(_("belum tersedia"), default=False)
    alasan_belum_tersedia = models.TextField(_("alasan belum tersedia"), blank=True)
    penjelasan = models.TextField(_("penjelasan"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "indikator__pemda"
    scope_pd = "indikator__perangkat_daerah"

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["indikator", "tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun", "triwulan"], name="realisasi_unik_per_triwulan"),
            models.CheckConstraint(condition=models.Q(triwulan__gte=1, triwulan__lte=4), name="realisasi_triwulan_1_4"),
        ]
        indexes = [models.Index(fields=["tahun", "triwulan", "status"])]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun} TW{self.triwulan}"

    @property
    def terisi(self) -> bool:
        """Filled: a value, or marked not yet available with a reason."""
        return self.nilai is not None or (self.belum_tersedia and bool(self.alasan_belum_tersedia.strip()))

    @property
    def dapat_diubah(self) -> bool:
        """Whether the PD may still edit it (not while waiting for or after verification)."""
        return self.status in (self.Status.DRAF, self.Status.DIKEMBALIKAN)


class KunciTriwulan(models.Model):
    """The entry window of one quarter of a year for a pemda: a deadline (later submissions are flagged
    terlambat) and a lock set by Bagian Organisasi (no PD writes while locked)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), choices=TRIWULAN_PILIHAN)
    batas_waktu = models.DateField(_("batas waktu"), null=True, blank=True)
    terkunci = models.BooleanField(_("terkunci"), default=False)
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("kunci triwulan")
        verbose_name_plural = _("kunci triwulan")
        ordering = ["tahun", "triwulan"]
        constraints = [models.UniqueConstraint(fields=["pemda", "tahun", "triwulan"], name="kunci_unik_per_triwulan")]

    def __str__(self) -> str:
        return f"{self.tahun} TW{self.triwulan}"


class Anggaran(PaguRealisasi):
    """The budget of a PD for a year: pagu and the realised spending per quarter (each quarter's own)."""

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="anggaran")

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "perangkat_daerah__pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("anggaran")
        verbose_name_plural = _("anggaran")
        ordering = ["perangkat_daerah", "tahun"]
        constraints = [models.UniqueConstraint(fields=["perangkat_daerah", "tahun"], name="anggaran_unik_per_tahun")]

    def __str__(self) -> str:
        return f"{self.perangkat_daerah} {self.tahun}"


from .models_anggaran import AnggaranSubKegiatan  # noqa: E402, F401 (re-exported; names Sasaran)
from .models_manual import DokumenIKU, ManualIK  # noqa: E402, F401 (re-exported; after Indikator, which they name)
from .models_pengaturan import PengaturanKinerja  # noqa: E402, F401 (re-exported; issue 16 point 4)
from .models_renaksi import RealisasiAksi, RencanaAksi  # noqa: E402, F401 (re-exported; issue 16 point 1)
from .models_usulan import Kontributor, StatusKeputusan, Usulan  # noqa: E402, F401 (re-exported; after Sasaran)
