"""Rencana aksi (issue 16 point 1): a PD's actions for a year under its PK (or sub kegiatan) indicators and
each month's realisation. The plan is fixed with the PK: once the PK is ditetapkan, a change to an action is a
revision with a reason (`rencana.alasan_revisi`, history `renaksi.*.revisi`) counted on the PK by THE counter
`rencana.revisi_catat`. A month's realisation follows THE workflow of reported values (`alur.py`) and the
quarter lock of its month (`realisasi.wajib_terbuka`). Every write goes through the history writer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import wajib_dalam
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    berkas_dijaga,
    buat_dengan_riwayat,
    perbarui_dengan_riwayat,
    potret,
    riwayat_catat,
)
from perangkat_daerah.validasi import bulat_atau_galat, teks_atau_galat
from sakip.peristiwa import umumkan

from ..models import Indikator, PerjanjianKinerja
from ..models_renaksi import RealisasiAksi, RencanaAksi, target_sd, tertinggal, triwulan_bulan
from ..selectors import kunci_triwulan
from ..selectors.renaksi import indikator_renaksi, kunci_renaksi, rencana_dapat_diisi
from . import alur
from .isian import ALASAN_MAKS, angka_atau_galat, kumpulkan, tahun_atau_galat
from .realisasi import wajib_dapat_dikembalikan, wajib_terbuka
from .rencana import aksi_riwayat, alasan_revisi, revisi_catat

KOLOM_RENCANA = [
    "uraian", "tahapan", "jenis_target", "target_bulanan", "penanggung_jawab", "jabatan", "instruksi_kepala_daerah",
]  # fmt: skip
KOLOM_REALISASI = [
    "nilai", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut", "bukti", "status", "catatan_verifikasi",
]  # fmt: skip
BULAN_TRIWULAN = (3, 6, 9, 12)  # where a quarterly plan sets its targets


def bulan_atau_galat(bulan: Any) -> int:
    """The month as an int 1..12, or a ValidationError saying so."""
    return bulat_atau_galat(bulan, "bulan", minimum=1, maksimum=12)


def _target_atau_galat(target: dict, jenis: str, indikator: Indikator, galat: dict) -> dict[str, str]:
    boleh = BULAN_TRIWULAN if jenis == RencanaAksi.JenisTarget.TRIWULANAN else range(1, 13)
    hasil: dict[str, str] = {}
    for bulan, teks in (target or {}).items():
        b = kumpulkan(galat, bulan_atau_galat, bulan)
        if b is None or teks in (None, ""):
            continue
        if b not in boleh:
            galat.setdefault(f"target_{b}", []).append(_("Target triwulanan diisi pada bulan 3, 6, 9 dan 12 saja."))
            continue
        angka = kumpulkan(galat, angka_atau_galat, teks, f"target_{b}", indikator)
        if angka is not None:
            hasil[str(b)] = str(angka)
    if not hasil and not any(k.startswith("target_") for k in galat):
        galat["target"] = [_("Isi sekurang-kurangnya satu target bulanan atau triwulanan.")]
    return dict(sorted(hasil.items(), key=lambda kv: int(kv[0])))


def isian_rencana(*, indikator: Indikator, isian: dict[str, Any]) -> dict[str, Any]:
    """THE validation of an action's input, for pages and the API: texts, the kind of target, and each
    month's target as an Indonesian number within the indicator's range. One ValidationError naming every bad
    field."""
    galat: dict[str, list[str]] = {}
    jenis = isian.get("jenis_target") or RencanaAksi.JenisTarget.BULANAN
    if jenis not in RencanaAksi.JenisTarget.values:
        galat["jenis_target"] = [_("Pilih jenis target: bulanan atau triwulanan.")]
    hasil = {
        "uraian": kumpulkan(galat, teks_atau_galat, isian.get("uraian", ""), "uraian", maks=ALASAN_MAKS),
        "tahapan": kumpulkan(galat, teks_atau_galat, isian.get("tahapan", ""), "tahapan", maks=ALASAN_MAKS),
        "penanggung_jawab": kumpulkan(
            galat, teks_atau_galat, isian.get("penanggung_jawab", ""), "penanggung_jawab", maks=200
        ),
        "jabatan": kumpulkan(galat, teks_atau_galat, isian.get("jabatan", ""), "jabatan", maks=200),
        "instruksi_kepala_daerah": bool(isian.get("instruksi_kepala_daerah")),
        "jenis_target": jenis,
        "target_bulanan": _target_atau_galat(isian.get("target_bulanan") or {}, jenis, indikator, galat),
    }
    for kolom, pesan in (("uraian", _("Tuliskan uraian aksi.")), ("penanggung_jawab", _("Isi penanggung jawab."))):
        if not hasil[kolom] and kolom not in galat:
            galat[kolom] = [pesan]
    if galat:
        raise ValidationError(galat)
    return hasil


def _revisi_hitung(pk: PerjanjianKinerja | None, *, oleh, catatan: str) -> None:
    if pk is not None:
        revisi_catat(pk, oleh=oleh, aksi="pk.revisi", pemda_id=pk.perangkat_daerah.pemda_id, catatan=catatan)


@transaction.atomic
def rencana_aksi_buat(*, indikator: Indikator, tahun: int, oleh, alasan: str = "", **isian) -> RencanaAksi:
    """Add an action under a PK or sub kegiatan indicator of the user's own PD. After the PK is set, a reason
    is required and the addition counts as one revision of the PK."""
    wajib_dalam(
        indikator_renaksi(oleh), indikator, _("Anda hanya dapat menyusun rencana aksi indikator perangkat daerah Anda.")
    )
    tahun = tahun_atau_galat(tahun)
    nilai = isian_rencana(indikator=indikator, isian=isian)
    pk = kunci_renaksi(indikator.perangkat_daerah_id, tahun)
    catatan = alasan_revisi(pk, alasan)
    urutan = RencanaAksi.objects.filter(indikator=indikator, tahun=tahun).count() + 1
    rencana = buat_dengan_riwayat(
        RencanaAksi, oleh=oleh, aksi=aksi_riwayat("renaksi.buat", pk), pemda_id=indikator.pemda_id,
        kolom=KOLOM_RENCANA, catatan=catatan, indikator=indikator, tahun=tahun, urutan=urutan, **nilai,
    )  # fmt: skip
    _revisi_hitung(pk, oleh=oleh, catatan=catatan)
    return rencana


def _rencana_terkunci(rencana: RencanaAksi, versi: int | None, oleh) -> RencanaAksi:
    wajib_dalam(rencana_dapat_diisi(oleh), rencana, _("Anda hanya dapat mengubah rencana aksi perangkat daerah Anda."))
    baris = RencanaAksi.objects.select_for_update().select_related("indikator").get(pk=rencana.pk)
    if versi is not None and versi != baris.versi:
        raise VersiKedaluwarsa()
    return baris


@transaction.atomic
def rencana_aksi_ubah(*, rencana: RencanaAksi, versi: int | None, oleh, alasan: str = "", **isian) -> RencanaAksi:
    """Change an action (versioned). After the PK is set it is a revision: a reason, `renaksi.ubah.revisi`,
    and one more revision on the PK. An unchanged action is no revision."""
    rencana = _rencana_terkunci(rencana, versi, oleh)
    nilai = isian_rencana(indikator=rencana.indikator, isian=isian)
    pk = kunci_renaksi(rencana.perangkat_daerah_id, rencana.tahun)
    catatan = alasan_revisi(pk, alasan)
    berubah = perbarui_dengan_riwayat(
        rencana, versi=None, oleh=oleh, aksi=aksi_riwayat("renaksi.ubah", pk), pemda_id=rencana.pemda_id,
        kolom=KOLOM_RENCANA, nilai=nilai, catatan=catatan,
    )  # fmt: skip
    if berubah:
        _revisi_hitung(pk, oleh=oleh, catatan=catatan)
    return rencana


@transaction.atomic
def rencana_aksi_hapus(*, rencana: RencanaAksi, versi: int | None, oleh, alasan: str = "") -> None:
    """Delete an action that has no realisation yet, recorded in the history (`renaksi.hapus`, a revision of a
    set PK with its reason)."""
    rencana = _rencana_terkunci(rencana, versi, oleh)
    if rencana.realisasi.exists():
        raise ValidationError(_("Rencana aksi ini sudah memiliki realisasi bulanan; tidak dapat dihapus."))
    pk = kunci_renaksi(rencana.perangkat_daerah_id, rencana.tahun)
    catatan = alasan_revisi(pk, alasan)
    # No helper deletes with history: the row goes, its history row (before, no after) stays.
    riwayat_catat(obj=rencana, pemda_id=rencana.pemda_id, aksi=aksi_riwayat("renaksi.hapus", pk), oleh=oleh,
                  sebelum=potret(rencana, KOLOM_RENCANA), sesudah=None, catatan=catatan)  # fmt: skip
    rencana.delete()
    _revisi_hitung(pk, oleh=oleh, catatan=catatan)


# --- monthly realisation ---------------------------------------------------------------------------


def _bulan_terbuka(rencana: RencanaAksi, bulan: int) -> None:
    """A month that has begun, in a quarter Bagian Organisasi has not locked."""
    hari_ini = timezone.localdate()
    if (rencana.tahun, bulan) > (hari_ini.year, hari_ini.month):
        raise ValidationError({"bulan": _("Bulan %(b)s/%(t)s belum berjalan.") % {"b": bulan, "t": rencana.tahun}})
    triwulan = triwulan_bulan(bulan)
    wajib_terbuka(kunci_triwulan(pemda_id=rencana.pemda_id, tahun=rencana.tahun, triwulan=triwulan),
                  rencana.tahun, triwulan)  # fmt: skip


def isian_realisasi_aksi(*, rencana: RencanaAksi, isian: dict[str, Any]) -> dict[str, Any]:
    """THE validation of a month's realisation: the value within the indicator's range and the three texts."""
    galat: dict[str, list[str]] = {}
    hasil = {"nilai": kumpulkan(galat, angka_atau_galat, isian.get("nilai"), "nilai", rencana.indikator)}
    for kolom in ("faktor_pendukung", "faktor_penghambat", "tindak_lanjut"):
        hasil[kolom] = kumpulkan(galat, teks_atau_galat, isian.get(kolom, ""), kolom, maks=ALASAN_MAKS)
    if galat:
        raise ValidationError(galat)
    return hasil


@transaction.atomic
def realisasi_aksi_simpan(
    *, rencana: RencanaAksi, bulan: int, oleh, versi: int | None = None, bukti=None, **isian
) -> RealisasiAksi:
    """Save a month's realisation of an action as draft (create or update; `versi` None when there was no
    row). Refused for another PD, a month not yet begun or in a locked quarter, and while submitted or
    verified. New evidence is stored through the evidence guard of realisations."""
    wajib_dalam(
        rencana_dapat_diisi(oleh), rencana, _("Anda hanya dapat melaporkan rencana aksi perangkat daerah Anda.")
    )
    bulan = bulan_atau_galat(bulan)
    _bulan_terbuka(rencana, bulan)
    nilai = isian_realisasi_aksi(rencana=rencana, isian=isian)
    with berkas_dijaga():
        ada = RealisasiAksi.objects.select_for_update().filter(rencana_aksi=rencana, bulan=bulan).first()
        if ada is None:
            return _realisasi_aksi_baru(rencana=rencana, bulan=bulan, oleh=oleh, nilai=nilai, bukti=bukti)
        return alur.simpan_ubahan(
            ada, versi=versi, oleh=oleh, aksi="renaksi.realisasi.simpan", pemda_id=rencana.pemda_id,
            kolom=KOLOM_REALISASI, nilai=nilai, bukti=bukti,
        )  # fmt: skip


def _realisasi_aksi_baru(*, rencana, bulan, oleh, nilai, bukti) -> RealisasiAksi:
    if bukti is not None:
        nilai = {**nilai, **alur.simpan_bukti(RealisasiAksi(rencana_aksi=rencana, bulan=bulan), bukti)}
    try:
        with transaction.atomic():
            return buat_dengan_riwayat(
                RealisasiAksi, oleh=oleh, aksi="renaksi.realisasi.simpan", pemda_id=rencana.pemda_id,
                kolom=KOLOM_REALISASI, rencana_aksi=rencana, bulan=bulan, diubah_oleh=oleh,
                diubah_pada=timezone.now(), **nilai,
            )  # fmt: skip
    except IntegrityError:
        raise VersiKedaluwarsa() from None  # the same month's row was made after this user loaded the page


def masalah_pengajuan_aksi(realisasi: RealisasiAksi) -> list[str]:
    """Why a month's realisation cannot be submitted yet (empty: it can): no value; behind the plan's target
    without the hindering factor and the follow-up."""
    if realisasi.nilai is None:
        return [_("Isi nilai realisasi bulan ini.")]
    rencana = realisasi.rencana_aksi
    target = target_sd(rencana.target_bulanan, realisasi.bulan)
    if tertinggal(rencana.indikator.arah, target, realisasi.nilai) and not (
        realisasi.faktor_penghambat.strip() and realisasi.tindak_lanjut.strip()
    ):
        return [_("Realisasi di bawah rencana: isi faktor penghambat dan tindak lanjutnya.")]
    return []


@transaction.atomic
def realisasi_aksi_ajukan(*, realisasi: RealisasiAksi, versi: int, oleh) -> RealisasiAksi:
    """Submit a month's realisation for verification (draf or dikembalikan → diajukan): the PD's own staff."""
    wajib_dalam(
        rencana_dapat_diisi(oleh), realisasi.rencana_aksi,
        _("Anda hanya dapat mengajukan rencana aksi perangkat daerah Anda."),
    )  # fmt: skip
    realisasi = alur.ambil_berversi(realisasi, versi, terkait=("rencana_aksi__indikator",))
    alur.wajib_dapat_diubah(realisasi)
    _bulan_terbuka(realisasi.rencana_aksi, realisasi.bulan)
    masalah = masalah_pengajuan_aksi(realisasi)
    if masalah:
        raise ValidationError({"nilai": masalah})
    return _status(realisasi, versi, oleh, "renaksi.realisasi.ajukan", **alur.nilai_diajukan())


def _status(realisasi: RealisasiAksi, versi: int, oleh, aksi: str, catatan: str = "", **nilai) -> RealisasiAksi:
    return alur.ubah_status(
        realisasi, versi=versi, oleh=oleh, aksi=aksi, pemda_id=realisasi.rencana_aksi.pemda_id,
        kolom=KOLOM_REALISASI, catatan=catatan, **nilai,
    )  # fmt: skip


@transaction.atomic
def realisasi_aksi_verifikasi(*, realisasi: RealisasiAksi, versi: int, oleh) -> RealisasiAksi:
    """The verifier verifies a submitted month (diajukan → diverifikasi); it is read-only after."""
    realisasi = alur.ambil_diajukan(realisasi, versi, oleh, terkait=("rencana_aksi",))
    return _status(realisasi, versi, oleh, "renaksi.realisasi.verifikasi", **alur.nilai_diverifikasi(oleh))


@transaction.atomic
def realisasi_aksi_kembalikan(*, realisasi: RealisasiAksi, versi: int, catatan: str, oleh) -> RealisasiAksi:
    """The verifier returns a submitted month with a note (diajukan → dikembalikan); refused in a locked quarter,
    as a quarter's realisation is (`realisasi.wajib_dapat_dikembalikan`)."""
    catatan = alur.catatan_pengembalian(catatan)
    realisasi = alur.ambil_diajukan(realisasi, versi, oleh, terkait=("rencana_aksi",))
    rencana = realisasi.rencana_aksi
    wajib_dapat_dikembalikan(pemda_id=rencana.pemda_id, tahun=rencana.tahun, triwulan=triwulan_bulan(realisasi.bulan))
    _status(realisasi, versi, oleh, "renaksi.realisasi.kembalikan", catatan=catatan, **alur.nilai_dikembalikan(catatan))
    umumkan("dikembalikan", realisasi)  # the PD is told (notifikasi, through the hook in sakip)
    return realisasi


@transaction.atomic
def realisasi_aksi_laporkan(*, rencana: RencanaAksi, bulan: int, oleh, ajukan: bool = False, **isian) -> RealisasiAksi:
    """The report form's one write: save the month's draft and, with `ajukan`, submit it, all or nothing (a
    refused submission keeps nothing of the save, evidence included)."""
    with berkas_dijaga():
        ra = realisasi_aksi_simpan(rencana=rencana, bulan=bulan, oleh=oleh, **isian)
        if ajukan:
            ra = realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=oleh)
    return ra
