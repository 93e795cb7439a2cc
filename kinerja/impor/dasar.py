"""What both imports share: the result and error types, reading a guarded sheet row by row, and the bulk
history write."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import nilai_polos, potret
from perangkat_daerah.validasi import VERSI_MAKS
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none

from .. import excel
from ..excel import BARIS_JUDUL, BerkasDitolak, Kolom
from ..services import angka_atau_galat
from .sisip import sisip_massal

LEMBAR_REALISASI = "Realisasi"
LEMBAR_TARGET = "Target"


@dataclass(frozen=True)
class GalatImpor:
    """One problem in an uploaded sheet: the sheet row (as Excel numbers it), the column, the message."""

    baris: int
    kolom: str
    pesan: str


@dataclass
class HasilImpor:
    """The outcome of an import: rows saved (0 when anything was wrong) and the errors."""

    jumlah: int = 0
    galat: list[GalatImpor] = field(default_factory=list)

    @property
    def berhasil(self) -> bool:
        return not self.galat


# --- shared row reading ----------------------------------------------------------------------------


class _Baris:
    """One data row with helpers that record errors by column instead of raising."""

    def __init__(self, nomor: int, sel: Sequence, kolom: Sequence[Kolom], galat: list[GalatImpor]):
        self.nomor, self.sel, self.kolom, self.galat = nomor, sel, kolom, galat
        self.salah = False

    def _nama(self, i: int) -> str:
        return f"{chr(ord('A') + i)} ({self.kolom[i].judul})"

    def catat(self, i: int, pesan: str) -> None:
        self.galat.append(GalatImpor(self.nomor, self._nama(i), pesan))
        self.salah = True

    def teks(self, i: int) -> str:
        nilai = self.sel[i] if i < len(self.sel) else ""
        if type(nilai) is str:  # most cells: the quick way to the same answer
            return nilai.strip()
        if isinstance(nilai, float) and nilai.is_integer():
            nilai = int(nilai)
        return "" if nilai is None else str(nilai).strip()

    def angka(self, i: int) -> Decimal | None:
        nilai = self.sel[i] if i < len(self.sel) else ""
        if isinstance(nilai, bool) or not isinstance(nilai, (int, float, str)):
            self.catat(i, _("“%s” bukan angka.") % nilai)
            return None
        try:
            return angka_atau_galat(nilai, "nilai")
        except ValidationError as exc:
            self.catat(i, " ".join(exc.messages))
            return None

    def bulat(self, i: int) -> int | None:
        try:
            return bilangan_bulat_atau_none(self.teks(i), minimum=0, maksimum=9999)
        except BilanganTidakValid:
            return None

    def sama_bulat(self, i: int, harap: int) -> bool:
        """`self.bulat(i) == harap` (0 ≤ harap ≤ 9999), without reading the text of a number cell that is it."""
        nilai = self.sel[i] if i < len(self.sel) else ""
        if type(nilai) in (int, float) and nilai == harap:
            return True
        return self.bulat(i) == harap

    def kosong(self) -> bool:
        """Every cell's `teks` empty; a filled row stops at its first filled cell."""
        for i, nilai in enumerate(self.sel[: len(self.kolom)]):
            if nilai is not None and (nilai.strip() if type(nilai) is str else self.teks(i)):
                return False
        return True

    def versi_sama(self, i: int, sekarang: int, jenis: str, kode: str) -> None:
        """THE staleness check of every import's rows: a stored row (node, indicator, target, manual, budget)
        that the row changes must still have the version the row carries (the "Versi" of the download, 0 for
        a target that did not exist then; empty is not checked): else the row would put old values over a
        change made in the application after the download."""
        try:
            versi = bilangan_bulat_atau_none(self.teks(i), minimum=0, maksimum=VERSI_MAKS)
        except BilanganTidakValid:
            self.catat(i, _("Versi “%s” tidak valid: biarkan kolom Versi seperti saat berkas diunduh.") % self.teks(i))
            return
        if versi is not None and versi != sekarang:
            pesan = _("%(j)s “%(k)s” sudah diubah di aplikasi setelah berkas ini diunduh (versi di berkas %(b)s, "
                      "sekarang %(s)s). Unduh ulang berkas lalu ulangi perubahan pada baris ini, agar perubahan itu "
                      "tidak tertimpa.")  # fmt: skip
            self.catat(i, pesan % {"j": jenis, "k": kode, "b": versi, "s": sekarang})


def _baris_data(data: bytes, lembar: str, kolom: Sequence[Kolom]) -> list[tuple[int, list]]:
    """The guarded upload's data rows below the header, each with its Excel row number."""
    excel.wajib_xlsx_aman(data)
    semua = excel.baca_lembar(data, lembar)
    if len(semua) < BARIS_JUDUL:
        raise BerkasDitolak(_("Lembar “%s” kosong. Gunakan templat yang diunduh dari aplikasi.") % lembar)
    judul = [str(s).strip() for s in semua[BARIS_JUDUL - 1][: len(kolom)]]
    harap = [k.judul for k in kolom]
    if judul != harap:
        raise BerkasDitolak(
            _("Judul kolom di baris %(b)s tidak sesuai templat. Harus: %(h)s.")
            % {"b": BARIS_JUDUL, "h": ", ".join(harap)}
        )
    return [(n, baris) for n, baris in enumerate(semua[BARIS_JUDUL:], start=BARIS_JUDUL + 1)]


_TEKS_JSON = json.encoder.encode_basestring_ascii  # json.dumps' own encoder of a string (ensure_ascii)


def _json(nilai: Any) -> str:
    """`json.dumps(nilai_polos(nilai))` (a snapshot value as the history column stores it), fast for the types
    an import's values have."""
    jenis = type(nilai)
    if jenis is str:
        return _TEKS_JSON(nilai)
    if nilai is None:
        return "null"
    if jenis is bool:
        return "true" if nilai else "false"
    if jenis is Decimal:  # nilai_polos: a Decimal as its text, so nothing is rounded
        return f'"{nilai}"'
    return json.dumps(nilai_polos(nilai))


def json_teks(potret_: dict | None) -> str | None:
    """A snapshot as the JSON text Django's JSONField writes (`json.dumps`), None (SQL NULL) for none."""
    return None if potret_ is None else json.dumps(potret_)


class PotretJson:
    """THE JSON text of `potret(obj, kolom)` (`json_teks`) of rows built from values, without a model instance
    per row: `diberi` are the fields each row gives (in that order), every other field of `kolom` is read once
    from `contoh`, an unsaved instance with the rows' common values (a new row: the defaults). Byte for byte
    what `json_teks(potret(obj, kolom))` gives for the row's instance (tests/kinerja/test_impor_riwayat.py)."""

    def __init__(self, contoh: models.Model, kolom: Sequence[str], diberi: Sequence[str]):
        tetap = potret(contoh, list(kolom))
        bagian = [f"{_json(k)}: " + ("%s" if k in diberi else _json(tetap[k]).replace("%", "%%")) for k in kolom]
        self.pola = "{" + ", ".join(bagian) + "}"
        self.urutan = [diberi.index(k) for k in kolom if k in diberi]

    def __call__(self, nilai: Sequence) -> str:
        return self.pola % tuple([_json(nilai[i]) for i in self.urutan])


def _riwayat_massal(baris: list[tuple[int, str | None, str]], *, model, pemda_id: int, aksi: str, oleh) -> None:
    """One history row per (object id, before, after: JSON text from `json_teks` / `PotretJson`) in one bulk
    insert (the import's counterpart of `riwayat_catat`)."""
    if not baris:
        return
    ct = ContentType.objects.get_for_model(model).pk
    # sisip_massal, not bulk_create: no Riwayat instance per row, no ORM preparation of every field of it,
    # the snapshots already JSON text (most of a 100,000-row import's history write; issue 18 (e)); `waktu`
    # is one timestamp for the whole import.
    sisip_massal(
        Riwayat,
        ("object_id", "sebelum", "sesudah"),
        baris,
        tetap={"pemda_id": pemda_id, "content_type_id": ct, "aksi": aksi, "oleh_id": oleh.pk},
        siap=("sebelum", "sesudah"),
    )
