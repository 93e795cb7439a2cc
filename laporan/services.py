"""Writes of the laporan app: request, claim, process, retry and recover report jobs.

A job row moves antri → proses → selesai | gagal. Only the worker that flips antri → proses in one
conditional UPDATE renders it, so a task delivered twice does the work once. A worker that dies leaves the
row in proses; `laporan_pulihkan_macet` marks such rows gagal after the hard time limit, and the user retries.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, Peran, boleh, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah

from .models import BatchLaporan, Laporan

log = logging.getLogger(__name__)
S = Laporan.Status
GALAT_SEMENTARA = (OperationalError, InterfaceError)
JENIS_PD = {Laporan.Jenis.LKJIP_PD, Laporan.Jenis.PK}


def _antrekan(laporan_id: int) -> None:
    from .tasks import laporan_buat

    transaction.on_commit(lambda: laporan_buat.delay(laporan_id))


def _periksa_permintaan(user, jenis: str, pd: PerangkatDaerah | None) -> None:
    profil = profil_pengguna(user)
    if profil is None or not boleh(user, Aksi.BUAT_LAPORAN):
        raise PermissionDenied(_("Peran Anda tidak berwenang membuat laporan."))
    if jenis in JENIS_PD and pd is None:
        raise ValidationError({"perangkat_daerah": _("Pilih perangkat daerah untuk laporan ini.")})
    if jenis == Laporan.Jenis.LKJIP_PEMDA and Peran.terikat_pd(profil.peran):
        raise PermissionDenied(_("LKjIP pemerintah daerah dibuat oleh Bagian Organisasi."))
    if pd is not None and pd.pemda_id != profil.pemda_id:
        raise PermissionDenied(_("Perangkat daerah ini bukan wewenang Anda."))
    if pd is not None and Peran.terikat_pd(profil.peran) and pd.pk != profil.perangkat_daerah_id:
        raise PermissionDenied(_("Anda hanya dapat membuat laporan perangkat daerah Anda sendiri."))


def _evaluasi_terlihat(user, evaluasi_id):
    """The LKE workbook is a read-only export: whoever may see the evaluation may export it."""
    from evaluasi.models import Evaluasi

    evaluasi = Evaluasi.objects.for_user(user).select_related("perangkat_daerah").filter(pk=evaluasi_id).first()
    if evaluasi is None:
        raise Http404(_("Evaluasi tidak ditemukan atau bukan wewenang Anda."))
    return evaluasi


@transaction.atomic
def laporan_minta(
    *,
    user,
    jenis: str,
    tahun: int,
    perangkat_daerah: PerangkatDaerah | None = None,
    evaluasi_id: int | None = None,
    batch: BatchLaporan | None = None,
) -> Laporan:
    """Create a report job for `user` and enqueue it after commit."""
    if jenis not in Laporan.Jenis.values:
        raise ValidationError({"jenis": _("Jenis laporan tidak dikenal.")})
    if jenis == Laporan.Jenis.LKE_XLSX:
        evaluasi = _evaluasi_terlihat(user, evaluasi_id)
        pd, tahun = evaluasi.perangkat_daerah, evaluasi.tahun
    else:
        pd = perangkat_daerah if jenis != Laporan.Jenis.LKJIP_PEMDA else None
        _periksa_permintaan(user, jenis, pd)
    laporan = Laporan.objects.create(
        pemda=profil_pengguna(user).pemda,
        perangkat_daerah=pd,
        jenis=jenis,
        tahun=tahun,
        evaluasi_id=evaluasi_id,
        batch=batch,
        diminta_oleh=user,
    )
    _antrekan(laporan.pk)
    return laporan


@transaction.atomic
def batch_minta(*, user, tahun: int) -> BatchLaporan:
    """One LKjIP job per active PD of the user's pemda, enqueued as separate tasks so workers share them."""
    if not boleh(user, Aksi.KELOLA):
        raise PermissionDenied(_("Hanya Bagian Organisasi yang dapat membuat laporan untuk semua PD."))
    pemda = profil_pengguna(user).pemda
    batch = BatchLaporan.objects.create(pemda=pemda, jenis=Laporan.Jenis.LKJIP_PD, tahun=tahun, diminta_oleh=user)
    daftar_pd = PerangkatDaerah.objects.for_user(user).filter(aktif=True).order_by("kode")
    baris = Laporan.objects.bulk_create(
        [
            Laporan(pemda=pemda, perangkat_daerah=pd, jenis=batch.jenis, tahun=tahun, batch=batch, diminta_oleh=user)
            for pd in daftar_pd
        ]
    )
    for laporan in baris:
        _antrekan(laporan.pk)
    return batch


@transaction.atomic
def laporan_ulangi(*, user, laporan: Laporan) -> Laporan:
    """Put a failed job back in the queue."""
    if laporan.jenis == Laporan.Jenis.LKE_XLSX:
        _evaluasi_terlihat(user, laporan.evaluasi_id)
    else:
        _periksa_permintaan(user, laporan.jenis, laporan.perangkat_daerah)
    jumlah = Laporan.objects.filter(pk=laporan.pk, status=S.GAGAL).update(
        status=S.ANTRI, progres=0, tahap="", galat="", mulai_pada=None, selesai_pada=None
    )
    if jumlah != 1:
        raise ValidationError(_("Hanya laporan yang gagal yang dapat diulang."))
    _antrekan(laporan.pk)
    laporan.refresh_from_db()
    return laporan


def batas_waktu_keras() -> timedelta:
    """How long a render may run before the worker is killed (and the row counts as stuck)."""
    return timedelta(seconds=settings.SAKIP_LAPORAN_BATAS_KERAS)


def laporan_klaim(laporan_id: int) -> Laporan | None:
    """Flip antri → proses in one conditional UPDATE; None when another worker has it or it is done."""
    sekarang = timezone.now()
    jumlah = Laporan.objects.filter(pk=laporan_id, status=S.ANTRI).update(
        status=S.PROSES, mulai_pada=sekarang, progres=5, tahap=_("Mulai"), galat="", percobaan=F("percobaan") + 1
    )
    if jumlah != 1:
        return None
    return Laporan.objects.select_related("pemda", "perangkat_daerah").get(pk=laporan_id)


def laporan_progres(laporan: Laporan, progres: int, tahap: str) -> None:
    """Record a stage; the page polls this."""
    Laporan.objects.filter(pk=laporan.pk, status=S.PROSES).update(progres=progres, tahap=tahap)


def _simpan_berkas(laporan: Laporan, isi: bytes, nama: str, halaman: int | None, hash_masukan: str) -> None:
    lama = laporan.berkas.name if laporan.berkas else ""
    laporan.berkas.save(nama, ContentFile(isi), save=False)
    Laporan.objects.filter(pk=laporan.pk).update(
        berkas=laporan.berkas.name,
        nama_berkas=nama,
        jumlah_halaman=halaman,
        hash_masukan=hash_masukan,
        status=S.SELESAI,
        progres=100,
        tahap=_("Selesai"),
        selesai_pada=timezone.now(),
    )
    if lama and lama != laporan.berkas.name:
        laporan.berkas.storage.delete(lama)


def laporan_proses(laporan_id: int) -> str:
    """Claim, build, render and store one report. Returns the final status (or 'dilewati')."""
    from .pembuat import buat_dokumen

    laporan = laporan_klaim(laporan_id)
    if laporan is None:
        return "dilewati"
    try:
        dokumen = buat_dokumen(laporan, lambda p, t: laporan_progres(laporan, p, t))
        _simpan_berkas(laporan, dokumen.isi, dokumen.nama_berkas, dokumen.jumlah_halaman, dokumen.hash_masukan)
        return S.SELESAI
    except GALAT_SEMENTARA:
        Laporan.objects.filter(pk=laporan_id).update(status=S.ANTRI, tahap=_("Menunggu percobaan ulang"))
        raise
    except Exception as exc:  # any other failure: the row says so, readably, and can be retried
        log.exception("Laporan %s gagal", laporan_id)
        laporan_gagal(laporan_id, exc)
        return S.GAGAL


def pesan_galat(exc: BaseException) -> str:
    """A readable Indonesian message for a failure."""
    from celery.exceptions import SoftTimeLimitExceeded

    from .renderer import PustakaPdfTidakTersedia

    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Waktu pembuatan laporan habis. Coba lagi; bila berulang, hubungi administrator.")
    if isinstance(exc, PustakaPdfTidakTersedia):
        return str(exc)
    return _("Laporan gagal dibuat: %(galat)s") % {"galat": str(exc) or exc.__class__.__name__}


def laporan_gagal(laporan_id: int, exc: BaseException) -> None:
    """Mark a job failed with a readable message."""
    Laporan.objects.filter(pk=laporan_id).exclude(status=S.SELESAI).update(
        status=S.GAGAL, galat=pesan_galat(exc), tahap=_("Gagal"), selesai_pada=timezone.now()
    )


def laporan_pulihkan_macet() -> int:
    """Mark jobs stuck in proses past the hard time limit as gagal (their worker died); returns how many."""
    batas = timezone.now() - batas_waktu_keras()
    return Laporan.objects.filter(status=S.PROSES, mulai_pada__lt=batas).update(
        status=S.GAGAL,
        tahap=_("Gagal"),
        selesai_pada=timezone.now(),
        galat=_("Pekerja berhenti sebelum laporan selesai (batas waktu terlampaui). Silakan ulangi."),
    )


def _wajib_boleh_narasi(user, pd: PerangkatDaerah | None) -> None:
    if pd is None:
        if not boleh(user, Aksi.KELOLA):
            raise PermissionDenied(_("Narasi LKjIP pemda disusun oleh Bagian Organisasi."))
        return
    _periksa_permintaan(user, Laporan.Jenis.LKJIP_PD, pd)


@transaction.atomic
def narasi_simpan(*, user, perangkat_daerah: PerangkatDaerah | None, tahun: int, bab: str, teks: str, versi: int):
    """Save one chapter's narrative. `versi` is what the user loaded (0 = still the generated default); a
    different stored one raises VersiKedaluwarsa. Recorded in the history."""
    from perangkat_daerah.services import VersiKedaluwarsa, perbarui_berversi, potret, riwayat_catat

    from .models import Narasi

    _wajib_boleh_narasi(user, perangkat_daerah)
    if bab not in Narasi.Bab.values:
        raise ValidationError({"bab": _("Bab tidak dikenal.")})
    teks = teks.strip()
    if not teks:
        raise ValidationError(
            {bab: _("Teks bab tidak boleh kosong. Hapus isi hanya bila ingin kembali ke teks bawaan.")}
        )
    pemda = profil_pengguna(user).pemda
    ada = (
        Narasi.objects.select_for_update()
        .filter(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun, bab=bab)
        .first()
    )
    if ada is None:
        if versi != 0:
            raise VersiKedaluwarsa()
        ada = Narasi.objects.create(
            pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun, bab=bab, teks=teks, diubah_oleh=user
        )
        sebelum = None
    elif ada.teks == teks:
        return ada
    else:
        sebelum = potret(ada, ["teks", "versi"])
        perbarui_berversi(ada, versi=versi, teks=teks, diubah_oleh=user)
    riwayat_catat(
        obj=ada,
        pemda_id=pemda.pk,
        aksi="narasi.simpan",
        oleh=user,
        sebelum=sebelum,
        sesudah=potret(ada, ["teks", "versi"]),
    )
    return ada
