"""THE write of an indicator's benchmark (`Indikator.pembanding_*`): the national or provincial figure the
LKjIP's fourth analysis compares the realisation with (PermenPANRB 53/2014), with its level, source and year.

- The value, the level and the year go together (all, or none to clear the benchmark; a source alone is
  refused); the value lies in the indicator's valid range (the rule of targets and realisations,
  `isian.angka_atau_galat`); the year is one that has come (a published figure), not before
  `TAHUN_PEMBANDING_AWAL`. Every bad field is named at once, in Indonesian.
- Written by whoever writes the indicator (`selectors.simpul.aksi_simpul`, the indicator form's guard), with
  versi and history through the one writer (`indikator.pembanding`).
- A benchmark is reporting data, not the plan: a final RPJMD or Renstra does not lock it (no revision reason,
  no revision counted), unlike the indicator's own fields (`services/simpul.py`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import wajib_hak
from perangkat_daerah.services import VersiKedaluwarsa, perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat

from ..models import Indikator
from ..selectors import simpul as pilih
from .isian import angka_atau_galat, kumpulkan

KOLOM_PEMBANDING = ["pembanding_nilai", "pembanding_tingkat", "pembanding_sumber", "pembanding_tahun"]
TINGKAT = dict(Indikator._meta.get_field("pembanding_tingkat").choices)
SUMBER_MAKS = Indikator._meta.get_field("pembanding_sumber").max_length
# A benchmark is a recent published figure; a year before this is a typing slip (24 for 2024), not a source.
TAHUN_PEMBANDING_AWAL = 2000
NAMA = {"pembanding_nilai": "nilai", "pembanding_tingkat": "tingkat", "pembanding_tahun": "tahun"}


def _tahun(nilai, hari_ini: datetime.date) -> int | None:
    teks = "" if nilai is None else str(nilai).strip()
    if not teks:
        return None
    try:
        tahun = bilangan_bulat(teks, minimum=1, maksimum=9999, nama=_("Tahun pembanding"))
    except BilanganTidakValid as exc:
        raise ValidationError({"pembanding_tahun": str(exc)}) from None
    if tahun > hari_ini.year:
        raise ValidationError({"pembanding_tahun": _(
            "Tahun pembanding %(t)s belum tiba: isi tahun data pembanding yang sudah terbit (paling akhir %(k)s)."
        ) % {"t": tahun, "k": hari_ini.year}})  # fmt: skip
    if tahun < TAHUN_PEMBANDING_AWAL:
        raise ValidationError(
            {"pembanding_tahun": _("Tahun pembanding paling awal %(a)s.") % {"a": TAHUN_PEMBANDING_AWAL}}
        )
    return tahun


def _tingkat(nilai) -> str:
    teks = "" if nilai is None else str(nilai).strip()
    if teks and teks not in TINGKAT:
        raise ValidationError({"pembanding_tingkat": _("Pilih tingkat pembanding: nasional atau provinsi.")})
    return teks


def isian_pembanding(nilai: dict, *, indikator: Indikator, hari_ini: datetime.date) -> dict:
    """The benchmark's fields from a form or import, checked (every bad field at once): see the module. All
    empty gives an empty benchmark (the report then says "tidak tersedia pembanding")."""
    galat: dict[str, list[str]] = {}
    isian = {
        "pembanding_nilai": kumpulkan(galat, angka_atau_galat, nilai.get("pembanding_nilai"), "pembanding_nilai",
                                      indikator),
        "pembanding_tingkat": kumpulkan(galat, _tingkat, nilai.get("pembanding_tingkat")),
        "pembanding_sumber": kumpulkan(galat, teks_atau_galat, nilai.get("pembanding_sumber"), "pembanding_sumber",
                                       maks=SUMBER_MAKS),
        "pembanding_tahun": kumpulkan(galat, _tahun, nilai.get("pembanding_tahun"), hari_ini),
    }  # fmt: skip
    terisi = [k for k in NAMA if isian[k] not in (None, "") or k in galat]
    if terisi:
        for kolom in [k for k in NAMA if k not in terisi]:
            galat[kolom] = [
                _("Isi juga %(kolom)s pembanding: nilai, tingkat dan tahun pembanding diisi bersama.")
                % {"kolom": NAMA[kolom]}
            ]
    elif isian["pembanding_sumber"]:
        galat["pembanding_sumber"] = [
            _("Sumber tanpa nilai pembanding: isi nilai, tingkat dan tahunnya, atau kosongkan sumbernya.")
        ]
    if galat:
        raise ValidationError(galat)
    return isian | {
        "pembanding_tingkat": isian["pembanding_tingkat"] or "",
        "pembanding_sumber": isian["pembanding_sumber"] or "",
    }


@transaction.atomic
def pembanding_simpan(*, indikator: Indikator, oleh, nilai: dict, versi: int | None) -> bool:
    """Record (or clear) the benchmark of `indikator` as `oleh`, who must be its writer; `versi` is the
    indicator's version the user read (None or another: VersiKedaluwarsa). Whether anything changed."""
    sasaran = indikator.sasaran
    wajib_hak(oleh, pilih.aksi_simpul(sasaran), sasaran)
    isian = isian_pembanding(nilai, indikator=indikator, hari_ini=timezone.localdate())
    if versi is None:
        raise VersiKedaluwarsa()
    return perbarui_dengan_riwayat(
        indikator, versi=versi, oleh=oleh, aksi="indikator.pembanding", pemda_id=indikator.pemda_id,
        kolom=KOLOM_PEMBANDING, nilai=isian,
    )  # fmt: skip
