"""Scoring a worksheet (DOMAIN.md §2.2): criterion values → sub-component values rounded half-up to two
decimals → component sums → total → predicate, with the points each unanswered or partly met item lost."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from operator import attrgetter

from sakip.lib.angka import bulatkan

from .data import (
    _NOL,
    JENIS_KRITERIA,
    JENIS_SUBKOMPONEN,
    METODE_A,
    METODE_B,
    Hasil,
    HasilKomponen,
    HasilKriteria,
    HasilSubKomponen,
    Instrumen,
    PoinHilang,
    TabelNilaiA,
    _bagi,
    _IsiHasil,
    _IsiKomponen,
    _IsiSub,
    _KriteriaSiap,
    _SubSiap,
    nilai_a_melebihi_dukungan,
    predikat,
    usulan_nilai_a,
)
from .rencana_b import RencanaB

# --- Scoring ------------------------------------------------------------------------------------------


def score(
    instrumen: Instrumen, jawaban: Mapping[str, str | None], nilai_sub: Mapping[str, str | None] | None = None
) -> Hasil:
    """Score one evaluation: per sub-component, per component, total, predicate and lost points.

    `jawaban` maps criterion code -> answer code; a missing key or None means not answered yet.
    `nilai_sub` (method A only) maps sub-component code -> the evaluator's grade.

    Missing answers are never counted as 0 silently: the result has `lengkap=False` and lists them.
    Method B scores a sub-component by the mean over its *answered* criteria; a sub with no answer at
    all is worth 0 and its criteria are listed as unanswered. Method A scores a sub by its grade; a
    sub without a grade is worth 0 and listed in `subkomponen_belum_dinilai`; `usulan` is the grade
    proposed by the share of Y answers (None until all of its criteria are answered).

    Lost points (`poin_hilang`, points of the total, rounded to 2 decimals, largest first):
    method B, criterion = (max − value) / answered criteria of its sub × sub weight. Method A: a graded
    sub loses weight − value; the part below the all-met grade (BB) is split equally over its criteria
    not met (answered below the top of their scale), the rest (what only A/AA judgement earns, or all of
    it when no criterion is unmet) is one entry for the sub-component itself. Unanswered criteria and
    ungraded subs have no lost-points entry. For a complete evaluation the entries add up to
    maximum − total within 0.005 × (criteria + sub-components), the rounding of each entry and part.
    """
    if not jawaban.keys() <= instrumen._kode_kriteria:
        asing = sorted(set(jawaban) - instrumen._kode_kriteria)
        raise ValueError(f"Kriteria {', '.join(asing)} tidak ada pada instrumen {instrumen.kode}.")
    if instrumen.metode == METODE_B:
        if nilai_sub:
            raise ValueError("Nilai subkomponen hanya dipakai pada instrumen metode A.")
        if instrumen._rencana_b is not None:
            hasil = _skor_b_penuh(instrumen, instrumen._rencana_b, jawaban)
            if hasil is not None:
                return hasil
        hasil_sub = [_skor_sub_b(s, jawaban) for s in instrumen._sub]
    else:
        nilai_sub = nilai_sub or {}
        kode_sub = {s.sub.kode for s in instrumen._sub}
        if not nilai_sub.keys() <= kode_sub:
            raise ValueError(f"Subkomponen {', '.join(sorted(set(nilai_sub) - kode_sub))} tidak dikenal.")
        hasil_sub = [
            _skor_sub_a(s, jawaban, nilai_sub.get(s.sub.kode), instrumen.tabel_nilai_a) for s in instrumen._sub
        ]
    return _rangkum(instrumen, hasil_sub)


def _skor_b_penuh(instrumen: Instrumen, rencana: RencanaB, jawaban: Mapping[str, str | None]) -> Hasil | None:
    """Method B with every criterion answered on its scale: only the arithmetic, on the compiled plan.

    None when an answer is missing, None or not on its criterion's scale: the general path scores (or
    refuses) it. Same result as the general path, field for field (see `rencana_b.SubB`); the result objects are
    filled as their `_Isi*` twins (see `_kembaran`), every field set.
    """
    try:
        baris = [tabel[jawaban[kode]] for kode, tabel in rencana.kriteria]
    except KeyError:  # missing, None or unknown answer code
        return None
    nilai_a, hasil_kr, peringkat = zip(*baris, strict=True)
    komponen, total_q = [], 0
    for k, subs in rencana.komponen:
        bagian, komponen_q = [], 0
        for sb in subs:
            q = (200 * sum(nilai_a[sb.awal : sb.akhir]) + sb.penyebut) // sb.penyebut_2
            h = _IsiSub()
            h.kode, h.bobot, (h.nilai, h.poin_hilang) = sb.kode, sb.bobot, sb.nilai_q.get(q) or sb.nilai(q)
            h.jumlah_kriteria = h.jumlah_terjawab = sb.n
            h.lengkap, h.kriteria, h.nilai_a, h.usulan = True, hasil_kr[sb.awal : sb.akhir], None, None
            h.jumlah_terpenuhi, h.melebihi_dukungan = 0, False
            h.__class__ = HasilSubKomponen
            bagian.append(h)
            komponen_q += q
        hk = _IsiKomponen()
        hk.kode, hk.bobot, hk.nilai, hk.subkomponen = k.kode, k.bobot, Decimal(komponen_q).scaleb(-2), tuple(bagian)
        hk.__class__ = HasilKomponen
        komponen.append(hk)
        total_q += komponen_q
    poin = rencana.poin  # by rank: points, largest first, ties in worksheet order (see `RencanaB`)
    hasil = _IsiHasil()
    hasil.instrumen_kode, hasil.metode, hasil.komponen = instrumen.kode, instrumen.metode, tuple(komponen)
    hasil.total = Decimal(total_q).scaleb(-2)
    hasil.predikat = rencana.predikat(total_q, hasil.total)
    hasil.lengkap, hasil.jumlah_kriteria = True, len(instrumen._kode_kriteria)
    hasil.jumlah_terjawab = hasil.jumlah_kriteria
    hasil.kriteria_belum_dijawab, hasil.subkomponen_belum_dinilai = (), ()
    hasil.poin_hilang = tuple([poin[r] for r in sorted(filter(None, peringkat))])
    hasil.__class__ = Hasil
    return hasil


def _nilai_jawaban(kr: _KriteriaSiap, kode: str) -> Decimal:
    nilai = kr.nilai.get(kode)
    if nilai is None:
        raise ValueError(f"Jawaban {kode!r} untuk kriteria {kr.kode} tidak ada pada skalanya.")
    return nilai


def _skor_sub_b(siap: _SubSiap, jawaban: Mapping[str, str | None]) -> tuple[HasilSubKomponen, list]:
    sub = siap.sub
    kode_jawaban = [jawaban.get(kr.kode) for kr in siap.kriteria]
    # The common case, all answered with valid codes: per-criterion results are precomputed per answer code.
    baris = (
        None if None in kode_jawaban else [kr.penuh.get(k) for kr, k in zip(siap.kriteria, kode_jawaban, strict=True)]
    )
    if baris is not None and None not in baris:
        nilai = _bagi(sum(b[0] for b in baris) * sub.bobot, len(baris))
        hasil = HasilSubKomponen(
            sub.kode,
            sub.bobot,
            nilai,
            sub.bobot - nilai,
            len(baris),
            len(baris),
            True,
            tuple(b[1] for b in baris),
        )
        return hasil, [b[2] for b in baris if b[2] is not None]
    return _skor_sub_b_sebagian(siap, kode_jawaban)  # also refuses codes not on a criterion's scale


def _skor_sub_b_sebagian(siap: _SubSiap, kode_jawaban: list[str | None]) -> tuple[HasilSubKomponen, list]:
    sub = siap.sub
    nilai_kr = [None if k is None else _nilai_jawaban(kr, k) for kr, k in zip(siap.kriteria, kode_jawaban, strict=True)]
    m = sum(v is not None for v in nilai_kr)
    nilai = _bagi(sum(v for v in nilai_kr if v is not None) * sub.bobot, m) if m else _NOL
    hasil_kr, poin = [], []
    for kr, kode, v in zip(siap.kriteria, kode_jawaban, nilai_kr, strict=True):
        hilang = None if v is None else _bagi((kr.maks - v) * sub.bobot, m)
        hasil_kr.append(HasilKriteria(kr.kode, kode, v, hilang))
        if hilang:
            poin.append(PoinHilang(kr.kode, JENIS_KRITERIA, sub.kode, siap.komponen.kode, hilang))
    n = len(siap.kriteria)
    hasil = HasilSubKomponen(sub.kode, sub.bobot, nilai, sub.bobot - nilai, n, m, False, tuple(hasil_kr))
    return hasil, poin


def _skor_sub_a(
    siap: _SubSiap, jawaban: Mapping[str, str | None], nilai_a: str | None, tabel: TabelNilaiA
) -> tuple[HasilSubKomponen, list]:
    sub = siap.sub
    kode_jawaban = [jawaban.get(kr.kode) for kr in siap.kriteria]
    nilai_kr = [None if k is None else _nilai_jawaban(kr, k) for kr, k in zip(siap.kriteria, kode_jawaban, strict=True)]
    belum = [kr for kr, v in zip(siap.kriteria, nilai_kr, strict=True) if v is not None and v < kr.maks]
    n, m = len(siap.kriteria), sum(v is not None for v in nilai_kr)
    usulan = usulan_nilai_a(n - len(belum), n, tabel) if m == n else None
    if nilai_a is not None and nilai_a not in tabel.bagian:
        raise ValueError(f"Nilai {nilai_a!r} untuk subkomponen {sub.kode} tidak ada pada tabel nilai.")
    nilai = _NOL if nilai_a is None else bulatkan(tabel.bagian[nilai_a] * sub.bobot)
    hilang_kr, poin = _poin_hilang_a(siap, tabel, nilai, belum) if nilai_a is not None else ({}, [])
    hasil_kr = tuple(
        HasilKriteria(kr.kode, k, v, None if v is None or nilai_a is None else hilang_kr.get(kr.kode, _NOL))
        for kr, k, v in zip(siap.kriteria, kode_jawaban, nilai_kr, strict=True)
    )
    lengkap = m == n and nilai_a is not None
    melebihi = nilai_a_melebihi_dukungan(nilai_a, usulan, not belum, tabel)
    hasil = HasilSubKomponen(
        sub.kode,
        sub.bobot,
        nilai,
        sub.bobot - nilai,
        n,
        m,
        lengkap,
        hasil_kr,
        nilai_a,
        usulan,
        m - len(belum),
        melebihi,
    )
    return hasil, poin


def _poin_hilang_a(
    siap: _SubSiap, tabel: TabelNilaiA, nilai: Decimal, belum: list[_KriteriaSiap]
) -> tuple[dict[str, Decimal], list[PoinHilang]]:
    sub, n = siap.sub, len(siap.kriteria)
    nilai_penuh = bulatkan(tabel.bagian[usulan_nilai_a(n, n, tabel)] * sub.bobot)
    bagian_kriteria = max(nilai_penuh - nilai, _NOL) if belum else _NOL
    per_kriteria = _bagi(bagian_kriteria, len(belum)) if belum else _NOL
    sisa = sub.bobot - nilai - bagian_kriteria
    poin = [PoinHilang(kr.kode, JENIS_KRITERIA, sub.kode, siap.komponen.kode, per_kriteria) for kr in belum]
    poin = [p for p in poin if p.poin]
    if sisa:
        poin.append(PoinHilang(sub.kode, JENIS_SUBKOMPONEN, sub.kode, siap.komponen.kode, sisa))
    return {kr.kode: per_kriteria for kr in belum}, poin


def _rangkum(instrumen: Instrumen, hasil_sub: list[tuple[HasilSubKomponen, list]]) -> Hasil:
    komponen, poin, i = [], [], 0
    for k in instrumen.komponen:
        bagian = [h for h, _ in hasil_sub[i : i + len(k.subkomponen)]]
        for _, p in hasil_sub[i : i + len(k.subkomponen)]:
            poin.extend(p)
        i += len(k.subkomponen)
        komponen.append(HasilKomponen(k.kode, k.bobot, sum(h.nilai for h in bagian), tuple(bagian)))
    total = sum(k.nilai for k in komponen)
    subs = [h for h, _ in hasil_sub]
    belum_dijawab = tuple(
        kr.kode for h in subs if h.jumlah_terjawab < h.jumlah_kriteria for kr in h.kriteria if kr.jawaban is None
    )
    belum_dinilai = tuple(h.kode for h in subs if instrumen.metode == METODE_A and h.nilai_a is None)
    poin.sort(key=attrgetter("poin"), reverse=True)  # stable: ties keep worksheet order
    return Hasil(
        instrumen.kode,
        instrumen.metode,
        tuple(komponen),
        total,
        predikat(total, instrumen.skala_predikat),
        not belum_dijawab and not belum_dinilai,
        instrumen.jumlah_kriteria,
        instrumen.jumlah_kriteria - len(belum_dijawab),
        belum_dijawab,
        belum_dinilai,
        tuple(poin),
    )


def _nilai_rata(jumlah: Decimal, terjawab: int, bobot: Decimal) -> Decimal:
    """Method B: mean of `terjawab` answered values (summing to `jumlah`) × weight, rounded; 0 if none."""
    return _bagi(jumlah * bobot, terjawab) if terjawab else _NOL
