"""The shape of a nomenclature code (Permendagri 90/2019, Kepmendagri 050-5889/2021): pure, no ORM.

A code is dot-separated numbers; how many parts it has says what it is:

    1                    urusan (1 wajib pelayanan dasar, 2 wajib non-pelayanan dasar, 3 pilihan, ...)
    1.02                 bidang urusan (1.02 kesehatan)
    1.02.02              program
    1.02.02.2.02         kegiatan (two parts: a one-digit group and a two-digit number)
    1.02.02.2.02.0001    sub kegiatan

The parent of each code is the code without its last part, except a kegiatan, whose parent is the program
(its two parts go together). Four parts is never a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["JENIS_URUT", "KodeNomenklatur", "KodeTidakValid", "urai_kode"]

# jenis by the number of parts, and the digits of each part
_BENTUK = {
    1: ("urusan", r"\d"),
    2: ("bidang_urusan", r"\d\.\d{2}"),
    3: ("program", r"\d\.\d{2}\.\d{2}"),
    5: ("kegiatan", r"\d\.\d{2}\.\d{2}\.\d\.\d{2}"),
    6: ("sub_kegiatan", r"\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}"),
}
# from the top of the tree down: parents always come before their children
JENIS_URUT = ("urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan")
KODE_MAKS = 17  # len("1.02.02.2.02.0001")


class KodeTidakValid(ValueError):
    """A code that is not of any nomenclature shape; the message is for people, in Indonesian."""


@dataclass(frozen=True)
class KodeNomenklatur:
    """A parsed code: the code itself, its jenis and its parent's code (None for an urusan)."""

    kode: str
    jenis: str
    induk: str | None


def urai_kode(kode: str) -> KodeNomenklatur:
    """Parse `kode` (surrounding spaces ignored): its jenis and its parent, or KodeTidakValid."""
    teks = (kode or "").strip() if isinstance(kode, str) else ""
    if not teks:
        raise KodeTidakValid("Kode wajib diisi (sebagai teks, mis. 1.02.02.2.02.0001).")
    if len(teks) > KODE_MAKS:
        raise KodeTidakValid(f"Kode “{teks[:30]}” terlalu panjang.")
    bagian = teks.split(".")
    bentuk = _BENTUK.get(len(bagian))
    if bentuk is None or not teks.isascii() or not re.fullmatch(bentuk[1], teks):
        raise KodeTidakValid(
            f"Kode “{teks}” tidak berbentuk kode nomenklatur (urusan 1, bidang 1.02, program 1.02.02, "
            "kegiatan 1.02.02.2.02, sub kegiatan 1.02.02.2.02.0001)."
        )
    if set(bagian[0]) == {"0"} or set(bagian[-1]) == {"0"}:
        raise KodeTidakValid(f"Kode “{teks}” tidak boleh bernomor nol.")
    jenis = bentuk[0]
    induk = None if len(bagian) == 1 else ".".join(bagian[:3] if jenis == "kegiatan" else bagian[:-1])
    return KodeNomenklatur(kode=teks, jenis=jenis, induk=induk)
