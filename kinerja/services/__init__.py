"""Writes of the kinerja app: realisasi entry and its workflow, quarter locks, PK and targets.

Each service runs in a transaction, checks the user's right through the access choke point
(`for_user`), refuses a stale write (`versi`) with VersiKedaluwarsa, and records history (Riwayat).
Imports (Excel) are in `kinerja.impor`, built on the same rules.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi
from perangkat_daerah.berkas import jenis_bukti
from perangkat_daerah.models import Pemda, PerangkatDaerah
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    berkas_dijaga,
    berkas_ganti,
    perbarui_berversi,
    potret,
    riwayat_catat,
    riwayat_untuk,
)
from perangkat_daerah.tahun import tahun_tersedia
from perangkat_daerah.validasi import bulat_atau_galat, teks_atau_galat
from sakip.lib.angka import AngkaTidakValid, parse_angka

from .. import capaian, penilaian
from ..models import ANGKA, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, RevisiPK, Target
from ..selectors import angka_isian, indikator_dapat_diisi, kunci_triwulan, nilai_realisasi_tahun

S = Realisasi.Status
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
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
DESIMAL = ANGKA["decimal_places"]
BATAS_ANGKA = Decimal(10) ** (ANGKA["max_digits"] - ANGKA["decimal_places"])


# --- shared checks ---------------------------------------------------------------------------------


def _wajib_hak(queryset, oleh, aksi: str, obj) -> None:
    """PermissionDenied unless the access choke point grants `aksi` on `obj` to `oleh`."""
    if not queryset.for_user(oleh, aksi).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def _wajib_boleh_isi(oleh, indikator: Indikator) -> None:
    if not indikator_dapat_diisi(oleh).filter(pk=indikator.pk).exists():
        raise PermissionDenied(_("Anda hanya dapat mengisi realisasi indikator perangkat daerah Anda sendiri."))


def periksa_triwulan(triwulan) -> int:
    """The quarter as an int 1..4, or a ValidationError saying so."""
    if triwulan not in capaian.TRIWULAN:
        raise ValidationError({"triwulan": _("Triwulan harus 1, 2, 3 atau 4.")})
    return int(triwulan)


def _wajib_terbuka(kunci: KunciTriwulan | None, tahun: int, triwulan: int) -> None:
    if kunci is not None and kunci.terkunci:
        raise ValidationError(
            _("Triwulan %(tw)s tahun %(tahun)s sudah dikunci oleh Bagian Organisasi; data tidak dapat diubah.")
            % {"tw": ROMAWI[triwulan], "tahun": tahun}
        )


def _wajib_dapat_diubah(realisasi: Realisasi) -> None:
    if realisasi.status == S.DIAJUKAN:
        raise ValidationError(_("Realisasi ini sudah diajukan dan menunggu verifikasi; tidak dapat diubah."))
    if realisasi.status == S.DIVERIFIKASI:
        raise ValidationError(_("Realisasi ini sudah diverifikasi dan hanya dapat dibaca."))


def angka_atau_galat(nilai: Any, kolom: str, indikator: Indikator | None = None) -> Decimal | None:
    """Parse an Indonesian number, turning a bad one into a ValidationError on `kolom`. With `indikator`,
    the value must also lie in the indicator's valid range (`rentang_atau_galat`)."""
    try:
        angka = parse_angka(nilai)
    except AngkaTidakValid as exc:
        raise ValidationError({kolom: str(exc)}) from None
    if angka is None:
        return None
    if not angka.is_finite():
        raise ValidationError({kolom: _("“%s” bukan angka yang valid.") % nilai})
    if -angka.as_tuple().exponent > DESIMAL:
        raise ValidationError({kolom: _("“%s”: paling banyak 4 angka di belakang koma.") % nilai})
    if abs(angka) >= BATAS_ANGKA:
        raise ValidationError({kolom: _("“%s”: angka terlalu besar.") % nilai})
    if indikator is not None:
        rentang_atau_galat(indikator, angka, kolom, teks=nilai)
    # Stored with the column's four decimals, so history shows the same text before and after a reload;
    # "-0" is stored as 0 (a signed zero would print as "-0").
    angka = angka.quantize(Decimal(1).scaleb(-DESIMAL))
    return angka.copy_abs() if angka.is_zero() else angka


def rentang_atau_galat(indikator: Indikator, angka: Decimal, kolom: str, *, teks: Any = None) -> None:
    """The indicator's valid range, as data on the indicator (`boleh_negatif`, `nilai_minimum`,
    `nilai_maksimum`): the one rule for realisasi and targets, on pages, the API and imports."""
    tampil = teks if teks not in (None, "") else angka_isian(angka)
    if not indikator.boleh_negatif and (angka < 0 or angka.is_signed()):
        raise ValidationError(
            {kolom: _("“%(n)s”: indikator %(k)s tidak boleh bernilai negatif.") % {"n": tampil, "k": indikator.kode}}
        )
    if indikator.nilai_minimum is not None and angka < indikator.nilai_minimum:
        raise ValidationError(
            {kolom: _("“%(n)s”: paling kecil %(m)s %(s)s untuk indikator ini.")
             % {"n": tampil, "m": angka_isian(indikator.nilai_minimum), "s": indikator.satuan}}
        )  # fmt: skip
    if indikator.nilai_maksimum is not None and angka > indikator.nilai_maksimum:
        raise ValidationError(
            {kolom: _("“%(n)s”: paling besar %(m)s %(s)s untuk indikator ini.")
             % {"n": tampil, "m": angka_isian(indikator.nilai_maksimum), "s": indikator.satuan}}
        )  # fmt: skip


def tahun_atau_galat(tahun: Any, kolom: str = "tahun") -> int:
    """A year the product can show (the year selector's range: SAKIP_TAHUN_PERTAMA up to next year)."""
    tersedia = tahun_tersedia()
    return bulat_atau_galat(tahun, kolom, minimum=min(tersedia), maksimum=max(tersedia))


def _terlambat(kunci: KunciTriwulan | None) -> bool:
    return bool(kunci and kunci.batas_waktu and timezone.localdate() > kunci.batas_waktu)


# --- realisasi -------------------------------------------------------------------------------------


def _kumpulkan(galat: dict[str, list[str]], fungsi, *args, **kwargs):
    """Run one field check, collecting its ValidationError into `galat` (so every field is reported)."""
    try:
        return fungsi(*args, **kwargs)
    except ValidationError as exc:
        for kolom, pesan in exc.message_dict.items():
            galat.setdefault(kolom, []).extend(pesan)
        return None


ALASAN_MAKS = 2000


def isian_realisasi(
    *, indikator: Indikator, nilai, belum_tersedia: bool, alasan_belum_tersedia: str, penjelasan: str
) -> dict[str, Any]:
    """The one validation of a realisasi's input, for pages, the API and imports: the number (Indonesian
    notation, four decimals, the indicator's valid range), the texts (length, no control characters) and
    their combination. Raises one ValidationError naming every bad field."""
    galat: dict[str, list[str]] = {}
    angka = _kumpulkan(galat, angka_atau_galat, nilai, "nilai", indikator)
    alasan = _kumpulkan(galat, teks_atau_galat, alasan_belum_tersedia, "alasan_belum_tersedia", maks=ALASAN_MAKS)
    penjelasan = _kumpulkan(galat, teks_atau_galat, penjelasan, "penjelasan")
    if angka is not None and belum_tersedia:
        galat.setdefault("nilai", []).append(_("Isi nilai realisasi atau tandai “belum tersedia”, tidak keduanya."))
    if belum_tersedia and not alasan and "alasan_belum_tersedia" not in galat:
        galat["alasan_belum_tersedia"] = [_("Tuliskan alasan mengapa data belum tersedia.")]
    if galat:
        raise ValidationError(galat)
    return {
        "nilai": angka,
        "belum_tersedia": bool(belum_tersedia),
        "alasan_belum_tersedia": alasan if belum_tersedia else "",
        "penjelasan": penjelasan,
    }


def _simpan_bukti(realisasi: Realisasi, bukti) -> dict[str, Any]:
    jenis = jenis_bukti(bukti)
    nama = berkas_ganti(realisasi.bukti, bukti, f"bukti{jenis.ekstensi}")
    return {"bukti": nama, "bukti_nama": bukti.name[-200:], "bukti_jenis": jenis.mime}


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
    triwulan = periksa_triwulan(triwulan)
    _wajib_terbuka(kunci_triwulan(pemda_id=indikator.pemda_id, tahun=tahun, triwulan=triwulan), tahun, triwulan)
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
        if versi != ada.versi:
            raise VersiKedaluwarsa()
        _wajib_dapat_diubah(ada)
        sebelum = potret(ada, RIWAYAT_REALISASI)
        berubah = {k: v for k, v in isian.items() if getattr(ada, k) != v}
        if bukti is not None:
            berubah.update(_simpan_bukti(ada, bukti))
        if not berubah:
            return ada
        perbarui_berversi(ada, versi=versi, diubah_oleh=oleh, diubah_pada=timezone.now(), **berubah)
        riwayat_catat(
            obj=ada, pemda_id=indikator.pemda_id, aksi="realisasi.simpan", oleh=oleh,
            sebelum=sebelum, sesudah=potret(ada, RIWAYAT_REALISASI),
        )  # fmt: skip
        return ada


class RealisasiDitolak(Exception):
    """A multi-row save refused as a whole: `galat` maps each refused indicator's id to its messages."""

    def __init__(self, galat: dict[int, list[str]]):
        super().__init__(_("Ada isian yang perlu diperbaiki; tidak ada yang disimpan."))
        self.galat = galat


@transaction.atomic
def realisasi_simpan_banyak(*, baris: list[dict[str, Any]], tahun: int, triwulan: int, oleh) -> int:
    """Save several rows of one quarter (the input page's form) all or nothing: each dict holds the
    `indikator`, the `versi` loaded and the fields of `realisasi_simpan`. Any refused row (invalid, stale,
    locked) raises RealisasiDitolak listing every refused row, and nothing is saved, files included.
    Returns the number of rows that changed."""
    galat: dict[int, list[str]] = {}
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
        if galat:
            raise RealisasiDitolak(galat)
    return jumlah


def _realisasi_baru(*, indikator, tahun, triwulan, oleh, isian, bukti) -> Realisasi:
    obj = Realisasi(indikator=indikator, tahun=tahun, triwulan=triwulan, diubah_oleh=oleh, diubah_pada=timezone.now())
    for kunci, isi in isian.items():
        setattr(obj, kunci, isi)
    if bukti is not None:
        for kunci, isi in _simpan_bukti(obj, bukti).items():
            setattr(obj, kunci, isi)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        # Someone created the same quarter's row after this user loaded the page.
        raise VersiKedaluwarsa() from None
    riwayat_catat(
        obj=obj, pemda_id=indikator.pemda_id, aksi="realisasi.simpan", oleh=oleh,
        sebelum=None, sesudah=potret(obj, RIWAYAT_REALISASI),
    )  # fmt: skip
    return obj


def _ubah_status(realisasi: Realisasi, *, versi: int, oleh, aksi: str, catatan: str = "", **nilai) -> Realisasi:
    sebelum = potret(realisasi, RIWAYAT_REALISASI)
    perbarui_berversi(realisasi, versi=versi, **nilai)
    riwayat_catat(
        obj=realisasi, pemda_id=realisasi.indikator.pemda_id, aksi=aksi, oleh=oleh,
        sebelum=sebelum, sesudah=potret(realisasi, RIWAYAT_REALISASI), catatan=catatan,
    )  # fmt: skip
    return realisasi


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
    )
    return hasil.menghalangi + ([] if konfirmasi else hasil.lonjakan)


@transaction.atomic
def realisasi_ajukan(*, realisasi: Realisasi, versi: int, oleh, konfirmasi: bool = False) -> Realisasi:
    """Submit one realisasi for verification (draf or dikembalikan → diajukan). Late submissions (past the
    quarter's deadline) are flagged terlambat. Refused when not filled, when a data-quality rule fails,
    when the quarter is locked, or for anyone but who enters it: the PD's own operator or head, and for a
    city-level indicator Bagian Organisasi (see `triwulan_ajukan`)."""
    _wajib_boleh_isi(oleh, realisasi.indikator)
    realisasi = Realisasi.objects.select_for_update().select_related("indikator").get(pk=realisasi.pk)
    if versi != realisasi.versi:
        raise VersiKedaluwarsa()
    _wajib_dapat_diubah(realisasi)
    kunci = kunci_triwulan(pemda_id=realisasi.indikator.pemda_id, tahun=realisasi.tahun, triwulan=realisasi.triwulan)
    _wajib_terbuka(kunci, realisasi.tahun, realisasi.triwulan)
    masalah = masalah_pengajuan(realisasi, konfirmasi=konfirmasi)
    if masalah:
        raise ValidationError({realisasi.indikator.kode: masalah})
    return _ubah_status(
        realisasi, versi=versi, oleh=oleh, aksi="realisasi.ajukan",
        status=S.DIAJUKAN, diajukan_pada=timezone.now(), terlambat=_terlambat(kunci),
    )  # fmt: skip


@transaction.atomic
def triwulan_ajukan(*, perangkat_daerah, tahun: int, triwulan: int, oleh, konfirmasi: bool = False, pemda=None) -> int:
    """Submit a PD's whole quarter: every indicator must be filled (a value, or "belum tersedia" with a
    reason) and pass the data-quality rules; then each draf/dikembalikan row becomes diajukan. Returns the
    number submitted. One ValidationError lists every indicator's problems (keyed by indicator kode).

    With `perangkat_daerah=None` and the `pemda`, the city-level indicators (IKU kota) are submitted. Bagian
    Organisasi enters those (`indikator_dapat_diisi`) and verifies them too: no other unit holds city data,
    and the two steps stay apart (submitted, then verified) so that the history shows both and reports
    count only verified values, as for every PD. The Inspektorat reviews them in the evaluation."""
    triwulan = periksa_triwulan(triwulan)
    pemda_id = perangkat_daerah.pemda_id if perangkat_daerah is not None else getattr(pemda, "pk", None)
    indikator = list(indikator_dapat_diisi(oleh).filter(perangkat_daerah=perangkat_daerah, pemda_id=pemda_id))
    if not indikator:
        raise PermissionDenied(_("Anda tidak berwenang mengajukan realisasi perangkat daerah ini."))
    kunci = kunci_triwulan(pemda_id=pemda_id, tahun=tahun, triwulan=triwulan)
    _wajib_terbuka(kunci, tahun, triwulan)
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
        _ubah_status(
            r, versi=r.versi, oleh=oleh, aksi="realisasi.ajukan",
            status=S.DIAJUKAN, diajukan_pada=timezone.now(), terlambat=_terlambat(kunci),
        )  # fmt: skip
    return len(siap)


def _ambil_diajukan(realisasi: Realisasi, versi: int, oleh) -> Realisasi:
    _wajib_hak(Realisasi.objects, oleh, Aksi.VERIFIKASI, realisasi)
    realisasi = Realisasi.objects.select_for_update().select_related("indikator").get(pk=realisasi.pk)
    if versi != realisasi.versi:
        raise VersiKedaluwarsa()
    if realisasi.status != S.DIAJUKAN:
        raise ValidationError(
            _("Hanya realisasi berstatus “Diajukan” yang dapat diverifikasi atau dikembalikan (status sekarang: %s).")
            % realisasi.get_status_display()
        )
    return realisasi


@transaction.atomic
def realisasi_verifikasi(*, realisasi: Realisasi, versi: int, oleh) -> Realisasi:
    """Bagian Organisasi verifies a submitted realisasi (diajukan → diverifikasi); it is read-only after."""
    realisasi = _ambil_diajukan(realisasi, versi, oleh)
    return _ubah_status(
        realisasi, versi=versi, oleh=oleh, aksi="realisasi.verifikasi",
        status=S.DIVERIFIKASI, catatan_verifikasi="", diverifikasi_oleh=oleh, diverifikasi_pada=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def realisasi_kembalikan(*, realisasi: Realisasi, versi: int, catatan: str, oleh) -> Realisasi:
    """Bagian Organisasi returns a submitted realisasi to the PD with a note saying what to fix
    (diajukan → dikembalikan). The note is required; the operator sees it on the row."""
    catatan = teks_atau_galat(catatan, "catatan")
    if not catatan:
        raise ValidationError({"catatan": _("Tuliskan catatan untuk perangkat daerah: apa yang perlu diperbaiki.")})
    realisasi = _ambil_diajukan(realisasi, versi, oleh)
    kunci = kunci_triwulan(pemda_id=realisasi.indikator.pemda_id, tahun=realisasi.tahun, triwulan=realisasi.triwulan)
    if kunci is not None and kunci.terkunci:
        raise ValidationError(_("Triwulan ini terkunci: buka kuncinya dulu agar perangkat daerah dapat memperbaiki."))
    return _ubah_status(
        realisasi, versi=versi, oleh=oleh, aksi="realisasi.kembalikan", catatan=catatan,
        status=S.DIKEMBALIKAN, catatan_verifikasi=catatan,
    )  # fmt: skip


# --- quarter locks ---------------------------------------------------------------------------------


@transaction.atomic
def triwulan_kunci(*, pemda, tahun: int, triwulan: int, terkunci: bool, batas_waktu=None, oleh) -> KunciTriwulan:
    """Bagian Organisasi sets a quarter's deadline and lock for the pemda (locked: no PD writes)."""
    triwulan = periksa_triwulan(triwulan)
    if not Pemda.objects.for_user(oleh, Aksi.KELOLA).filter(pk=pemda.pk).exists():
        raise PermissionDenied(_("Hanya Bagian Organisasi yang dapat mengunci triwulan."))
    kunci, _baru = KunciTriwulan.objects.get_or_create(pemda=pemda, tahun=tahun, triwulan=triwulan)
    sebelum = potret(kunci, ["batas_waktu", "terkunci"])
    perbarui_berversi(kunci, versi=kunci.versi, terkunci=terkunci, batas_waktu=batas_waktu)
    riwayat_catat(
        obj=kunci, pemda_id=pemda.pk, aksi="triwulan.kunci" if terkunci else "triwulan.buka", oleh=oleh,
        sebelum=sebelum, sesudah=potret(kunci, ["batas_waktu", "terkunci"]),
    )  # fmt: skip
    return kunci


# --- PK and targets --------------------------------------------------------------------------------

RIWAYAT_TARGET = list(Target.NILAI_FIELDS)


def _isian_target(nilai: dict[str, Any], indikator: Indikator) -> dict[str, Decimal | None]:
    galat: dict[str, list[str]] = {}
    isian = {k: _kumpulkan(galat, angka_atau_galat, nilai.get(k), k, indikator) for k in Target.NILAI_FIELDS}
    if galat:
        raise ValidationError(galat)
    try:
        capaian.Target(nilai=isian["nilai"], lo=isian["lo"], hi=isian["hi"])
    except capaian.TargetTidakValid as exc:
        raise ValidationError({"nilai": str(exc)}) from None
    return isian


def pk_untuk(indikator: Indikator, tahun: int) -> PerjanjianKinerja | None:
    """The PK that holds this indicator's target for `tahun` (None for city-level indicators or no PK)."""
    if indikator.perangkat_daerah_id is None:
        return None
    return PerjanjianKinerja.objects.filter(perangkat_daerah_id=indikator.perangkat_daerah_id, tahun=tahun).first()


def _wajib_boleh_target(oleh, indikator: Indikator) -> None:
    boleh = Indikator.objects.for_user(oleh, Aksi.KELOLA) | Indikator.objects.for_user(oleh, Aksi.ISI)
    if not boleh.filter(pk=indikator.pk).exists():
        raise PermissionDenied(_("Anda tidak berwenang mengubah target indikator ini."))


@transaction.atomic
def target_simpan(*, indikator: Indikator, tahun: int, oleh, versi: int | None = None, **nilai) -> Target:
    """Set an indicator's target for a year (nilai or lo–hi, optional t1..t4) while its PK is a draft.
    Once the PK is ditetapkan the target is locked: a change goes through `target_revisi` with a reason."""
    _wajib_boleh_target(oleh, indikator)
    pk = pk_untuk(indikator, tahun)
    if pk is not None and pk.ditetapkan:
        raise ValidationError(
            _("Perjanjian Kinerja %(tahun)s sudah ditetapkan: target terkunci. Ubah melalui revisi dengan alasan.")
            % {"tahun": tahun}
        )
    return _target_tulis(
        indikator=indikator, tahun=tahun, oleh=oleh, versi=versi, isian=_isian_target(nilai, indikator)
    )


def _target_tulis(*, indikator, tahun, oleh, versi, isian, aksi="target.simpan", catatan="") -> Target:
    target = Target.objects.select_for_update().filter(indikator=indikator, tahun=tahun).first()
    if target is None:
        target = Target.objects.create(indikator=indikator, tahun=tahun, **isian)
        sebelum = None
    else:
        if versi is not None and versi != target.versi:
            raise VersiKedaluwarsa()
        sebelum = potret(target, RIWAYAT_TARGET)
        perbarui_berversi(target, versi=target.versi, **isian)
    riwayat_catat(
        obj=target, pemda_id=indikator.pemda_id, aksi=aksi, oleh=oleh,
        sebelum=sebelum, sesudah=potret(target, RIWAYAT_TARGET), catatan=catatan,
    )  # fmt: skip
    return target


@transaction.atomic
def target_revisi(*, indikator: Indikator, tahun: int, alasan: str, oleh, versi: int | None = None, **nilai) -> Target:
    """Change a target of a PK that is already ditetapkan: needs a reason; the PK's revision count goes up
    and the revision (reason, who, when, before, after) is kept. Kepala PD of that PD or Bagian Organisasi."""
    alasan = teks_atau_galat(alasan, "alasan")
    if not alasan:
        raise ValidationError({"alasan": _("Revisi target Perjanjian Kinerja wajib disertai alasan.")})
    pk = pk_untuk(indikator, tahun)
    if pk is None or not pk.ditetapkan:
        raise ValidationError(_("Perjanjian Kinerja belum ditetapkan: ubah target secara langsung, tanpa revisi."))
    boleh = PerjanjianKinerja.objects.for_user(oleh, Aksi.SETUJUI) | PerjanjianKinerja.objects.for_user(
        oleh, Aksi.KELOLA
    )
    if not boleh.filter(pk=pk.pk).exists():
        raise PermissionDenied(_("Hanya kepala perangkat daerah atau Bagian Organisasi yang dapat merevisi PK."))
    target = _target_tulis(
        indikator=indikator, tahun=tahun, oleh=oleh, versi=versi, isian=_isian_target(nilai, indikator),
        aksi="target.revisi", catatan=alasan,
    )  # fmt: skip
    terakhir = riwayat_untuk(target).first()
    perbarui_berversi(pk, versi=pk.versi, revisi=pk.revisi + 1)
    RevisiPK.objects.create(
        perjanjian=pk, target=target, nomor=pk.revisi, alasan=alasan, oleh=oleh,
        sebelum=terakhir.sebelum, sesudah=terakhir.sesudah,
    )  # fmt: skip
    return target


@transaction.atomic
def pk_tetapkan(*, perangkat_daerah, tahun: int, oleh) -> PerjanjianKinerja:
    """The kepala PD sets (ditetapkan) the PD's Perjanjian Kinerja for `tahun`, locking its targets.
    Every indicator of the PD needs a target for that year first."""
    _wajib_hak(PerangkatDaerah.objects, oleh, Aksi.SETUJUI, perangkat_daerah)
    pk, _baru = PerjanjianKinerja.objects.select_for_update().get_or_create(
        perangkat_daerah=perangkat_daerah, tahun=tahun
    )
    if pk.ditetapkan:
        raise ValidationError(_("Perjanjian Kinerja ini sudah ditetapkan."))
    tanpa_target = list(
        Indikator.objects.filter(perangkat_daerah=perangkat_daerah)
        .exclude(target__tahun=tahun)
        .values_list("kode", flat=True)
    )
    if tanpa_target:
        raise ValidationError(
            _("Indikator berikut belum memiliki target %(tahun)s: %(daftar)s.")
            % {"tahun": tahun, "daftar": ", ".join(tanpa_target)}
        )
    sebelum = potret(pk, ["status", "ditetapkan_pada"])
    perbarui_berversi(
        pk, versi=pk.versi, status=PerjanjianKinerja.Status.DITETAPKAN, ditetapkan_oleh=oleh,
        ditetapkan_pada=timezone.now(),
    )  # fmt: skip
    riwayat_catat(
        obj=pk, pemda_id=perangkat_daerah.pemda_id, aksi="pk.tetapkan", oleh=oleh,
        sebelum=sebelum, sesudah=potret(pk, ["status", "ditetapkan_pada"]),
    )  # fmt: skip
    return pk
