"""Input rules shared by every service (pages, API and imports alike): free text and whole numbers.

Each raises Django's ValidationError keyed by the field, with an Indonesian message, so a page shows it
beside the field and the API returns it as a 400 in its one error format.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sakip.lib.bilangan import ID_MAKS, BilanganTidakValid, bilangan_bulat
from sakip.lib.teks import masalah_karakter

# The largest `versi` (a PositiveIntegerField: 32-bit on PostgreSQL).
VERSI_MAKS = 2**31 - 1

# The longest free text (penjelasan, catatan, alasan) any page, API or import accepts.
TEKS_MAKS = 5000


def teks_atau_galat(nilai, kolom: str, *, maks: int = TEKS_MAKS, wajib: bool = False) -> str:
    """The stripped text, or a ValidationError on `kolom`: too long, control characters, or empty when
    `wajib`."""
    teks = "" if nilai is None else str(nilai).strip()
    if wajib and not teks:
        raise ValidationError({kolom: _("Kolom ini wajib diisi.")})
    if len(teks) > maks:
        raise ValidationError(
            {
                kolom: _("Paling banyak %(maks)s karakter (sekarang %(n)s).")
                % {"maks": f"{maks:,}".replace(",", "."), "n": f"{len(teks):,}".replace(",", ".")}
            }
        )
    masalah = masalah_karakter(teks)
    if masalah:
        raise ValidationError({kolom: masalah})
    return teks


def bulat_atau_galat(nilai, kolom: str, *, minimum: int = 1, maksimum: int = ID_MAKS, wajib: bool = True) -> int | None:
    """A whole number in [minimum, maksimum] (default: a database id), or a ValidationError on `kolom`.
    With `wajib=False`, empty input gives None (e.g. the `versi` of a row not created yet)."""
    if not wajib and (nilai is None or nilai == ""):
        return None
    try:
        return bilangan_bulat(nilai, minimum=minimum, maksimum=maksimum, nama=kolom)
    except BilanganTidakValid as exc:
        raise ValidationError({kolom: str(exc)}) from None


# A civil servant's NIP (PP 11/2017): 18 digits, often written in groups ("19700101 199503 1 001").
NIP_DIGIT = 18


def nip_atau_galat(nilai, kolom: str = "nip") -> str:
    """The NIP as its 18 digits (the spaces of the grouped form removed), empty when none is entered, or a
    ValidationError on `kolom`. THE rule of a NIP, for every form, import and model check."""
    nip = "".join(("" if nilai is None else str(nilai)).split())
    if nip and not (nip.isascii() and nip.isdigit() and len(nip) == NIP_DIGIT):
        raise ValidationError({kolom: _("NIP harus terdiri dari 18 digit angka.")})
    return nip
