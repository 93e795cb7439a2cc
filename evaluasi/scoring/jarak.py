"""How far a total stands from a target and from the next predicate (DOMAIN.md §3): THE rule behind every
"kurang … dari target" and "perlu tambahan …" the pages print, so the two figures always come from one
place and can be explained together (69,04 is 0,96 short of 70,00, but 70,00 is still B: BB needs more
than 70,00, at least 70,01, so 0,97 more)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sakip.lib.angka import bulatkan

from .data import _NOL, Band, SkalaPredikat, predikat, total_minimal


@dataclass(frozen=True, slots=True)
class JarakTarget:
    """A total against a target and against the band just above its own."""

    total: Decimal
    predikat: Band  # the band of `total`
    target: Decimal
    kurang_target: Decimal  # target − total, 0 once the target is reached
    predikat_target: Band  # the band of a total exactly at the target (70,00 → B by default)
    berikutnya: Band | None  # the band just above `predikat`; None at the top
    minimal_berikutnya: Decimal | None  # the smallest 2-decimal total that earns it (70,01 by default)
    butuh: Decimal  # the points that reach both the target and the next band; 0 when nothing is left

    @property
    def target_tercapai(self) -> bool:
        """The target counts as met at exactly the target (70,00 meets 70)."""
        return self.kurang_target == _NOL

    @property
    def kurang_berikutnya(self) -> Decimal | None:
        """The points to the next band (0,97 from 69,04 to 70,01); None at the top."""
        return None if self.minimal_berikutnya is None else self.minimal_berikutnya - self.total

    @property
    def batas_eksklusif(self) -> bool:
        """The next band needs more than its lower bound (the default rule), not the bound itself."""
        return self.berikutnya is not None and self.minimal_berikutnya > self.berikutnya.batas_bawah

    @property
    def target_di_bawah_berikutnya(self) -> bool:
        """A total exactly at the target keeps a band below the next one (70,00 is still B)."""
        return self.berikutnya is not None and self.predikat_target.batas_atas <= self.berikutnya.batas_bawah


def jarak_target(total: Decimal, target: Decimal, skala: SkalaPredikat) -> JarakTarget:
    """Where `total` stands against `target` and the next band of `skala`, all at 2 decimals."""
    total, target = bulatkan(total), bulatkan(target)
    band = predikat(total, skala)
    naik = skala.urut_turun()[::-1]
    i = naik.index(band)
    berikutnya = naik[i + 1] if i + 1 < len(naik) else None
    minimal = total_minimal(berikutnya.kode, skala) if berikutnya else None
    sasaran = max(target, minimal) if minimal is not None else target
    return JarakTarget(
        total=total,
        predikat=band,
        target=target,
        kurang_target=max(target - total, _NOL),
        predikat_target=predikat(target, skala),
        berikutnya=berikutnya,
        minimal_berikutnya=minimal,
        butuh=max(sasaran - total, _NOL),
    )
