"""The workflow draf → diajukan → dinilai → final, and the frozen result of a final evaluation.

Each step's rule is written once: which kind and status allow it (`_SIAP`) and which action it needs
(`hak`); the writes below refuse what the rule refuses and `tindakan_tersedia` tells the pages what to offer.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi
from perangkat_daerah.services import buat_dengan_riwayat, perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat

from .. import scoring
from ..models import Evaluasi, HasilEvaluasi
from ..selectors import hitung, instrumen_siap, masukan_evaluasi
from .dukungan import PerluKonfirmasi, alasan_sub, dukungan_periksa
from .hak import aksi_finalkan, aksi_isi, aksi_kembalikan, berhak, kunci, wajib_bukan_final, wajib_hak_evaluasi

AJUKAN, NILAI, KEMBALIKAN, FINALKAN = "ajukan", "nilai", "kembalikan", "finalkan"


def _siap_finalkan(e: Evaluasi) -> bool:
    if e.jenis == Evaluasi.Jenis.INTERNAL:
        return e.status == Evaluasi.Status.DINILAI
    return e.jenis == Evaluasi.Jenis.MANDIRI and e.perangkat_daerah_id is None and e.status == Evaluasi.Status.DIAJUKAN


# Step → (whether the evaluation's kind and status allow it, the action it needs); in the order pages show them.
_SIAP: dict[str, tuple[Callable[[Evaluasi], bool], Callable[[Evaluasi], str]]] = {
    AJUKAN: (lambda e: e.jenis == Evaluasi.Jenis.MANDIRI and e.status == Evaluasi.Status.DRAF, aksi_isi),
    NILAI: (lambda e: e.jenis == Evaluasi.Jenis.INTERNAL and e.status == Evaluasi.Status.DRAF, lambda e: Aksi.EVALUASI),
    KEMBALIKAN: (lambda e: e.status in (Evaluasi.Status.DIAJUKAN, Evaluasi.Status.DINILAI), aksi_kembalikan),
    FINALKAN: (_siap_finalkan, aksi_finalkan),
}


def tindakan_tersedia(user, evaluasi: Evaluasi) -> list[str]:
    """The workflow steps (AJUKAN, NILAI, KEMBALIKAN, FINALKAN) `user` may take on this evaluation now: the
    rules the writes below enforce, so a page offers exactly what they would accept."""
    if evaluasi.arsip:
        return []
    hak: dict[str, bool] = {}
    tersedia = []
    for langkah, (siap, aksi_dari) in _SIAP.items():
        if siap(evaluasi):
            aksi = aksi_dari(evaluasi)
            if aksi not in hak:
                hak[aksi] = berhak(user, aksi, evaluasi)
            if hak[aksi]:
                tersedia.append(langkah)
    return tersedia


def _wajib_siap(evaluasi: Evaluasi, langkah: str, pesan: str) -> None:
    if not _SIAP[langkah][0](evaluasi):
        raise ValidationError(pesan)


def _ubah_status(evaluasi: Evaluasi, *, oleh, ke: str, versi: int | None, catatan: str = "") -> Evaluasi:
    perbarui_dengan_riwayat(
        evaluasi, versi=versi, oleh=oleh, aksi=f"status_{ke}", pemda_id=evaluasi.pemda_id,
        kolom=["status", "versi"], nilai={"status": ke}, catatan=catatan,
    )  # fmt: skip
    return evaluasi


def _wajib_lengkap(evaluasi: Evaluasi, *, dukungan: bool = True) -> scoring.Hasil:
    """The engine's result of a complete worksheet; a ValidationError naming what is still missing, and
    (with `dukungan`) each grade above its criteria's support without its justification (services.dukungan)."""
    siap = instrumen_siap(evaluasi.instrumen)
    hasil = hitung(siap, masukan_evaluasi(evaluasi, siap))
    if not hasil.lengkap:
        kurang = hasil.jumlah_kriteria - hasil.jumlah_terjawab
        pesan = _("Belum lengkap: %(n)s kriteria belum dijawab") % {"n": kurang}
        if hasil.subkomponen_belum_dinilai:
            pesan += _(", %(n)s subkomponen belum dinilai") % {"n": len(hasil.subkomponen_belum_dinilai)}
        raise ValidationError(pesan + ".")
    if dukungan:
        dukungan_periksa(evaluasi=evaluasi, siap=siap, hasil=hasil, alasan=alasan_sub(evaluasi))
    return hasil


@transaction.atomic
def evaluasi_ajukan(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> Evaluasi:
    """Submit a self-assessment (draf → diajukan); only when every criterion is answered."""
    wajib_hak_evaluasi(oleh, evaluasi, _SIAP[AJUKAN][1](evaluasi))
    evaluasi = kunci(evaluasi)
    _wajib_siap(evaluasi, AJUKAN, _("Hanya penilaian mandiri berstatus draf yang dapat diajukan."))
    _wajib_lengkap(evaluasi)
    return _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.DIAJUKAN, versi=versi)


@transaction.atomic
def evaluasi_tandai_dinilai(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> Evaluasi:
    """The Inspektorat marks its internal evaluation as scored (draf → dinilai); only when complete."""
    wajib_hak_evaluasi(oleh, evaluasi, _SIAP[NILAI][1](evaluasi))
    evaluasi = kunci(evaluasi)
    _wajib_siap(evaluasi, NILAI, _("Hanya evaluasi internal berstatus draf yang dapat ditandai dinilai."))
    _wajib_lengkap(evaluasi)
    return _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.DINILAI, versi=versi)


@transaction.atomic
def evaluasi_kembalikan(*, evaluasi: Evaluasi, oleh, catatan: str = "", versi: int | None = None) -> Evaluasi:
    """Back to draf: a submitted self-assessment (by the Inspektorat, with a note) or a scored internal one."""
    wajib_hak_evaluasi(oleh, evaluasi, aksi_kembalikan(evaluasi))
    catatan = teks_atau_galat(catatan, "catatan")
    evaluasi = kunci(evaluasi)
    wajib_bukan_final(evaluasi)
    _wajib_siap(evaluasi, KEMBALIKAN, _("Evaluasi ini masih draf."))
    return _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.DRAF, versi=versi, catatan=catatan)


def _wajib_boleh_final(evaluasi: Evaluasi, oleh) -> None:
    if evaluasi.jenis == Evaluasi.Jenis.RESMI:
        raise ValidationError(_("Hasil resmi sudah final sejak dicatat."))
    wajib_hak_evaluasi(oleh, evaluasi, aksi_finalkan(evaluasi))
    if evaluasi.jenis == Evaluasi.Jenis.MANDIRI and evaluasi.perangkat_daerah_id:
        raise PermissionDenied(_("Penilaian mandiri PD menjadi final bersama evaluasi internalnya."))


def _wajib_siap_final(evaluasi: Evaluasi) -> scoring.Hasil:
    wajib_bukan_final(evaluasi)
    internal = evaluasi.jenis == Evaluasi.Jenis.INTERNAL
    siap_status = Evaluasi.Status.DINILAI if internal else Evaluasi.Status.DIAJUKAN
    _wajib_siap(evaluasi, FINALKAN, _("Evaluasi harus berstatus %(s)s sebelum difinalkan.") % {"s": siap_status.label})
    return _wajib_lengkap(evaluasi)


def evaluasi_siap_final(*, evaluasi: Evaluasi, oleh) -> scoring.Hasil:
    """The result finalising would freeze, after every check `evaluasi_finalkan` makes (right, kind, status,
    complete, each grade above its criteria's support justified); nothing is written. The confirmation page
    shows it with its grades above support (`Hasil.subkomponen_melebihi_dukungan`)."""
    _wajib_boleh_final(evaluasi, oleh)
    return _wajib_siap_final(evaluasi)


@transaction.atomic
def evaluasi_finalkan(*, evaluasi: Evaluasi, oleh, versi: int | None = None, konfirmasi: bool = False) -> HasilEvaluasi:
    """Freeze the result (→ final, HasilEvaluasi stored): an internal evaluation once scored (Inspektorat),
    or the city's self-estimate once submitted (Bagian Organisasi). Finalising a PD's internal evaluation
    also freezes that PD's submitted self-assessment of the year.

    Grades above their criteria's support (each justified, services.dukungan) are frozen only with
    `konfirmasi`, given after the user saw them listed: without it PerluKonfirmasi lists them and nothing
    changes."""
    _wajib_boleh_final(evaluasi, oleh)
    evaluasi = kunci(evaluasi)
    hasil = _wajib_siap_final(evaluasi)
    if hasil.subkomponen_melebihi_dukungan and not konfirmasi:
        raise PerluKonfirmasi([s.kode for s in hasil.subkomponen_melebihi_dukungan])
    hasil = _bekukan(evaluasi, oleh=oleh, versi=versi, hasil=hasil)
    if evaluasi.jenis == Evaluasi.Jenis.INTERNAL:
        _bekukan_mandiri(evaluasi, oleh=oleh)
    return hasil


def _bekukan_mandiri(internal: Evaluasi, *, oleh) -> None:
    """Finalising a PD's internal evaluation also freezes that PD's submitted self-assessment of the year."""
    mandiri = (
        Evaluasi.objects.select_for_update()
        .select_related("instrumen__skala_predikat")
        .filter(
            perangkat_daerah_id=internal.perangkat_daerah_id,
            tahun=internal.tahun,
            jenis=Evaluasi.Jenis.MANDIRI,
            status=Evaluasi.Status.DIAJUKAN,
        )
        .first()
    )
    if mandiri is not None:
        _bekukan(mandiri, oleh=oleh, versi=None)


def hasil_kolom(evaluasi: Evaluasi, hasil: scoring.Hasil) -> dict:
    """The HasilEvaluasi columns of an engine result (values as text, versions beside)."""
    ins = evaluasi.instrumen
    return {
        "evaluasi": evaluasi,
        "total": hasil.total,
        "predikat": hasil.predikat.kode,
        "predikat_nama": hasil.predikat.nama,
        "nilai_komponen": {k.kode: str(k.nilai) for k in hasil.komponen},
        "nilai_subkomponen": {s.kode: str(s.nilai) for k in hasil.komponen for s in k.subkomponen},
        "lengkap": hasil.lengkap,
        "instrumen_kode": ins.kode,
        "instrumen_versi": ins.versi,
        "skala_predikat_versi": ins.skala_predikat.versi,
    }


def hasil_baris(evaluasi: Evaluasi, hasil: scoring.Hasil) -> HasilEvaluasi:
    """An unsaved HasilEvaluasi snapshot of an engine result (the demo and benchmarks bulk-create these)."""
    return HasilEvaluasi(**hasil_kolom(evaluasi, hasil))


def _bekukan(evaluasi: Evaluasi, *, oleh, versi: int | None, hasil: scoring.Hasil | None = None) -> HasilEvaluasi:
    # a PD's self-assessment frozen with its internal evaluation was checked when it was submitted
    hasil = hasil or _wajib_lengkap(evaluasi, dukungan=False)
    _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.FINAL, versi=versi)
    return buat_dengan_riwayat(
        HasilEvaluasi, oleh=oleh, aksi="bekukan_hasil", pemda_id=evaluasi.pemda_id, kolom=None,
        **hasil_kolom(evaluasi, hasil),
    )  # fmt: skip
