"""Writes of the laporan app: request, claim, process, retry and recover report jobs.

A job row moves antri → proses → selesai | gagal. Only the worker that flips antri → proses in one
conditional UPDATE renders it, so a task delivered twice does the work once. A worker that dies leaves the
row in proses; `laporan_pulihkan_macet` marks such rows gagal after the hard time limit, and the user retries.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluasi.models import Evaluasi
from perangkat_daerah.access import Aksi, Peran, ambil_untuk, boleh, profil_pengguna, wajib_hak
from perangkat_daerah.batch import batch_rekap
from perangkat_daerah.models import Pemda, PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa, buat_dengan_riwayat, perbarui_dengan_riwayat
from perangkat_daerah.validasi import bulat_atau_galat, teks_atau_galat
from sakip.lib.tanggal import TanggalTidakValid, baca_tanggal
from sakip.peristiwa import umumkan

from . import jenis as jenis_laporan
from . import kelengkapan
from .jenis import PESAN_WAJIB, JenisLaporan, Lingkup
from .models import BatchLaporan, BatchLaporanGrup, Laporan, Narasi
from .renderer import PustakaPdfTidakTersedia

log = logging.getLogger(__name__)
GALAT_SEMENTARA = (OperationalError, InterfaceError)
BERJALAN = (Laporan.Status.ANTRI, Laporan.Status.PROSES)
# what the pemda's fair queue sends and counts: not a group batch's report (its chunk's) unless its pemda retried it
LEWAT_ANTREAN = Q(batch_grup__isnull=True) | Q(diulang_pemda=True)


def _antrekan(pemda_id: int) -> None:
    transaction.on_commit(lambda: laporan_salurkan(pemda_id))


def laporan_salurkan(pemda_id: int) -> list[int]:
    """Send the pemda's oldest waiting jobs to the worker queue, so that at most SAKIP_LAPORAN_ANTRE_PER_PEMDA
    of them are there (sent, not finished) at a time; returns the ids sent.

    Fairness between pemda: one pemda's batch of forty jobs waits in the database, not in the shared queue,
    so another pemda's single report waits behind at most that many jobs of each pemda. Called after every
    request and after every job ends."""
    from .tasks import laporan_buat  # the tasks module calls these services

    with transaction.atomic():
        Pemda.objects.select_for_update().filter(pk=pemda_id).exists()  # one dispatcher per pemda at a time
        menunggu = Laporan.objects.filter(pemda_id=pemda_id, status__in=BERJALAN)
        terkirim = menunggu.filter(LEWAT_ANTREAN, dikirim_pada__isnull=False).count()
        ruang = settings.SAKIP_LAPORAN_ANTRE_PER_PEMDA - terkirim
        if ruang <= 0:
            return []
        ids = list(
            menunggu.filter(LEWAT_ANTREAN, status=Laporan.Status.ANTRI, dikirim_pada__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:ruang]
        )
        Laporan.objects.filter(pk__in=ids).update(dikirim_pada=timezone.now())
        for laporan_id in ids:  # to its queue by laporan/antrean.py (settings.CELERY_TASK_ROUTES)
            transaction.on_commit(functools.partial(laporan_buat.delay, laporan_id))
    return ids


@dataclass(frozen=True)
class Sumber:
    """What a permitted request is about: its PD (None for the city) and, for an evaluation's export, the
    evaluation, whose year the document takes."""

    perangkat_daerah: PerangkatDaerah | None
    tahun: int | None = None
    evaluasi_id: int | None = None
    status_sumber: str = ""  # an evaluation's status when its export was requested


def _wajib_isian(jenis: JenisLaporan, nilai) -> None:
    if jenis.kolom_wajib is not None and nilai is None:
        raise ValidationError({jenis.kolom_wajib: PESAN_WAJIB[jenis.lingkup]})


def wajib_boleh_minta(
    *, user, jenis: JenisLaporan, perangkat_daerah: PerangkatDaerah | None = None, evaluasi_id=None
) -> Sumber:
    """THE guard of a report request, driven by the kind's registry entry: the right `jenis.aksi` on the object
    its `lingkup` names, through the access choke point. An evaluation's export: whoever may see the
    evaluation (404 otherwise), its PD and year come with it. A PD's report: the right on that PD (a PD-bound
    role only its own). The city's report: the right on the pemda (city roles only). Raises PermissionDenied,
    Http404 or ValidationError; returns what the request is about."""
    if jenis.lingkup is Lingkup.EVALUASI:
        _wajib_isian(jenis, evaluasi_id)
        pk = bulat_atau_galat(evaluasi_id, "evaluasi")
        evaluasi = ambil_untuk(Evaluasi.objects.select_related("perangkat_daerah"), user, jenis.aksi, pk=pk)
        jenis.periksa_sumber(evaluasi)  # e.g. an LHE of an unscored evaluation: refused now, with the reason
        return Sumber(evaluasi.perangkat_daerah, evaluasi.tahun, evaluasi.pk, evaluasi.status)
    profil = profil_pengguna(user)
    if profil is None or not boleh(user, jenis.aksi):  # the role first: its refusal says more than a form error
        raise PermissionDenied(_("Peran Anda tidak berwenang membuat laporan."))
    pd = perangkat_daerah if jenis.lingkup is Lingkup.PD else None
    _wajib_isian(jenis, pd)
    if jenis.lingkup is Lingkup.KOTA and Peran.terikat_pd(profil.peran):  # whatever the kind's `aksi`
        raise PermissionDenied(jenis.pesan_tolak)
    wajib_hak(user, jenis.aksi, pd or profil.pemda, pesan=jenis.pesan_tolak)
    return Sumber(pd)


def _wajib_kelola_pemda(user, pesan: str) -> Pemda:
    """The user's pemda, when the user may manage it (Bagian Organisasi); PermissionDenied with `pesan` else."""
    profil = profil_pengguna(user)
    if profil is None:
        raise PermissionDenied(pesan)
    wajib_hak(user, Aksi.KELOLA, profil.pemda, pesan=pesan)
    return profil.pemda


def _kunci_pemda(pemda_id: int) -> None:
    """Serialise requests of one pemda (the duplicate and running-batch checks read, then write)."""
    Pemda.objects.select_for_update().filter(pk=pemda_id).exists()


def _sama_berjalan(*, pemda_id: int, jenis: str, tahun: int, sumber: Sumber, triwulan: int | None) -> Laporan | None:
    """The unfinished job that asks for the same document, if any."""
    return (
        Laporan.objects.filter(
            pemda_id=pemda_id,
            jenis=jenis,
            tahun=tahun,
            triwulan=triwulan,
            perangkat_daerah=sumber.perangkat_daerah,
            evaluasi_id=sumber.evaluasi_id,
            status__in=BERJALAN,
        )  # fmt: skip
        .order_by("pk")
        .first()
    )


@transaction.atomic
def laporan_minta(
    *,
    user,
    jenis: str,
    tahun: int,
    perangkat_daerah: PerangkatDaerah | None = None,
    evaluasi_id: int | None = None,
    batch: BatchLaporan | None = None,
    tanggal=None,
    konfirmasi: bool = True,
    triwulan=None,
) -> Laporan:
    """Create a report job for `user` and enqueue it after commit; an unfinished job for the same document
    (kind, year, PD or evaluation) is returned instead of a second one (`laporan.sudah_ada` is then True).
    An LKjIP of a year with missing or unverified data raises `DataBelumLengkap` (the list) unless `konfirmasi`:
    the page and the API pass the user's explicit answer (default there: not confirmed); the batch confirms."""
    jenis_entri = jenis_laporan.ambil(jenis)
    tahun = bulat_atau_galat(tahun, "tahun", minimum=2000, maksimum=2100)
    sumber = wajib_boleh_minta(user=user, jenis=jenis_entri, perangkat_daerah=perangkat_daerah, evaluasi_id=evaluasi_id)
    tahun = sumber.tahun or tahun
    triwulan = triwulan_laporan(jenis_entri, triwulan)
    pemda = profil_pengguna(user).pemda
    _kunci_pemda(pemda.pk)
    ada = _sama_berjalan(pemda_id=pemda.pk, jenis=jenis, tahun=tahun, sumber=sumber, triwulan=triwulan)
    if ada is not None:
        ada.sudah_ada = True
        return ada
    tanggal = tanggal_laporan(jenis_entri, tahun=tahun, perangkat_daerah=sumber.perangkat_daerah, nilai=tanggal,
                              triwulan=triwulan)  # fmt: skip
    if not konfirmasi and jenis in kelengkapan.JENIS_DIPERIKSA:
        pd = sumber.perangkat_daerah
        kurang = kelengkapan.periksa_permintaan(pemda_id=pemda.pk, perangkat_daerah=pd, tahun=tahun)
        if not kurang.lengkap:
            raise kelengkapan.DataBelumLengkap(kurang)
    laporan = Laporan.objects.create(
        pemda=pemda,
        perangkat_daerah=sumber.perangkat_daerah,
        jenis=jenis,
        tahun=tahun,
        tanggal=tanggal,
        triwulan=triwulan,
        evaluasi_id=sumber.evaluasi_id,
        status_sumber=sumber.status_sumber,
        batch=batch,
        diminta_oleh=user,
    )
    laporan.sudah_ada = False
    _antrekan(pemda.pk)
    return laporan


def triwulan_laporan(jenis_entri, nilai) -> int | None:
    """The quarter a request of a quarter's kind names (1–4, required); None for every other kind."""
    if not jenis_entri.per_triwulan:
        return None
    if nilai in (None, ""):
        raise ValidationError({"triwulan": jenis_laporan.PESAN_TRIWULAN})
    return bulat_atau_galat(nilai, "triwulan", minimum=1, maksimum=4)


def tanggal_laporan(jenis_entri, *, tahun: int, perangkat_daerah, nilai, triwulan=None) -> datetime.date | None:
    """THE date a requested document carries: the one chosen (a real day in the report year or the next two),
    else the kind's default in the regulation's window; None for a kind that is not dated."""
    if jenis_entri.jendela is None:
        return None
    try:
        dipilih = baca_tanggal(nilai)
    except TanggalTidakValid as exc:
        raise ValidationError({"tanggal": str(exc)}) from None
    if dipilih is None:
        return jenis_entri.tanggal_bawaan(tahun=tahun, perangkat_daerah=perangkat_daerah, hari_ini=timezone.localdate(),
                                          triwulan=triwulan)  # fmt: skip
    if not tahun <= dipilih.year <= tahun + 2:
        raise ValidationError(
            {"tanggal": _("Tanggal laporan tahun %(tahun)s harus antara 1 Januari %(tahun)s dan 31 Desember %(akhir)s.")
             % {"tahun": tahun, "akhir": tahun + 2}}
        )  # fmt: skip
    return dipilih


@transaction.atomic
def batch_minta(*, user, tahun: int) -> BatchLaporan:
    """One LKjIP job per active PD of the user's pemda. Only one batch of a pemda and year runs at a time:
    while one does, it is returned (`batch.sudah_ada`); a PD whose LKjIP is already waiting keeps that job,
    which joins the batch. Jobs reach the workers through the fair queue (`laporan_salurkan`)."""
    pemda = _wajib_kelola_pemda(user, _("Hanya Bagian Organisasi yang dapat membuat laporan untuk semua PD."))
    tahun = bulat_atau_galat(tahun, "tahun", minimum=2000, maksimum=2100)
    _kunci_pemda(pemda.pk)
    jenis = Laporan.Jenis.LKJIP_PD
    berjalan = (
        BatchLaporan.objects.filter(pemda=pemda, tahun=tahun, jenis=jenis, laporan__status__in=BERJALAN)
        .order_by("-pk")
        .first()
    )
    if berjalan is not None:
        berjalan.sudah_ada = True
        return berjalan
    batch = BatchLaporan.objects.create(pemda=pemda, jenis=jenis, tahun=tahun, diminta_oleh=user)
    menunggu = Laporan.objects.filter(pemda=pemda, jenis=jenis, tahun=tahun, status__in=BERJALAN)
    menunggu.update(batch=batch)
    sudah = set(menunggu.values_list("perangkat_daerah_id", flat=True))
    daftar_pd = PerangkatDaerah.objects.for_user(user).filter(aktif=True).exclude(pk__in=sudah).order_by("kode")
    Laporan.objects.bulk_create(
        [
            Laporan(pemda=pemda, perangkat_daerah=pd, jenis=jenis, tahun=tahun, batch=batch, diminta_oleh=user)
            for pd in daftar_pd
        ]
    )
    batch.sudah_ada = False
    _antrekan(pemda.pk)
    return batch


@transaction.atomic
def laporan_ulangi(*, user, laporan: Laporan) -> Laporan:
    """Put a failed job back in the queue (whoever may request it again)."""
    wajib_boleh_minta(
        user=user, jenis=jenis_laporan.ambil(laporan.jenis), perangkat_daerah=laporan.perangkat_daerah,
        evaluasi_id=laporan.evaluasi_id,
    )  # fmt: skip
    jumlah = Laporan.objects.filter(pk=laporan.pk, status=Laporan.Status.GAGAL).update(
        status=Laporan.Status.ANTRI,
        progres=0,
        tahap="",
        galat="",
        mulai_pada=None,
        selesai_pada=None,
        dikirim_pada=None,
        diulang_pemda=laporan.batch_grup_id is not None,  # its pemda's fair queue sends it now, in its turn
    )
    if jumlah != 1:
        raise ValidationError(_("Hanya laporan yang gagal yang dapat diulang."))
    if laporan.batch_grup_id is not None:  # its group batch counts one failure less and runs again
        batch_rekap(BatchLaporanGrup, laporan.batch_grup_id, buka=True)
    _antrekan(laporan.pemda_id)
    laporan.refresh_from_db()
    return laporan


def batas_waktu_keras() -> timedelta:
    """How long a render may run before the worker is killed (and the row counts as stuck)."""
    return timedelta(seconds=settings.SAKIP_LAPORAN_BATAS_KERAS)


def laporan_klaim(laporan_id: int) -> Laporan | None:
    """Flip antri → proses in one conditional UPDATE; None when another worker has it or it is done."""
    sekarang = timezone.now()
    jumlah = Laporan.objects.filter(pk=laporan_id, status=Laporan.Status.ANTRI).update(
        status=Laporan.Status.PROSES,
        mulai_pada=sekarang,
        progres=5,
        tahap=_("Mulai"),
        galat="",
        percobaan=F("percobaan") + 1,
    )
    if jumlah != 1:
        return None
    return Laporan.objects.select_related("pemda", "perangkat_daerah").get(pk=laporan_id)


def laporan_progres(laporan: Laporan, progres: int, tahap: str) -> None:
    """Record a stage; the page polls this."""
    Laporan.objects.filter(pk=laporan.pk, status=Laporan.Status.PROSES).update(progres=progres, tahap=tahap)


def _simpan_berkas(laporan: Laporan, dokumen) -> None:
    lama = laporan.berkas.name if laporan.berkas else ""
    laporan.berkas.save(dokumen.nama_berkas, ContentFile(dokumen.isi), save=False)
    Laporan.objects.filter(pk=laporan.pk).update(
        berkas=laporan.berkas.name,
        nama_berkas=dokumen.nama_berkas,
        jumlah_halaman=dokumen.jumlah_halaman,
        hash_masukan=dokumen.hash_masukan,
        status_sumber=dokumen.status_sumber or laporan.status_sumber,
        kurang_tercetak=dokumen.kurang,
        status=Laporan.Status.SELESAI,
        progres=100,
        tahap=_("Selesai"),
        selesai_pada=timezone.now(),
    )
    if lama and lama != laporan.berkas.name:
        laporan.berkas.storage.delete(lama)


def laporan_proses(laporan_id: int) -> str:
    """Claim, build, render and store one report. Returns the final status (or 'dilewati')."""
    from .pembuat import buat_dokumen  # WeasyPrint and the builders: loaded by the worker, not by the pages

    laporan = laporan_klaim(laporan_id)
    if laporan is None:
        return "dilewati"
    try:
        dokumen = buat_dokumen(laporan, lambda p, t: laporan_progres(laporan, p, t))
        _simpan_berkas(laporan, dokumen)
        hasil = Laporan.Status.SELESAI
    except GALAT_SEMENTARA:
        # stays sent (dikirim_pada): the task's own retry brings it back
        Laporan.objects.filter(pk=laporan_id).update(status=Laporan.Status.ANTRI, tahap=_("Menunggu percobaan ulang"))
        raise
    except Exception as exc:  # any other failure: the row says so, readably, and can be retried
        log.exception("Laporan %s gagal", laporan_id)
        laporan_gagal(laporan_id, exc)
        hasil = Laporan.Status.GAGAL
    umumkan("laporan", Laporan.objects.get(pk=laporan_id))  # the requester is told (notifikasi, via sakip's hook)
    laporan_salurkan(laporan.pemda_id)  # the pemda's next waiting job takes this one's place
    return hasil


def pesan_galat(exc: BaseException) -> str:
    """A readable Indonesian message for a failure."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Waktu pembuatan laporan habis. Coba lagi; bila berulang, hubungi administrator.")
    if isinstance(exc, PustakaPdfTidakTersedia):
        return str(exc)
    return _("Laporan gagal dibuat: %(galat)s") % {"galat": str(exc) or exc.__class__.__name__}


def laporan_gagal(laporan_id: int, exc: BaseException) -> None:
    """Mark a job failed with a readable message."""
    Laporan.objects.filter(pk=laporan_id).exclude(status=Laporan.Status.SELESAI).update(
        status=Laporan.Status.GAGAL, galat=pesan_galat(exc), tahap=_("Gagal"), selesai_pada=timezone.now()
    )


def laporan_pulihkan_macet() -> int:
    """Mark jobs stuck in proses past the hard time limit as gagal (their worker died); returns how many.

    Jobs sent to the queue but never claimed for that long (a lost message) are sent again, so the fair
    queue of their pemda cannot stall."""
    batas = timezone.now() - batas_waktu_keras()
    macet = Laporan.objects.filter(status=Laporan.Status.PROSES, mulai_pada__lt=batas)
    # a group batch's report waits for its chunk on the batch queue, however long: never sent again from here
    hilang = Laporan.objects.filter(LEWAT_ANTREAN, status=Laporan.Status.ANTRI, dikirim_pada__lt=batas)
    pemda_ids = set(macet.values_list("pemda_id", flat=True)) | set(hilang.values_list("pemda_id", flat=True))
    grup_ids = set(macet.exclude(batch_grup=None).values_list("batch_grup_id", flat=True))
    hilang.update(dikirim_pada=None)
    jumlah = macet.update(
        status=Laporan.Status.GAGAL,
        tahap=_("Gagal"),
        selesai_pada=timezone.now(),
        galat=_("Pekerja berhenti sebelum laporan selesai (batas waktu terlampaui). Silakan ulangi."),
    )
    for pemda_id in sorted(pemda_ids):
        laporan_salurkan(pemda_id)
    for batch_id in sorted(grup_ids):  # a group batch whose report failed here may be complete now
        batch_rekap(BatchLaporanGrup, batch_id)
    return jumlah


def wajib_boleh_narasi(*, user, perangkat_daerah: PerangkatDaerah | None) -> None:
    """Raise PermissionDenied (or Http404) unless `user` may edit this narrative: a PD's is edited by whoever
    may request that PD's LKjIP; the city's by whoever manages the pemda (Bagian Organisasi)."""
    if perangkat_daerah is None:
        _wajib_kelola_pemda(user, _("Narasi LKjIP pemda disusun oleh Bagian Organisasi."))
    else:
        wajib_boleh_minta(
            user=user, jenis=jenis_laporan.ambil(Laporan.Jenis.LKJIP_PD), perangkat_daerah=perangkat_daerah
        )


# A chapter is a few pages of prose; the general free-text limit (5,000) is for notes and explanations.
NARASI_MAKS = 20000


def _rapikan(teks) -> str:
    # browsers send a textarea's line breaks as CRLF; the stored text and the fingerprint use LF
    return ("" if teks is None else str(teks)).replace("\r\n", "\n").strip()


def narasi_sidik(teks) -> str:
    """A short fingerprint of a chapter's text as the editor showed it: a chapter whose text still has it was
    not touched by the user, and is neither saved nor checked against someone else's change."""
    return hashlib.sha256(_rapikan(teks).encode()).hexdigest()[:16]


class NarasiBentrok(VersiKedaluwarsa):
    """Chapters changed by someone else since the editor was opened; `bab` maps each to its stored row."""

    def __init__(self, bab: dict):
        self.bab = bab
        super().__init__(
            _("Bab ini sudah diubah oleh pengguna lain sejak Anda membukanya. Teks Anda masih di kotak di bawah; ")
            + _("bandingkan dengan teks tersimpan, lalu simpan lagi untuk memakai teks Anda.")
        )


def _narasi_periksa(isian: dict, ada: dict, sah: set[str]) -> tuple[list, dict, dict]:
    """(chapters to write, errors by chapter, conflicts by chapter) for the editor's whole form; `sah` are the
    editor keys of this report (its chapters and its sasaran's narratives)."""
    tulis, galat, bentrok = [], {}, {}
    for bab, (teks, versi, sidik) in isian.items():
        if bab not in sah:
            galat[bab] = [_("Bab tidak dikenal.")]
            continue
        teks = _rapikan(teks)
        if sidik and sidik == narasi_sidik(teks):
            continue
        try:
            teks = teks_atau_galat(teks, bab, maks=NARASI_MAKS)
        except ValidationError as exc:
            galat.update(exc.message_dict)
            continue
        if not teks:
            galat[bab] = [_("Teks bab tidak boleh kosong. Untuk kembali ke teks bawaan, salin teks bawaannya.")]
            continue
        lama = ada.get(bab)
        if lama is not None and lama.teks == teks:
            continue
        if (lama.versi if lama else 0) != versi:
            bentrok[bab] = lama
            continue
        tulis.append((bab, teks, lama, versi))
    return tulis, galat, bentrok


@transaction.atomic
def narasi_simpan_semua(*, user, perangkat_daerah: PerangkatDaerah | None, tahun: int, isian: dict) -> list:
    """Save every chapter the user edited, all or none (one transaction). `isian` maps a chapter to
    (text, versi as loaded, fingerprint of the text as loaded). Invalid text raises ValidationError keyed by
    chapter; a chapter someone else changed since it was loaded raises NarasiBentrok; nothing is saved then.
    Each saved chapter bumps its versi and is recorded in the history. Returns the saved rows."""
    from .narasi import butir_narasi, kunci_narasi  # the report's data: loaded when a narrative is saved

    wajib_boleh_narasi(user=user, perangkat_daerah=perangkat_daerah)
    pemda = profil_pengguna(user).pemda
    butir = {b["bab"]: b for b in butir_narasi(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun)}
    baris = Narasi.objects.select_for_update().filter(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun)
    tulis, galat, bentrok = _narasi_periksa(isian, {kunci_narasi(n): n for n in baris}, set(butir))
    if galat:
        raise ValidationError(galat)
    if bentrok:
        raise NarasiBentrok(bentrok)
    riwayat = {"oleh": user, "aksi": "narasi.simpan", "pemda_id": pemda.pk, "kolom": ["teks", "versi"]}
    tersimpan = []
    for kunci, teks, lama, versi in tulis:
        b = butir[kunci]  # the figures of the text's scope are stored with it: a later change flags the text
        if lama is None:
            bab = Narasi.Bab.SEBAB if b["sasaran"] is not None else kunci
            n = buat_dengan_riwayat(
                Narasi, **riwayat, pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun, bab=bab,
                sasaran=b["sasaran"], teks=teks, angka=b["angka"], diubah_oleh=user,
            )  # fmt: skip
        else:
            n = lama
            perbarui_dengan_riwayat(
                n, versi=versi, nilai={"teks": teks}, tambahan={"diubah_oleh": user, "angka": b["angka"]}, **riwayat
            )
        tersimpan.append(n)
    return tersimpan
