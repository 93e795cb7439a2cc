"""Proposals and crosscutting in the performance tree (issue 13, point 3): a contributing PD (or an outside
partner) of a node (`Kontributor`, which makes the node crosscutting, "lintas PD"), and a proposal of a new
node between the city and a PD (`Usulan`). Their transitions and who may trigger them live in ONE place:
kinerja/services/usulan.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import ScopedQuerySet
from perangkat_daerah.models import Pemda, PerangkatDaerah

from .models import Sasaran
from .models_perencanaan import TingkatPohon


class StatusKeputusan(models.TextChoices):
    """The states of an invitation or a proposal: waiting, then accepted or rejected (final)."""

    MENUNGGU = "menunggu", _("Menunggu")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")


class Kontributor(models.Model):
    """A contributor to a node of the tree: a PD of the pemda (which accepts or rejects the invitation, with
    a note) or an outside partner (`mitra`, recorded by Bagian Organisasi). A node with contributors is
    crosscutting ("lintas PD"); an accepted contributor's PD sees the node and the city nodes above it."""

    sasaran = models.ForeignKey(Sasaran, on_delete=models.CASCADE, related_name="kontributor")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, blank=True, related_name="kontribusi"
    )
    mitra = models.CharField(_("mitra luar"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusKeputusan.choices, default=StatusKeputusan.MENUNGGU
    )
    catatan = models.TextField(_("catatan"), blank=True)
    versi = models.PositiveIntegerField(default=1)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "sasaran__pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("kontributor simpul")
        verbose_name_plural = _("kontributor simpul")
        ordering = ["sasaran", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sasaran", "perangkat_daerah"], name="kontributor_pd_unik_per_simpul",
                condition=models.Q(perangkat_daerah__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(perangkat_daerah__isnull=False) | ~models.Q(mitra=""),
                name="kontributor_pd_atau_mitra",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.nama

    @property
    def nama(self) -> str:
        """The PD's short name, or the partner's name."""
        pd = self.perangkat_daerah
        return (pd.singkatan or pd.nama) if pd is not None else self.mitra


class Usulan(models.Model):
    """A proposal of a new node: the city proposes a branch under a city node to a PD (`kota_ke_pd`, the PD
    decides), or a PD proposes its own sasaran under a city sasaran (`pd_ke_kota`, Bagian Organisasi
    decides). On approval the node is created under the PD (`simpul_hasil`)."""

    class Arah(models.TextChoices):
        KOTA_KE_PD = "kota_ke_pd", _("Kota ke perangkat daerah")
        PD_KE_KOTA = "pd_ke_kota", _("Perangkat daerah ke kota")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    pengusul = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    arah = models.CharField(_("arah"), max_length=10, choices=Arah.choices)
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="usulan_simpul")
    induk = models.ForeignKey(Sasaran, on_delete=models.CASCADE, related_name="usulan_turunan")
    tingkat = models.ForeignKey(TingkatPohon, on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(_("kode"), max_length=40)
    uraian = models.TextField(_("uraian"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatusKeputusan.choices, default=StatusKeputusan.MENUNGGU
    )
    catatan = models.TextField(_("catatan"), blank=True)
    versi = models.PositiveIntegerField(default=1)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    simpul_hasil = models.ForeignKey(Sasaran, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_pemda = "pemda"
    scope_pd = "perangkat_daerah"

    class Meta:
        verbose_name = _("usulan simpul")
        verbose_name_plural = _("usulan simpul")
        ordering = ["-dibuat_pada", "-pk"]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"
