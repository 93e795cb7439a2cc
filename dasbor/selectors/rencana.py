"""The wali kota dashboard's target and plan: how far the headline total is from the city target and from
the next predicate, and the evaluasi engine's fewest changes that close the gap (`evaluasi.selectors.rencana`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evaluasi import scoring
from evaluasi.models import Evaluasi
from evaluasi.selectors import instrumen_siap, masukan_evaluasi, rencana
from sakip.lib.angka import format_angka

from .umum import Nilai, band_berikutnya, nilai_dari, teks_selisih


@dataclass(frozen=True)
class Sasaran:
    """The gap from the official (or estimated) total to the target and to the next predicate."""

    target: Decimal
    target_teks: str
    selisih_target: Decimal
    target_tercapai: bool
    berikutnya: scoring.Band | None
    minimal_berikutnya_teks: str
    selisih_berikutnya: Decimal | None
    masih_predikat_sama_di_target: bool  # reaching the target exactly keeps the predicate (70,00 → B)
    batas_berikutnya_teks: str  # the next band's lower bound, "70,00"
    batas_eksklusif: bool  # the next band needs more than its lower bound (default rule)
    predikat_dasar: str  # the predicate of the total the gaps are measured from

    @property
    def selisih_target_teks(self) -> str:
        return format_angka(max(self.selisih_target, Decimal(0)))

    @property
    def selisih_berikutnya_teks(self) -> str:
        return "–" if self.selisih_berikutnya is None else format_angka(self.selisih_berikutnya)


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
    berikutnya = band_berikutnya(skala, dasar.predikat)
    minimal = scoring.total_minimal(berikutnya.kode, skala) if berikutnya else None
    return Sasaran(
        target=target,
        target_teks=format_angka(target),
        selisih_target=target - dasar.total,
        target_tercapai=dasar.total >= target,
        berikutnya=berikutnya,
        minimal_berikutnya_teks=format_angka(minimal),
        selisih_berikutnya=None if minimal is None else minimal - dasar.total,
        masih_predikat_sama_di_target=scoring.predikat(target, skala).kode == dasar.predikat,
        batas_berikutnya_teks=format_angka(berikutnya.batas_bawah) if berikutnya else "",
        batas_eksklusif=bool(berikutnya) and minimal > berikutnya.batas_bawah,
        predikat_dasar=dasar.predikat,
    )


def _nama_perubahan(siap, p: scoring.Perubahan) -> str:
    if p.jenis == scoring.JENIS_SUBKOMPONEN:
        return siap.sub_kode[p.kode].nama
    return siap.kriteria_kode[p.kode].uraian


def rencana_kota(dasar: Nilai, sasaran: Sasaran, mandiri: Evaluasi | None) -> RingkasanRencana | None:
    """The plan on the self-estimate's answers for the points the headline total still lacks.

    An official result has no answers, so (as for recommendations) the city's self-estimate stands in:
    the plan asks the engine for the fewest changes that gain what the official total lacks.
    """
    ambang = [sasaran.target]
    if sasaran.berikutnya is not None:
        ambang.append(dasar.total + sasaran.selisih_berikutnya)
    butuh = max(ambang) - dasar.total
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
