"""THE lock of the plan (issue 13 point 3, "revisions"): once a planning document is final, a change to what
it fixes needs a revision with a reason, recorded in the history.

- A city node (no PD) is fixed by its RPJMD period (`PeriodePerencanaan.status` final).
- A PD node is fixed by the PD's Renstra for the node's period (`DokumenRencana` renstra, final).
- A sub kegiatan budget of a year is fixed by the PD's Renja of that year (`DokumenRencana` renja, final).

Every writer of a node, an indicator of a node, or a sub kegiatan budget asks `simpul_terkunci` /
`anggaran_terkunci` and passes the answer and the user's reason to `alasan_revisi`; the reason goes into the
history row's `catatan` and the history action ends in `.revisi`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from perangkat_daerah.validasi import teks_atau_galat

from ..models import DokumenRencana, PeriodePerencanaan, Sasaran

ALASAN_MAKS = 2000


def simpul_terkunci(sasaran: Sasaran) -> str:
    """The final document that fixes `sasaran` (its name, e.g. "RPJMD 2021–2026"), or "" when it is free.
    A node without a period is never locked."""
    if sasaran.periode_id is None:
        return ""
    if sasaran.perangkat_daerah_id is None:
        periode = PeriodePerencanaan.objects.filter(pk=sasaran.periode_id, status=PeriodePerencanaan.Status.FINAL)
        return str(periode.first() or "")
    dokumen = DokumenRencana.objects.filter(
        jenis=DokumenRencana.Jenis.RENSTRA,
        perangkat_daerah_id=sasaran.perangkat_daerah_id,
        periode_id=sasaran.periode_id,
        status=DokumenRencana.Status.FINAL,
    ).first()
    return str(dokumen or "")


def anggaran_terkunci(sasaran: Sasaran, tahun: int) -> str:
    """The final Renja that fixes the budgets of `sasaran`'s PD for `tahun`, or ""."""
    dokumen = DokumenRencana.objects.filter(
        jenis=DokumenRencana.Jenis.RENJA,
        perangkat_daerah_id=sasaran.perangkat_daerah_id,
        tahun=tahun,
        status=DokumenRencana.Status.FINAL,
    ).first()
    return str(dokumen or "")


def alasan_revisi(terkunci: str, alasan) -> str:
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


def aksi_riwayat(aksi: str, terkunci: str) -> str:
    """The history action of a change: `aksi`, or `aksi` + ".revisi" when a final document fixes it."""
    return f"{aksi}.revisi" if terkunci else aksi
