"""Reads of the evaluasi app, always through the access choke point, and the adapter that builds the
scoring engine's input from the ORM in a fixed number of queries.

An instrument is turned into the engine's frozen dataclasses once per (id, diubah_pada) and cached in the
process; every change to an instrument, its parts or its band table touches `diubah_pada`, so a cached
copy is never stale.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from threading import Lock

from django.conf import settings
from django.db.models import QuerySet

from perangkat_daerah.access import Aksi

from . import scoring
from .models import BandPredikat, Evaluasi, Instrumen, Jawaban, Komponen, NilaiSubKomponen, Rekomendasi

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
        subs.append(InfoSub(s.pk, s.kode, s.nama, s.jenis, s.bobot, kriteria))
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
        Jawaban.objects.filter(evaluasi_id__in=ids).exclude(nilai="").values_list("evaluasi_id", "kriteria_id", "nilai")
    ):
        jawaban[eid].append((kid, n))
    for eid, sid, n in (
        NilaiSubKomponen.objects.filter(evaluasi_id__in=ids)
        .exclude(nilai="")
        .values_list("evaluasi_id", "subkomponen_id", "nilai")
    ):
        nilai_sub[eid].append((sid, n))
    hasil = {}
    for e in daftar:
        siap = instrumen_siap(e.instrumen)
        hasil[e.pk] = hitung(siap, masukan_dari_baris(siap, jawaban[e.pk], nilai_sub[e.pk]))
    return hasil


# --- Evaluations --------------------------------------------------------------------------------------------


def _dasar(user, aksi: str = Aksi.LIHAT) -> QuerySet:
    return Evaluasi.objects.for_user(user, aksi).select_related(
        "instrumen__skala_predikat", "perangkat_daerah", "pemda", "hasil"
    )


def evaluasi_list(
    *, user, tahun: int | None = None, jenis: str = "", perangkat_daerah_id: int | None = None
) -> QuerySet:
    """Evaluations the user may see, filtered by year, kind and PD."""
    qs = _dasar(user)
    if tahun:
        qs = qs.filter(tahun=tahun)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if perangkat_daerah_id:
        qs = qs.filter(perangkat_daerah_id=perangkat_daerah_id)
    return qs.order_by("-tahun", "perangkat_daerah__kode", "jenis")


def evaluasi_dasar(user) -> QuerySet:
    """The base queryset for one evaluation page (pass it to `ambil_untuk`)."""
    return _dasar(user)


def evaluasi_pasangan_mandiri(evaluasi: Evaluasi) -> Evaluasi | None:
    """The PD's own self-assessment of the same year, shown beside the Inspektorat's internal evaluation."""
    if evaluasi.jenis != Evaluasi.Jenis.INTERNAL or evaluasi.perangkat_daerah_id is None:
        return None
    return (
        Evaluasi.objects.select_related("instrumen")
        .filter(perangkat_daerah_id=evaluasi.perangkat_daerah_id, tahun=evaluasi.tahun, jenis=Evaluasi.Jenis.MANDIRI)
        .first()
    )


def jawaban_baris(evaluasi: Evaluasi) -> dict[int, Jawaban]:
    """Answer rows of one evaluation by criterion id (1 query)."""
    return {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}


def nilai_sub_baris(evaluasi: Evaluasi) -> dict[int, NilaiSubKomponen]:
    """Method-A grade rows of one evaluation by sub-component id (1 query)."""
    return {n.subkomponen_id: n for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi)}


# --- City years -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TahunKota:
    """One year of the city: the official result, the city's self-estimate and the PD internal shares."""

    tahun: int
    resmi: Evaluasi | None
    mandiri: Evaluasi | None
    mandiri_hasil: scoring.Hasil | None
    jumlah_pd: int
    jumlah_pd_final: int
    jumlah_pd_bb: int
    jumlah_pd_b: int


@dataclass(frozen=True, slots=True)
class HasilPd:
    """A PD evaluation as the city figures count it, read as plain values (no model instances)."""

    tahun: int
    jenis: str
    status: str
    perangkat_daerah_id: int
    kode: str
    nama: str
    singkatan: str
    instrumen_id: int
    ada_hasil: bool  # a stored HasilEvaluasi exists
    total: Decimal | None
    predikat: str | None
    skala_predikat: scoring.SkalaPredikat  # its instrument's band table

    @property
    def final(self) -> bool:
        return self.status == Evaluasi.Status.FINAL


_KOLOM_PD = (
    "tahun", "jenis", "status", "perangkat_daerah_id", "perangkat_daerah__kode", "perangkat_daerah__nama",
    "perangkat_daerah__singkatan", "instrumen_id", "hasil__id", "hasil__total", "hasil__predikat",
    "instrumen__diubah_pada", "instrumen__skala_predikat_id",
)  # fmt: skip


def tahun_kota(*, user, pemda_id: int, jumlah_pd: int) -> list[TahunKota]:
    """Per year (newest first), the city's figures: a fixed number of queries whatever the years."""
    return tahun_kota_dengan_pd(user=user, pemda_id=pemda_id, jumlah_pd=jumlah_pd)[0]


def tahun_kota_dengan_pd(*, user, pemda_id: int, jumlah_pd: int) -> tuple[list[TahunKota], list[HasilPd]]:
    """`tahun_kota`, and the PD evaluations it counted (every year, ordered by year down and PD code)."""
    return _tahun_kota_dari(Evaluasi.objects.for_user(user).filter(pemda_id=pemda_id), jumlah_pd)


def tahun_kota_laporan(*, pemda_id: int, jumlah_pd: int) -> list[TahunKota]:
    """`tahun_kota` for a report task: the request was checked when the report was asked for, and the city
    report shows the whole pemda."""
    return _tahun_kota_dari(Evaluasi.objects.filter(pemda_id=pemda_id), jumlah_pd)[0]


def _tahun_kota_dari(qs: QuerySet, jumlah_pd: int) -> tuple[list[TahunKota], list[HasilPd]]:
    """Two queries (+1 for instruments not in the process cache): the few city rows as full objects, the
    many PD rows as plain values, since only their year, status and predicate are counted."""
    kota = list(
        qs.filter(perangkat_daerah__isnull=True).select_related(
            "instrumen__skala_predikat", "perangkat_daerah", "pemda", "hasil"
        )
    )
    baris = list(qs.filter(perangkat_daerah__isnull=False).values_list(*_KOLOM_PD))
    siap = instrumen_siap_per_id((b[7], b[11], b[12]) for b in baris)
    pd = [HasilPd(*b[:8], b[8] is not None, b[9], b[10], siap[b[7]].skala_predikat) for b in baris]
    per_tahun: dict[int, list[Evaluasi]] = defaultdict(list)
    for e in kota:
        per_tahun[e.tahun].append(e)
    pd_per_tahun: dict[int, list[HasilPd]] = defaultdict(list)
    for h in pd:
        pd_per_tahun[h.tahun].append(h)
    mandiri_kota = [e for e in kota if e.jenis == Evaluasi.Jenis.MANDIRI]
    hasil_mandiri = hasil_banyak(e for e in mandiri_kota if not punya_hasil(e))
    tahun = sorted(per_tahun.keys() | pd_per_tahun.keys(), reverse=True)
    return [_tahun_kota(t, per_tahun[t], pd_per_tahun[t], hasil_mandiri, jumlah_pd) for t in tahun], pd


@dataclass(frozen=True, slots=True)
class GambaranPd:
    """Which year's PD internal results are the city's current picture (issue 11 point 3).

    A year counts only once its internal evaluation is complete: at least `minimal` PD final, that is
    settings.SAKIP_EVALUASI_PD_LENGKAP_PERSEN % of the active PD (100: every one). A later year with
    fewer is "sedang berjalan" and is shown as such, never as the picture. Every PD share is over
    `jumlah_pd`, the active PD, on every page.
    """

    tahun: int | None  # the latest complete year (None: none yet)
    berjalan: int | None  # a later year whose evaluation is under way
    berjalan_final: int  # final PD evaluations of that year so far
    jumlah_pd: int  # the base of every share: the active PD
    minimal: int  # final PD evaluations a year needs to be complete

    def lengkap(self, jumlah_final: int) -> bool:
        """Whether a year with `jumlah_final` final PD evaluations is complete."""
        return self.jumlah_pd > 0 and jumlah_final >= self.minimal


def gambaran_pd(final_per_tahun: Mapping[int, int], *, jumlah_pd: int, sampai: int | None = None) -> GambaranPd:
    """The complete and the running year of the PD internal evaluations, from the number of final PD
    evaluations per year (`TahunKota.jumlah_pd_final`), considering years up to `sampai`."""
    persen = settings.SAKIP_EVALUASI_PD_LENGKAP_PERSEN
    minimal = max(1, -(-jumlah_pd * persen // 100))  # a share "past" the setting: rounded up
    tahun = {t: n for t, n in final_per_tahun.items() if n and (sampai is None or t <= sampai)}
    lengkap = max((t for t, n in tahun.items() if jumlah_pd and n >= minimal), default=None)
    berjalan = max((t for t in tahun if lengkap is None or t > lengkap), default=None)
    return GambaranPd(lengkap, berjalan, tahun.get(berjalan, 0), jumlah_pd, minimal)


def punya_hasil(e: Evaluasi) -> bool:
    """Whether the evaluation has a stored HasilEvaluasi (loaded with select_related)."""
    try:
        return e.hasil is not None
    except Evaluasi.hasil.RelatedObjectDoesNotExist:
        return False


def _tahun_kota(tahun: int, kota: list[Evaluasi], pd: list[HasilPd], hasil_mandiri: dict, jumlah_pd: int) -> TahunKota:
    per_jenis = {e.jenis: e for e in kota}
    internal = [h for h in pd if h.jenis == Evaluasi.Jenis.INTERNAL and h.final and h.ada_hasil]
    bb = b = 0
    for h in internal:
        s = h.skala_predikat
        peringkat = s.peringkat(h.predikat)
        bb += peringkat >= s.peringkat(scoring.PREDIKAT_AMBANG_TINGGI)
        b += peringkat >= s.peringkat(scoring.PREDIKAT_AMBANG_DASAR)
    mandiri = per_jenis.get(Evaluasi.Jenis.MANDIRI)
    return TahunKota(
        tahun=tahun,
        resmi=per_jenis.get(Evaluasi.Jenis.RESMI),
        mandiri=mandiri,
        mandiri_hasil=hasil_mandiri.get(mandiri.pk) if mandiri else None,
        jumlah_pd=jumlah_pd,
        jumlah_pd_final=len(internal),
        jumlah_pd_bb=bb,
        jumlah_pd_b=b,
    )


# --- Recommendations --------------------------------------------------------------------------------------


def rekomendasi_list(*, user, status: str = "", tahun: int | None = None, perangkat_daerah_id=None) -> QuerySet:
    """Recommendations the user may see (PD roles: their own PD's), with what the pages need."""
    qs = (
        Rekomendasi.objects.for_user(user)
        .select_related("evaluasi__instrumen__skala_predikat", "evaluasi__perangkat_daerah", "perangkat_daerah")
        .prefetch_related("kriteria")
    )
    if status:
        qs = qs.filter(status=status)
    if tahun:
        qs = qs.filter(evaluasi__tahun=tahun)
    if perangkat_daerah_id:
        qs = qs.filter(perangkat_daerah_id=perangkat_daerah_id)
    return qs.order_by("batas_waktu", "pk")


def poin_rekomendasi(rekomendasi: list[Rekomendasi]) -> dict[int, Decimal | None]:
    """Points each recommendation's linked criteria would regain: the sum of their lost points.

    Scored on the recommendation's own evaluation when it has answers; an official result has none, so
    the city's self-estimate of that year stands in. None when no answered evaluation exists.
    """
    sumber = _evaluasi_berjawaban(rekomendasi)
    hasil = hasil_banyak({e.pk: e for e in sumber.values() if e is not None}.values())
    poin = {}
    for r in rekomendasi:
        e = sumber.get(r.pk)
        if e is None or e.pk not in hasil:
            poin[r.pk] = None
            continue
        kode = {kr.kode for kr in r.kriteria.all()}
        poin[r.pk] = sum(
            (p.poin for p in hasil[e.pk].poin_hilang if p.jenis == scoring.JENIS_KRITERIA and p.kode in kode),
            Decimal("0.00"),
        )
    return poin


def _evaluasi_berjawaban(rekomendasi: list[Rekomendasi]) -> dict[int, Evaluasi | None]:
    resmi = {(r.evaluasi.pemda_id, r.evaluasi.tahun) for r in rekomendasi if r.evaluasi.jenis == Evaluasi.Jenis.RESMI}
    pengganti = {}
    if resmi:
        for e in Evaluasi.objects.select_related("instrumen").filter(
            perangkat_daerah__isnull=True,
            jenis=Evaluasi.Jenis.MANDIRI,
            pemda_id__in={p for p, _ in resmi},
            tahun__in={t for _, t in resmi},
        ):
            pengganti[(e.pemda_id, e.tahun)] = e
    return {
        r.pk: (
            pengganti.get((r.evaluasi.pemda_id, r.evaluasi.tahun))
            if r.evaluasi.jenis == Evaluasi.Jenis.RESMI
            else r.evaluasi
        )
        for r in rekomendasi
    }
