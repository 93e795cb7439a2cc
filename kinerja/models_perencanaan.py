"""The planning side of kinerja (issue 13): the planning period (RPJMD) and the levels of the performance
tree (pohon kinerja) as per-pemda data. The tree's nodes are `Sasaran` rows (`periode`, `tingkat`), their
measures are `Indikator` and `Target`; see docs/ARCHITECTURE.md "Perencanaan"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah


class PeriodePerencanaan(models.Model):
    """A planning period of a pemda (RPJMD, e.g. 2021–2026) with its visi and misi; the PD's Renstra hangs
    off the same period. Final (`final`) once the period's tree is agreed."""

    class Jenis(models.TextChoices):
        RPJMD = "rpjmd", _("RPJMD")

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        FINAL = "final", _("Final")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="periode_perencanaan")
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices, default=Jenis.RPJMD)
    tahun_mulai = models.PositiveSmallIntegerField(_("tahun mulai"))
    tahun_akhir = models.PositiveSmallIntegerField(_("tahun akhir"))
    visi = models.TextField(_("visi"), blank=True)
    misi = models.TextField(_("misi"), blank=True, help_text=_("Satu misi per baris."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAF)
    revisi = models.PositiveIntegerField(_("jumlah revisi"), default=0)  # kinerja/services/rencana.revisi_catat
    versi = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("periode perencanaan")
        verbose_name_plural = _("periode perencanaan")
        ordering = ["pemda", "-tahun_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "jenis", "tahun_mulai"], name="periode_unik_per_pemda"),
            models.CheckConstraint(
                condition=models.Q(tahun_mulai__lte=models.F("tahun_akhir")), name="periode_tahun_urut"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tahun_mulai}–{self.tahun_akhir}"


class TingkatPohon(models.Model):
    """One level of a pemda's performance tree, as data (PermenPANRB 89/2021): city levels (tujuan, sasaran
    RPJMD, tematik) and PD levels (sasaran strategis, program, kegiatan, sub kegiatan, RHK); which levels a
    node of this level may hang under (`induk_boleh`), and which nomenclature code it carries, if any."""

    class Lingkup(models.TextChoices):
        KOTA = "kota", _("Kota")
        PD = "pd", _("Perangkat daerah")

    class Nomenklatur(models.TextChoices):
        PROGRAM = "program", _("Program")
        KEGIATAN = "kegiatan", _("Kegiatan")
        SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="tingkat_pohon")
    kode = models.SlugField(_("kode"), max_length=40)
    nama = models.CharField(_("nama"), max_length=100)
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    lingkup = models.CharField(_("tingkat"), max_length=4, choices=Lingkup.choices)
    induk_boleh = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("tingkat induk yang boleh")
    )
    nomenklatur = models.CharField(_("nomenklatur"), max_length=12, choices=Nomenklatur.choices, blank=True)
    dalam_pk = models.BooleanField(
        _("masuk PK dan LKjIP"),
        default=False,
        help_text=_(
            "Indikator simpul tingkat ini adalah indikator kinerja Perjanjian Kinerja dan Bab III LKjIP "
            "(mis. sasaran RPJMD, sasaran strategis). Tingkat di bawahnya tampil sebagai program/kegiatan pendukung."
        ),
    )

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = None

    class Meta:
        verbose_name = _("tingkat pohon kinerja")
        verbose_name_plural = _("tingkat pohon kinerja")
        ordering = ["pemda", "urutan"]
        constraints = [models.UniqueConstraint(fields=["pemda", "kode"], name="tingkat_kode_unik_per_pemda")]

    def __str__(self) -> str:
        return self.nama


class Penetapan(models.Model):
    """What a document that someone sets (ditetapkan) carries: who set it and when, how many revisions came
    after (counted only by `kinerja/services/rencana.revisi_catat`), and the optimistic lock `versi`. The
    shape of the Perjanjian Kinerja and of a PD's Renstra and Renja; each keeps its own status values."""

    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField(_("ditetapkan pada"), null=True, blank=True)
    revisi = models.PositiveIntegerField(_("jumlah revisi"), default=0)
    versi = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class DokumenRencana(Penetapan):
    """A PD's planning document: its Renstra for a planning period, or its yearly Renja (RKT). The document is
    a header with a status: its content is the PD's nodes of the period (Renstra) with their yearly and
    end-of-period targets, and the year's targets and sub kegiatan budgets (Renja). Once final, a change to
    that content needs a revision with a reason (kinerja/services/rencana.py)."""

    class Jenis(models.TextChoices):
        RENSTRA = "renstra", _("Renstra")
        RENJA = "renja", _("Renja / RKT")

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        FINAL = "final", _("Final")

    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="dokumen_rencana")
    periode = models.ForeignKey(PeriodePerencanaan, on_delete=models.PROTECT, related_name="dokumen_rencana")
    tahun = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True, help_text=_("Hanya untuk Renja."))
    catatan = models.TextField(_("catatan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAF)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("dokumen rencana perangkat daerah")
        verbose_name_plural = _("dokumen rencana perangkat daerah")
        ordering = ["perangkat_daerah", "jenis", "tahun"]
        constraints = [
            models.UniqueConstraint(
                fields=["perangkat_daerah", "periode"],
                condition=models.Q(jenis="renstra"),
                name="renstra_unik_per_pd_periode",
            ),
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun"], condition=models.Q(jenis="renja"), name="renja_unik_per_pd_tahun"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(jenis="renstra", tahun__isnull=True) | models.Q(jenis="renja", tahun__isnull=False)
                ),
                name="dokumen_rencana_tahun_sesuai_jenis",
            ),
        ]

    def __str__(self) -> str:
        if self.jenis == self.Jenis.RENJA:
            return f"Renja {self.perangkat_daerah} {self.tahun}"
        return f"Renstra {self.perangkat_daerah} {self.periode}"

    def save(self, *args, **kwargs):
        self.pemda_id = self.perangkat_daerah.pemda_id
        super().save(*args, **kwargs)


# The default levels whose indicators are the PK's and the LKjIP's (PermenPANRB 53/2014: the kepala daerah's and the
# kepala PD's performance agreement covers the sasaran of the RPJMD and of the Renstra).
TINGKAT_PK = ("tujuan", "sasaran_rpjmd", "sasaran_strategis")

# THE rule of which indicators are the PK's and the LKjIP's: those of a node whose level is `dalam_pk`, and those
# of a node without a level (every sasaran written before the performance tree existed).
INDIKATOR_PK = models.Q(sasaran__tingkat__isnull=True) | models.Q(sasaran__tingkat__dalam_pk=True)

# The default levels of every pemda: (kode, nama, urutan, lingkup, nomenklatur, allowed parent levels).
# A node without a parent is always allowed (an incomplete cascade is a quality flag, not an error).
# Kept as plain data: migration 0003 copies it, since a migration must not import app code that may change.
TINGKAT_BAWAAN = (
    ("tujuan", "Tujuan", 10, "kota", "", ()),
    ("sasaran_rpjmd", "Sasaran RPJMD", 20, "kota", "", ("tujuan",)),
    ("tematik", "Tematik", 25, "kota", "", ("tujuan", "sasaran_rpjmd", "tematik")),
    ("sasaran_strategis", "Sasaran Strategis", 30, "pd", "", ("sasaran_rpjmd", "tematik")),
    ("sasaran_program", "Sasaran Program", 40, "pd", "program", ("sasaran_strategis",)),
    ("sasaran_kegiatan", "Sasaran Kegiatan", 50, "pd", "kegiatan", ("sasaran_program",)),
    ("sub_kegiatan", "Sub Kegiatan", 60, "pd", "sub_kegiatan", ("sasaran_kegiatan",)),
    ("rhk", "Rencana Hasil Kerja (RHK)", 70, "pd", "",
     ("sasaran_strategis", "sasaran_program", "sasaran_kegiatan", "sub_kegiatan")),
)  # fmt: skip
