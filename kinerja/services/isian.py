"""The one validation of kinerja input (numbers, ranges, years, quarters, realisasi fields), shared by the
services, the API and the Excel imports: each check raises a ValidationError keyed by its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from perangkat_daerah.tahun import tahun_tersedia
from perangkat_daerah.validasi import bulat_atau_galat, teks_atau_galat
from sakip.lib.angka import AngkaTidakValid, dengan_satuan, parse_angka

from .. import capaian
from ..models import ANGKA, Indikator, Target
from ..selectors import angka_isian

DESIMAL = ANGKA["decimal_places"]
BATAS_ANGKA = Decimal(10) ** (ANGKA["max_digits"] - ANGKA["decimal_places"])
ALASAN_MAKS = 2000


def triwulan_atau_galat(triwulan) -> int:
    """The quarter as an int 1..4, or a ValidationError saying so."""
    if triwulan not in capaian.TRIWULAN:
        raise ValidationError({"triwulan": _("Triwulan harus 1, 2, 3 atau 4.")})
    return int(triwulan)


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
            {kolom: _("“%(n)s”: paling kecil %(m)s untuk indikator ini.")
             % {"n": tampil, "m": dengan_satuan(angka_isian(indikator.nilai_minimum), indikator.satuan)}}
        )  # fmt: skip
    if indikator.nilai_maksimum is not None and angka > indikator.nilai_maksimum:
        raise ValidationError(
            {kolom: _("“%(n)s”: paling besar %(m)s untuk indikator ini.")
             % {"n": tampil, "m": dengan_satuan(angka_isian(indikator.nilai_maksimum), indikator.satuan)}}
        )  # fmt: skip


def rupiah_atau_galat(nilai: Any, kolom: str, label: str) -> Decimal | None:
    """THE parser of a budget amount, for every budget input: as typed ("Rp 120.000.000.000",
    "Rp120.000.000,50", "120 000 000"), the "Rp" prefix dropped and the rest read by the one number parser
    (`angka_atau_galat`); negative amounts are refused. Messages name the field and quote what was typed."""
    asli = nilai
    if isinstance(nilai, str):
        teks = nilai.strip()
        if teks[:2].casefold() == "rp":
            teks = teks[2:].lstrip(" .\u00a0")
        nilai = teks
    try:
        angka = angka_atau_galat(nilai, kolom)
    except ValidationError as exc:
        pesan = [m.replace(f"“{nilai}”", f"“{asli}”") for m in exc.message_dict[kolom]]
        raise ValidationError({kolom: [f"{label}: {m}" for m in pesan]}) from None
    if angka is not None and angka < 0:
        raise ValidationError({kolom: _("%(label)s tidak boleh negatif.") % {"label": label}})
    return angka


def tahun_atau_galat(tahun: Any, kolom: str = "tahun") -> int:
    """A year the product can show (the year selector's range: SAKIP_TAHUN_PERTAMA up to next year)."""
    tersedia = tahun_tersedia()
    return bulat_atau_galat(tahun, kolom, minimum=min(tersedia), maksimum=max(tersedia))


def kumpulkan(galat: dict[str, list[str]], fungsi, *args, **kwargs):
    """Run one field check, collecting its ValidationError into `galat` (so every field is reported)."""
    try:
        return fungsi(*args, **kwargs)
    except ValidationError as exc:
        for kolom, pesan in exc.message_dict.items():
            galat.setdefault(kolom, []).extend(pesan)
        return None


def isian_realisasi(
    *, indikator: Indikator, nilai, belum_tersedia: bool, alasan_belum_tersedia: str, penjelasan: str
) -> dict[str, Any]:
    """The one validation of a realisasi's input, for pages, the API and imports: the number (Indonesian
    notation, four decimals, the indicator's valid range), the texts (length, no control characters) and
    their combination. Raises one ValidationError naming every bad field."""
    galat: dict[str, list[str]] = {}
    angka = kumpulkan(galat, angka_atau_galat, nilai, "nilai", indikator)
    alasan = kumpulkan(galat, teks_atau_galat, alasan_belum_tersedia, "alasan_belum_tersedia", maks=ALASAN_MAKS)
    penjelasan = kumpulkan(galat, teks_atau_galat, penjelasan, "penjelasan")
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


def isian_target(nilai: dict[str, Any], indikator: Indikator) -> dict[str, Decimal | None]:
    """A target's values (nilai or lo–hi, optional t1..t4) parsed and checked against the indicator's range
    and the target rules of capaian.py; every bad field at once."""
    galat: dict[str, list[str]] = {}
    isian = {k: kumpulkan(galat, angka_atau_galat, nilai.get(k), k, indikator) for k in Target.NILAI_FIELDS}
    if galat:
        raise ValidationError(galat)
    try:
        capaian.Target(nilai=isian["nilai"], lo=isian["lo"], hi=isian["hi"])
    except capaian.TargetTidakValid as exc:
        raise ValidationError({"nilai": str(exc)}) from None
    return isian
