"""Writes of budgets (Anggaran): Bagian Organisasi enters a PD's pagu and realised spending per quarter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa, buat_dengan_riwayat, perbarui_dengan_riwayat

from ..models import Anggaran
from .isian import rupiah_atau_galat

KOLOM_ANGGARAN = ["pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]


def _isian_anggaran(nilai: dict[str, Any]) -> dict[str, Decimal | None]:
    """Parse the amounts as typed ("1.234.567.890", "Rp 120.000.000.000"); every field's errors at once."""
    isian, galat = {}, {}
    for kolom in KOLOM_ANGGARAN:
        label = capfirst(Anggaran._meta.get_field(kolom).verbose_name)
        try:
            isian[kolom] = rupiah_atau_galat(nilai.get(kolom), kolom, label)
        except ValidationError as exc:
            galat[kolom] = exc.messages
    if "pagu" not in galat and isian.get("pagu") is None:
        galat["pagu"] = [_("Pagu wajib diisi.")]
    if galat:
        raise ValidationError(galat)
    return isian


@transaction.atomic
def anggaran_simpan(*, perangkat_daerah: PerangkatDaerah, tahun: int, oleh, versi: int | None, **nilai) -> Anggaran:
    """Set a PD's budget for `tahun`: pagu (required) and the realised spending of each quarter (each
    quarter's own, not cumulative), as Indonesian numbers. Only Bagian Organisasi (and admin). No value may
    be negative; a realised total above the pagu is allowed (a late budget change happens) and shown as a
    warning by the page. `versi` is the version the user loaded (None when there was no row): a different
    one raises VersiKedaluwarsa. An unchanged budget is left as it is; every change is in the history."""
    wajib_hak(oleh, Aksi.KELOLA, perangkat_daerah, pesan=_("Hanya Bagian Organisasi yang dapat mengisi anggaran."))
    isian = _isian_anggaran(nilai)
    ada = Anggaran.objects.select_for_update().filter(perangkat_daerah=perangkat_daerah, tahun=tahun).first()
    if ada is None:
        if versi is not None:
            raise VersiKedaluwarsa()
        return _anggaran_baru(perangkat_daerah=perangkat_daerah, tahun=tahun, oleh=oleh, isian=isian)
    if versi != ada.versi:  # a form loaded before the row existed (None) is stale too
        raise VersiKedaluwarsa()
    perbarui_dengan_riwayat(
        ada, versi=versi, oleh=oleh, aksi="anggaran.simpan", pemda_id=perangkat_daerah.pemda_id,
        kolom=KOLOM_ANGGARAN, nilai=isian,
    )  # fmt: skip
    return ada


def _anggaran_baru(*, perangkat_daerah, tahun, oleh, isian) -> Anggaran:
    try:
        with transaction.atomic():
            return buat_dengan_riwayat(
                Anggaran, oleh=oleh, aksi="anggaran.simpan", pemda_id=perangkat_daerah.pemda_id,
                kolom=KOLOM_ANGGARAN, perangkat_daerah=perangkat_daerah, tahun=tahun, **isian,
            )  # fmt: skip
    except IntegrityError:
        # Someone created this year's budget after this user loaded the page.
        raise VersiKedaluwarsa() from None
