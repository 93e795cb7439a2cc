"""Evaluation rows as the user may see them, with their answer and grade rows."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi

from ..models import Evaluasi, Jawaban, NilaiSubKomponen

# --- Evaluations --------------------------------------------------------------------------------------------


def _dasar(user, aksi: str = Aksi.LIHAT) -> QuerySet:
    return Evaluasi.objects.for_user(user, aksi).select_related(
        "instrumen__skala_predikat", "perangkat_daerah", "pemda", "hasil"
    )


def evaluasi_list(
    *, user, tahun: int | None = None, jenis: str = "", perangkat_daerah_id: int | None = None
) -> QuerySet:
    """Evaluations the user may see, filtered by year, kind and PD."""
    qs = _dasar(user)
    if tahun:
        qs = qs.filter(tahun=tahun)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if perangkat_daerah_id:
        qs = qs.filter(perangkat_daerah_id=perangkat_daerah_id)
    return qs.order_by("-tahun", "perangkat_daerah__kode", "jenis")


def evaluasi_dasar(user) -> QuerySet:
    """The base queryset for one evaluation page (pass it to `ambil_untuk`)."""
    return _dasar(user)


def evaluasi_pasangan_mandiri(evaluasi: Evaluasi) -> Evaluasi | None:
    """The PD's own self-assessment of the same year, shown beside the Inspektorat's internal evaluation."""
    if evaluasi.jenis != Evaluasi.Jenis.INTERNAL or evaluasi.perangkat_daerah_id is None:
        return None
    return (
        Evaluasi.objects.select_related("instrumen")
        .filter(perangkat_daerah_id=evaluasi.perangkat_daerah_id, tahun=evaluasi.tahun, jenis=Evaluasi.Jenis.MANDIRI)
        .first()
    )


def jawaban_baris(evaluasi: Evaluasi) -> dict[int, Jawaban]:
    """Answer rows of one evaluation by criterion id (1 query)."""
    return {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}


def nilai_sub_baris(evaluasi: Evaluasi) -> dict[int, NilaiSubKomponen]:
    """Method-A grade rows of one evaluation by sub-component id (1 query)."""
    return {n.subkomponen_id: n for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi)}


# --- The LHE ----------------------------------------------------------------------------------------------------

# The states an LHE may be printed from: final (the report), scored (a draft for the exit meeting).
STATUS_CETAK_LHE = (Evaluasi.Status.DINILAI, Evaluasi.Status.FINAL)


def alasan_lhe_tidak_dicetak(evaluasi: Evaluasi) -> str:
    """Why this evaluation's LHE cannot be printed, in Indonesian; empty when it can (an internal evaluation,
    scored or final). THE rule: the request and the job refuse by it (laporan/lhe.py), the result page's
    "Cetak LHE" button shows by it."""
    if evaluasi.jenis != Evaluasi.Jenis.INTERNAL:
        return _(
            "LHE hanya dibuat dari evaluasi internal Inspektorat atas perangkat daerah; evaluasi ini berjenis "
            "%(jenis)s."
        ) % {"jenis": evaluasi.get_jenis_display().lower()}
    if evaluasi.status not in STATUS_CETAK_LHE:
        return _(
            "LHE hanya dapat dicetak dari evaluasi yang sudah dinilai (dicetak sebagai konsep) atau final; "
            "status evaluasi ini %(status)s. Selesaikan penilaian dan tandai evaluasi sebagai dinilai."
        ) % {"status": evaluasi.get_status_display().lower()}
    return ""
