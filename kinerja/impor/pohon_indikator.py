"""The "Indikator" sheet of the tree import: one row per indicator, matched by code, with the target of each
year of the period (a number, or a range "70–80"). Ranges go through the model's rule (`Indikator.clean`)
and target values through THE range rule (`services.rentang_atau_galat`); a target of a year whose PK is
set is refused (it changes through a PK revision)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import capaian
from ..excel_pohon import JUDUL_TARGET, JUDUL_VERSI_TARGET, KOLOM_INDIKATOR, LEMBAR_INDIKATOR
from ..models import Indikator, Target
from ..selectors import angka_isian
from ..services import angka_atau_galat, rentang_atau_galat
from ..services.rencana import Kunci
from .pohon_dasar import BarisLembar, Konteks
from .pohon_simpul import RencanaSimpul, _terkunci

I_SIMPUL, I_KODE, I_URAIAN, I_SATUAN, I_IKU, I_ARAH, I_AGREGASI, I_INDUK, I_RELASI, I_NEG, I_MIN, I_MAKS = range(12)
I_VERSI = 12
FIELD_INDIKATOR = ["sasaran_id", "kode", "uraian", "satuan", "iku", "arah", "agregasi", "induk_indikator_id",
                   "relasi_induk", "boleh_negatif", "nilai_minimum", "nilai_maksimum"]  # fmt: skip
_RENTANG = re.compile(r"^\s*(-?[\d.,]+)\s*[-–—]\s*(-?[\d.,]+)\s*$")
_POLA_TAHUN = re.compile(r"^(Versi )?Target (\d{4})$")
_BELUM = object()  # a lock not asked yet (None is a free node)


@dataclass
class RencanaIndikator:
    """One indicator row, read: its values (`contoh`, an unsaved Indikator the rules read), its node's and
    parent's codes, the stored indicator, whether it changes, its lock (and its stored node's, when the row
    moves it to another node), and its targets by year."""

    b: BarisLembar
    kode: str
    simpul_kode: str
    induk_kode: str
    contoh: Indikator
    ada: Indikator | None = None
    berubah: bool = True
    terkunci: Kunci = None
    terkunci_lama: Kunci = None
    target: dict[int, RencanaTarget] = field(default_factory=dict)


@dataclass
class RencanaTarget:
    """A year's target cell that changes: its values, the stored target, its lock, and the column an error
    about its version names (its "Versi Target" column, else its own)."""

    isian: dict[str, Decimal | None]
    ada: dict | Target | None  # the stored target as a light row (field → value) until the write phase
    terkunci: Kunci = None
    kolom: int = 0


@dataclass(frozen=True)
class Pemilik:
    """Where an indicator's node stands: its PD and period, and whether the user may write it."""

    pd_id: int | None
    periode_id: int | None
    boleh_tulis: bool


def pemilik(kode: str, simpul: dict[str, RencanaSimpul], ktx: Konteks) -> Pemilik | None:
    """The node `kode` of the sheet (as it will be) or of the user's tree; None when unknown."""
    if (r := simpul.get(kode)) is not None:
        tulis = r.ada is None or r.ada.pk in ktx.boleh_ubah
        return Pemilik(r.pd_id, r.periode.pk if r.periode else None, tulis and not r.b.salah)
    if (s := ktx.kenal.get(kode)) is not None:
        return Pemilik(s.perangkat_daerah_id, s.periode_id, s.pk in ktx.boleh_ubah)
    return None


def tahun_kolom(judul: list[str]) -> tuple[dict[int, int], dict[int, int]]:
    """(column index → year of the target columns, year → column index of their "Versi Target" columns) after
    the fixed ones; BerkasDitolak on a bad header. A file without the version columns is not checked by them."""
    from ..excel import BerkasDitolak

    target, versi = {}, {}
    for i, teks in enumerate(judul[len(KOLOM_INDIKATOR) :], start=len(KOLOM_INDIKATOR)):
        cocok = _POLA_TAHUN.match(teks)
        tahun = int(cocok[2]) if cocok else 0
        sudah = versi if cocok and cocok[1] else target.values()
        if cocok is None or not 2000 <= tahun <= 2100 or tahun in sudah:
            raise BerkasDitolak(
                _("Lembar “%(l)s”: judul kolom “%(t)s” harus “%(h)s” atau “%(v)s” dengan tahun yang berbeda-beda.")
                % {"l": LEMBAR_INDIKATOR, "t": teks, "h": JUDUL_TARGET % "2025", "v": JUDUL_VERSI_TARGET % "2025"}
            )
        if cocok[1]:
            versi[tahun] = i
        else:
            target[i] = tahun
    return target, versi


def baca_indikator(ktx: Konteks, baris: list, judul: list[str], simpul: dict, galat: list) -> dict:
    """Every indicator row by code, checked (rights, ranges, parents, targets and their locks)."""
    kolom = KOLOM_INDIKATOR + [type(KOLOM_INDIKATOR[0])(t, 10) for t in judul[len(KOLOM_INDIKATOR) :]]
    tahun, versi = tahun_kolom(judul)
    # the stored targets as light rows (a model instance each would cost more than the check itself); the
    # write phase makes an instance of the few that change
    kolom_target = ["pk", "indikator_id", "tahun", "versi", *Target.NILAI_FIELDS]
    ada_target = {
        (t[1], t[2]): dict(zip(kolom_target, t, strict=True))
        for t in Target.objects.filter(indikator__pemda=ktx.pemda, tahun__in=tahun.values()).values_list(*kolom_target)
    }
    hasil: dict[str, RencanaIndikator] = {}
    for nomor, sel in baris:
        b = BarisLembar(LEMBAR_INDIKATOR, nomor, sel, kolom, galat)
        if b.kosong():
            continue
        r = _baca(b, ktx, simpul)
        if r is None:
            continue
        if r.kode in hasil:
            b.catat(I_KODE, _("Kode “%(k)s” sudah muncul di baris %(n)s.") % {"k": r.kode, "n": hasil[r.kode].b.nomor})
            continue
        hasil[r.kode] = r
        _target(r, b, ktx, (tahun, versi), ada_target, simpul)
    for r in hasil.values():
        _induk(r, ktx, hasil)
    _siklus(ktx, hasil)
    _simpul_tetap_berindikator(ktx, hasil)
    return hasil


def _simpul_tetap_berindikator(ktx: Konteks, semua: dict[str, RencanaIndikator]) -> None:
    """Every node keeps at least one indicator (the rule of deleting one, `services.simpul`): a row that moves
    the last indicator of its stored node to another node is refused, unless the sheet gives that node
    another one."""
    jumlah = Counter(ktx.kode_simpul.get(i.sasaran_id) for i in ktx.indikator.values())
    for r in semua.values():
        if r.ada is not None:
            jumlah[ktx.kode_simpul.get(r.ada.sasaran_id)] -= 1
        jumlah[r.simpul_kode] += 1
    for r in semua.values():
        lama = ktx.kode_simpul.get(r.ada.sasaran_id) if r.ada is not None else None
        if lama is not None and lama != r.simpul_kode and jumlah[lama] <= 0 and not r.b.salah:
            pesan = _("Indikator “%(i)s” satu-satunya indikator simpul “%(s)s”: setiap simpul harus memiliki "
                      "sekurang-kurangnya satu indikator. Tambahkan indikator lain untuk simpul itu dulu.")  # fmt: skip
            r.b.catat(I_SIMPUL, pesan % {"i": r.kode, "s": lama})


def _siklus(ktx: Konteks, semua: dict[str, RencanaIndikator]) -> None:
    """A parent indicator chain that comes back to the row (through the sheet's rows and the stored ones)."""
    induk_dari = {i.kode: ktx.kode_indikator.get(i.induk_indikator_id) for i in ktx.indikator.values()}
    induk_dari |= {k: r.induk_kode or None for k, r in semua.items()}
    for r in semua.values():
        dilihat, kode = set(), r.induk_kode or None
        while kode is not None and kode not in dilihat and kode != r.kode:
            dilihat.add(kode)
            kode = induk_dari.get(kode)
        if kode is not None and kode == r.kode and not r.b.salah:
            r.b.catat(I_INDUK, _("Indikator induk ini membuat rantai berputar (siklus): pilih indikator induk lain."))


@functools.cache
def _bawaan_indikator() -> tuple[dict[str, int], tuple]:
    """The position and the default of each concrete field of Indikator (none of them mutable)."""
    medan = Indikator._meta.concrete_fields
    return {f.attname: i for i, f in enumerate(medan)}, tuple(f.get_default() for f in medan)


def _indikator(**nilai) -> Indikator:
    """An unsaved indicator of these values, the other fields at their defaults, built by position as the ORM
    builds a row it read: built by keyword, it asks every field for its default, which for 12,000 rows costs
    more than their checks."""
    posisi, bawaan = _bawaan_indikator()
    baris = list(bawaan)
    for nama, v in nilai.items():
        baris[posisi[nama]] = v
    return Indikator(*baris)


def _baca(b: BarisLembar, ktx: Konteks, simpul: dict) -> RencanaIndikator | None:
    kode, simpul_kode = b.teks_wajib(I_KODE, 40, wajib=True), b.teks(I_SIMPUL)
    milik = pemilik(simpul_kode, simpul, ktx)
    if milik is None:
        b.catat(I_SIMPUL, _("Kode simpul “%s” tidak ada di lembar Simpul maupun di pohon Anda.") % simpul_kode)
    contoh = _indikator(
        kode=kode, uraian=b.teks_wajib(I_URAIAN, 5000, wajib=True), satuan=b.teks_wajib(I_SATUAN, 40, wajib=True),
        iku=b.ya_tidak(I_IKU), arah=b.pilihan(I_ARAH, Indikator.Arah, "naik"),
        agregasi=b.pilihan(I_AGREGASI, Indikator.Agregasi, "akhir"), boleh_negatif=b.ya_tidak(I_NEG),
        nilai_minimum=b.angka(I_MIN), nilai_maksimum=b.angka(I_MAKS),
    )  # fmt: skip
    try:
        contoh.clean()  # the model's range rule (min ≤ max; a negative minimum only when negatives are allowed)
    except ValidationError as exc:
        for f, pesan in exc.message_dict.items():
            b.catat(I_MAKS if f == "nilai_maksimum" else I_MIN, " ".join(pesan))
    contoh.relasi_induk = b.teks(I_RELASI).lower()  # the parent is by code: checked by `_induk`
    if contoh.relasi_induk and contoh.relasi_induk not in Indikator.Relasi.values:
        b.catat(I_RELASI, _("Relasi “%(t)s” tidak dikenal. Pilih: %(p)s.")
                % {"t": contoh.relasi_induk, "p": ", ".join(Indikator.Relasi.values)})  # fmt: skip
    if not kode:
        return None
    r = RencanaIndikator(b, kode, simpul_kode, b.teks(I_INDUK), contoh, ada=ktx.indikator.get(kode))
    if milik is not None:
        _cocokkan(r, ktx, milik)
    return r


def _cocokkan(r: RencanaIndikator, ktx: Konteks, milik: Pemilik) -> None:
    """Compare with the stored indicator and check the user may write what changes, and its lock."""
    s, b, c = r.ada, r.b, r.contoh
    if s is not None:
        lama_simpul = ktx.kode_simpul.get(s.sasaran_id, "")
        if lama_simpul not in ktx.kenal:
            b.catat(I_KODE, _("Kode “%s” sudah dipakai indikator di luar wewenang Anda. Pakai kode lain.") % r.kode)
            return
        lama_induk = ktx.kode_indikator.get(s.induk_indikator_id, "")
        r.berubah = (lama_simpul, lama_induk) != (r.simpul_kode, r.induk_kode) or any(
            getattr(s, f) != getattr(c, f) for f in FIELD_INDIKATOR[2:] if f != "induk_indikator_id"
        )
        if r.berubah and ktx.kenal[lama_simpul].pk not in ktx.boleh_ubah:
            b.catat(I_KODE, _("Indikator “%s” hanya baca bagi Anda: biarkan baris ini seperti aslinya.") % r.kode)
            return
        if r.berubah:
            b.versi_sama(I_VERSI, s.versi, _("Indikator"), r.kode)
    if r.berubah and not milik.boleh_tulis:
        b.catat(I_SIMPUL, _("Simpul “%s” hanya baca bagi Anda: indikatornya tidak dapat diubah.") % r.simpul_kode)
        return
    if r.berubah:
        r.terkunci = _terkunci(ktx, milik.pd_id, milik.periode_id)
        if s is not None and lama_simpul != r.simpul_kode:  # moved off its node: that node's lock counts too
            lama = ktx.kenal[lama_simpul]
            r.terkunci_lama = _terkunci(ktx, lama.perangkat_daerah_id, lama.periode_id)
            r.terkunci = r.terkunci or r.terkunci_lama
        ktx.wajib_alasan(b, I_KODE, r.terkunci)


def _induk(r: RencanaIndikator, ktx: Konteks, semua: dict[str, RencanaIndikator]) -> None:
    """The parent indicator, by code: given together with its relation, another indicator, known to the user."""
    b, relasi = r.b, r.contoh.relasi_induk
    if bool(r.induk_kode) != bool(relasi):
        b.catat(I_RELASI, _("Isi indikator induk dan relasinya bersama-sama."))
    elif r.induk_kode == r.kode:
        b.catat(I_INDUK, _("Indikator induk harus indikator lain dari pemda yang sama."))
    elif r.induk_kode and r.induk_kode not in semua:
        ada = ktx.indikator.get(r.induk_kode)
        if ada is None or ktx.kode_simpul.get(ada.sasaran_id) not in ktx.kenal:
            b.catat(I_INDUK, _("Kode indikator induk “%s” tidak ada di lembar Indikator maupun di pohon Anda.")
                    % r.induk_kode)  # fmt: skip


def _isian_target(b: BarisLembar, i: int) -> dict[str, Decimal | None] | None:
    """A target cell: a number (nilai) or a range "lo–hi"; None when empty or wrong (the error recorded)."""
    sel = b.sel[i] if i < len(b.sel) else None
    cocok = None
    if sel is None or isinstance(sel, str):
        teks = b.teks(i)
        if not teks:
            return None
        cocok = _RENTANG.match(teks)
    if not cocok:
        nilai = b.angka(i)
        return None if nilai is None else {"nilai": nilai, "lo": None, "hi": None}
    try:
        isian = {"nilai": None, "lo": angka_atau_galat(cocok[1], "x"), "hi": angka_atau_galat(cocok[2], "x")}
        capaian.Target(**isian)  # a range's own rule (both bounds, lower ≤ upper)
    except (ValidationError, capaian.TargetTidakValid) as exc:
        b.catat(i, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return None
    return isian


class _Tampil:
    """A number as the range rule's message shows it (`angka_isian`), formatted only when a message is made:
    formatting each of 72,000 values that pass would cost more than the check itself."""

    __slots__ = ("angka",)

    def __init__(self, angka: Decimal):
        self.angka = angka

    def __str__(self) -> str:
        return angka_isian(self.angka)


def _target(r: RencanaIndikator, b: BarisLembar, ktx: Konteks, kolom: tuple, ada_target: dict, simpul: dict):
    """The row's target cells (`kolom`: the target and version columns of `tahun_kolom`) that change, checked."""
    (tahun, versi), milik, terkunci = kolom, pemilik(r.simpul_kode, simpul, ktx), _BELUM
    for i, th in tahun.items():
        isian = _isian_target(b, i)
        if isian is None:
            continue
        teks = b.teks(i) if isinstance(b.sel[i], str) else None  # the cell's text in the message
        for f, v in isian.items():
            if v is not None:
                try:
                    rentang_atau_galat(r.contoh, v, f, teks=teks or _Tampil(v))
                except ValidationError as exc:
                    b.catat(i, " ".join(exc.messages))
        ada = ada_target.get((r.ada.pk, th)) if r.ada is not None else None
        if ada is not None and all(ada[f] == v for f, v in isian.items()):
            continue
        if milik is None:
            continue  # the unknown node is already an error of this row
        if not milik.boleh_tulis:
            b.catat(i, _("Target indikator “%s” hanya baca bagi Anda.") % r.kode)
            continue
        if milik.pd_id is not None and (milik.pd_id, th) in ktx.pk_tetap:
            b.catat(i, _("PK %(t)s sudah ditetapkan: target tahun ini hanya berubah melalui revisi PK (halaman "
                         "Perjanjian Kinerja → Ubah target), bukan impor pohon.") % {"t": th})  # fmt: skip
            continue
        if terkunci is _BELUM:  # the node's lock: one for every year of the row
            terkunci = _terkunci(ktx, milik.pd_id, milik.periode_id)
        ktx.wajib_alasan(b, i, terkunci)
        if ada is not None and th in versi:  # a target changed in the application after the download
            b.versi_sama(versi[th], ada["versi"], _("Target %s indikator") % th, r.kode)
        r.target[th] = RencanaTarget(isian, ada, terkunci, versi.get(th, i))
