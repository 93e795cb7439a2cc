"""Writes of the nomenclature: the loader of a decree's lampiran, the one writer of its history.

`nomenklatur_muat` is all-or-nothing: every row is checked first (code shape, parent, text), and one bad
row saves nothing; the errors name the row, in Indonesian. It is idempotent: loading the same file again
changes nothing and writes no history. A later decree's file adds its new codes, records each changed
name or metadata as a change with the text before and after, restores a retired code it lists again, and,
only with `cabut_yang_hilang` (a full-replacement file), retires every code in force that it does not list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from sakip.lib.teks import masalah_karakter

from .kode import JENIS_URUT, KodeTidakValid, urai_kode
from .models import Jenis, Nomenklatur, RiwayatNomenklatur

__all__ = ["NomenklaturTidakValid", "Ringkasan", "nomenklatur_muat"]

# the columns a decree changes, with their length limits
URAIAN = {"nama": 500, "kinerja": 500, "indikator": 500, "satuan": 100}
SUMBER_MAKS = 120
_METADATA = ("kinerja", "indikator", "satuan")


class NomenklaturTidakValid(ValueError):
    """The file has errors; `galat` lists them, one sentence per problem, each naming its row."""

    def __init__(self, galat: list[str]):
        self.galat = galat
        super().__init__("\n".join(galat))


@dataclass
class Ringkasan:
    """What a load did: codes added, changed, retired, restored, and left as they were."""

    ditambah: int = 0
    diubah: int = 0
    dicabut: int = 0
    dipulihkan: int = 0
    tetap: int = 0
    riwayat: list = field(default_factory=list, repr=False)


@dataclass
class _Entri:
    baris: int
    kode: str
    jenis: str
    induk: str | None
    uraian: dict
    sumber: str


def nomenklatur_muat(*, baris: list[dict], sumber: str, cabut_yang_hilang: bool = False) -> Ringkasan:
    """Load the rows of one decree's lampiran (`berkas.baca_baris`) as described in the module docstring.
    `sumber` is the decree (e.g. "Kepmendagri 900.1.15.5-1317/2023"); a row's own `sumber` overrides it."""
    sumber = (sumber or "").strip()
    if not sumber or len(sumber) > SUMBER_MAKS:
        raise NomenklaturTidakValid([f"Sumber (nomor keputusan) wajib diisi, paling banyak {SUMBER_MAKS} karakter."])
    with transaction.atomic():
        ada = {n.kode: n for n in Nomenklatur.objects.select_for_update()}
        entri = _periksa(baris, sumber, ada)
        ringkasan = Ringkasan()
        _tambah(entri, ada, ringkasan)
        _ubah(entri, ada, ringkasan)
        if cabut_yang_hilang:
            _cabut({e.kode for e in entri}, ada, sumber, ringkasan)
        RiwayatNomenklatur.objects.bulk_create(ringkasan.riwayat)
    return ringkasan


def _periksa(baris: list[dict], sumber: str, ada: dict) -> list[_Entri]:
    """Every row checked; NomenklaturTidakValid with all the errors, or the rows as entries."""
    galat, entri, dilihat = [], [], {}
    for b in baris:
        nomor = b.get("baris", "?")
        try:
            e = _entri(b, sumber)
        except KodeTidakValid as exc:
            galat.append(f"Baris {nomor}: {exc}")
            continue
        if e.kode in dilihat:
            galat.append(f"Baris {nomor}: kode {e.kode} sudah ada di baris {dilihat[e.kode]}.")
            continue
        dilihat[e.kode] = nomor
        entri.append(e)
    for e in entri:
        if e.induk is not None and e.induk not in dilihat and e.induk not in ada:
            galat.append(
                f"Baris {e.baris}: induk {e.induk} dari kode {e.kode} tidak ada di berkas maupun di basis data."
            )
    if not entri and not galat:
        galat.append("Berkas tidak berisi satu baris kode pun.")
    if galat:
        raise NomenklaturTidakValid(galat)
    return entri


def _entri(b: dict, sumber: str) -> _Entri:
    kode = urai_kode(b.get("kode", ""))
    uraian = {k: (b.get(k) or "").strip() for k in URAIAN}
    if not uraian["nama"]:
        raise KodeTidakValid(f"nama kode {kode.kode} wajib diisi.")
    for kolom, maks in URAIAN.items():
        masalah = masalah_karakter(uraian[kolom])
        if masalah or len(uraian[kolom]) > maks:
            raise KodeTidakValid(f"kolom {kolom}: {masalah or f'paling banyak {maks} karakter'}")
    if kode.jenis != Jenis.SUB_KEGIATAN and any(uraian[k] for k in _METADATA):
        raise KodeTidakValid(f"kinerja, indikator dan satuan hanya untuk sub kegiatan, bukan {kode.kode}.")
    sumber_baris = (b.get("sumber") or "").strip() or sumber
    if len(sumber_baris) > SUMBER_MAKS or masalah_karakter(sumber_baris):
        raise KodeTidakValid(f"kolom sumber paling banyak {SUMBER_MAKS} karakter, tanpa karakter kendali.")
    return _Entri(b.get("baris", 0), kode.kode, kode.jenis, kode.induk, uraian, sumber_baris)


def _tambah(entri: list[_Entri], ada: dict, ringkasan: Ringkasan) -> None:
    """New codes, level by level so that each parent has its id before its children are made."""
    baru = [e for e in entri if e.kode not in ada]
    for jenis in JENIS_URUT:
        tingkat = [e for e in baru if e.jenis == jenis]
        dibuat = Nomenklatur.objects.bulk_create(
            Nomenklatur(
                kode=e.kode, jenis=e.jenis, induk_id=ada[e.induk].pk if e.induk else None,
                berlaku_sejak=e.sumber, sumber=e.sumber, **e.uraian,
            )
            for e in tingkat
        )  # fmt: skip
        for e, obj in zip(tingkat, dibuat, strict=True):
            ada[e.kode] = obj
            obj._baru = True
            ringkasan.riwayat.append(_riwayat(obj, RiwayatNomenklatur.Aksi.TAMBAH, e.sumber, None, _potret(obj)))
    ringkasan.ditambah = len(baru)


def _ubah(entri: list[_Entri], ada: dict, ringkasan: Ringkasan) -> None:
    """Codes whose text changed, and retired codes listed again."""
    berubah = []
    for e in entri:
        obj = ada[e.kode]
        if getattr(obj, "_baru", False):
            continue
        sebelum = _potret(obj)
        beda = {k: v for k, v in e.uraian.items() if getattr(obj, k) != v}
        if beda:
            for k, v in beda.items():
                setattr(obj, k, v)
            obj.sumber = e.sumber
            ringkasan.diubah += 1
            ringkasan.riwayat.append(_riwayat(obj, RiwayatNomenklatur.Aksi.UBAH, e.sumber, sebelum, _potret(obj)))
        if not obj.berlaku:
            obj.dicabut_pada = ""
            ringkasan.dipulihkan += 1
            ringkasan.riwayat.append(_riwayat(obj, RiwayatNomenklatur.Aksi.PULIH, e.sumber, sebelum, _potret(obj)))
        if beda or sebelum["dicabut_pada"]:
            berubah.append(obj)
        else:
            ringkasan.tetap += 1
    Nomenklatur.objects.bulk_update(berubah, [*URAIAN, "sumber", "dicabut_pada"], batch_size=1000)


def _cabut(dimuat: set[str], ada: dict, sumber: str, ringkasan: Ringkasan) -> None:
    """Retire every code in force that the full-replacement file does not list."""
    hilang = [obj for kode, obj in ada.items() if kode not in dimuat and obj.berlaku]
    for obj in hilang:
        sebelum = _potret(obj)
        obj.dicabut_pada = sumber
        ringkasan.riwayat.append(_riwayat(obj, RiwayatNomenklatur.Aksi.CABUT, sumber, sebelum, _potret(obj)))
    Nomenklatur.objects.bulk_update(hilang, ["dicabut_pada"], batch_size=1000)
    ringkasan.dicabut = len(hilang)


def _potret(obj: Nomenklatur) -> dict:
    return {k: getattr(obj, k) for k in (*URAIAN, "sumber", "dicabut_pada")}


def _riwayat(obj, aksi: str, sumber: str, sebelum, sesudah) -> RiwayatNomenklatur:
    return RiwayatNomenklatur(nomenklatur=obj, aksi=aksi, sumber=sumber, sebelum=sebelum, sesudah=sesudah)


def potret_baris(pk: int) -> dict:
    """The stored text of one code (for the admin's before/after)."""
    return _potret(Nomenklatur.objects.get(pk=pk))


def riwayat_admin(*, obj: Nomenklatur, sebelum: dict | None) -> None:
    """The history of a change the platform superuser made by hand in the admin."""
    aksi = RiwayatNomenklatur.Aksi.TAMBAH if sebelum is None else RiwayatNomenklatur.Aksi.UBAH
    RiwayatNomenklatur.objects.create(
        nomenklatur=obj, aksi=aksi, sumber=f"admin: {obj.sumber}"[:SUMBER_MAKS], sebelum=sebelum, sesudah=_potret(obj)
    )
