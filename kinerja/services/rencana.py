"""THE lock of the plan (issue 13 point 3, "revisions"): once a planning document is final, a change to what
it fixes needs a revision with a reason, recorded in the history and counted on the document.

- A city node (no PD) is fixed by its RPJMD period (`PeriodePerencanaan.status` final).
- A PD node is fixed by the PD's Renstra for the node's period (`DokumenRencana` renstra, final).
- A sub kegiatan budget of a year is fixed by the PD's Renja of that year (`DokumenRencana` renja, final).

Every writer of a node, an indicator of a node, or a sub kegiatan budget asks `kunci_simpul` / `kunci_anggaran`
(the final document, or None), passes it and the user's reason to `alasan_revisi`, names its history action with
`aksi_riwayat` (the reason goes into the history row's `catatan`, the action ends in `.revisi`) and, once the
change is written, calls `revisi_rencana`: the document's `revisi` goes up by one, with its own history row.
`simpul_terkunci` / `anggaran_terkunci` are the same answers as the document's name ("" when free), for pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from perangkat_daerah.services import perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat

from ..models import DokumenRencana, PeriodePerencanaan, Sasaran
from ..models_manual import DokumenIKU

ALASAN_MAKS = 2000
Kunci = DokumenRencana | PeriodePerencanaan | DokumenIKU | None


def kunci_simpul(sasaran: Sasaran) -> Kunci:
    """The final document that fixes `sasaran` (its RPJMD period or its PD's Renstra of the period), or None
    when it is free. A node without a period is never locked."""
    if sasaran.periode_id is None:
        return None
    if sasaran.perangkat_daerah_id is None:
        return PeriodePerencanaan.objects.filter(pk=sasaran.periode_id, status=PeriodePerencanaan.Status.FINAL).first()
    return DokumenRencana.objects.filter(
        jenis=DokumenRencana.Jenis.RENSTRA,
        perangkat_daerah_id=sasaran.perangkat_daerah_id,
        periode_id=sasaran.periode_id,
        status=DokumenRencana.Status.FINAL,
    ).first()


def kunci_anggaran(sasaran: Sasaran, tahun: int) -> DokumenRencana | None:
    """The final Renja that fixes the budgets of `sasaran`'s PD for `tahun`, or None."""
    return DokumenRencana.objects.filter(
        jenis=DokumenRencana.Jenis.RENJA,
        perangkat_daerah_id=sasaran.perangkat_daerah_id,
        tahun=tahun,
        status=DokumenRencana.Status.FINAL,
    ).first()


def simpul_terkunci(sasaran: Sasaran) -> str:
    """The name of the final document that fixes `sasaran` (e.g. "RPJMD 2021–2026"), or "" when it is free."""
    return str(kunci_simpul(sasaran) or "")


def anggaran_terkunci(sasaran: Sasaran, tahun: int) -> str:
    """The name of the final Renja that fixes the budgets of `sasaran`'s PD for `tahun`, or ""."""
    return str(kunci_anggaran(sasaran, tahun) or "")


def alasan_revisi(terkunci: Kunci | str, alasan) -> str:
    """The checked reason of a change: "" when nothing is locked (a reason given anyway is kept as a note);
    a ValidationError on `alasan` when a final document fixes the change and no reason is given."""
    teks = teks_atau_galat(alasan, "alasan", maks=ALASAN_MAKS)
    if terkunci and not teks:
        raise ValidationError(
            {
                "alasan": _("%(dokumen)s sudah final: perubahan ini adalah revisi dan memerlukan alasan.")
                % {"dokumen": terkunci}
            }
        )
    return teks


def aksi_riwayat(aksi: str, terkunci: Kunci | str) -> str:
    """The history action of a change: `aksi`, or `aksi` + ".revisi" when a final document fixes it."""
    return f"{aksi}.revisi" if terkunci else aksi


def revisi_catat(dokumen: models.Model, *, oleh, aksi: str, pemda_id: int, catatan: str) -> int:
    """THE count of revisions of a final document (a PK, the RPJMD period, a Renstra or Renja): its `revisi`
    goes up by one through the history writer, recorded as `aksi` with the reason; `dokumen` is updated in
    place and the new number returned. The row is read again under a lock, so two revisions never share a
    number. Its `versi` stays (`versi_tetap`): the count is no edit of the document, so a form open on it (the
    RPJMD's visi/misi) is not made stale by a revision of a node. Called once per revision (one reason),
    after the change it counts."""
    baris = type(dokumen).objects.select_for_update().get(pk=dokumen.pk)
    perbarui_dengan_riwayat(
        baris, versi=None, oleh=oleh, aksi=aksi, pemda_id=pemda_id, kolom=["revisi"],
        nilai={"revisi": baris.revisi + 1}, catatan=catatan, versi_tetap=True,
    )  # fmt: skip
    dokumen.revisi, dokumen.versi = baris.revisi, baris.versi
    return baris.revisi


def revisi_rencana(*kunci: Kunci, oleh, catatan: str) -> None:
    """Count one revision on each distinct final planning document among `kunci` (None: nothing locked):
    `rpjmd.revisi` on the period, `renstra.revisi` / `renja.revisi` on a PD's document, `iku.revisi` on an IKU
    document (as the manual form, services/manual.py)."""
    for dokumen in dict.fromkeys(k for k in kunci if k is not None):
        if isinstance(dokumen, PeriodePerencanaan):
            aksi = "rpjmd.revisi"
        elif isinstance(dokumen, DokumenIKU):
            aksi = "iku.revisi"
        else:
            aksi = f"{dokumen.jenis}.revisi"
        revisi_catat(dokumen, oleh=oleh, aksi=aksi, pemda_id=dokumen.pemda_id, catatan=catatan)
