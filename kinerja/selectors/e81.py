"""The Renja evaluation of one PD and year in the layout of Permendagri 86/2017, Tabel E.81 "Evaluasi terhadap
Hasil Renja Perangkat Daerah" (issue 16 point 3); the workbook is written by `kinerja/excel_e81.py`.

Source of the layout: the annex of Permendagri 86/2017 could not be read; its columns are taken from public
implementations of the table found with the code search: the E.81 pages of an open Laravel e-monev (page
titled "Tabel E.81 · Evaluasi Terhadap Hasil Renja Perangkat Daerah Lingkup … · Periode Pelaksanaan …") and
an Excel export of the same evaluation (columns 1–17, formula row "13=9+10+11+12", "14=7+13",
"15=14/6x100"), and the Kota Bandung monev print (ariefs66/sira_hibah_v4, resources/views/monev/pdf.blade.php)
for the bottom rows (faktor pendorong, faktor penghambat, tindak lanjut dalam triwulan berikutnya and dalam
Renja berikutnya). Columns: 1 No, 2 Sasaran, 3 Kode, 4 Urusan/Bidang Urusan/Program/Kegiatan, 5 Indikator
kinerja program (outcome)/kegiatan (output), 6 Target Renstra akhir periode, 7 Realisasi Renstra s.d. Renja
tahun lalu, 8 Target Renja tahun berjalan, 9–12 Realisasi triwulan I–IV, 13 Realisasi Renja yang dievaluasi,
14 Realisasi Renstra s.d. tahun berjalan, 15 Tingkat capaian Renstra (%), 16 Unit PD penanggung jawab,
17 Keterangan; 6–15 each as K (kinerja) and Rp (anggaran).

How the product's data fills it:
- Rows: the PD's program, kegiatan and sub kegiatan nodes of the period covering the year (the Renja page's
  nodes), in tree order, one row per indicator (a node without one still has its row); "Sasaran" is the
  sasaran strategis above; "Kode" the nomenclature code (else the node's code).
- K: targets from `Target`; realisations are the verified quarter values only (`realisasi_terverifikasi`); 13
  is the year value by the indicator's aggregation (`capaian.nilai_tahunan`); 6, 7 and 14 combine the period's
  yearly targets and year values the same way across years (`lintas_tahun`; kumulatif: sum, so 14 = 7 + 13 and
  6 is the period's total; akhir: the latest, so 6 is the last year's target; rata_rata: the mean); 15 is
  capaian.py's capaian of 14 against 6 (direction and ranges respected; 14/6×100 for a rising single target).
- Rp: a node's budget is its sub kegiatan budgets summed up the tree (`anggaran_pohon.gulung`), written on the
  node's first row only; 6 is the pagu recorded for the period's years, 7 the spending of its earlier years,
  14 = 7 + 13, 15 = 14 ÷ 6 × 100 (`capaian.serapan_anggaran`).
- Keterangan: the year's capaian (`capaian_indikator`, THE rule of the PK and dashboards) and the verified
  explanations (`penjelasan.penjelasan_terverifikasi`). A realisation carries one explanation, not separate
  factors, so the explanations of indicators at or above their year target stand as faktor pendorong and
  those below as faktor penghambat; the follow-up rows name the indicators below the year target and below
  the Renstra target.

Reads in a fixed number of queries, whatever the number of rows; everything through the user's scope.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import bulatkan, format_persen
from sakip.lib.kueri import salah_satu

from .. import capaian
from ..models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target
from ..models_anggaran import AnggaranSubKegiatan
from . import realisasi_terverifikasi
from .anggaran import capaian_indikator
from .anggaran_pohon import Jumlah, gulung
from .penjelasan import penjelasan_terverifikasi
from .rencana import TINGKAT_RENSTRA, _node_pd, _urut_pohon, periode_pilih

TINGKAT_BARIS = ("sasaran_program", "sasaran_kegiatan", "sub_kegiatan")  # the Renja's levels (E.81 rows)
SASARAN = "sasaran_strategis"
SERATUS = Decimal(100)

Nilai = Decimal | str | None  # a number, or a range target's text ("80–90")


@dataclass
class BarisE81:
    """One row of the table: a node's indicator (or the node alone) with columns 1–17 as values."""

    no: int | None
    sasaran: str
    kode: str
    uraian: str
    tingkat: str
    indikator: str = ""
    target_renstra: Nilai = None
    realisasi_lalu: Decimal | None = None
    target: Nilai = None
    triwulan: dict[int, Decimal] = field(default_factory=dict)
    realisasi: Decimal | None = None
    renstra: Decimal | None = None
    tingkat_capaian: Decimal | None = None
    rp: dict[str, Decimal | None] = field(default_factory=dict)  # keys of RP_KOLOM, on a node's first row only
    unit: str = ""
    keterangan: str = ""
    capaian_tahun: Decimal | None = None
    penjelasan: list[str] = field(default_factory=list)
    bulat: bool = False  # the indicator counts whole things (`Indikator.bulat`): its K cells show no decimals


RP_KOLOM = ("renstra", "lalu", "pagu", "t1", "t2", "t3", "t4", "realisasi", "sd_tahun", "tingkat")


@dataclass
class TabelE81:
    """The table of one PD and year, with the summary rows below it."""

    perangkat_daerah: PerangkatDaerah
    tahun: int
    periode: PeriodePerencanaan | None
    baris: list[BarisE81]
    rata_capaian: Decimal | None = None
    rata_serapan: Decimal | None = None
    predikat: str = ""
    pendorong: list[str] = field(default_factory=list)
    penghambat: list[str] = field(default_factory=list)
    tindak_lanjut_triwulan: list[str] = field(default_factory=list)
    tindak_lanjut_renja: list[str] = field(default_factory=list)


def lintas_tahun(per_tahun: dict[int, Decimal], agregasi: str) -> Decimal | None:
    """Year values combined over several years by the indicator's aggregation (as `capaian.nilai_tahunan`
    combines quarters): kumulatif sums, akhir takes the latest year, rata_rata averages; None when empty."""
    if not per_tahun:
        return None
    if agregasi == Indikator.Agregasi.AKHIR:
        return per_tahun[max(per_tahun)]
    jumlah = sum(per_tahun.values(), Decimal(0))
    return jumlah if agregasi == Indikator.Agregasi.KUMULATIF else jumlah / len(per_tahun)


def _nilai_target(t: Target | None) -> Nilai:
    if t is None:
        return None
    return t.nilai if t.lo is None else t.sebagai_capaian().teks


@dataclass
class _Bahan:
    """What the rows are made of, read in a fixed number of queries."""

    periode: PeriodePerencanaan
    tahun: int
    indikator: dict[int, list[Indikator]]
    target: dict[tuple[int, int], Target]
    nilai: dict[tuple[int, int], dict[int, Decimal]]
    anggaran: dict[int, dict[int, Jumlah]]  # year → node → budget
    capaian: dict[int, Decimal]
    penjelasan: dict[int, list[str]]


def _bahan(simpul: list[Sasaran], periode: PeriodePerencanaan, tahun: int) -> _Bahan:
    ids = [s.pk for s in simpul]
    per_sasaran: dict[int, list[Indikator]] = defaultdict(list)
    for ind in Indikator.objects.filter(salah_satu("sasaran_id", ids)).order_by("urutan", "kode"):
        per_sasaran[ind.sasaran_id].append(ind)
    semua = [i for d in per_sasaran.values() for i in d]
    ind_ids = [i.pk for i in semua]
    target = Target.objects.filter(salah_satu("indikator_id", ind_ids), tahun__gte=periode.tahun_mulai,
                                   tahun__lte=periode.tahun_akhir)  # fmt: skip
    realisasi = Realisasi.objects.filter(
        salah_satu("indikator_id", ind_ids), tahun__gte=periode.tahun_mulai, tahun__lte=tahun
    )
    nilai, _belum = realisasi_terverifikasi(realisasi)
    per_id = {s.pk: s for s in simpul}
    baris_anggaran: dict[int, list[AnggaranSubKegiatan]] = defaultdict(list)
    for a in AnggaranSubKegiatan.objects.filter(
        salah_satu("sasaran_id", ids), tahun__gte=periode.tahun_mulai, tahun__lte=periode.tahun_akhir
    ):
        baris_anggaran[a.tahun].append(a)
    return _Bahan(
        periode, tahun, per_sasaran, {(t.indikator_id, t.tahun): t for t in target}, nilai,
        {th: gulung(daftar, per_id) for th, daftar in baris_anggaran.items()},
        capaian_indikator(indikator=semua, tahun=tahun), penjelasan_terverifikasi(ind_ids, tahun),
    )  # fmt: skip


def _rp(b: _Bahan, s_id: int) -> dict[str, Decimal | None]:
    """Columns 6–15 Rp of a node."""
    per_tahun = {th: j[s_id] for th, j in b.anggaran.items() if s_id in j}
    ini = per_tahun.get(b.tahun)
    lalu = [j.realisasi_total for th, j in per_tahun.items() if th < b.tahun and j.realisasi_total is not None]
    renstra = sum((j.pagu for j in per_tahun.values()), Decimal(0)) if per_tahun else None
    realisasi = ini.realisasi_total if ini else None
    lalu_total = sum(lalu, Decimal(0)) if lalu else None
    sd_tahun = None if lalu_total is None and realisasi is None else (lalu_total or 0) + (realisasi or 0)
    hasil = {"renstra": renstra, "lalu": lalu_total, "pagu": ini.pagu if ini else None, "realisasi": realisasi}
    hasil |= {f"t{tw}": ini.realisasi.get(tw) if ini else None for tw in capaian.TRIWULAN}
    return hasil | {"sd_tahun": sd_tahun, "tingkat": capaian.serapan_anggaran(sd_tahun, renstra)}


def _target_renstra(ind: Indikator, b: _Bahan) -> tuple[Nilai, capaian.Target | None]:
    """Column 6 K and the target column 15 measures against: the period's yearly targets combined as its
    realisations are (`lintas_tahun`): akhir, the last year's target (a range stays a range); kumulatif and
    rata_rata, the sum or mean of the years' single targets, only when every year of the period has one."""
    if ind.agregasi == Indikator.Agregasi.AKHIR:
        akhir = b.target.get((ind.pk, b.periode.tahun_akhir))
        return _nilai_target(akhir), akhir.sebagai_capaian() if akhir else None
    tahun = range(b.periode.tahun_mulai, b.periode.tahun_akhir + 1)
    nilai = {th: t.nilai for th in tahun if (t := b.target.get((ind.pk, th))) is not None and t.nilai is not None}
    if len(nilai) != len(tahun):
        return None, None
    gabungan = lintas_tahun(nilai, ind.agregasi)
    return gabungan, capaian.Target(nilai=gabungan)


def _isi_indikator(baris: BarisE81, ind: Indikator, b: _Bahan) -> None:
    """Columns 5–15 K and 17 of an indicator's row."""
    per_tahun = {
        th: v
        for th in range(b.periode.tahun_mulai, b.tahun + 1)
        if (v := capaian.nilai_tahunan(b.nilai.get((ind.pk, th), {}), ind.agregasi)) is not None
    }
    baris.indikator = f"{ind.uraian} ({ind.satuan})" if ind.satuan else ind.uraian
    baris.bulat = ind.bulat
    baris.target_renstra, acuan = _target_renstra(ind, b)
    baris.target = _nilai_target(b.target.get((ind.pk, b.tahun)))
    baris.realisasi_lalu = lintas_tahun({th: v for th, v in per_tahun.items() if th < b.tahun}, ind.agregasi)
    baris.triwulan = dict(b.nilai.get((ind.pk, b.tahun), {}))
    baris.realisasi, baris.renstra = per_tahun.get(b.tahun), lintas_tahun(per_tahun, ind.agregasi)
    if acuan is not None:
        baris.tingkat_capaian = capaian.hitung_capaian(baris.renstra, acuan, ind.arah).persen
    baris.capaian_tahun = b.capaian.get(ind.pk)
    baris.penjelasan = b.penjelasan.get(ind.pk, [])
    teks = _("Capaian %(t)s: %(c)s") % {"t": b.tahun, "c": format_persen(baris.capaian_tahun)}
    baris.keterangan = "\n".join([teks, *baris.penjelasan])


def _sasaran_di_atas(s: Sasaran, per_id: dict[int, Sasaran]) -> str:
    node, dilalui = s, set()
    while node is not None and node.pk not in dilalui:
        dilalui.add(node.pk)
        if node.tingkat and node.tingkat.kode == SASARAN:
            return node.uraian
        node = per_id.get(node.induk_id)
    return ""


def _baris_simpul(s: Sasaran, no: int, b: _Bahan, per_id: dict[int, Sasaran], pd: PerangkatDaerah) -> list:
    """The rows of one node: one per indicator (at least one), the budget on the first."""
    kepala = {
        "no": no, "sasaran": _sasaran_di_atas(s, per_id), "kode": s.kode_nomenklatur or s.kode, "uraian": s.uraian,
        "tingkat": s.tingkat.kode if s.tingkat else "", "unit": s.jabatan or pd.nama,
    }  # fmt: skip
    hasil = []
    for ind in b.indikator.get(s.pk, []) or [None]:
        baris = BarisE81(**kepala) if not hasil else BarisE81(**(kepala | {"no": None}))
        if ind is not None:
            _isi_indikator(baris, ind, b)
        hasil.append(baris)
    hasil[0].rp = _rp(b, s.pk)
    return hasil


def _daftar(baris: list[BarisE81], syarat) -> list[str]:
    return [f"{x.kode} {x.indikator}: {' '.join(x.penjelasan)}" for x in baris if x.penjelasan and syarat(x)]


def _ringkasan(t: TabelE81) -> None:
    """The summary rows: mean capaian and its band, overall budget use, factors and follow-up."""
    persen = [x.tingkat_capaian for x in t.baris if x.tingkat_capaian is not None]
    t.rata_capaian = bulatkan(sum(persen) / len(persen)) if persen else None
    pita = capaian.kategori(t.rata_capaian)
    t.predikat = pita.nama if pita else ""
    rp = [x.rp for x in t.baris if x.rp and x.tingkat == "sub_kegiatan"]  # the leaves: no budget counted twice
    renstra = sum((r["renstra"] for r in rp if r["renstra"] is not None), Decimal(0))
    sd = [r["sd_tahun"] for r in rp if r["sd_tahun"] is not None]
    t.rata_serapan = capaian.serapan_anggaran(sum(sd, Decimal(0)), renstra) if sd else None
    ada = [x for x in t.baris if x.capaian_tahun is not None]
    t.pendorong = _daftar(ada, lambda x: x.capaian_tahun >= SERATUS)
    t.penghambat = _daftar(ada, lambda x: x.capaian_tahun < SERATUS)
    di_bawah = _("capaian %(c)s, di bawah target tahun ini")
    t.tindak_lanjut_triwulan = [
        f"{x.kode} {x.indikator}: {di_bawah % {'c': format_persen(x.capaian_tahun)}}"
        for x in ada
        if x.capaian_tahun < SERATUS
    ]
    renstra_kurang = _("%(c)s dari target akhir Renstra")
    t.tindak_lanjut_renja = [
        f"{x.kode} {x.indikator}: {renstra_kurang % {'c': format_persen(x.tingkat_capaian)}}"
        for x in t.baris
        if x.tingkat_capaian is not None and x.tingkat_capaian < SERATUS
    ]


def tabel_e81(*, user, pd: PerangkatDaerah, tahun: int) -> TabelE81:
    """The E.81 table of `pd` (already fetched through the choke point) for `tahun`, read in the user's scope:
    the rows in tree order and the summary rows (module docstring). A fixed number of queries."""
    periode = periode_pilih(user=user, tahun=tahun)[0]
    if periode is None or periode.pemda_id != pd.pemda_id:
        return TabelE81(pd, tahun, None, [])
    simpul = _node_pd(user, pd, periode, TINGKAT_RENSTRA)
    per_id = {s.pk: s for s in simpul}
    b = _bahan(simpul, periode, tahun)
    baris: list[BarisE81] = []
    no = 0
    for s, _kedalaman in _urut_pohon(simpul):
        if s.tingkat is None or s.tingkat.kode not in TINGKAT_BARIS:
            continue
        no += 1
        baris += _baris_simpul(s, no, b, per_id, pd)
    t = TabelE81(pd, tahun, periode, baris)
    _ringkasan(t)
    return t
