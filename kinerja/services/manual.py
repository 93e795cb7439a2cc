"""Writes of the indicator manuals (Manual IK) and the IKU documents (issue 13 point 4).

Rights, through the one guard `wajib_hak`: a PD's manuals and IKU document are written by its operator or
kepala (ISI); the city's by Bagian Organisasi (KELOLA). A PD's document is set final by its kepala PD
(SETUJUI), the city's by Bagian Organisasi (KELOLA). Once a final document lists an IKU, a change to that
IKU's manual needs a reason (`catatan`), is recorded as a revision (`manual.revisi`) and counts one revision on
the document (`iku.revisi`, through THE count `rencana.revisi_catat`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.services import VersiKedaluwarsa, buat_dengan_riwayat, perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat

from ..models import DokumenIKU, Indikator, ManualIK
from .rencana import revisi_catat

KOLOM_MANUAL = ["definisi", "rumus", "alasan", "jenis", "sumber_data", "penanggung_jawab", "periode_pelaporan"]
KOLOM_TEKS = {"definisi": 5000, "rumus": 2000, "alasan": 2000, "sumber_data": 200, "penanggung_jawab": 200}
KOLOM_DOKUMEN = ["status", "ditetapkan_oleh", "ditetapkan_pada"]


def aksi_manual(indikator: Indikator) -> str:
    """The right a manual of `indikator` needs: ISI for a PD's indicator, KELOLA for the city's."""
    return Aksi.ISI if indikator.perangkat_daerah_id else Aksi.KELOLA


def aksi_tetapkan(dokumen: DokumenIKU) -> str:
    """The right that sets `dokumen` final: the kepala PD (SETUJUI) for a PD's, KELOLA for the city's."""
    return Aksi.SETUJUI if dokumen.perangkat_daerah_id else Aksi.KELOLA


def dokumen_final_untuk(indikator: Indikator) -> DokumenIKU | None:
    """The final IKU document that lists `indikator` (an IKU of the same owner whose sasaran is in the
    document's period, or has no period yet), or None."""
    if not indikator.iku:
        return None
    periode = indikator.sasaran.periode_id
    qs = DokumenIKU.objects.filter(
        pemda_id=indikator.pemda_id, perangkat_daerah_id=indikator.perangkat_daerah_id, status=DokumenIKU.Status.FINAL
    )
    return (qs.filter(periode_id=periode) if periode else qs).first()


def _isian(nilai: dict) -> dict:
    """The manual's fields from `nilai`, texts checked by `teks_atau_galat` and choices by their lists."""
    hasil = {k: teks_atau_galat(nilai.get(k), k, maks=maks) for k, maks in KOLOM_TEKS.items()}
    for kolom, pilihan in (("jenis", ManualIK.Jenis), ("periode_pelaporan", ManualIK.Periode)):
        isi = str(nilai.get(kolom) or "")
        if isi not in pilihan.values:
            raise ValidationError({kolom: _("Pilih salah satu pilihan yang tersedia.")})
        hasil[kolom] = isi
    return hasil


@transaction.atomic
def manual_simpan(*, indikator: Indikator, oleh, nilai: dict, versi: int | None, catatan: str = "") -> ManualIK:
    """Create or update the manual of `indikator`. `versi` is the version the user read (None when there
    was no manual yet; a manual created meanwhile is then a conflict). A manual of an IKU in a final
    document needs `catatan`, is recorded as `manual.revisi` and counts one revision on that document
    (`iku.revisi`). Returns the manual."""
    wajib_hak(oleh, aksi_manual(indikator), indikator)
    isian = _isian(nilai)
    dokumen = dokumen_final_untuk(indikator)
    catatan = teks_atau_galat(catatan, "catatan", maks=1000, wajib=dokumen is not None)
    aksi = "manual.simpan" if dokumen is None else "manual.revisi"
    ada = ManualIK.objects.select_for_update().filter(indikator=indikator).first()
    tambahan = {"diubah_oleh": oleh, "diubah_pada": timezone.now()}
    if (ada is None) != (versi is None):
        raise VersiKedaluwarsa()  # a manual created meanwhile, or one deleted since it was read
    if ada is None:
        ada = buat_dengan_riwayat(ManualIK, oleh=oleh, aksi=aksi, pemda_id=indikator.pemda_id, kolom=KOLOM_MANUAL,
                                  catatan=catatan, indikator=indikator, **isian, **tambahan)  # fmt: skip
    else:
        perbarui_dengan_riwayat(ada, versi=versi, oleh=oleh, aksi=aksi, pemda_id=indikator.pemda_id,
                                kolom=KOLOM_MANUAL, nilai=isian, tambahan=tambahan, catatan=catatan)  # fmt: skip
    if dokumen is not None:
        revisi_catat(dokumen, oleh=oleh, aksi="iku.revisi", pemda_id=dokumen.pemda_id, catatan=catatan)
    return ada


@transaction.atomic
def dokumen_iku_pastikan(*, pemda, perangkat_daerah, periode, oleh) -> DokumenIKU:
    """The IKU document of the PD (or the city: None) for `periode`, created as a draft when missing (by
    whoever may write its manuals)."""
    ada = DokumenIKU.objects.filter(pemda=pemda, perangkat_daerah=perangkat_daerah, periode=periode).first()
    if ada is not None:
        return ada
    # the document does not exist yet: the guard asks about its owner (the PD, or the pemda for the city)
    if perangkat_daerah is not None:
        wajib_hak(oleh, Aksi.ISI, perangkat_daerah)
    else:
        wajib_hak(oleh, Aksi.KELOLA, pemda)
    return buat_dengan_riwayat(DokumenIKU, oleh=oleh, aksi="iku.buat", pemda_id=pemda.pk, kolom=KOLOM_DOKUMEN,
                               pemda=pemda, perangkat_daerah=perangkat_daerah, periode=periode)  # fmt: skip


@transaction.atomic
def dokumen_iku_tetapkan(*, dokumen: DokumenIKU, oleh, versi: int) -> DokumenIKU:
    """Set the IKU document final (kepala PD for a PD's, Bagian Organisasi for the city's): its IKU's manuals
    are locked from then on. Refused (ValidationError) when an IKU has no manual yet."""
    wajib_hak(oleh, aksi_tetapkan(dokumen), dokumen)
    if dokumen.final:
        raise ValidationError(_("Dokumen IKU ini sudah final."))
    tanpa = list(iku_dokumen(dokumen).filter(manual_ik__isnull=True).values_list("kode", flat=True))
    if tanpa:
        raise ValidationError(_("IKU berikut belum memiliki manual: %(kode)s.") % {"kode": ", ".join(tanpa)})
    perbarui_dengan_riwayat(
        dokumen, versi=versi, oleh=oleh, aksi="iku.tetapkan", pemda_id=dokumen.pemda_id, kolom=KOLOM_DOKUMEN,
        nilai={"status": DokumenIKU.Status.FINAL},
        tambahan={"ditetapkan_oleh": oleh, "ditetapkan_pada": timezone.now()},
    )  # fmt: skip
    return dokumen


def iku_dokumen(dokumen: DokumenIKU):
    """The IKU a document lists: indicators flagged IKU of its owner whose sasaran is in its period (or has no
    period yet)."""
    return Indikator.objects.filter(
        Q(sasaran__periode=dokumen.periode_id) | Q(sasaran__periode__isnull=True),
        pemda_id=dokumen.pemda_id, perangkat_daerah_id=dokumen.perangkat_daerah_id, iku=True,
    )  # fmt: skip
