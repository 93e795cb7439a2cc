"""THE workflow of reported values, shared by a quarter's realisasi (`realisasi.py`) and a month's realisation of
an action plan (`renaksi.py`): draf → diajukan → diverifikasi | dikembalikan (with a note) → (edit) → diajukan.
A row in it has `status` (`Realisasi.Status`), `versi` and `catatan_verifikasi`; each module names its history
columns and actions, and asks its own locks (the quarter lock) before calling these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.berkas import jenis_bukti
from perangkat_daerah.services import VersiKedaluwarsa, berkas_ganti, perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat

from ..models import Realisasi

Status = Realisasi.Status
DAPAT_DIUBAH = (Status.DRAF, Status.DIKEMBALIKAN)  # the states the PD may edit and submit from


def simpan_bukti(baris: models.Model, bukti) -> dict:
    """Store the evidence file (type sniffed by `jenis_bukti`) and return the columns that point at it. The row
    in memory keeps its old file until the versioned write sets the new one, so the history's "before" is the
    stored state."""
    lama = baris.bukti.name
    jenis = jenis_bukti(bukti)
    nama = berkas_ganti(baris.bukti, bukti, f"bukti{jenis.ekstensi}")
    baris.bukti = lama
    return {"bukti": nama, "bukti_nama": bukti.name[-200:], "bukti_jenis": jenis.mime}


def wajib_dapat_diubah(baris: models.Model) -> None:
    """ValidationError when the row waits for verification or is verified (both read-only to the PD)."""
    if baris.status == Status.DIAJUKAN:
        raise ValidationError(_("Realisasi ini sudah diajukan dan menunggu verifikasi; tidak dapat diubah."))
    if baris.status == Status.DIVERIFIKASI:
        raise ValidationError(_("Realisasi ini sudah diverifikasi dan hanya dapat dibaca."))


def simpan_ubahan(baris: models.Model, *, versi: int, oleh, aksi: str, pemda_id: int, kolom: list[str], nilai: dict,
                  bukti=None) -> models.Model:  # fmt: skip
    """The PD's edit of a stored row, locked by the caller (`select_for_update`, inside `berkas_dijaga`): refused
    when `versi` is stale (VersiKedaluwarsa) or the row is not editable (`wajib_dapat_diubah`); a new evidence
    file is stored; the versioned write records `aksi` in the history."""
    if versi != baris.versi:
        raise VersiKedaluwarsa()
    wajib_dapat_diubah(baris)
    if bukti is not None:
        nilai.update(simpan_bukti(baris, bukti))
    perbarui_dengan_riwayat(
        baris, versi=versi, oleh=oleh, aksi=aksi, pemda_id=pemda_id, kolom=kolom, nilai=nilai,
        tambahan={"diubah_oleh": oleh, "diubah_pada": timezone.now()},
    )  # fmt: skip
    return baris


def ambil_berversi(baris: models.Model, versi: int, *, terkait: tuple[str, ...] = ()) -> models.Model:
    """The row read again under a lock; VersiKedaluwarsa when it changed since the user loaded it."""
    baris = type(baris).objects.select_for_update().select_related(*terkait).get(pk=baris.pk)
    if versi != baris.versi:
        raise VersiKedaluwarsa()
    return baris


def ambil_diajukan(baris: models.Model, versi: int, oleh, *, terkait: tuple[str, ...] = ()) -> models.Model:
    """The verifier's guard (VERIFIKASI on the row) and the row locked, fresh and in state diajukan."""
    wajib_hak(oleh, Aksi.VERIFIKASI, baris)
    baris = ambil_berversi(baris, versi, terkait=terkait)
    if baris.status != Status.DIAJUKAN:
        raise ValidationError(
            _("Hanya realisasi berstatus “Diajukan” yang dapat diverifikasi atau dikembalikan (status sekarang: %s).")
            % baris.get_status_display()
        )
    return baris


def catatan_pengembalian(catatan) -> str:
    """The required note of a return: what the PD must fix."""
    catatan = teks_atau_galat(catatan, "catatan")
    if not catatan:
        raise ValidationError({"catatan": _("Tuliskan catatan untuk perangkat daerah: apa yang perlu diperbaiki.")})
    return catatan


def ubah_status(baris, *, versi: int, oleh, aksi: str, pemda_id: int, kolom: list[str], catatan: str = "", **nilai):
    """One transition written through the history writer."""
    perbarui_dengan_riwayat(
        baris, versi=versi, oleh=oleh, aksi=aksi, pemda_id=pemda_id, kolom=kolom, nilai=nilai, catatan=catatan
    )
    return baris


def nilai_diajukan(*, terlambat: bool = False) -> dict:
    """The columns of draf/dikembalikan → diajukan."""
    return {"status": Status.DIAJUKAN, "diajukan_pada": timezone.now(), "terlambat": terlambat}


def nilai_diverifikasi(oleh) -> dict:
    """The columns of diajukan → diverifikasi."""
    return {
        "status": Status.DIVERIFIKASI, "catatan_verifikasi": "", "diverifikasi_oleh": oleh,
        "diverifikasi_pada": timezone.now(),
    }  # fmt: skip


def nilai_dikembalikan(catatan: str) -> dict:
    """The columns of diajukan → dikembalikan."""
    return {"status": Status.DIKEMBALIKAN, "catatan_verifikasi": catatan}
