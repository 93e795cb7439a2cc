"""The workflow draf → diajukan → dinilai → final, and the frozen result of a final evaluation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi
from perangkat_daerah.services import (
    perbarui_berversi,
    potret,
    riwayat_catat,
)
from perangkat_daerah.validasi import teks_atau_galat

from .. import scoring
from ..models import (
    Evaluasi,
    HasilEvaluasi,
)
from ..selectors import hitung, instrumen_siap, masukan_evaluasi
from .hak import _kunci, _pastikan, _pastikan_bukan_final, aksi_isi

# --- Workflow -------------------------------------------------------------------------------------------


def _ubah_status(evaluasi: Evaluasi, *, oleh, ke: str, versi: int | None, catatan: str = "") -> Evaluasi:
    sebelum = {"status": evaluasi.status, "versi": evaluasi.versi}
    perbarui_berversi(evaluasi, versi=evaluasi.versi if versi is None else versi, status=ke)
    riwayat_catat(
        obj=evaluasi,
        pemda_id=evaluasi.pemda_id,
        aksi=f"status_{ke}",
        oleh=oleh,
        sebelum=sebelum,
        sesudah={"status": ke, "versi": evaluasi.versi},
        catatan=catatan,
    )
    return evaluasi


def _pastikan_lengkap(evaluasi: Evaluasi) -> scoring.Hasil:
    siap = instrumen_siap(evaluasi.instrumen)
    hasil = hitung(siap, masukan_evaluasi(evaluasi, siap))
    if not hasil.lengkap:
        kurang = hasil.jumlah_kriteria - hasil.jumlah_terjawab
        pesan = _("Belum lengkap: %(n)s kriteria belum dijawab") % {"n": kurang}
        if hasil.subkomponen_belum_dinilai:
            pesan += _(", %(n)s subkomponen belum dinilai") % {"n": len(hasil.subkomponen_belum_dinilai)}
        raise ValidationError(pesan + ".")
    return hasil


@transaction.atomic
def evaluasi_ajukan(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> Evaluasi:
    """Submit a self-assessment (draf → diajukan); only when every criterion is answered."""
    _pastikan(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = _kunci(evaluasi)
    if evaluasi.jenis != Evaluasi.Jenis.MANDIRI or evaluasi.status != Evaluasi.Status.DRAF:
        raise ValidationError(_("Hanya penilaian mandiri berstatus draf yang dapat diajukan."))
    _pastikan_lengkap(evaluasi)
    return _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.DIAJUKAN, versi=versi)


@transaction.atomic
def evaluasi_tandai_dinilai(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> Evaluasi:
    """The Inspektorat marks its internal evaluation as scored (draf → dinilai); only when complete."""
    _pastikan(oleh, evaluasi, Aksi.EVALUASI)
    evaluasi = _kunci(evaluasi)
    if evaluasi.jenis != Evaluasi.Jenis.INTERNAL or evaluasi.status != Evaluasi.Status.DRAF:
        raise ValidationError(_("Hanya evaluasi internal berstatus draf yang dapat ditandai dinilai."))
    _pastikan_lengkap(evaluasi)
    return _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.DINILAI, versi=versi)


def _aksi_kembalikan(evaluasi: Evaluasi) -> str:
    if evaluasi.jenis == Evaluasi.Jenis.MANDIRI and evaluasi.perangkat_daerah_id:
        return Aksi.EVALUASI  # the Inspektorat returns a PD's submission
    return aksi_isi(evaluasi)


@transaction.atomic
def evaluasi_kembalikan(*, evaluasi: Evaluasi, oleh, catatan: str = "", versi: int | None = None) -> Evaluasi:
    """Back to draf: a submitted self-assessment (by the Inspektorat, with a note) or a scored internal one."""
    _pastikan(oleh, evaluasi, _aksi_kembalikan(evaluasi))
    catatan = teks_atau_galat(catatan, "catatan")
    evaluasi = _kunci(evaluasi)
    _pastikan_bukan_final(evaluasi)
    if evaluasi.status not in (Evaluasi.Status.DIAJUKAN, Evaluasi.Status.DINILAI):
        raise ValidationError(_("Evaluasi ini masih draf."))
    return _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.DRAF, versi=versi, catatan=catatan)


@transaction.atomic
def evaluasi_finalkan(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> HasilEvaluasi:
    """Freeze the result (→ final, HasilEvaluasi stored): an internal evaluation once scored (Inspektorat),
    or the city's self-estimate once submitted (Bagian Organisasi). Finalising a PD's internal evaluation
    also freezes that PD's submitted self-assessment of the year."""
    if evaluasi.jenis == Evaluasi.Jenis.RESMI:
        raise ValidationError(_("Hasil resmi sudah final sejak dicatat."))
    _pastikan(oleh, evaluasi, Aksi.EVALUASI if evaluasi.jenis == Evaluasi.Jenis.INTERNAL else aksi_isi(evaluasi))
    if evaluasi.jenis == Evaluasi.Jenis.MANDIRI and evaluasi.perangkat_daerah_id:
        raise PermissionDenied(_("Penilaian mandiri PD menjadi final bersama evaluasi internalnya."))
    evaluasi = _kunci(evaluasi)
    _pastikan_bukan_final(evaluasi)
    siap_status = Evaluasi.Status.DINILAI if evaluasi.jenis == Evaluasi.Jenis.INTERNAL else Evaluasi.Status.DIAJUKAN
    if evaluasi.status != siap_status:
        raise ValidationError(
            _("Evaluasi harus berstatus %(s)s sebelum difinalkan.") % {"s": Evaluasi.Status(siap_status).label}
        )
    hasil = _bekukan(evaluasi, oleh=oleh, versi=versi)
    if evaluasi.jenis == Evaluasi.Jenis.INTERNAL:
        mandiri = (
            Evaluasi.objects.select_for_update()
            .select_related("instrumen__skala_predikat")
            .filter(
                perangkat_daerah_id=evaluasi.perangkat_daerah_id,
                tahun=evaluasi.tahun,
                jenis=Evaluasi.Jenis.MANDIRI,
                status=Evaluasi.Status.DIAJUKAN,
            )
            .first()
        )
        if mandiri is not None:
            _bekukan(mandiri, oleh=oleh, versi=None)
    return hasil


def hasil_baris(evaluasi: Evaluasi, hasil: scoring.Hasil) -> HasilEvaluasi:
    """An unsaved HasilEvaluasi snapshot of an engine result (values as text, versions beside)."""
    ins = evaluasi.instrumen
    return HasilEvaluasi(
        evaluasi=evaluasi,
        total=hasil.total,
        predikat=hasil.predikat.kode,
        predikat_nama=hasil.predikat.nama,
        nilai_komponen={k.kode: str(k.nilai) for k in hasil.komponen},
        nilai_subkomponen={s.kode: str(s.nilai) for k in hasil.komponen for s in k.subkomponen},
        lengkap=hasil.lengkap,
        instrumen_kode=ins.kode,
        instrumen_versi=ins.versi,
        skala_predikat_versi=ins.skala_predikat.versi,
    )


def _bekukan(evaluasi: Evaluasi, *, oleh, versi: int | None) -> HasilEvaluasi:
    hasil = _pastikan_lengkap(evaluasi)
    _ubah_status(evaluasi, oleh=oleh, ke=Evaluasi.Status.FINAL, versi=versi)
    simpan = hasil_baris(evaluasi, hasil)
    simpan.save()
    riwayat_catat(
        obj=simpan, pemda_id=evaluasi.pemda_id, aksi="bekukan_hasil", oleh=oleh, sebelum=None, sesudah=potret(simpan)
    )
    return simpan
