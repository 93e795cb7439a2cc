"""The compiled method-B plan (issue 18 (d)): a method-B instrument turned once into integer tables, so a
complete worksheet is scored with exact integer sums (`score._skor_b_penuh`) instead of Decimal per criterion.
Built by `Instrumen.__post_init__` (`kompilasi_b`); the general path in `score.py` stays the reference, and
tests/evaluasi/test_scoring.py checks the two agree field for field."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from sakip.lib.angka import DUA_DESIMAL

from .data import Band, Komponen, SkalaPredikat, _SubSiap, predikat

if TYPE_CHECKING:
    from .data import Instrumen


class SubB:
    """A method-B sub-component compiled to integers, for an evaluation whose criteria are all answered.

    Criterion value × weight is the exact integer `a / skala` (one `skala` per sub), so the sub's value,
    `sum(a) / (skala × n)` rounded half-up to 2 decimals, is the integer `q` hundredths of
    `(200 × sum(a) + penyebut) // (2 × penyebut)` with `penyebut = skala × n`: exact, the value the
    Decimal division and `bulatkan` give (compared on the scoring benchmark's 25,000 evaluations).
    `awal:akhir` is the sub's slice of the instrument's criteria.
    """

    __slots__ = ("kode", "bobot", "kriteria", "awal", "akhir", "n", "penyebut", "penyebut_2", "nilai_q")

    def __init__(self, siap: _SubSiap, awal: int) -> None:
        sub = siap.sub
        nisbah = {
            (kr.kode, kode): Fraction(*v.as_integer_ratio()) * Fraction(*sub.bobot.as_integer_ratio())
            for kr in siap.kriteria
            for kode, v in kr.nilai.items()
        }
        skala = math.lcm(*(r.denominator for r in nisbah.values()))
        self.kode, self.bobot = sub.kode, sub.bobot
        # (criterion code, answer code -> (a, criterion result, lost points or None)), in worksheet order
        self.kriteria = tuple(
            (
                kr.kode,
                {
                    kode: (int(nisbah[kr.kode, kode] * skala), hasil, poin)
                    for kode, (_, hasil, poin) in kr.penuh.items()
                },
            )
            for kr in siap.kriteria
        )
        self.n = len(siap.kriteria)
        self.awal, self.akhir = awal, awal + self.n
        self.penyebut = skala * self.n
        self.penyebut_2 = 2 * self.penyebut
        self.nilai_q: dict[int, tuple[Decimal, Decimal]] = {}  # q -> (value, points lost), see `nilai`

    def nilai(self, q: int) -> tuple[Decimal, Decimal]:
        """(value, points lost) of the sub at `q` hundredths, the Decimals `bulatkan` gives, made once each."""
        pasangan = self.nilai_q.get(q)
        if pasangan is None:
            nilai = Decimal(q).scaleb(-DUA_DESIMAL)
            pasangan = self.nilai_q[q] = (nilai, self.bobot - nilai)
        return pasangan


class RencanaB:
    """A method-B instrument compiled once: every criterion's table in worksheet order, per component its
    compiled subs, the lost-point entries in result order, and the predicate per total.

    In `kriteria` an answer gives (a, criterion result, rank of its lost-point entry or 0): `poin[rank]`
    is the entry, and the ranks order every possible entry by points, largest first, ties in worksheet
    order, so sorting an evaluation's ranks as integers is the stable sort by points the result needs.
    """

    __slots__ = ("kriteria", "poin", "komponen", "skala_predikat", "_predikat")

    def __init__(self, komponen: tuple[tuple[Komponen, tuple[SubB, ...]], ...], skala: SkalaPredikat) -> None:
        kriteria = [kr for _, subs in komponen for sb in subs for kr in sb.kriteria]
        semua = [(i, p) for i, (_, tabel) in enumerate(kriteria) for _, _, p in tabel.values() if p is not None]
        urut = sorted(semua, key=lambda ip: (-ip[1].poin, ip[0]))
        peringkat = {id(p): r for r, (_, p) in enumerate(urut, start=1)}
        self.poin = (None, *(p for _, p in urut))
        self.kriteria = tuple(
            (
                kode,
                {jawab: (a, hasil, peringkat[id(p)] if p is not None else 0) for jawab, (a, hasil, p) in tabel.items()},
            )
            for kode, tabel in kriteria
        )
        self.komponen = komponen
        self.skala_predikat = skala
        self._predikat: dict[int, Band] = {}

    def predikat(self, total_q: int, total: Decimal) -> Band:
        """The band of a total of `total_q` hundredths (`predikat`, read once per distinct total)."""
        band = self._predikat.get(total_q)
        if band is None:
            band = self._predikat[total_q] = predikat(total, self.skala_predikat)
        return band


def kompilasi_b(ins: Instrumen) -> RencanaB | None:
    """The integer plan of a method-B instrument; None (the general path) when a weight is negative."""
    if any(s.sub.bobot < 0 for s in ins._sub):
        return None
    subs, awal, komponen = iter(ins._sub), 0, []
    for k in ins.komponen:
        bagian = []
        for _ in k.subkomponen:
            bagian.append(SubB(next(subs), awal))
            awal = bagian[-1].akhir
        komponen.append((k, tuple(bagian)))
    return RencanaB(tuple(komponen), ins.skala_predikat)
