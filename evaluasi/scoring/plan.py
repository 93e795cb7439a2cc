"""Planning: the fewest answer changes that lift a worksheet to a target total or predicate (a knapsack
over the sub-components' options, exact in `Decimal`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from sakip.lib.angka import bulatkan

from .data import (
    _NOL,
    JENIS_KRITERIA,
    JENIS_SUBKOMPONEN,
    METODE_B,
    Band,
    Instrumen,
    SkalaPredikat,
    TabelNilaiA,
    _KriteriaSiap,
    _SubSiap,
    predikat,
    total_minimal,
    usulan_nilai_a,
)
from .score import _nilai_rata, score

# --- Planning: the fewest changes that reach a target -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Perubahan:
    """One change of a plan: a criterion's answer (method B) or a sub-component's grade (method A).

    `tambahan` is the gain in total points with the plan's earlier changes of the same sub-component
    applied (largest gap first). Rounded sub-component values make single gains depend on that order,
    but the gains of a plan add up exactly to its total minus the current total.
    For method A, `kriteria_belum_terpenuhi` names the criteria of the sub not yet met (T or unanswered).
    """

    kode: str
    jenis: str
    subkomponen_kode: str
    dari: str | None
    ke: str
    tambahan: Decimal
    kriteria_belum_terpenuhi: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rencana:
    """A what-if plan. When `tercapai` is False no set of changes reaches `target_total`, and
    `perubahan` is instead the fewest changes giving the highest total the worksheet allows."""

    tercapai: bool
    target_total: Decimal
    target_predikat: str | None
    total_awal: Decimal
    total: Decimal
    predikat: Band
    perubahan: tuple[Perubahan, ...]

    @property
    def jumlah_perubahan(self) -> int:
        """Number of changes in the plan."""
        return len(self.perubahan)


@dataclass(frozen=True, slots=True)
class _Opsi:
    """A sub-component's best rounded value with a given number of changes, and which changes."""

    nilai: Decimal
    naik: tuple[_KriteriaSiap, ...] = ()  # answered criteria raised to the top of their scale
    isi: tuple[_KriteriaSiap, ...] = ()  # unanswered criteria answered at the top of their scale
    nilai_a: str | None = None


def plan(
    instrumen: Instrumen,
    jawaban: Mapping[str, str | None],
    target_total: Decimal | None = None,
    target_predikat: str | None = None,
    nilai_sub: Mapping[str, str | None] | None = None,
    nilai_maks_a: str | None = None,
) -> Rencana:
    """The fewest answer changes that make the total reach the target; ties go to the highest total.

    The target is `target_total` (total >= it), `target_predikat` (the smallest total of that band:
    BB needs 70.01 under the default rule), or both. Method B changes a criterion at most once, to the
    top of its scale; unanswered criteria may be answered (from None). Method A changes a
    sub-component's grade, up to `nilai_maks_a`, by default the all-met grade (BB): A and AA need the
    evaluator's judgement. Exact despite rounding: per sub-component the best rounded value for every
    number of changes (raise the criteria with the largest gaps, fill the missing ones with the largest
    top values), then a knapsack over sub-components on number of changes -> highest total.
    Unanswered criteria stay out of the means as in `score`, so with missing answers the plan is as
    provisional as the score.
    """
    awal = score(instrumen, jawaban, nilai_sub)
    ambang = _ambang(instrumen.skala_predikat, target_total, target_predikat)
    nilai_sub = nilai_sub or {}
    if instrumen.metode == METODE_B:
        opsi = [_opsi_sub_b(s, jawaban) for s in instrumen._sub]
    else:
        maks = _nilai_maks_a(instrumen.tabel_nilai_a, nilai_maks_a)
        opsi = [_opsi_sub_a(s, nilai_sub.get(s.sub.kode), maks, instrumen.tabel_nilai_a) for s in instrumen._sub]
    terbaik, jejak = _knapsack(opsi)
    k = next((k for k, total in enumerate(terbaik) if total >= ambang), None)
    tercapai = k is not None
    k = k if tercapai else terbaik.index(max(terbaik))
    perubahan = []
    for siap, pilihan, j in zip(instrumen._sub, opsi, _lacak(jejak, k), strict=True):
        if j:
            perubahan.extend(_langkah(siap, jawaban, nilai_sub, pilihan[0], pilihan[j]))
    perubahan.sort(key=attrgetter("tambahan"), reverse=True)
    total = terbaik[k]
    return Rencana(
        tercapai=tercapai,
        target_total=ambang,
        target_predikat=target_predikat,
        total_awal=awal.total,
        total=total,
        predikat=predikat(total, instrumen.skala_predikat),
        perubahan=tuple(perubahan),
    )


def _ambang(skala: SkalaPredikat, target_total: Decimal | None, target_predikat: str | None) -> Decimal:
    """The smallest total that meets every target given."""
    if target_total is None and target_predikat is None:
        raise ValueError("Tentukan target nilai total atau target predikat.")
    batas = [] if target_total is None else [Decimal(target_total)]
    if target_predikat is not None:
        batas.append(total_minimal(target_predikat, skala))
    return max(batas)


def _nilai_maks_a(tabel: TabelNilaiA, nilai_maks_a: str | None) -> str:
    """The highest grade a plan may give: `nilai_maks_a`, or by default the all-met grade (BB)."""
    maks = nilai_maks_a or usulan_nilai_a(1, 1, tabel)
    if maks not in tabel.bagian:
        raise ValueError(f"Nilai maksimal {maks!r} tidak ada pada tabel nilai.")
    return maks


def _opsi_sub_b(siap: _SubSiap, jawaban: Mapping[str, str | None]) -> list[_Opsi]:
    """Index j: the best option with exactly j changes in this sub-component."""
    bobot = siap.sub.bobot
    dijawab = [(kr, kr.nilai[jawaban[kr.kode]]) for kr in siap.kriteria if jawaban.get(kr.kode) is not None]
    naik = sorted((p for p in dijawab if p[1] < p[0].maks), key=lambda p: p[0].maks - p[1], reverse=True)
    isi = sorted((kr for kr in siap.kriteria if jawaban.get(kr.kode) is None), key=attrgetter("maks"), reverse=True)
    jumlah = sum((v for _, v in dijawab), _NOL)
    terbaik: dict[int, _Opsi] = {}
    for r in range(len(naik) + 1):
        jumlah_r = jumlah + sum((kr.maks - v for kr, v in naik[:r]), _NOL)
        for f in range(len(isi) + 1):
            nilai = _nilai_rata(jumlah_r + sum((kr.maks for kr in isi[:f]), _NOL), len(dijawab) + f, bobot)
            if r + f not in terbaik or nilai > terbaik[r + f].nilai:
                terbaik[r + f] = _Opsi(nilai, tuple(kr for kr, _ in naik[:r]), tuple(isi[:f]))
    return [terbaik[j] for j in range(len(terbaik))]


def _opsi_sub_a(siap: _SubSiap, sekarang: str | None, maks: str, tabel: TabelNilaiA) -> list[_Opsi]:
    """Method A: keep the grade, or (one change) raise it to `maks` when that is higher."""
    bobot = siap.sub.bobot
    tetap = _Opsi(_NOL if sekarang is None else bulatkan(tabel.bagian[sekarang] * bobot), nilai_a=sekarang)
    if sekarang is not None and tabel.bagian[sekarang] >= tabel.bagian[maks]:
        return [tetap]
    return [tetap, _Opsi(bulatkan(tabel.bagian[maks] * bobot), nilai_a=maks)]


def _knapsack(opsi: list[list[_Opsi]]) -> tuple[list[Decimal], list[list[int]]]:
    """terbaik[k]: the highest total with exactly k changes; jejak[s][k]: changes taken in sub s."""
    terbaik: list[Decimal] = [_NOL]
    jejak = []
    for pilihan in opsi:
        baru: list[Decimal | None] = [None] * (len(terbaik) + len(pilihan) - 1)
        dipilih = [0] * len(baru)
        for k, total in enumerate(terbaik):
            for j, o in enumerate(pilihan):
                calon = total + o.nilai
                if baru[k + j] is None or calon > baru[k + j]:
                    baru[k + j], dipilih[k + j] = calon, j
        terbaik = baru
        jejak.append(dipilih)
    return terbaik, jejak


def _lacak(jejak: list[list[int]], k: int) -> list[int]:
    """Walk the knapsack back from k changes: how many changes each sub-component takes."""
    pilihan = []
    for dipilih in reversed(jejak):
        pilihan.append(dipilih[k])
        k -= dipilih[k]
    return pilihan[::-1]


def _langkah(
    siap: _SubSiap,
    jawaban: Mapping[str, str | None],
    nilai_sub: Mapping[str, str | None],
    awal: _Opsi,
    opsi: _Opsi,
) -> list[Perubahan]:
    """The changes of one sub-component's chosen option, each with its gain in total points."""
    sub = siap.sub
    if opsi.nilai_a is not None:
        belum = tuple(kr.kode for kr in siap.kriteria if kr.nilai.get(jawaban.get(kr.kode)) != kr.maks)
        dari = nilai_sub.get(sub.kode)
        return [Perubahan(sub.kode, JENIS_SUBKOMPONEN, sub.kode, dari, opsi.nilai_a, opsi.nilai - awal.nilai, belum)]
    dijawab = [kr.nilai[jawaban[kr.kode]] for kr in siap.kriteria if jawaban.get(kr.kode) is not None]
    jumlah, m = sum(dijawab, _NOL), len(dijawab)
    sebelum, langkah = awal.nilai, []
    for kr in opsi.naik + opsi.isi:
        dari = jawaban.get(kr.kode)
        jumlah, m = (jumlah + kr.maks, m + 1) if dari is None else (jumlah + kr.maks - kr.nilai[dari], m)
        sesudah = _nilai_rata(jumlah, m, sub.bobot)
        langkah.append(Perubahan(kr.kode, JENIS_KRITERIA, sub.kode, dari, kr.kode_maks, sesudah - sebelum))
        sebelum = sesudah
    return langkah
