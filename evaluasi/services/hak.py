"""Who may do what to an evaluation or a recommendation: the one place these rules are written.

Each rule names the action (perangkat_daerah.access.Aksi) a write needs; the writes check it with
`wajib_hak` and the pages ask `berhak` (or the `boleh_*` and `tindakan_tersedia` built on it), so a page
never offers what the service would refuse. Also the row lock every workflow write takes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah.access import Aksi, berhak, wajib_hak

from ..models import Evaluasi, Rekomendasi

PESAN_EVALUASI = gettext_lazy("Anda tidak berwenang melakukan tindakan ini pada evaluasi ini.")
PESAN_REKOMENDASI = gettext_lazy("Anda tidak berwenang melakukan tindakan ini pada rekomendasi ini.")


def aksi_isi(evaluasi: Evaluasi) -> str:
    """The action that answering this evaluation needs: a PD's self-assessment its operator/kepala (ISI), an
    internal evaluation the Inspektorat (EVALUASI), the city's self-estimate Bagian Organisasi (KELOLA)."""
    if evaluasi.jenis == Evaluasi.Jenis.INTERNAL:
        return Aksi.EVALUASI
    if evaluasi.jenis == Evaluasi.Jenis.MANDIRI and evaluasi.perangkat_daerah_id:
        return Aksi.ISI
    return Aksi.KELOLA


def aksi_kembalikan(evaluasi: Evaluasi) -> str:
    """Returning to draf: a PD's submission by the Inspektorat, anything else by whoever answers it."""
    if evaluasi.jenis == Evaluasi.Jenis.MANDIRI and evaluasi.perangkat_daerah_id:
        return Aksi.EVALUASI
    return aksi_isi(evaluasi)


def aksi_finalkan(evaluasi: Evaluasi) -> str:
    """Finalising: an internal evaluation by the Inspektorat, the city's self-estimate by whoever answers it."""
    return Aksi.EVALUASI if evaluasi.jenis == Evaluasi.Jenis.INTERNAL else aksi_isi(evaluasi)


def aksi_rekomendasi(evaluasi: Evaluasi) -> str:
    """Issuing a recommendation: the Inspektorat for an internal LHE, Bagian Organisasi otherwise."""
    return Aksi.EVALUASI if evaluasi.jenis == Evaluasi.Jenis.INTERNAL else Aksi.KELOLA


def aksi_tindak_lanjut(rek: Rekomendasi) -> str:
    """A PD's recommendation is followed up by that PD (ISI), a city-level one by Bagian Organisasi (KELOLA)."""
    return Aksi.ISI if rek.perangkat_daerah_id else Aksi.KELOLA


def wajib_hak_evaluasi(user, evaluasi: Evaluasi, aksi: str) -> None:
    """PermissionDenied (403) unless `user` may perform `aksi` on this evaluation."""
    wajib_hak(user, aksi, evaluasi, pesan=PESAN_EVALUASI)


def wajib_bukan_final(evaluasi: Evaluasi) -> None:
    """A ValidationError for a final evaluation: nobody edits one."""
    if evaluasi.status == Evaluasi.Status.FINAL:
        raise ValidationError(_("Evaluasi ini sudah final dan tidak dapat diubah."))


def boleh_mengisi(user, evaluasi: Evaluasi) -> bool:
    """Whether `user` may answer this evaluation now (right, scope and status)."""
    if evaluasi.jenis == Evaluasi.Jenis.RESMI or evaluasi.status != Evaluasi.Status.DRAF or evaluasi.arsip:
        return False
    return berhak(user, aksi_isi(evaluasi), evaluasi)


def boleh_rekomendasi(user, evaluasi: Evaluasi) -> bool:
    """Whether `user` may issue a recommendation from this evaluation's LHE: only once it is final."""
    return evaluasi.final and berhak(user, aksi_rekomendasi(evaluasi), evaluasi)


def boleh_tindak_lanjut(user, rek: Rekomendasi) -> bool:
    """Whether `user` may file the follow-up of this recommendation now."""
    return rek.status != Rekomendasi.Status.SELESAI and berhak(user, aksi_tindak_lanjut(rek), rek)


def boleh_verifikasi(user, rek: Rekomendasi) -> bool:
    """Whether `user` may verify this follow-up now: a verifier who did not file it."""
    if rek.status != Rekomendasi.Status.PROSES or rek.ditindaklanjuti_oleh_id == user.pk:
        return False
    return berhak(user, Aksi.VERIFIKASI, rek)


def kunci(evaluasi: Evaluasi) -> Evaluasi:
    """Reload the evaluation row locked for update (a second writer waits, then sees the new status).

    An archived row (a kind the workflow does not know, kept by migration 0005) is read-only."""
    e = Evaluasi.objects.select_for_update().select_related("instrumen__skala_predikat").get(pk=evaluasi.pk)
    if e.arsip:
        raise ValidationError(_("Evaluasi ini diarsipkan (jenisnya tidak dikenal) dan hanya dapat dibaca."))
    return e
