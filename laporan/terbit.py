"""Publishing a finished LKjIP on the public SAKIP page (issue 17 point 10).

Bagian Organisasi chooses which of its pemda's finished LKjIP documents the public may download; the choice
is written with its history through the one writer. The public page and its download read only
`laporan_terbit`, so an unpublished, unfinished or non-LKjIP document, or another pemda's, never shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah.access import Aksi, berhak, wajib_hak
from perangkat_daerah.services import perbarui_dengan_riwayat

from . import jenis as jenis_laporan
from .models import Laporan

PESAN_HAK = gettext_lazy("Hanya Bagian Organisasi pemda ini yang dapat menerbitkan LKjIP di halaman publik.")


def kode_lkjip() -> list[str]:
    """The codes of the LKjIP kinds (city and PD, PDF and Word): the only documents that may be published."""
    return [j.kode for kota in (True, False) for j in jenis_laporan.jenis_lkjip(kota=kota)]


def dapat_diterbitkan(laporan: Laporan) -> bool:
    """Whether the document is a finished LKjIP with its file (what publishing requires)."""
    return laporan.jenis in kode_lkjip() and laporan.status == Laporan.Status.SELESAI and bool(laporan.berkas)


def boleh_terbitkan(user, laporan: Laporan) -> bool:
    """Whether the detail page offers the publish switch to `user` (Bagian Organisasi of the pemda)."""
    return dapat_diterbitkan(laporan) and berhak(user, Aksi.KELOLA, laporan)


def laporan_terbitkan(*, user, laporan: Laporan, terbit: bool) -> bool:
    """Publish (or withdraw) a finished LKjIP on the public page; True when something changed.

    PermissionDenied unless the user manages the report's pemda (KELOLA through the choke point); a
    ValidationError when the document is not a finished LKjIP. The row is locked so two clicks write once.
    """
    wajib_hak(user, Aksi.KELOLA, laporan, pesan=PESAN_HAK)
    with transaction.atomic():
        laporan = Laporan.objects.select_for_update().get(pk=laporan.pk)
        if terbit and not dapat_diterbitkan(laporan):
            raise ValidationError(_("Hanya LKjIP yang sudah selesai dibuat yang dapat diterbitkan."))
        if laporan.terbit == terbit:
            return False
        # Laporan has no form-edited version: the lock above orders writers, so the version stays.
        return perbarui_dengan_riwayat(
            laporan, versi=None, oleh=user, aksi="terbitkan_laporan" if terbit else "tarik_terbitan_laporan",
            pemda_id=laporan.pemda_id, kolom=["terbit", "terbit_pada"],
            nilai={"terbit": terbit, "terbit_pada": timezone.now() if terbit else None}, versi_tetap=True,
        )  # fmt: skip


def laporan_terbit(*, pemda_id: int | None = None, pemda_ids: Iterable[int] = ()) -> QuerySet[Laporan]:
    """The pemda's published, finished LKjIP documents with a file: all that the public may see (of the
    pemda `pemda_id`, or of every pemda in `pemda_ids`: a pembina's group dashboard, dasbor/wilayah.py)."""
    lingkup = {"pemda_id": pemda_id} if pemda_id is not None else {"pemda_id__in": list(pemda_ids)}
    return (
        Laporan.objects.filter(**lingkup, terbit=True, status=Laporan.Status.SELESAI, jenis__in=kode_lkjip())
        .exclude(berkas="")
        .order_by("-tahun", "perangkat_daerah__kode", "jenis", "-pk")
    )
