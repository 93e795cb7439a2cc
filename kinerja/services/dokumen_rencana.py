"""Transitions of the planning documents (issue 13 points 1 and 3): the city's RPJMD period and a PD's Renstra
and Renja (RKT). Each goes draf → final once; there is no way back: a change to what a final document fixes
is a revision with a reason (THE lock: kinerja/services/rencana.py), recorded in the history.

Rights, through the one guard `wajib_hak`: Bagian Organisasi (KELOLA on the period) edits the visi/misi and
sets the RPJMD final; the kepala PD (SETUJUI on the PD, as for the IKU document in kinerja/services/manual.py)
sets the PD's Renstra and Renja final. A Renstra follows a final RPJMD, a Renja a final Renstra. A document
row is created by its first "Tetapkan" (a missing one is a draft with nothing to record)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa, buat_dengan_riwayat, perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat

from ..models import DokumenRencana, PeriodePerencanaan
from .rencana import aksi_riwayat, alasan_revisi, revisi_rencana

KOLOM_PERIODE = ["visi", "misi", "status"]
KOLOM_DOKUMEN = ["status", "catatan"]  # who and when are the history row's own
VISI_MAKS = 2000
MISI_MAKS = 5000
CATATAN_MAKS = 2000
AKSI_TETAPKAN = Aksi.SETUJUI  # the kepala PD sets a PD's Renstra and Renja final


@transaction.atomic
def periode_visi_misi_ubah(*, periode: PeriodePerencanaan, oleh, visi, misi, versi: int, alasan="") -> bool:
    """Change the visi and misi (one misi per line) of the RPJMD period (Bagian Organisasi). Once the period is
    final, the change is a revision: it needs `alasan`, is recorded as `rpjmd.ubah.revisi` and counted on the
    period (`rpjmd.revisi`). Returns whether anything changed; a stale `versi` raises VersiKedaluwarsa."""
    wajib_hak(oleh, Aksi.KELOLA, periode)
    visi = teks_atau_galat(visi, "visi", maks=VISI_MAKS)
    baris = [b.strip() for b in teks_atau_galat(misi, "misi", maks=MISI_MAKS).splitlines()]
    misi = "\n".join(b for b in baris if b)
    periode = PeriodePerencanaan.objects.select_for_update().get(pk=periode.pk)
    terkunci = str(periode) if periode.status == PeriodePerencanaan.Status.FINAL else ""
    catatan = alasan_revisi(terkunci, alasan)
    berubah = perbarui_dengan_riwayat(
        periode, versi=versi, oleh=oleh, aksi=aksi_riwayat("rpjmd.ubah", terkunci), pemda_id=periode.pemda_id,
        kolom=KOLOM_PERIODE, nilai={"visi": visi, "misi": misi}, catatan=catatan,
    )  # fmt: skip
    if berubah and terkunci:
        revisi_rencana(periode, oleh=oleh, catatan=catatan)
    return berubah


@transaction.atomic
def periode_tetapkan(*, periode: PeriodePerencanaan, oleh, versi: int) -> PeriodePerencanaan:
    """Set the RPJMD period final (Bagian Organisasi): its city nodes and their indicators are locked from then
    on (a change is a revision). There is no way back to draf."""
    wajib_hak(oleh, Aksi.KELOLA, periode)
    periode = PeriodePerencanaan.objects.select_for_update().get(pk=periode.pk)
    if periode.status == PeriodePerencanaan.Status.FINAL:
        raise ValidationError(_("%(periode)s sudah final.") % {"periode": periode})
    perbarui_dengan_riwayat(
        periode, versi=versi, oleh=oleh, aksi="rpjmd.tetapkan", pemda_id=periode.pemda_id, kolom=KOLOM_PERIODE,
        nilai={"status": PeriodePerencanaan.Status.FINAL},
    )  # fmt: skip
    return periode


def syarat_tetapkan(*, jenis: str, perangkat_daerah: PerangkatDaerah, periode: PeriodePerencanaan,
                    tahun: int | None) -> str:  # fmt: skip
    """Why the document cannot be set final yet ("" when it can): a Renstra needs a final RPJMD, a Renja a
    year inside the period and a final Renstra of the PD. Read by the pages to explain a missing button."""
    if periode.pemda_id != perangkat_daerah.pemda_id:
        return _("Periode perencanaan bukan milik pemda perangkat daerah ini.")
    if periode.status != PeriodePerencanaan.Status.FINAL:
        return _("%(periode)s belum ditetapkan; Renstra mengacu pada RPJMD yang sudah final.") % {"periode": periode}
    if jenis == DokumenRencana.Jenis.RENSTRA:
        return ""
    if tahun is None or not periode.tahun_mulai <= tahun <= periode.tahun_akhir:
        return _("Tahun %(tahun)s berada di luar %(periode)s.") % {"tahun": tahun, "periode": periode}
    renstra_final = DokumenRencana.objects.filter(
        jenis=DokumenRencana.Jenis.RENSTRA, perangkat_daerah=perangkat_daerah, periode=periode,
        status=DokumenRencana.Status.FINAL,
    ).exists()  # fmt: skip
    if not renstra_final:
        return _("Renstra perangkat daerah ini untuk %(periode)s belum ditetapkan; Renja mengacu pada Renstra yang "
                 "sudah final.") % {"periode": periode}  # fmt: skip
    return ""


def _dokumen_terkunci(*, jenis, perangkat_daerah, periode, tahun) -> DokumenRencana | None:
    qs = DokumenRencana.objects.select_for_update().filter(jenis=jenis, perangkat_daerah=perangkat_daerah)
    return (qs.filter(periode=periode) if jenis == DokumenRencana.Jenis.RENSTRA else qs.filter(tahun=tahun)).first()


@transaction.atomic
def dokumen_rencana_tetapkan(
    *, jenis: str, perangkat_daerah: PerangkatDaerah, periode: PeriodePerencanaan, tahun: int | None = None,
    oleh, versi: int | None, catatan="",
) -> DokumenRencana:  # fmt: skip
    """Set the PD's Renstra of `periode` (or its Renja of `tahun`) final, creating the row when missing (the
    kepala PD). Records who and when, and the history (`renstra.tetapkan` / `renja.tetapkan`). `versi` is the
    version the user read (None when there was no document yet; one created meanwhile is a conflict). From
    then on the PD's nodes of the period (Renstra) or its sub kegiatan budgets of the year (Renja) are
    locked: kinerja/services/rencana.py."""
    if jenis not in DokumenRencana.Jenis.values:
        raise ValidationError(_("Jenis dokumen tidak dikenal."))
    wajib_hak(oleh, AKSI_TETAPKAN, perangkat_daerah)
    tahun = tahun if jenis == DokumenRencana.Jenis.RENJA else None
    catatan = teks_atau_galat(catatan, "catatan", maks=CATATAN_MAKS)
    periode = PeriodePerencanaan.objects.get(pk=periode.pk)  # its status as stored, not as the caller read it
    alasan = syarat_tetapkan(jenis=jenis, perangkat_daerah=perangkat_daerah, periode=periode, tahun=tahun)
    if alasan:
        raise ValidationError(alasan)
    ada = _dokumen_terkunci(jenis=jenis, perangkat_daerah=perangkat_daerah, periode=periode, tahun=tahun)
    if ada is None:
        if versi is not None:
            raise VersiKedaluwarsa()
        # the row is made in the same transaction, as a draft, so the history shows both steps
        ada = buat_dengan_riwayat(
            DokumenRencana, oleh=oleh, aksi=f"{jenis}.buat", pemda_id=perangkat_daerah.pemda_id, kolom=KOLOM_DOKUMEN,
            jenis=jenis, perangkat_daerah=perangkat_daerah, periode=periode, tahun=tahun,
        )  # fmt: skip
        versi = ada.versi
    wajib_hak(oleh, AKSI_TETAPKAN, ada)
    if ada.status == DokumenRencana.Status.FINAL:
        raise ValidationError(_("%(dokumen)s sudah final.") % {"dokumen": ada})
    if versi is None:
        raise VersiKedaluwarsa()
    perbarui_dengan_riwayat(
        ada, versi=versi, oleh=oleh, aksi=f"{jenis}.tetapkan", pemda_id=ada.pemda_id, kolom=KOLOM_DOKUMEN,
        nilai={"status": DokumenRencana.Status.FINAL, "catatan": catatan or ada.catatan},
        tambahan={"ditetapkan_oleh": oleh, "ditetapkan_pada": timezone.now()}, catatan=catatan,
    )  # fmt: skip
    return ada
