"""The wali kota's dashboard: where the city stands (official result, own estimate, trend, target), why
(components, PD internal results, IKU), and what closes the gap (the engine's what-if plan).

Every figure comes from the evaluasi selectors and engine (`tahun_kota`, `instrumen_siap`, `rencana`) and
from kinerja.capaian; this module only picks, labels and formats. A fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from evaluasi import scoring
from evaluasi.models import Evaluasi, Rekomendasi
from evaluasi.selectors import (
    GambaranPd,
    HasilPd,
    TahunKota,
    gambaran_pd,
    instrumen_siap,
    punya_hasil,
    tahun_kota_dengan_pd,
)
from evaluasi.tampilan import bagian_resmi
from perangkat_daerah.access import profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka, format_persen
from sakip.lib.tanggal import format_tanggal

from .grafik import grafik_pimpinan
from .iku import BarisIku, iku_kota
from .rencana import RingkasanRencana, Sasaran, rencana_kota, sasaran_kota
from .umum import (
    DUA_PERTIGA,
    SERATUS,
    SUMBER,
    Nilai,
    nilai_dari,
    persen,
    target_nilai_kota,
    teks_selisih,
)

JUMLAH_PERINGKAT = 5  # top and bottom five PD


@dataclass(frozen=True)
class BarisKomponen:
    """A component or sub-component: its weight, the value of the table's main source (`utama`: the official
    result, or the self-estimate when there is none) and, beside an official value, the self-estimate's
    (`pembanding`). Each column is one source, so a column's sub-components add up to its component."""

    kode: str
    nama: str
    bobot: Decimal
    utama: Decimal | None
    pembanding: Decimal | None = None
    sub: list[BarisKomponen] = field(default_factory=list)

    @property
    def nilai(self) -> Decimal | None:
        return self.utama

    @property
    def nilai_teks(self) -> str:
        return format_angka(self.utama, kosong="–")

    @property
    def pembanding_teks(self) -> str:
        return format_angka(self.pembanding, kosong="–")

    @property
    def bobot_teks(self) -> str:
        return format_angka(self.bobot)

    @property
    def persen_teks(self) -> str:
        return format_persen(persen(self.utama, self.bobot) if self.utama is not None else None)


@dataclass(frozen=True)
class TabelKomponen:
    """The component table: one source per column, labelled (`sumber_utama`, `sumber_pembanding`)."""

    sumber_utama: str
    utama_resmi: bool  # the main column is the official result (else the self-estimate)
    sumber_pembanding: str  # the self-estimate beside an official result; "" when there is no second column
    baris: list[BarisKomponen]
    tanpa_sub_resmi: bool  # the official result records no sub-component values (an LHE gives components)

    def __iter__(self):
        return iter(self.baris)

    def __len__(self) -> int:
        return len(self.baris)


@dataclass(frozen=True)
class BarisTren:
    """One year of the trend table."""

    tahun: int
    resmi: Nilai | None
    mandiri: Nilai | None
    bagian_bb: Decimal | None  # share of all PD with an internal predicate of BB or better
    bagian_b: Decimal | None
    berjalan_teks: str = ""  # the year's internal evaluation is not complete: "sedang berjalan: …"
    bagian_resmi: list[dict] = field(default_factory=list)  # the official parts under the year's own instrument
    instrumen_resmi: str = ""  # that instrument's name (PermenPANRB 12/2015 for 2017, 88/2021 later)

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun)

    @property
    def bagian_bb_teks(self) -> str:
        return format_persen(self.bagian_bb)

    @property
    def bagian_b_teks(self) -> str:
        return format_persen(self.bagian_b)


@dataclass(frozen=True)
class PdRingkas:
    """A PD in the top or bottom five."""

    nama: str
    singkatan: str
    total_teks: str
    predikat: str


@dataclass(frozen=True)
class BagianPd:
    """The PD internal results of one year: shares against two thirds, distribution, top and bottom."""

    tahun: int
    jumlah_pd: int
    dievaluasi: int
    jumlah_bb: int
    jumlah_b: int
    bagian_bb: Decimal | None
    bagian_b: Decimal | None
    distribusi: list[tuple[str, str, int]]
    teratas: list[PdRingkas]
    terbawah: list[PdRingkas]

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun)

    @property
    def bagian_bb_teks(self) -> str:
        return format_persen(self.bagian_bb)

    @property
    def bagian_b_teks(self) -> str:
        return format_persen(self.bagian_b)

    @property
    def memenuhi_dua_pertiga(self) -> bool:
        return self.bagian_bb is not None and self.bagian_bb >= DUA_PERTIGA * SERATUS


@dataclass(frozen=True)
class DasarPd:
    """The base of the PD figures, said on the page: the complete year shown, the year under way."""

    tahun: int | None
    jumlah_pd: int
    minimal: int
    berjalan: int | None
    berjalan_final: int

    @property
    def tahun_teks(self) -> str:
        return "" if self.tahun is None else str(self.tahun)

    @property
    def berjalan_teks(self) -> str:
        if self.berjalan is None:
            return ""
        return teks_berjalan(self.berjalan_final, self.jumlah_pd)

    @property
    def tahun_berjalan_teks(self) -> str:
        return "" if self.berjalan is None else str(self.berjalan)


def teks_berjalan(final: int, jumlah_pd: int) -> str:
    """ "sedang berjalan: 1 dari 38 PD"."""
    return f"sedang berjalan: {final} dari {jumlah_pd} PD"


@dataclass(frozen=True)
class JumlahRekomendasi:
    """Recommendations of the evaluations up to the year: open, of which overdue, and done."""

    terbuka: int
    terlambat: int
    selesai: int


@dataclass
class DasborPimpinan:
    """Everything the wali kota's dashboard shows, already picked, labelled and formatted."""

    tahun: int
    resmi: Nilai | None
    resmi_lhe: str
    resmi_tanggal: str
    perubahan_teks: str
    resmi_lalu: Nilai | None
    mandiri: Nilai | None
    sasaran: Sasaran | None
    rencana: RingkasanRencana | None
    komponen: TabelKomponen | None
    tren: list[BarisTren]
    pd: BagianPd | None
    dasar_pd: DasarPd
    iku: list[BarisIku]
    iku_tahun: list[int]
    rekomendasi: JumlahRekomendasi
    bands: list[scoring.Band]
    dua_pertiga: Decimal
    grafik: dict

    @property
    def dua_pertiga_teks(self) -> str:
        return format_persen(self.dua_pertiga)

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun)


def _kota_resmi(daftar: list[TahunKota]) -> list[TahunKota]:
    return [t for t in daftar if t.resmi is not None and punya_hasil(t.resmi)]


def _mandiri_terakhir(daftar: list[TahunKota]) -> tuple[Evaluasi, Nilai] | None:
    for t in daftar:
        if t.mandiri is not None:
            nilai = nilai_dari(t.mandiri, t.mandiri_hasil, sumber="Perkiraan mandiri kota")
            if nilai is not None:
                return t.mandiri, nilai
    return None


def _nilai_mandiri_per_kode(mandiri: Evaluasi | None, hasil_live: scoring.Hasil | None) -> tuple[dict, dict]:
    """Component and sub-component values of the self-estimate, by code."""
    if mandiri is None:
        return {}, {}
    if punya_hasil(mandiri):
        h = mandiri.hasil
        return (
            {k: Decimal(v) for k, v in h.nilai_komponen.items()},
            {k: Decimal(v) for k, v in h.nilai_subkomponen.items()},
        )
    if hasil_live is None:
        return {}, {}
    return (
        {k.kode: k.nilai for k in hasil_live.komponen},
        {s.kode: s.nilai for k in hasil_live.komponen for s in k.subkomponen},
    )


def _komponen(resmi_t: TahunKota | None, mandiri_t: TahunKota | None) -> TabelKomponen | None:
    """Per component and sub-component: the official values in one column and, beside them, the
    self-estimate's in another; never one column that mixes the two (5,40 + 6,30 + 10,50 ≠ 21,50)."""
    e = resmi_t.resmi if resmi_t else (mandiri_t.mandiri if mandiri_t else None)
    if e is None:
        return None
    siap = instrumen_siap(e.instrumen)
    mandiri_k, mandiri_s = _nilai_mandiri_per_kode(
        mandiri_t.mandiri if mandiri_t else None, mandiri_t.mandiri_hasil if mandiri_t else None
    )
    label_mandiri = f"{SUMBER[Evaluasi.Jenis.MANDIRI]} {mandiri_t.tahun}" if mandiri_t else ""
    if resmi_t is None:
        utama_k, utama_s, pembanding_k, pembanding_s = mandiri_k, mandiri_s, {}, {}
    else:
        h = resmi_t.resmi.hasil
        utama_k = {k: Decimal(v) for k, v in h.nilai_komponen.items()}
        utama_s = {k: Decimal(v) for k, v in h.nilai_subkomponen.items()}
        pembanding_k, pembanding_s = mandiri_k, mandiri_s
    baris = [
        BarisKomponen(
            k.kode, k.nama, k.bobot, utama_k.get(k.kode), pembanding_k.get(k.kode),
            [BarisKomponen(s.kode, s.nama, s.bobot, utama_s.get(s.kode), pembanding_s.get(s.kode))
             for s in k.subkomponen],
        )
        for k in siap.komponen
    ]  # fmt: skip
    return TabelKomponen(
        sumber_utama=f"{SUMBER[Evaluasi.Jenis.RESMI]} {resmi_t.tahun}" if resmi_t else label_mandiri,
        utama_resmi=resmi_t is not None,
        sumber_pembanding=label_mandiri if resmi_t and mandiri_t else "",
        baris=baris,
        tanpa_sub_resmi=resmi_t is not None and not utama_s,
    )


def _bagian_pd(daftar: list[TahunKota], pd: list[HasilPd], *, gambaran: GambaranPd) -> BagianPd | None:
    """The PD internal results of the latest complete year (evaluasi.selectors.gambaran_pd): a new year
    with a few final evaluations does not replace it (from the rows `tahun_kota` counted)."""
    t = next((t for t in daftar if t.tahun == gambaran.tahun), None)
    if t is None:
        return None
    jumlah_pd = gambaran.jumlah_pd
    internal = [h for h in pd if h.tahun == t.tahun and h.jenis == Evaluasi.Jenis.INTERNAL and h.final and h.ada_hasil]
    if not internal:
        return None
    skala = internal[0].skala_predikat
    hitung = Counter(h.predikat for h in internal)
    urut = sorted(internal, key=lambda h: (-h.total, h.kode))
    ringkas = [PdRingkas(h.nama, h.singkatan, format_angka(h.total), h.predikat) for h in urut]
    n = min(JUMLAH_PERINGKAT, max(1, len(ringkas) // 2))
    return BagianPd(
        tahun=t.tahun,
        jumlah_pd=jumlah_pd,
        dievaluasi=t.jumlah_pd_final,
        jumlah_bb=t.jumlah_pd_bb,
        jumlah_b=t.jumlah_pd_b,
        bagian_bb=persen(t.jumlah_pd_bb, jumlah_pd),
        bagian_b=persen(t.jumlah_pd_b, jumlah_pd),
        distribusi=[(b.kode, b.nama, hitung.get(b.kode, 0)) for b in skala.urut_turun()],
        teratas=ringkas[:n],
        terbawah=ringkas[::-1][:n] if len(ringkas) > 1 else [],
    )


def _rekomendasi(*, user, tahun: int) -> JumlahRekomendasi:
    belum = ~Q(status=Rekomendasi.Status.SELESAI)
    hasil = (
        Rekomendasi.objects.for_user(user)
        .filter(evaluasi__tahun__lte=tahun)
        .aggregate(
            terbuka=Count("pk", filter=belum),
            terlambat=Count("pk", filter=belum & Q(batas_waktu__lt=timezone.localdate())),
            selesai=Count("pk", filter=Q(status=Rekomendasi.Status.SELESAI)),
        )
    )
    return JumlahRekomendasi(**hasil)


def _tren(daftar: list[TahunKota], gambaran: GambaranPd) -> list[BarisTren]:
    """Per year; the PD shares only of years whose internal evaluation is complete, the others say how
    far it has come; the official parts of each year under its own instrument (five components in 2017,
    four from 2021), never forced into one structure."""
    jumlah_pd, baris = gambaran.jumlah_pd, []
    for t in sorted(daftar, key=lambda t: t.tahun):
        resmi = nilai_dari(t.resmi) if t.resmi is not None else None
        mandiri = nilai_dari(t.mandiri, t.mandiri_hasil, sumber="Perkiraan mandiri kota") if t.mandiri else None
        if resmi is None and mandiri is None and not t.jumlah_pd_final:
            continue
        bagian = bagian_resmi(t.resmi) if resmi is not None else []
        asal = {"bagian_resmi": bagian, "instrumen_resmi": t.resmi.instrumen.nama if bagian else ""}
        if gambaran.lengkap(t.jumlah_pd_final):
            bb, b = persen(t.jumlah_pd_bb, jumlah_pd), persen(t.jumlah_pd_b, jumlah_pd)
            baris.append(BarisTren(t.tahun, resmi, mandiri, bb, b, **asal))
        else:
            berjalan = teks_berjalan(t.jumlah_pd_final, jumlah_pd) if t.jumlah_pd_final else ""
            baris.append(BarisTren(t.tahun, resmi, mandiri, None, None, berjalan, **asal))
    return baris


def _skala(daftar: list[TahunKota]) -> scoring.SkalaPredikat | None:
    for t in daftar:
        for e in (t.resmi, t.mandiri):
            if e is not None:
                return instrumen_siap(e.instrumen).skala_predikat
    return None


def dasbor_pimpinan(*, user, tahun: int, jumlah_pd: int | None = None) -> DasborPimpinan:
    """The wali kota's dashboard for the working year `tahun` (figures of that year and earlier).

    `jumlah_pd`, the number of active PD, is counted unless the caller already has it (the view gets it
    with the data fingerprint).
    """
    profil = profil_pengguna(user)
    if jumlah_pd is None:
        jumlah_pd = PerangkatDaerah.objects.for_user(user).filter(aktif=True).count()
    semua, pd = tahun_kota_dengan_pd(user=user, pemda_id=profil.pemda_id, jumlah_pd=jumlah_pd)
    daftar = [t for t in semua if t.tahun <= tahun]
    gambaran = gambaran_pd({t.tahun: t.jumlah_pd_final for t in daftar}, jumlah_pd=jumlah_pd)
    resmi = _kota_resmi(daftar)
    resmi_t = resmi[0] if resmi else None
    mandiri = _mandiri_terakhir(daftar)
    mandiri_t = next((t for t in daftar if mandiri and t.mandiri is mandiri[0]), None)
    skala = _skala(daftar)
    headline = nilai_dari(resmi_t.resmi) if resmi_t else (mandiri[1] if mandiri else None)
    sasaran = sasaran_kota(headline, skala, target_nilai_kota()) if headline else None
    iku, iku_tahun = iku_kota(user=user, tahun=tahun)
    data = DasborPimpinan(
        tahun=tahun,
        resmi=nilai_dari(resmi_t.resmi) if resmi_t else None,
        resmi_lhe=resmi_t.resmi.nomor_lhe if resmi_t else "",
        resmi_tanggal=format_tanggal(resmi_t.resmi.tanggal_lhe) if resmi_t else "",
        perubahan_teks=teks_selisih(resmi[0].resmi.hasil.total - resmi[1].resmi.hasil.total) if len(resmi) > 1 else "",
        resmi_lalu=nilai_dari(resmi[1].resmi) if len(resmi) > 1 else None,
        mandiri=mandiri[1] if mandiri else None,
        sasaran=sasaran,
        rencana=rencana_kota(headline, sasaran, mandiri[0] if mandiri else None) if headline else None,
        komponen=_komponen(resmi_t, mandiri_t),
        tren=_tren(daftar, gambaran),
        pd=_bagian_pd(daftar, pd, gambaran=gambaran),
        dasar_pd=DasarPd(gambaran.tahun, jumlah_pd, gambaran.minimal, gambaran.berjalan, gambaran.berjalan_final),
        iku=iku,
        iku_tahun=iku_tahun,
        rekomendasi=_rekomendasi(user=user, tahun=tahun),
        bands=list(skala.urut_turun()) if skala else [],
        dua_pertiga=DUA_PERTIGA * SERATUS,
        grafik={},
    )
    data.grafik = grafik_pimpinan(data)
    return data
