"""The engine adapter: instruments as the scoring engine's frozen input (cached per id and diubah_pada),
and the answers and results of evaluations computed through it."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from threading import Lock

from sakip.lib.kueri import salah_satu

from .. import scoring
from ..models import BandPredikat, Evaluasi, Instrumen, Jawaban, Komponen, NilaiSubKomponen

# --- The engine adapter ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InfoKriteria:
    """A criterion as pages show it: its text, scale and the answer codes offered."""

    id: int
    kode: str
    nomor: int
    uraian: str
    skala: str
    petunjuk: str
    pilihan: tuple[str, ...]
    subkomponen_kode: str


@dataclass(frozen=True, slots=True)
class InfoSub:
    """A sub-component as pages show it."""

    id: int
    kode: str
    nama: str
    jenis: str
    bobot: Decimal
    kriteria: tuple[InfoKriteria, ...]
    panduan_nilai: str = ""  # the meaning of AA and A for this kind of sub-component


@dataclass(frozen=True, slots=True)
class InfoKomponen:
    """A component as pages show it."""

    id: int
    kode: str
    nama: str
    bobot: Decimal
    subkomponen: tuple[InfoSub, ...]


@dataclass(frozen=True, slots=True)
class InstrumenSiap:
    """An instrument ready for the engine (`engine`) and for display (`komponen` and the lookups)."""

    id: int
    kode: str
    nama: str
    versi: int
    metode: str
    engine: scoring.Instrumen
    komponen: tuple[InfoKomponen, ...]
    kriteria_id: Mapping[int, InfoKriteria]
    kriteria_kode: Mapping[str, InfoKriteria]
    sub_id: Mapping[int, InfoSub]
    sub_kode: Mapping[str, InfoSub]
    komponen_kode: Mapping[str, InfoKomponen]
    nilai_a_pilihan: tuple[str, ...]

    @property
    def skala_predikat(self) -> scoring.SkalaPredikat:
        return self.engine.skala_predikat


_CACHE: OrderedDict[tuple, InstrumenSiap] = OrderedDict()
_CACHE_KUNCI = Lock()
_CACHE_MAKS = 32


def instrumen_siap(instrumen: Instrumen) -> InstrumenSiap:
    """The engine input and display structure of `instrumen` (4 queries on a cache miss, 0 on a hit)."""
    kunci = (instrumen.pk, instrumen.diubah_pada, instrumen.skala_predikat_id)
    with _CACHE_KUNCI:
        siap = _CACHE.get(kunci)
        if siap is not None:
            _CACHE.move_to_end(kunci)
            return siap
    siap = _bangun_instrumen(instrumen)
    with _CACHE_KUNCI:
        _CACHE[kunci] = siap
        while len(_CACHE) > _CACHE_MAKS:
            _CACHE.popitem(last=False)
    return siap


def instrumen_siap_per_id(kunci: Iterable[tuple[int, object, int]]) -> dict[int, InstrumenSiap]:
    """`instrumen_siap` by instrument id, for reads that carry only (id, diubah_pada, skala_predikat_id):
    no query for the instruments in the process cache, one query for the others (plus 4 each to build)."""
    hasil, kurang = {}, set()
    with _CACHE_KUNCI:
        for k in set(kunci):
            siap = _CACHE.get(k)
            if siap is None:
                kurang.add(k[0])
            else:
                _CACHE.move_to_end(k)
                hasil[k[0]] = siap
    if kurang:
        for ins in Instrumen.objects.select_related("skala_predikat").filter(pk__in=kurang):
            hasil[ins.pk] = instrumen_siap(ins)
    return hasil


def instrumen_untuk_engine(instrumen_id: int) -> InstrumenSiap:
    """`instrumen_siap` by id (one more query for the instrument row)."""
    return instrumen_siap(Instrumen.objects.get(pk=instrumen_id))


def skala_predikat_engine(skala_id: int, bawah_inklusif: bool, versi: str, bands: Iterable[BandPredikat]):
    """The engine's band table from its rows."""
    return scoring.SkalaPredikat(
        versi,
        tuple(scoring.Band(b.kode, b.nama, b.makna, b.batas_bawah, b.batas_atas) for b in bands),
        bawah_inklusif,
    )


def _bangun_instrumen(ins: Instrumen) -> InstrumenSiap:
    skala_row = ins.skala_predikat  # select_related by callers, else one query
    bands = list(BandPredikat.objects.filter(skala_id=skala_row.pk))
    komponen_rows = list(
        Komponen.objects.filter(instrumen_id=ins.pk)
        .prefetch_related("subkomponen__kriteria")
        .order_by("urutan", "kode")
    )
    skala_jawaban = {
        k: scoring.SkalaJawaban(k, {a: Decimal(v) for a, v in n.items()}) for k, n in ins.skala_jawaban.items()
    }
    tabel = ins.tabel_nilai_a or {}
    tabel_a = scoring.TabelNilaiA(
        {k: Decimal(v) for k, v in tabel.get("bagian", {}).items()},
        tuple(scoring.AmbangUsulan(k, Decimal(p), bool(i)) for k, p, i in tabel.get("usulan", [])),
    )
    info = tuple(_info_komponen(k, skala_jawaban) for k in komponen_rows)
    engine = scoring.Instrumen(
        kode=f"{ins.kode} v{ins.versi}",
        metode=ins.metode,
        komponen=tuple(_komponen_engine(k) for k in info),
        skala_predikat=skala_predikat_engine(skala_row.pk, skala_row.bawah_inklusif, skala_row.versi, bands),
        skala_jawaban=skala_jawaban,
        tabel_nilai_a=tabel_a,
    )
    subs = [s for k in info for s in k.subkomponen]
    kriteria = [kr for s in subs for kr in s.kriteria]
    urutan_a = sorted(tabel_a.bagian, key=tabel_a.bagian.__getitem__, reverse=True)
    return InstrumenSiap(
        id=ins.pk,
        kode=ins.kode,
        nama=ins.nama,
        versi=ins.versi,
        metode=ins.metode,
        engine=engine,
        komponen=info,
        kriteria_id={kr.id: kr for kr in kriteria},
        kriteria_kode={kr.kode: kr for kr in kriteria},
        sub_id={s.id: s for s in subs},
        sub_kode={s.kode: s for s in subs},
        komponen_kode={k.kode: k for k in info},
        nilai_a_pilihan=tuple(urutan_a),
    )


def _info_komponen(k: Komponen, skala_jawaban: Mapping[str, scoring.SkalaJawaban]) -> InfoKomponen:
    subs = []
    for s in k.subkomponen.all():
        kriteria = tuple(
            InfoKriteria(
                kr.pk,
                kr.kode,
                kr.nomor,
                kr.uraian,
                kr.skala,
                kr.petunjuk,
                tuple(_pilihan(skala_jawaban, kr.skala)),
                s.kode,
            )
            for kr in s.kriteria.all()
        )
        subs.append(InfoSub(s.pk, s.kode, s.nama, s.jenis, s.bobot, kriteria, s.panduan_nilai))
    return InfoKomponen(k.pk, k.kode, k.nama, k.bobot, tuple(subs))


def _pilihan(skala_jawaban: Mapping[str, scoring.SkalaJawaban], kode: str) -> list[str]:
    skala = skala_jawaban.get(kode)
    if skala is None:
        return []
    return sorted(skala.nilai, key=skala.nilai.__getitem__, reverse=True)


def _komponen_engine(k: InfoKomponen) -> scoring.Komponen:
    subs = tuple(
        scoring.SubKomponen(
            s.kode, s.nama, s.jenis, s.bobot, tuple(scoring.Kriteria(kr.kode, kr.skala) for kr in s.kriteria)
        )
        for s in k.subkomponen
    )
    return scoring.Komponen(k.kode, k.nama, k.bobot, subs)


# --- Answers and results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Masukan:
    """An evaluation's answers in the engine's terms: criterion code -> answer, sub code -> grade."""

    jawaban: Mapping[str, str]
    nilai_sub: Mapping[str, str]


def masukan_dari_baris(siap: InstrumenSiap, jawaban_rows, nilai_sub_rows) -> Masukan:
    """Engine input from (kriteria_id, nilai) and (subkomponen_id, nilai) pairs; empty values are missing."""
    jawaban = {siap.kriteria_id[kid].kode: n for kid, n in jawaban_rows if n and kid in siap.kriteria_id}
    nilai_sub = {siap.sub_id[sid].kode: n for sid, n in nilai_sub_rows if n and sid in siap.sub_id}
    return Masukan(jawaban, nilai_sub if siap.metode == scoring.METODE_A else {})


def masukan_evaluasi(evaluasi: Evaluasi, siap: InstrumenSiap) -> Masukan:
    """The stored answers of one evaluation (2 queries)."""
    jawaban = Jawaban.objects.filter(evaluasi=evaluasi).values_list("kriteria_id", "nilai")
    nilai_sub = NilaiSubKomponen.objects.filter(evaluasi=evaluasi).values_list("subkomponen_id", "nilai")
    return masukan_dari_baris(siap, jawaban, nilai_sub)


def hitung(siap: InstrumenSiap, masukan: Masukan) -> scoring.Hasil:
    """Score answers with the engine."""
    return scoring.score(siap.engine, masukan.jawaban, masukan.nilai_sub or None)


def rencana(siap: InstrumenSiap, masukan: Masukan, *, target_total=None, target_predikat=None) -> scoring.Rencana:
    """The what-if plan for answers towards a target total and/or predicate."""
    return scoring.plan(
        siap.engine,
        masukan.jawaban,
        target_total=target_total,
        target_predikat=target_predikat,
        nilai_sub=masukan.nilai_sub or None,
    )


def hasil_banyak(evaluasi: Iterable[Evaluasi]) -> dict[int, scoring.Hasil]:
    """Live results of many evaluations (instrument rows loaded): 2 queries + 4 per uncached instrument."""
    daftar = [e for e in evaluasi if e.jenis != Evaluasi.Jenis.RESMI]
    if not daftar:
        return {}
    ids = [e.pk for e in daftar]
    jawaban, nilai_sub = defaultdict(list), defaultdict(list)
    for eid, kid, n in (
        Jawaban.objects.filter(salah_satu("evaluasi_id", ids))
        .exclude(nilai="")
        .values_list("evaluasi_id", "kriteria_id", "nilai")
    ):
        jawaban[eid].append((kid, n))
    for eid, sid, n in (
        NilaiSubKomponen.objects.filter(salah_satu("evaluasi_id", ids))
        .exclude(nilai="")
        .values_list("evaluasi_id", "subkomponen_id", "nilai")
    ):
        nilai_sub[eid].append((sid, n))
    hasil = {}
    for e in daftar:
        siap = instrumen_siap(e.instrumen)
        hasil[e.pk] = hitung(siap, masukan_dari_baris(siap, jawaban[e.pk], nilai_sub[e.pk]))
    return hasil
