"""What the tree import's sheets share: the import's context (who imports what, the maps built once), reading
a sheet of the guarded workbook, a row that names its sheet in its errors, and the lock's reason."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import Pemda

from ..excel import BARIS_JUDUL, BerkasDitolak, Kolom
from ..excel_pohon import TIDAK, YA
from ..models import Indikator, Sasaran, TingkatPohon
from ..services.rencana import aksi_riwayat, alasan_revisi
from .dasar import GalatImpor, _Baris


class BarisLembar(_Baris):
    """A data row whose errors name the sheet as well: "Simpul · B (Kode Induk)"."""

    def __init__(self, lembar: str, nomor: int, sel: Sequence, kolom: Sequence[Kolom], galat: list[GalatImpor]):
        super().__init__(nomor, sel, kolom, galat)
        self.lembar = lembar

    def _nama(self, i: int) -> str:
        return f"{self.lembar} · {super()._nama(i)}"

    def teks_wajib(self, i: int, maks: int, *, wajib: bool = False) -> str:
        """The cell's text checked by the one text rule (length, control characters, required)."""
        from perangkat_daerah.validasi import teks_atau_galat

        try:
            return teks_atau_galat(self.teks(i), "x", maks=maks, wajib=wajib)
        except ValidationError as exc:
            self.catat(i, " ".join(exc.messages))
            return ""

    def ya_tidak(self, i: int) -> bool:
        teks = self.teks(i).capitalize()
        if teks not in ("", YA, TIDAK):
            self.catat(i, _("Isi “Ya” atau “Tidak”."))
        return teks == YA

    def pilihan(self, i: int, pilihan, bawaan: str = "") -> str:
        """A choice code (e.g. "naik"); empty gives `bawaan`; anything else is an error naming the choices."""
        teks = self.teks(i).lower() or bawaan
        if teks not in _nilai_pilihan(pilihan):
            self.catat(
                i, _("“%(t)s” tidak dikenal. Pilih: %(p)s.") % {"t": self.teks(i), "p": ", ".join(pilihan.values)}
            )
        return teks


@functools.cache
def _nilai_pilihan(pilihan) -> frozenset[str]:
    """The codes of a choices class (its `values` makes a new list at each call)."""
    return frozenset(pilihan.values)


@dataclass
class Konteks:
    """The import's maps, built once: the user's right (KELOLA: the whole tree; ISI: their PD's branch), the
    pemda's levels and periods, the PD the user may write, every node of the pemda (for codes and the
    cycle map), the nodes the user may see and may change, and the pemda's indicators."""

    pemda: Pemda
    oleh: object
    aksi: str
    alasan: str
    tingkat: dict[str, TingkatPohon]
    periode: dict[str, object]
    pd_tulis: dict[str, object]
    semua: dict[str, tuple]  # kode → (pk, induk_id, tingkat_id) of every node of the pemda
    kenal: dict[str, Sasaran]  # kode → the nodes the user may see or hang a node under
    boleh_ubah: set[int]
    indikator: dict[str, Indikator]  # kode → every indicator of the pemda
    kode_simpul: dict[int, str] = field(default_factory=dict)  # pk → kode of every node of the pemda
    kode_indikator: dict[int, str] = field(default_factory=dict)  # pk → kode of every indicator of the pemda
    pk_tetap: set[tuple[int, int]] = field(default_factory=set)  # (PD id, year) of every set PK
    kunci: dict = field(default_factory=dict)  # cached lock answers
    contoh_simpul: dict = field(default_factory=dict)  # (level pk, period pk) → an unsaved node the rules read
    periode_dari: dict = field(default_factory=dict)  # pk → period

    def __post_init__(self):
        self.periode_dari = {p.pk: p for p in self.periode.values()}

    @property
    def kota(self) -> bool:
        return self.aksi == Aksi.KELOLA

    def terkunci(self, kunci: tuple, tanya):
        """`tanya()` (a rencana.py lock question: the final document, or a name) once per key: a lock depends on
        the PD and period or year."""
        if kunci not in self.kunci:
            self.kunci[kunci] = tanya()
        return self.kunci[kunci]

    def wajib_alasan(self, b: BarisLembar, i: int, terkunci) -> None:
        """A locked change without the import's reason is an error on the row (the lock's own message)."""
        if terkunci and not self.alasan:
            try:
                alasan_revisi(terkunci, "")
            except ValidationError as exc:
                b.catat(i, " ".join(exc.messages) + " " + _("Isi alasan revisi di formulir impor."))

    def aksi_riwayat(self, aksi: str, terkunci) -> str:
        return aksi_riwayat(aksi, terkunci)


def buka_buku(data: bytes) -> CalamineWorkbook:
    """The workbook of an upload that passed `excel.wajib_xlsx_aman`, opened once for every sheet."""
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as exc:
        raise BerkasDitolak(_("Isi berkas tidak dapat dibaca: %s") % exc) from None


def baca_lembar(buku: CalamineWorkbook, nama: str, kolom: Sequence[Kolom], *, tambahan: bool = False):
    """(header row, data rows with their Excel numbers) of one sheet whose first headers are `kolom`'s;
    with `tambahan`, further non-empty headers follow (the Indikator sheet's target years)."""
    if nama not in buku.sheet_names:
        raise BerkasDitolak(_("Lembar “%s” tidak ditemukan. Gunakan berkas yang diunduh dari halaman pohon.") % nama)
    try:
        semua = buku.get_sheet_by_name(nama).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise BerkasDitolak(_("Isi berkas tidak dapat dibaca: %s") % exc) from None
    if len(semua) < BARIS_JUDUL:
        raise BerkasDitolak(_("Lembar “%s” kosong. Gunakan berkas yang diunduh dari halaman pohon.") % nama)
    judul = [str(s).strip() for s in semua[BARIS_JUDUL - 1]]
    while judul and not judul[-1]:
        judul.pop()
    harap = [k.judul for k in kolom]
    if judul[: len(harap)] != harap or (not tambahan and len(judul) > len(harap)):
        raise BerkasDitolak(
            _("Lembar “%(l)s”: judul kolom di baris %(b)s tidak sesuai. Harus: %(h)s.")
            % {"l": nama, "b": BARIS_JUDUL, "h": ", ".join(harap)}
        )
    return judul, [(n, baris) for n, baris in enumerate(semua[BARIS_JUDUL:], start=BARIS_JUDUL + 1)]
