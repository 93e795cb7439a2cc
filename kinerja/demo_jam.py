"""The demo city's clock (issue 17 point 9): which years the demo fills, and how far, read from one date.

`muat_demo` builds the demo as of `hari_ini_demo()` -- the clock (`timezone.localdate()`), or the date given
with `muat_demo --hari-ini YYYY-MM-DD` (tests pass it explicitly). From that date:

- the current year (`tahun`) holds the live work: the quarters before THE due quarter
  (`kinerja.services.realisasi.triwulan_jatuh_tempo`) verified, the due quarter in mixed states (one PD's
  returned, one PD's empty: late once its deadline has passed), action plan months through the last finished
  month, the evaluations in progress;
- the two years before it (`tahun_terverifikasi`) are complete: four verified quarters, evaluations final,
  so the previous year has a full LKjIP;
- the next year (`tahun_depan`) has targets and draft PKs, so the demo keeps working when the calendar moves on;
- the RPJMD/Renstra period (`periode`) contains the complete years, the current and the next one: 2021–2026
  while the current year is at most 2025, then the five years from two before it to two after it (2024–2028
  in 2026): one period, so the tree's nodes, budgets and LKjIP of every demo year belong to it.

Everything random in the demo is seeded by the year (`benih`), never by the time of the run: the same date
gives the same rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from perangkat_daerah.demo import hari_ini_demo

PERIODE_LAMA = (2021, 2026)  # the RPJMD 2021–2026, kept while the current year is at most 2025


def periode_demo(tahun: int) -> tuple[int, int]:
    """The demo's RPJMD period (first and last year) for current year `tahun`: 2021–2026 up to 2025, then the
    five years from two before `tahun` to two after, so the complete years, the current and the next one all lie
    in it (a tree node and its budget belong to one period: kinerja/services/anggaran_sub_kegiatan.py)."""
    if tahun <= PERIODE_LAMA[1] - 1:
        return PERIODE_LAMA
    return tahun - 2, tahun + 2


@dataclass(frozen=True)
class JamDemo:
    """The demo's years and quarter as of `hari_ini`."""

    hari_ini: datetime.date

    @property
    def tahun(self) -> int:
        """The current year: the live work."""
        return self.hari_ini.year

    @property
    def tahun_lalu(self) -> int:
        return self.tahun - 1

    @property
    def tahun_depan(self) -> int:
        return self.tahun + 1

    @property
    def tahun_terverifikasi(self) -> tuple[int, int]:
        """The complete years before the current: every quarter verified, evaluations final."""
        return self.tahun - 2, self.tahun - 1

    @property
    def tahun_anggaran(self) -> tuple[int, int, int]:
        """The years with budgets and their spending (the current one through the due quarter)."""
        return (*self.tahun_terverifikasi, self.tahun)

    @property
    def periode(self) -> tuple[int, int]:
        return periode_demo(self.tahun)

    @property
    def tahun_target(self) -> range:
        """The years with targets: the period, and the complete years before it when it began later."""
        mulai, akhir = self.periode
        return range(min(mulai, self.tahun_terverifikasi[0]), max(akhir, self.tahun_depan) + 1)

    @property
    def triwulan(self) -> int:
        """THE due quarter of the current year (the operator's starting point)."""
        from .services.realisasi import triwulan_jatuh_tempo

        return triwulan_jatuh_tempo(self.tahun, self.hari_ini)

    @property
    def bulan_terakhir(self) -> int:
        """The last finished month of the current year (0 in January)."""
        return self.hari_ini.month - 1

    @property
    def benih(self) -> int:
        """What the demo's random streams add to their seeds: the year, never the time of the run."""
        return self.tahun

    def kemarin(self, jam: int = 10) -> datetime.datetime:
        """A moment of the day before today, for a row that must not lie in the future."""
        return timezone.make_aware(
            datetime.datetime.combine(self.hari_ini - datetime.timedelta(days=1), datetime.time(jam))
        )


def jam_demo(hari: datetime.date | None = None) -> JamDemo:
    """The demo's clock as of `hari` (default: the clock)."""
    return JamDemo(hari_ini_demo(hari))
