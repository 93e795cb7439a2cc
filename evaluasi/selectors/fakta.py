"""The facts of one worksheet (issue 15 point 2): for each criterion the facts mapped to it (`FaktaKriteria`, data),
computed once each for the evaluation's PD (or the pemda) and year, in a fixed number of queries whatever the
number of criteria, indicators or nodes; and the plan's list of improvements the product's own data says are
missing (a criterion with a fact below 100 %).

Access: called only for an evaluation already fetched through the choke point (`ambil_evaluasi`), so a user who
may not see the worksheet never gets its facts; each fact's reads go through `for_user` as well."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from sakip.lib.angka import format_angka, format_persen

from .. import scoring
from ..fakta import Lingkup, cari
from ..models import Evaluasi, FaktaKriteria
from .mesin import InstrumenSiap


@dataclass(frozen=True)
class FaktaTampil:
    """A fact as a page shows it beside a criterion: label, value, share, period, the proving page, what is
    missing, and the definition."""

    kunci: str
    label: str
    definisi: str
    teks: str
    persen: Decimal | None
    periode: str
    url: str
    rincian: str
    kurang: bool

    @property
    def persen_teks(self) -> str:
        return format_persen(self.persen) if self.persen is not None else ""


def lingkup_evaluasi(evaluasi: Evaluasi, *, user, hari_ini=None) -> Lingkup:
    """The scope of an evaluation's facts: its PD (None: the pemda as a whole) and its year."""
    return Lingkup(
        user=user, pemda_id=evaluasi.pemda_id, perangkat_daerah=evaluasi.perangkat_daerah, tahun=evaluasi.tahun,
        hari_ini=hari_ini or timezone.localdate(),
    )  # fmt: skip


def peta_fakta(instrumen_id: int) -> dict[str, list[str]]:
    """The fact keys mapped to each criterion of an instrument, by criterion code, in their order (one query)."""
    peta: dict[str, list[str]] = {}
    baris = FaktaKriteria.objects.filter(kriteria__subkomponen__komponen__instrumen_id=instrumen_id)
    for kode, kunci in baris.order_by("kriteria__kode", "urutan", "kunci").values_list("kriteria__kode", "kunci"):
        peta.setdefault(kode, []).append(kunci)
    return peta


def fakta_lembar(*, evaluasi: Evaluasi, user, hari_ini=None) -> dict[str, list[FaktaTampil]]:
    """The facts beside each criterion of `evaluasi`'s worksheet, by criterion code. Each mapped fact is computed
    once (a fact no longer registered is skipped)."""
    peta = peta_fakta(evaluasi.instrumen_id)
    lingkup = lingkup_evaluasi(evaluasi, user=user, hari_ini=hari_ini)
    dihitung = {}
    for kunci in dict.fromkeys(k for daftar in peta.values() for k in daftar):
        fakta = cari(kunci)
        if fakta is not None:
            nilai = fakta.hitung(lingkup)
            dihitung[kunci] = FaktaTampil(
                kunci=kunci, label=str(fakta.label), definisi=str(fakta.definisi), teks=nilai.teks,
                persen=nilai.persen, periode=nilai.periode, url=fakta.url(lingkup), rincian=nilai.rincian,
                kurang=nilai.kurang,
            )  # fmt: skip
    return {kode: [dihitung[k] for k in daftar if k in dihitung] for kode, daftar in peta.items()}


def tempel(komponen: list[dict], fakta: dict[str, list[FaktaTampil]]) -> None:
    """Give each criterion row of the worksheet (`tampilan.baris_lembar`) its facts, as `fakta`."""
    for k in komponen:
        for s in k["subs"]:
            for kr in s["kriteria"]:
                kr["fakta"] = fakta.get(kr["info"].kode, [])


@dataclass(frozen=True)
class PerbaikanFakta:
    """A criterion whose facts say something is missing: its answer, the points it loses now and those facts."""

    kode: str
    uraian: str
    jawaban: str
    poin: str
    fakta: list[FaktaTampil]


def perbaikan_fakta(
    siap: InstrumenSiap, hasil: scoring.Hasil, fakta: dict[str, list[FaktaTampil]]
) -> list[PerbaikanFakta]:
    """The improvements the product's own data says are missing: every criterion with a mapped fact below 100 %,
    ranked by the points the criterion loses now (what fixing it can gain), then by how far its fact falls short,
    then in the worksheet's order. No query."""
    poin = {p.kode: p.poin for p in hasil.poin_hilang if p.jenis == scoring.JENIS_KRITERIA}
    jawaban = {kr.kode: kr.jawaban for k in hasil.komponen for s in k.subkomponen for kr in s.kriteria}
    urutan = {kode: i for i, kode in enumerate(siap.kriteria_kode)}
    calon = []
    for kode, daftar in fakta.items():
        kurang = [f for f in daftar if f.kurang]
        if kurang and kode in siap.kriteria_kode:
            hilang = poin.get(kode, Decimal(0))
            calon.append(((-hilang, min(f.persen for f in kurang), urutan[kode]), kode, hilang, kurang))
    calon.sort(key=lambda c: c[0])
    return [
        PerbaikanFakta(kode=kode, uraian=siap.kriteria_kode[kode].uraian, jawaban=jawaban.get(kode) or "",
                       poin=format_angka(hilang), fakta=kurang)
        for _urut, kode, hilang, kurang in calon
    ]  # fmt: skip
