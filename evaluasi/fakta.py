"""Facts from the product beside each LKE criterion (issue 15 point 2): THE registry of fact definitions.

A fact is a figure the product computes from its own data for a pemda or one of its PD and a year, such as
"Indikator dengan manual IK final: 6 dari 8". Each definition states its key (stored in the admin-edited
mapping `FaktaKriteria.kunci`: never rename one), its label, how it is computed (`definisi`, shown on the pages
and written in docs/FAKTA.md), the function that computes it and the page that proves it.

Facts are registered by the app that owns their data, so the imports keep pointing one way (pretix's exporter
registry): `evaluasi/selectors/fakta_kinerja.py` (performance tree, IKU, realisations, targets, budgets,
recommendations) when evaluasi is ready, `laporan/fakta.py` (the LKjIP and its reviu) when laporan is ready.
Which facts stand beside which criterion is data (`FaktaKriteria`); `evaluasi/selectors/fakta.py` computes a
worksheet's facts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka

PERSEN_PENUH = Decimal(100)


@dataclass
class Lingkup:
    """What facts are computed for: the pemda, one PD (None: the pemda as a whole) and a year, read as `user`, who
    has already passed the worksheet's choke point. `bersama` keeps the reads several facts share (the tree's
    quality checks), loaded once per worksheet."""

    user: Any
    pemda_id: int
    perangkat_daerah: PerangkatDaerah | None
    tahun: int
    hari_ini: datetime.date
    bersama: dict = field(default_factory=dict)

    @property
    def kota(self) -> bool:
        return self.perangkat_daerah is None

    def sekali(self, kunci: str, muat: Callable[[], Any]) -> Any:
        """`muat()` the first time `kunci` is asked for in this scope, the same value afterwards."""
        if kunci not in self.bersama:
            self.bersama[kunci] = muat()
        return self.bersama[kunci]


@dataclass(frozen=True)
class Nilai:
    """A fact's value: the text shown ("6 dari 8"), the exact share in percent (None: nothing to count, so no
    figure), the period it covers and, when short of 100 %, what is missing."""

    teks: str
    persen: Decimal | None
    periode: str
    rincian: str = ""

    @property
    def kurang(self) -> bool:
        """Below 100 %: the product's own data says something is missing."""
        return self.persen is not None and self.persen < PERSEN_PENUH


@dataclass(frozen=True)
class Fakta:
    """One fact definition: key, label, how it is computed, the function computing it and the URL of the page
    that proves it (both given the scope)."""

    kunci: str
    label: Promise
    definisi: Promise
    hitung: Callable[[Lingkup], Nilai]
    url: Callable[[Lingkup], str]


_DAFTAR: dict[str, Fakta] = {}


def daftarkan(fakta: Fakta) -> Fakta:
    """Register a fact definition; a key registered twice is a programming error."""
    if fakta.kunci in _DAFTAR and _DAFTAR[fakta.kunci] is not fakta:
        raise ValueError(f"Fakta {fakta.kunci} sudah terdaftar.")
    _DAFTAR[fakta.kunci] = fakta
    return fakta


def semua() -> list[Fakta]:
    """Every registered fact, in registration order."""
    return list(_DAFTAR.values())


def cari(kunci: str) -> Fakta | None:
    """The fact of `kunci`, or None (a mapping row whose fact is no longer registered is skipped)."""
    return _DAFTAR.get(kunci)


def pilihan() -> list[tuple[str, str]]:
    """(key, label) of every fact, for the admin's choice of a criterion's facts."""
    return [(f.kunci, f"{f.label} ({f.kunci})") for f in _DAFTAR.values()]


def x_dari_n(x: int, n: int) -> str:
    """ "6 dari 8", the way every counted fact reads."""
    return _("%(x)s dari %(n)s") % {"x": format_angka(x, 0), "n": format_angka(n, 0)}
