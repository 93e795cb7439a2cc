"""Realisasi entry and its workflow: save drafts (one row or a page all or nothing), submit, verify,
return. Each write goes through the one versioned, history-recording helper
(`perbarui_dengan_riwayat` / `buat_dengan_riwayat`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import wajib_dalam
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    berkas_dijaga,
    buat_dengan_riwayat,
)
from sakip.peristiwa import umumkan

from .. import capaian, penilaian
from ..models import Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi
from ..models_pengaturan import PengaturanKinerja
from ..selectors import ROMAWI, indikator_dapat_diisi, kunci_triwulan, nilai_realisasi_tahun
from . import alur
from .isian import isian_realisasi, tahun_atau_galat, triwulan_atau_galat

RIWAYAT_REALISASI = [
    "nilai",
    "belum_tersedia",
    "alasan_belum_tersedia",
    "penjelasan",
    "bukti",
    "status",
    "catatan_verifikasi",
    "terlambat",
]


# --- guards ----------------------------------------------------------------------------------------


def _wajib_boleh_isi(oleh, indikator: Indikator) -> None:
    wajib_dalam(
        indikator_dapat_diisi(oleh), indikator,
        _("Anda hanya dapat mengisi realisasi indikator perangkat daerah Anda sendiri."),
    )  # fmt: skip


def wajib_terbuka(kunci: KunciTriwulan | None, tahun: int, triwulan: int) -> None:
    """ValidationError when Bagian Organisasi has locked the quarter."""
    if kunci is not None and kunci.terkunci:
        raise ValidationError(
            _("Triwulan %(tw)s tahun %(tahun)s sudah dikunci oleh Bagian Organisasi; data tidak dapat diubah.")
            % {"tw": ROMAWI[triwulan], "tahun": tahun}
        )


def wajib_dapat_dikembalikan(*, pemda_id: int, tahun: int, triwulan: int) -> None:
    """THE rule of a return in a locked quarter (a quarter's realisation, a month's action report): refused,
    since the PD could not fix what it is sent back to fix."""
    kunci = kunci_triwulan(pemda_id=pemda_id, tahun=tahun, triwulan=triwulan)
    if kunci is not None and kunci.terkunci:
        raise ValidationError(_("Triwulan ini terkunci: buka kuncinya dulu agar perangkat daerah dapat memperbaiki."))


def lewat_batas(kunci: KunciTriwulan | None, hari=None) -> bool:
    """THE quarter deadline rule: `hari` (default today) is after the quarter's deadline that Bagian Organisasi
    set (`KunciTriwulan.batas_waktu`); a quarter without a deadline is never late. A submission then is flagged
    `terlambat`; the evaluation facts count a quarter as due by it (evaluasi/selectors/fakta_kinerja.py)."""
    return bool(kunci and kunci.batas_waktu and (hari or timezone.localdate()) > kunci.batas_waktu)


def pk_draf_menghalangi(*, perangkat_daerah_id: int | None, pemda_id: int, tahun: int) -> bool:
    """THE rule of submitting against a draft PK: a PD's realisations of `tahun` cannot be submitted while its
    Perjanjian Kinerja of that year is still a draft, unless the pemda's setting allows it
    (`PengaturanKinerja.ajukan_sebelum_pk`). The city's own indicators have no PK."""
    if perangkat_daerah_id is None:
        return False
    draf = PerjanjianKinerja.objects.filter(
        perangkat_daerah_id=perangkat_daerah_id, tahun=tahun, status=PerjanjianKinerja.Status.DRAF
    ).exists()
    return draf and not PengaturanKinerja.boleh_ajukan_sebelum_pk(pemda_id)


def wajib_pk_ditetapkan(*, perangkat_daerah_id: int | None, pemda_id: int, tahun: int) -> None:
    """ValidationError when `pk_draf_menghalangi`."""
    if pk_draf_menghalangi(perangkat_daerah_id=perangkat_daerah_id, pemda_id=pemda_id, tahun=tahun):
        raise ValidationError(
            _(
                "Perjanjian Kinerja %(tahun)s masih draf: realisasi baru dapat diajukan setelah kepala perangkat "
                "daerah menetapkannya."
            )
            % {"tahun": tahun}
        )


def triwulan_jatuh_tempo(tahun: int, hari=None) -> int:
    """THE due quarter of `tahun`, where an operator starts: the latest quarter whose period has ended by
    `hari` (default today) -- in late November TW III, while TW IV is still running; IV for a past year, I
    for a future one or before the first quarter has ended."""
    hari = hari or timezone.localdate()
    if tahun != hari.year:
        return 4 if tahun < hari.year else 1
    return max(1, (hari.month - 1) // 3)


def _terlambat(kunci: KunciTriwulan | None) -> bool:
    return lewat_batas(kunci)


# --- drafts ----------------------------------------------------------------------------------------


@transaction.atomic
def realisasi_simpan(
    *,
    indikator: Indikator,
    tahun: int,
    triwulan: int,
    oleh,
    versi: int | None = None,
    nilai: Any = None,
    belum_tersedia: bool = False,
    alasan_belum_tersedia: str = "",
    penjelasan: str = "",
    bukti=None,
) -> Realisasi:
    """Save a quarter's realisasi as draft (create or update). `versi` is the version the user loaded
    (None when there was no row yet): a different one raises VersiKedaluwarsa. Refused when the quarter
    is locked, or the row is submitted or verified. An unchanged row is left as it is; new evidence is
    always a change (the replaced file is removed once the transaction commits)."""
    _wajib_boleh_isi(oleh, indikator)
    tahun = tahun_atau_galat(tahun)
    triwulan = triwulan_atau_galat(triwulan)
    wajib_terbuka(kunci_triwulan(pemda_id=indikator.pemda_id, tahun=tahun, triwulan=triwulan), tahun, triwulan)
    isian = isian_realisasi(
        indikator=indikator, nilai=nilai, belum_tersedia=belum_tersedia,
        alasan_belum_tersedia=alasan_belum_tersedia, penjelasan=penjelasan,
    )  # fmt: skip
    with berkas_dijaga():
        ada = Realisasi.objects.select_for_update().filter(indikator=indikator, tahun=tahun, triwulan=triwulan).first()
        if ada is None:
            return _realisasi_baru(
                indikator=indikator, tahun=tahun, triwulan=triwulan, oleh=oleh, isian=isian, bukti=bukti
            )
        return alur.simpan_ubahan(
            ada, versi=versi, oleh=oleh, aksi="realisasi.simpan", pemda_id=indikator.pemda_id,
            kolom=RIWAYAT_REALISASI, nilai=isian, bukti=bukti,
        )  # fmt: skip


def _realisasi_baru(*, indikator, tahun, triwulan, oleh, isian, bukti) -> Realisasi:
    if bukti is not None:
        isian = {**isian, **alur.simpan_bukti(Realisasi(indikator=indikator, tahun=tahun, triwulan=triwulan), bukti)}
    try:
        with transaction.atomic():
            return buat_dengan_riwayat(
                Realisasi, oleh=oleh, aksi="realisasi.simpan", pemda_id=indikator.pemda_id, kolom=RIWAYAT_REALISASI,
                indikator=indikator, tahun=tahun, triwulan=triwulan, diubah_oleh=oleh, diubah_pada=timezone.now(),
                **isian,
            )  # fmt: skip
    except IntegrityError:
        # Someone created the same quarter's row after this user loaded the page.
        raise VersiKedaluwarsa() from None


class RealisasiDitolak(Exception):
    """A multi-row save refused as a whole: `galat` maps each refused indicator's id to its messages;
    `konflik` holds the ids refused only because they changed since loading (a stale versi)."""

    def __init__(self, galat: dict[int, list[str]], konflik: set[int] | None = None):
        super().__init__(_("Ada isian yang perlu diperbaiki; tidak ada yang disimpan."))
        self.galat = galat
        self.konflik = konflik or set()

    @property
    def hanya_konflik(self) -> bool:
        """Whether every refused row is a stale write (the page answers 409, not 400)."""
        return bool(self.galat) and set(self.galat) == self.konflik


@transaction.atomic
def realisasi_simpan_banyak(*, baris: list[dict[str, Any]], tahun: int, triwulan: int, oleh) -> int:
    """Save several rows of one quarter (the input page's form) all or nothing: each dict holds the
    `indikator`, the `versi` loaded and the fields of `realisasi_simpan`. Any refused row (invalid, stale,
    locked) raises RealisasiDitolak listing every refused row, and nothing is saved, files included.
    Returns the number of rows that changed."""
    galat: dict[int, list[str]] = {}
    konflik: set[int] = set()
    jumlah = 0
    with berkas_dijaga():
        for isian in baris:
            ind = isian["indikator"]
            try:
                r = realisasi_simpan(tahun=tahun, triwulan=triwulan, oleh=oleh, **isian)
                jumlah += r.versi != isian["versi"]
            except ValidationError as exc:
                galat[ind.pk] = exc.messages
            except VersiKedaluwarsa as exc:
                galat[ind.pk] = [str(exc), _("Isian Anda tetap di bawah; periksa nilai terbaru lalu simpan lagi.")]
                konflik.add(ind.pk)
        if galat:
            raise RealisasiDitolak(galat, konflik)
    return jumlah


# --- workflow --------------------------------------------------------------------------------------


def _ubah_status(realisasi: Realisasi, *, versi: int, oleh, aksi: str, catatan: str = "", **nilai) -> Realisasi:
    return alur.ubah_status(
        realisasi, versi=versi, oleh=oleh, aksi=aksi, pemda_id=realisasi.indikator.pemda_id,
        kolom=RIWAYAT_REALISASI, catatan=catatan, **nilai,
    )  # fmt: skip


def masalah_pengajuan(realisasi: Realisasi, *, konfirmasi: bool = False) -> list[str]:
    """Why this realisasi cannot be submitted yet (empty: it can): not filled, a capaian outside the
    thresholds without penjelasan, a kumulatif value going down, an unconfirmed jump over last year."""
    if not realisasi.terisi:
        return [_("Isi nilai realisasi atau tandai “belum tersedia” dengan alasannya.")]
    if realisasi.nilai is None:
        return []
    ind = realisasi.indikator
    # Assessed as it will be shown once submitted: from submitted and verified values only (drafts of
    # other quarters never count), with this row's own value.
    tahun_ini, tahun_lalu, target = nilai_realisasi_tahun(indikator=ind, tahun=realisasi.tahun, hanya_terajukan=True)
    tahun_ini[realisasi.triwulan] = realisasi.nilai
    hasil = penilaian.nilai(
        arah=ind.arah,
        agregasi=ind.agregasi,
        target=target.sebagai_capaian(realisasi.triwulan) if target else capaian.Target(),
        nilai_tw=tahun_ini,
        triwulan=realisasi.triwulan,
        penjelasan=realisasi.penjelasan,
        nilai_tw_lalu=tahun_lalu,
        bulat=ind.bulat,
    )
    return hasil.menghalangi + ([] if konfirmasi else hasil.lonjakan)


def _diajukan(realisasi: Realisasi, *, versi: int, oleh, kunci: KunciTriwulan | None) -> Realisasi:
    return _ubah_status(
        realisasi, versi=versi, oleh=oleh, aksi="realisasi.ajukan", **alur.nilai_diajukan(terlambat=_terlambat(kunci))
    )


@transaction.atomic
def realisasi_ajukan(*, realisasi: Realisasi, versi: int, oleh, konfirmasi: bool = False) -> Realisasi:
    """Submit one realisasi for verification (draf or dikembalikan → diajukan). Late submissions (past the
    quarter's deadline) are flagged terlambat. Refused when not filled, when a data-quality rule fails,
    when the quarter is locked, or for anyone but who enters it: the PD's own operator or head, and for a
    city-level indicator Bagian Organisasi (see `triwulan_ajukan`)."""
    _wajib_boleh_isi(oleh, realisasi.indikator)
    realisasi = alur.ambil_berversi(realisasi, versi, terkait=("indikator",))
    alur.wajib_dapat_diubah(realisasi)
    ind = realisasi.indikator
    wajib_pk_ditetapkan(perangkat_daerah_id=ind.perangkat_daerah_id, pemda_id=ind.pemda_id, tahun=realisasi.tahun)
    kunci = kunci_triwulan(pemda_id=ind.pemda_id, tahun=realisasi.tahun, triwulan=realisasi.triwulan)
    wajib_terbuka(kunci, realisasi.tahun, realisasi.triwulan)
    masalah = masalah_pengajuan(realisasi, konfirmasi=konfirmasi)
    if masalah:
        raise ValidationError({realisasi.indikator.kode: masalah})
    return _diajukan(realisasi, versi=versi, oleh=oleh, kunci=kunci)


@transaction.atomic
def triwulan_ajukan(*, perangkat_daerah, tahun: int, triwulan: int, oleh, konfirmasi: bool = False, pemda=None) -> int:
    """Submit a PD's whole quarter: every indicator must be filled (a value, or "belum tersedia" with a
    reason) and pass the data-quality rules; then each draf/dikembalikan row becomes diajukan. Returns the
    number submitted. One ValidationError lists every indicator's problems (keyed by indicator kode).

    With `perangkat_daerah=None` and the `pemda`, the city-level indicators (IKU kota) are submitted. Bagian
    Organisasi enters those (`indikator_dapat_diisi`) and verifies them too: no other unit holds city data,
    and the two steps stay apart (submitted, then verified) so that the history shows both and reports
    count only verified values, as for every PD. The Inspektorat reviews them in the evaluation."""
    triwulan = triwulan_atau_galat(triwulan)
    pemda_id = perangkat_daerah.pemda_id if perangkat_daerah is not None else getattr(pemda, "pk", None)
    indikator = list(indikator_dapat_diisi(oleh).filter(perangkat_daerah=perangkat_daerah, pemda_id=pemda_id))
    if not indikator:
        raise PermissionDenied(_("Anda tidak berwenang mengajukan realisasi perangkat daerah ini."))
    kunci = kunci_triwulan(pemda_id=pemda_id, tahun=tahun, triwulan=triwulan)
    wajib_terbuka(kunci, tahun, triwulan)
    wajib_pk_ditetapkan(perangkat_daerah_id=getattr(perangkat_daerah, "pk", None), pemda_id=pemda_id, tahun=tahun)
    baris = {
        r.indikator_id: r
        for r in Realisasi.objects.select_for_update()
        .select_related("indikator")
        .filter(indikator__in=indikator, tahun=tahun, triwulan=triwulan)
    }
    galat: dict[str, list[str]] = {}
    for ind in indikator:
        r = baris.get(ind.pk)
        masalah = [_("Belum diisi.")] if r is None else masalah_pengajuan(r, konfirmasi=konfirmasi)
        if masalah:
            galat[ind.kode] = masalah
    if galat:
        raise ValidationError(galat)
    siap = [r for r in baris.values() if r.dapat_diubah]
    if not siap:
        raise ValidationError(_("Tidak ada realisasi yang perlu diajukan: semuanya sudah diajukan atau diverifikasi."))
    for r in siap:
        _diajukan(r, versi=r.versi, oleh=oleh, kunci=kunci)
    return len(siap)


def _ambil_diajukan(realisasi: Realisasi, versi: int, oleh) -> Realisasi:
    return alur.ambil_diajukan(realisasi, versi, oleh, terkait=("indikator",))


@transaction.atomic
def realisasi_verifikasi(*, realisasi: Realisasi, versi: int, oleh) -> Realisasi:
    """Bagian Organisasi verifies a submitted realisasi (diajukan → diverifikasi); it is read-only after."""
    realisasi = _ambil_diajukan(realisasi, versi, oleh)
    return _ubah_status(realisasi, versi=versi, oleh=oleh, aksi="realisasi.verifikasi", **alur.nilai_diverifikasi(oleh))


@transaction.atomic
def realisasi_kembalikan(*, realisasi: Realisasi, versi: int, catatan: str, oleh) -> Realisasi:
    """Bagian Organisasi returns a submitted realisasi to the PD with a note saying what to fix
    (diajukan → dikembalikan). The note is required; the operator sees it on the row."""
    catatan = alur.catatan_pengembalian(catatan)
    realisasi = _ambil_diajukan(realisasi, versi, oleh)
    wajib_dapat_dikembalikan(pemda_id=realisasi.indikator.pemda_id, tahun=realisasi.tahun, triwulan=realisasi.triwulan)
    _ubah_status(
        realisasi, versi=versi, oleh=oleh, aksi="realisasi.kembalikan", catatan=catatan,
        **alur.nilai_dikembalikan(catatan),
    )  # fmt: skip
    umumkan("dikembalikan", realisasi)  # the PD is told (notifikasi, through the hook in sakip)
    return realisasi


@transaction.atomic
def realisasi_putuskan_banyak(*, butir: list[tuple[Realisasi, int]], keputusan: str, oleh, catatan: str = "") -> int:
    """The verifier's decision on several submitted rows at once (each with the version the verifier looked
    at): verify them all, or return them all with one note. All or nothing: one refused row (changed since,
    no longer submitted, out of scope, a return in a locked quarter) saves none; the error names its
    indicator. Each row is decided by the single transition, so each gets its own history entry."""
    if not butir:
        raise ValidationError(_("Pilih dahulu indikator yang akan diputuskan."))
    if keputusan == "kembalikan":
        catatan = alur.catatan_pengembalian(catatan)
    elif keputusan != "verifikasi":
        raise ValidationError(_("Keputusan tidak dikenal."))
    for realisasi, versi in butir:
        try:
            if keputusan == "verifikasi":
                realisasi_verifikasi(realisasi=realisasi, versi=versi, oleh=oleh)
            else:
                realisasi_kembalikan(realisasi=realisasi, versi=versi, catatan=catatan, oleh=oleh)
        except ValidationError as exc:
            raise ValidationError({realisasi.indikator.kode: exc.messages}) from exc
    return len(butir)
