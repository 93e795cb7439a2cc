"""The official KemenPANRB result of a pemda, checked as read from its LHE."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, boleh, profil_pengguna, wajib_hak
from perangkat_daerah.services import buat_dengan_riwayat
from perangkat_daerah.validasi import bulat_atau_galat, teks_atau_galat
from sakip.lib.angka import format_angka

from .. import scoring
from ..models import (
    TAHUN_MAKS,
    TAHUN_MIN,
    Evaluasi,
    HasilEvaluasi,
    Instrumen,
)
from ..selectors import InstrumenSiap, instrumen_siap
from ..selectors.pilihan import metode_untuk
from .evaluasi import instrumen_untuk

SELISIH_RESMI = Decimal("0.01")  # DOMAIN.md §2.2: an LHE's parts may differ from its total by 0,01
SEPERSERATUS = Decimal("0.01")  # values are stored with two decimals (HasilEvaluasi.total)
NOMOR_LHE_MAKS = 100  # Evaluasi.nomor_lhe
# --- Official result ------------------------------------------------------------------------------------


def hasil_resmi_periksa(
    siap: InstrumenSiap, *, total: Decimal, predikat: str, nilai_komponen: dict[str, Decimal | None]
) -> dict[str, list[str]]:
    """Check an official result as read from an LHE; returns {field: [messages]} (empty when valid).

    Each value with at most two decimals (what is stored is what is checked: 70,005 would be stored as
    70,00 but read as 70,01); each component within 0..its weight; the components, when given, all given
    and summing to the total within 0,01; the predicate the one the band table gives the total.
    """
    galat: dict[str, list[str]] = {}
    _periksa_dua_desimal({"total": total, **{f"komponen_{k}": v for k, v in nilai_komponen.items()}}, galat)
    if galat:
        return galat
    skala = siap.skala_predikat
    try:
        band = scoring.predikat(total, skala)
    except ValueError:
        galat["total"] = [_("Nilai total harus antara 0 dan 100.")]
        band = None
    if band is not None and predikat != band.kode:
        galat["predikat"] = [
            _("Predikat %(p)s tidak sesuai nilai total %(t)s: menurut skala %(v)s nilai itu berpredikat %(b)s (%(n)s).")
            % {"p": predikat, "t": format_angka(total), "v": skala.versi, "b": band.kode, "n": band.nama}
        ]
    _periksa_komponen(siap, total, nilai_komponen, galat)
    return galat


def _jumlah_desimal(v: Decimal) -> int:
    """Decimal places that carry a digit (70,000 has none beyond 70); exact, with no context rounding."""
    _tanda, digit, eksponen = v.as_tuple()
    while eksponen < 0 and digit and digit[-1] == 0:
        digit, eksponen = digit[:-1], eksponen + 1
    return max(0, -eksponen)


def _periksa_dua_desimal(nilai: dict[str, Decimal | None], galat: dict) -> None:
    for kunci, v in nilai.items():
        if v is not None and _jumlah_desimal(v) > 2:
            galat[kunci] = [
                _("Nilai %(n)s memiliki lebih dari dua angka desimal; tulis seperti pada LHE, mis. 70,01.")
                % {"n": str(v).replace(".", ",")}
            ]


def _periksa_komponen(siap: InstrumenSiap, total: Decimal, nilai_komponen: dict, galat: dict) -> None:
    terisi = {k: v for k, v in nilai_komponen.items() if v is not None}
    if not terisi:
        return
    for komponen in siap.komponen:
        nilai = terisi.get(komponen.kode)
        kunci = f"komponen_{komponen.kode}"
        if nilai is None:
            galat[kunci] = [_("Isi nilai semua komponen, atau kosongkan semuanya.")]
        elif not Decimal(0) <= nilai <= komponen.bobot:
            galat[kunci] = [
                _("Nilai komponen %(k)s (%(n)s) harus antara 0 dan bobotnya %(b)s.")
                % {"k": komponen.nama, "n": format_angka(nilai), "b": format_angka(komponen.bobot)}
            ]
    if len(terisi) == len(siap.komponen) and not galat.keys() & {f"komponen_{k.kode}" for k in siap.komponen}:
        jumlah = sum(terisi.values())
        if abs(jumlah - total) > SELISIH_RESMI:
            galat.setdefault("total", []).append(
                _("Jumlah nilai komponen %(j)s berbeda %(s)s dari nilai total %(t)s; selisih paling banyak 0,01.")
                % {"j": format_angka(jumlah), "s": format_angka(abs(jumlah - total)), "t": format_angka(total)}
            )


@dataclass(frozen=True, slots=True)
class IsianLhe:
    """The figures of one LHE as read (a page's form, the API, the demo): year, total, predicate, the components
    by code (all given or none), the LHE's number and date, a note, and the instrument (None: the pemda's)."""

    tahun: int
    total: Decimal
    predikat: str
    nilai_komponen: dict[str, Decimal | None] | None = None
    nomor_lhe: str = ""
    tanggal_lhe: datetime.date | None = None
    catatan: str = ""
    instrumen: Instrumen | None = None

    def bersih(self) -> IsianLhe:
        """The year within range and the texts cleaned (a ValidationError by field otherwise)."""
        return replace(
            self,
            tahun=bulat_atau_galat(self.tahun, "tahun", minimum=TAHUN_MIN, maksimum=TAHUN_MAKS),
            nomor_lhe=teks_atau_galat(self.nomor_lhe, "nomor_lhe", maks=NOMOR_LHE_MAKS),
            catatan=teks_atau_galat(self.catatan, "catatan"),
        )


@transaction.atomic
def hasil_resmi_catat(*, oleh, **isian) -> HasilEvaluasi:
    """Record the official KemenPANRB result of the user's pemda for a year (Bagian Organisasi/admin);
    `isian`: the fields of `IsianLhe`.

    Refused with field messages when a component is outside its weight, the components do not sum to the
    total within 0,01, or the predicate is not the band of the total. The stated total is the one that counts.
    """
    if not boleh(oleh, Aksi.KELOLA):
        raise PermissionDenied(_("Hanya Bagian Organisasi yang mencatat hasil resmi."))
    pemda = profil_pengguna(oleh).pemda
    pemda_id = pemda.pk
    lhe = IsianLhe(**isian).bersih()
    instrumen = instrumen_untuk(lhe.instrumen, pemda_id=pemda_id, kota=True, jenis=Evaluasi.Jenis.RESMI)
    if instrumen.metode != metode_untuk(kota=True):
        raise ValidationError({"instrumen": [_("Hasil resmi kota dicatat dengan instrumen tingkat pemda (metode A).")]})
    siap = instrumen_siap(instrumen)
    total, nilai_komponen = _angka_lhe(siap, lhe.total, lhe.predikat, lhe.nilai_komponen)
    if Evaluasi.objects.filter(
        pemda_id=pemda_id, perangkat_daerah=None, tahun=lhe.tahun, jenis=Evaluasi.Jenis.RESMI
    ).exists():
        raise ValidationError({"tahun": [_("Hasil resmi tahun %(t)s sudah dicatat.") % {"t": lhe.tahun}]})
    evaluasi = buat_dengan_riwayat(
        Evaluasi, oleh=oleh, aksi="catat_hasil_resmi", pemda_id=pemda_id, kolom=None,  # every column
        pemda=pemda, instrumen=instrumen, tahun=lhe.tahun, jenis=Evaluasi.Jenis.RESMI,
        status=Evaluasi.Status.FINAL, nomor_lhe=lhe.nomor_lhe, tanggal_lhe=lhe.tanggal_lhe, catatan=lhe.catatan,
        dibuat_oleh=oleh,
    )  # fmt: skip
    return _hasil_lhe(oleh, "catat_hasil_resmi", evaluasi, siap, total, lhe.predikat, nilai_komponen)


def _angka_lhe(siap: InstrumenSiap, total: Decimal, predikat: str, nilai_komponen) -> tuple[Decimal, dict]:
    """The figures of an LHE checked (`hasil_resmi_periksa`, a ValidationError with field messages) and
    stored exactly as checked: two decimals at most, so quantize changes only the exponent."""
    nilai_komponen = nilai_komponen or {}
    galat = hasil_resmi_periksa(siap, total=total, predikat=predikat, nilai_komponen=nilai_komponen)
    if galat:
        raise ValidationError(galat)
    nilai = {k: None if v is None else v.quantize(SEPERSERATUS) for k, v in nilai_komponen.items()}
    return total.quantize(SEPERSERATUS), nilai


def _hasil_lhe(
    oleh, aksi: str, evaluasi: Evaluasi, siap: InstrumenSiap, total, predikat, nilai_komponen
) -> HasilEvaluasi:
    """The stored result of an LHE read as figures, with its history."""
    instrumen = evaluasi.instrumen
    return buat_dengan_riwayat(
        HasilEvaluasi, oleh=oleh, aksi=aksi, pemda_id=evaluasi.pemda_id, kolom=None,  # every column
        evaluasi=evaluasi, total=total, predikat=predikat, predikat_nama=siap.skala_predikat.band(predikat).nama,
        nilai_komponen={k: str(v) for k, v in nilai_komponen.items() if v is not None},
        lengkap=bool(nilai_komponen), instrumen_kode=instrumen.kode, instrumen_versi=instrumen.versi,
        skala_predikat_versi=siap.skala_predikat.versi,
    )  # fmt: skip


# --- A PD's internal result from the Inspektorat's LHE --------------------------------------------------


@transaction.atomic
def hasil_lhe_pd_catat(*, oleh, perangkat_daerah, **isian) -> HasilEvaluasi:
    """Record a PD's internal result as figures from the Inspektorat's LHE, the way the city's official result
    is recorded (`hasil_resmi_catat`; `isian`: the fields of `IsianLhe`, the LHE number required): a final
    internal evaluation without answers, whose stored result is what the LHE says. Only whoever evaluates that
    PD (EVALUASI through access.wajib_hak: the Inspektorat of its pemda); checked like the official result
    against the PD instrument's weights and band table."""
    wajib_hak(
        oleh, Aksi.EVALUASI, perangkat_daerah, pesan=_("Hanya Inspektorat yang mencatat LHE perangkat daerah ini.")
    )
    pemda_id = perangkat_daerah.pemda_id
    lhe = IsianLhe(**isian).bersih()
    if not lhe.nomor_lhe:
        raise ValidationError({"nomor_lhe": [_("Isi nomor LHE Inspektorat.")]})
    instrumen = instrumen_untuk(lhe.instrumen, pemda_id=pemda_id, kota=False, jenis=Evaluasi.Jenis.INTERNAL)
    siap = instrumen_siap(instrumen)
    total, nilai_komponen = _angka_lhe(siap, lhe.total, lhe.predikat, lhe.nilai_komponen)
    if Evaluasi.objects.filter(
        perangkat_daerah=perangkat_daerah, tahun=lhe.tahun, jenis=Evaluasi.Jenis.INTERNAL
    ).exists():
        pesan = _("Evaluasi internal %(pd)s tahun %(t)s sudah ada.") % {"pd": perangkat_daerah.nama, "t": lhe.tahun}
        raise ValidationError({"tahun": [pesan]})
    evaluasi = buat_dengan_riwayat(
        Evaluasi, oleh=oleh, aksi="catat_lhe_pd", pemda_id=pemda_id, kolom=None,  # every column
        pemda=perangkat_daerah.pemda, perangkat_daerah=perangkat_daerah, instrumen=instrumen, tahun=lhe.tahun,
        jenis=Evaluasi.Jenis.INTERNAL, status=Evaluasi.Status.FINAL, nomor_lhe=lhe.nomor_lhe,
        tanggal_lhe=lhe.tanggal_lhe, catatan=lhe.catatan, dibuat_oleh=oleh, dicatat_dari_lhe=True,
    )  # fmt: skip
    return _hasil_lhe(oleh, "catat_lhe_pd", evaluasi, siap, total, lhe.predikat, nilai_komponen)
