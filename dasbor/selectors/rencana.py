"""The wali kota dashboard's target and plan: how far the headline total is from the city target and from
the next predicate, and the evaluasi engine's fewest changes that close the gap (`evaluasi.selectors.rencana`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evaluasi import scoring
from evaluasi.models import Evaluasi
from evaluasi.selectors import instrumen_siap, masukan_evaluasi, rencana
from evaluasi.tampilan import kalimat_jarak
from sakip.lib.angka import format_angka

from .umum import Nilai, nilai_dari, teks_selisih


@dataclass(frozen=True)
class Sasaran:
    """The gap from the official (or estimated) total to the target and to the next predicate: the engine's
    one rule (`scoring.jarak_target`) and its one sentence (`evaluasi.tampilan.kalimat_jarak`)."""

    dasar: Nilai  # the total the gaps are measured from, with its source
    jarak: scoring.JarakTarget
    kalimat: str

    @property
    def target_teks(self) -> str:
        return format_angka(self.jarak.target)

    @property
    def butuh_teks(self) -> str:
        return format_angka(self.jarak.butuh)

    @property
    def target_tercapai(self) -> bool:
        return self.jarak.target_tercapai

    @property
    def berikutnya(self) -> scoring.Band | None:
        return self.jarak.berikutnya


@dataclass(frozen=True)
class LangkahRencana:
    """One change of the what-if plan, as shown."""

    kode: str
    nama: str
    dari: str
    ke: str
    tambahan_teks: str
    kriteria_belum: list[str]


@dataclass(frozen=True)
class RingkasanRencana:
    """The engine's plan, computed on the answers of the city's self-estimate."""

    dasar: Nilai
    butuh_teks: str
    target_teks: str
    tercapai: bool
    langkah: list[LangkahRencana]
    total_akhir_teks: str
    predikat_akhir: str


def sasaran_kota(dasar: Nilai, skala: scoring.SkalaPredikat, target: Decimal) -> Sasaran:
    """Where the headline total stands against the city target and the next predicate."""
    jarak = scoring.jarak_target(dasar.total, target, skala)
    return Sasaran(dasar=dasar, jarak=jarak, kalimat=kalimat_jarak(jarak))


def _nama_perubahan(siap, p: scoring.Perubahan) -> str:
    if p.jenis == scoring.JENIS_SUBKOMPONEN:
        return siap.sub_kode[p.kode].nama
    return siap.kriteria_kode[p.kode].uraian


def rencana_kota(dasar: Nilai, sasaran: Sasaran, mandiri: Evaluasi | None) -> RingkasanRencana | None:
    """The plan on the self-estimate's answers for the points the headline total still lacks.

    An official result has no answers, so (as for recommendations) the city's self-estimate stands in:
    the plan asks the engine for the fewest changes that gain what the official total lacks.
    """
    butuh = sasaran.jarak.butuh
    if mandiri is None or butuh <= 0:
        return None
    siap = instrumen_siap(mandiri.instrumen)
    masukan = masukan_evaluasi(mandiri, siap)
    awal = scoring.score(siap.engine, masukan.jawaban, masukan.nilai_sub or None).total
    puncak = max(b.batas_atas for b in siap.skala_predikat.bands)
    hasil = rencana(siap, masukan, target_total=min(awal + butuh, puncak))
    langkah = [
        LangkahRencana(
            kode=p.kode,
            nama=_nama_perubahan(siap, p),
            dari=p.dari or "–",
            ke=p.ke,
            tambahan_teks=teks_selisih(p.tambahan),
            kriteria_belum=[f"{k} {siap.kriteria_kode[k].uraian}" for k in p.kriteria_belum_terpenuhi],
        )
        for p in hasil.perubahan
    ]
    dasar_mandiri = nilai_dari(mandiri, None, sumber="Perkiraan mandiri kota") or dasar
    return RingkasanRencana(
        dasar=dasar_mandiri,
        butuh_teks=format_angka(butuh),
        target_teks=format_angka(hasil.target_total),
        tercapai=hasil.tercapai,
        langkah=langkah,
        total_akhir_teks=format_angka(hasil.total),
        predikat_akhir=hasil.predikat.kode,
    )
