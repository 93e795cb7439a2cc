"""The group dashboard of a pembina (issue 18 points 1 and 2): a province's (or a ministry's) view of the pemda
of one `GrupPemda`, read from what those pemda have made official or published, nothing else.

- the official results (`Evaluasi` of kind RESMI, final, with its stored `HasilEvaluasi`) of every member and
  every year, in ONE query whatever the number of pemda: the predicate distribution, the ranking with its
  change from the previous year, the share of pemda at BB or better, the trend, and the component averages
  against each component's weight (the weight is the instrument's data, `InstrumenSiap.komponen`);
- the latest LKjIP year each member published (`laporan.terbit.laporan_terbit`, one aggregate query).
Never a draft, a self-estimate, an internal evaluation, a realisation or a user's name. The drill-down to one
member is the public page's own content (`dasbor.publik.halaman_publik`). Who may see a group is decided in
perangkat_daerah/access.py (`grup_binaan`, `pemda_binaan`), never here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from evaluasi import scoring
from evaluasi.models import Evaluasi, Instrumen
from evaluasi.selectors.mesin import instrumen_siap_per_id
from laporan.terbit import laporan_terbit
from perangkat_daerah.models import GrupPemda, Pemda
from sakip.lib.angka import bulatkan, format_angka, format_persen

from .selectors.umum import persen, teks_selisih

_KOLOM = (
    "pemda_id", "tahun", "instrumen_id", "hasil__total", "hasil__predikat", "hasil__predikat_nama",
    "hasil__nilai_komponen",
)  # fmt: skip


@dataclass(frozen=True)
class Hasil:
    """One official result of one member pemda, as plain values."""

    pemda_id: int
    tahun: int
    instrumen_id: int
    total: Decimal
    predikat: str
    predikat_nama: str
    nilai_komponen: dict
    skala: scoring.SkalaPredikat
    bb: bool  # at BB or better on its own instrument's band table (`_bb`)


def _bb(skala: scoring.SkalaPredikat, predikat: str) -> bool:
    return skala.peringkat(predikat) >= skala.peringkat(scoring.PREDIKAT_AMBANG_TINGGI)


@dataclass
class BarisPemda:
    """One member in the table: its latest official result, last year's, its rank and the change."""

    pemda: Pemda
    url: str
    hasil: Hasil | None = None
    lalu: Hasil | None = None
    peringkat: int | None = None
    peringkat_lalu: int | None = None
    lkjip_tahun: int | None = None

    @property
    def total_teks(self) -> str:
        return format_angka(self.hasil.total) if self.hasil else "–"

    @property
    def total_lalu_teks(self) -> str:
        return format_angka(self.lalu.total) if self.lalu else "–"

    @property
    def perubahan(self) -> Decimal | None:
        return self.hasil.total - self.lalu.total if self.hasil and self.lalu else None

    @property
    def perubahan_teks(self) -> str:
        return teks_selisih(self.perubahan)

    @property
    def naik_peringkat(self) -> int | None:
        """Places gained since last year (negative: lost)."""
        if self.peringkat is None or self.peringkat_lalu is None:
            return None
        return self.peringkat_lalu - self.peringkat

    @property
    def naik_peringkat_teks(self) -> str:
        n = self.naik_peringkat
        if n is None:
            return "–"
        return f"▲ {n}" if n > 0 else f"▼ {-n}" if n < 0 else "="


@dataclass(frozen=True)
class Sebaran:
    """How many members hold one predicate in the dashboard's year."""

    kode: str
    nama: str
    jumlah: int
    bagian: Decimal | None

    @property
    def bagian_teks(self) -> str:
        return format_persen(self.bagian)


@dataclass(frozen=True)
class KomponenGrup:
    """A component's average over the members against its weight: where the group loses points."""

    kode: str
    nama: str
    bobot: Decimal
    rata: Decimal
    jumlah: int

    @property
    def hilang(self) -> Decimal:
        return self.bobot - self.rata

    @property
    def capaian(self) -> Decimal | None:
        return persen(self.rata, self.bobot)

    @property
    def bobot_teks(self) -> str:
        return format_angka(self.bobot)

    @property
    def rata_teks(self) -> str:
        return format_angka(self.rata)

    @property
    def hilang_teks(self) -> str:
        return format_angka(self.hilang)

    @property
    def capaian_teks(self) -> str:
        return format_persen(self.capaian)


@dataclass(frozen=True)
class TahunGrup:
    """One year of the group: members with a result, the average total, and how many reached BB."""

    tahun: int
    jumlah: int
    rata: Decimal
    jumlah_bb: int
    jumlah_anggota: int

    @property
    def rata_teks(self) -> str:
        return format_angka(self.rata)

    @property
    def bagian_bb(self) -> Decimal | None:
        return persen(self.jumlah_bb, self.jumlah_anggota)

    @property
    def bagian_bb_teks(self) -> str:
        return format_persen(self.bagian_bb)


@dataclass
class DasborWilayah:
    """Everything the group dashboard (and its workbook) shows."""

    grup: GrupPemda
    tahun: int | None  # the chosen year when a member has an official result for it, else the latest before it
    baris: list[BarisPemda]
    sebaran: list[Sebaran] = field(default_factory=list)
    tanpa_hasil: int = 0
    komponen: list[KomponenGrup] = field(default_factory=list)
    komponen_instrumen: str = ""
    tren: list[TahunGrup] = field(default_factory=list)  # up to the chosen year
    tahun_pilihan: int | None = None  # the year of the selector (request.tahun)
    tahun_hasil: list[int] = field(default_factory=list)  # every year with an official result of a member
    bands: tuple[scoring.Band, ...] = ()  # the band table of the year's most used instrument, best first

    @property
    def baris_html(self) -> SafeString:
        """The member table's rows (`_baris_html`)."""
        return _baris_html(self.baris)

    @property
    def jumlah_anggota(self) -> int:
        return len(self.baris)

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun) if self.tahun else "–"

    @property
    def tahun_pilihan_teks(self) -> str:
        return str(self.tahun_pilihan) if self.tahun_pilihan else "–"

    @property
    def tahun_lalu_teks(self) -> str:
        return str(self.tahun - 1) if self.tahun else "–"

    @property
    def sekarang(self) -> TahunGrup | None:
        return next((t for t in self.tren if t.tahun == self.tahun), None)

    @property
    def rata_teks(self) -> str:
        return self.sekarang.rata_teks if self.sekarang else "–"

    @property
    def tahun_bergeser(self) -> bool:
        """The chosen year has no official result of a member: an earlier year is shown (and said so)."""
        return self.tahun != self.tahun_pilihan

    @property
    def grafik(self) -> dict:
        return grafik_wilayah(self)


def _hasil_resmi(pemda_ids: list[int]) -> tuple[list[Hasil], dict]:
    """The members' official results of every year: one query, +1 for the keys of the few instruments they
    use (+1 for instruments not in the process cache). Every year, not only those up to the chosen one: the
    page names the years it can show. Unordered (the model's ordering would join every PD of the install for
    its code); the instrument's key is read once per instrument, not decoded on each of the 2,750 rows;
    BB-or-better is decided once per (instrument, predicate)."""
    baris = list(
        Evaluasi.objects.filter(
            pemda_id__in=pemda_ids, perangkat_daerah__isnull=True, jenis=Evaluasi.Jenis.RESMI,
            status=Evaluasi.Status.FINAL, hasil__isnull=False,
        ).order_by().values_list(*_KOLOM)
    )  # fmt: skip
    dipakai = {b[2] for b in baris}
    kunci = Instrumen.objects.filter(pk__in=dipakai).values_list("pk", "diubah_pada", "skala_predikat_id")
    siap = instrumen_siap_per_id(kunci) if dipakai else {}
    bb = {(i, p): _bb(siap[i].skala_predikat, p) for i, p in {(b[2], b[4]) for b in baris}}
    return [
        Hasil(b[0], b[1], b[2], b[3], b[4], b[5], b[6] or {}, siap[b[2]].skala_predikat, bb[b[2], b[4]]) for b in baris
    ], siap


def _peringkat(hasil: list[Hasil]) -> dict[int, int]:
    """Competition ranking by total (1, 1, 3): pemda id → place."""
    urut = sorted(hasil, key=lambda h: h.total, reverse=True)
    tempat: dict[int, int] = {}
    for i, h in enumerate(urut):
        tempat[h.pemda_id] = tempat[urut[i - 1].pemda_id] if i and urut[i - 1].total == h.total else i + 1
    return tempat


def _skala(hasil: list[Hasil]) -> scoring.SkalaPredikat | None:
    """The band table of the year's most used instrument (the distribution's rows, the trend chart's stripes)."""
    if not hasil:
        return None
    instrumen_id = Counter(h.instrumen_id for h in hasil).most_common(1)[0][0]
    return next(h.skala for h in hasil if h.instrumen_id == instrumen_id)


def _sebaran(hasil: list[Hasil], skala: scoring.SkalaPredikat | None, jumlah_anggota: int) -> list[Sebaran]:
    if skala is None:
        return []
    hitung = Counter(h.predikat for h in hasil)
    return [Sebaran(b.kode, b.nama, hitung.get(b.kode, 0), persen(hitung.get(b.kode, 0), jumlah_anggota))
            for b in skala.urut_turun()]  # fmt: skip


def _komponen(hasil: list[Hasil], siap: dict) -> tuple[list[KomponenGrup], str]:
    """Per component of the year's most used instrument: the members' average against its weight, the
    component that loses the most points first. Results under another instrument are not mixed in."""
    dengan = [h for h in hasil if h.nilai_komponen]
    if not dengan:
        return [], ""
    instrumen_id = Counter(h.instrumen_id for h in dengan).most_common(1)[0][0]
    ins = siap[instrumen_id]
    hasil_komponen = []
    for k in ins.komponen:
        nilai = [Decimal(h.nilai_komponen[k.kode]) for h in dengan
                 if h.instrumen_id == instrumen_id and k.kode in h.nilai_komponen]  # fmt: skip
        if nilai:
            hasil_komponen.append(KomponenGrup(k.kode, k.nama, k.bobot, bulatkan(sum(nilai) / len(nilai)), len(nilai)))
    return sorted(hasil_komponen, key=lambda k: (-k.hilang, k.kode)), ins.nama


def _tren(per_tahun: dict[int, list[Hasil]], jumlah_anggota: int) -> list[TahunGrup]:
    return [
        TahunGrup(t, len(hs), bulatkan(sum(h.total for h in hs) / len(hs)), sum(h.bb for h in hs), jumlah_anggota)
        for t, hs in sorted(per_tahun.items())
    ]


def _predikat(kode: str) -> str:
    return f'<span class="predikat p-{escape(kode)}">{escape(kode)}</span>'


def _baris_html(baris: list[BarisPemda]) -> SafeString:
    """The member table's rows as markup, built here rather than in the template's loop: with 550 members the
    loop's variable lookups were most of a cold build (docs/PERFORMA.md, issue 18 (c)). Every value is escaped;
    the cells are those of templates/dasbor/_wilayah.html's header."""
    hasil = []
    for b in baris:
        sel = (
            f"{b.peringkat or '–'}",
            f'<a href="{escape(b.url)}">{escape(b.pemda.nama)}</a>',
            escape(b.total_teks),
            _predikat(b.hasil.predikat) if b.hasil else "–",
            escape(b.total_lalu_teks) + (" " + _predikat(b.lalu.predikat) if b.lalu else ""),
            escape(b.perubahan_teks),
            escape(b.naik_peringkat_teks),
            f"{b.lkjip_tahun or '–'}",
        )
        hasil.append(
            f'<tr><td class="angka">{sel[0]}</td><th scope="row">{sel[1]}</th><td class="angka">{sel[2]}</td>'
            f'<td>{sel[3]}</td><td class="angka">{sel[4]}</td><td class="angka">{sel[5]}</td>'
            f'<td class="angka">{sel[6]}</td><td class="angka">{sel[7]}</td></tr>'
        )
    return mark_safe("\n".join(hasil))  # noqa: S308 - every value above is escaped or our own number


def _anggota(grup: GrupPemda) -> list[Pemda]:
    """The members by name, each with its latest published LKjIP year: a subquery per member, by its index."""
    terbit = laporan_terbit(pemda_id=OuterRef("pk")).order_by().values("pemda_id").annotate(t=Max("tahun")).values("t")
    return list(grup.anggota.order_by("nama").only("kode", "nama", "jenis").annotate(lkjip_tahun=Subquery(terbit)))


def _baris(grup: GrupPemda, anggota: list[Pemda], sekarang: list[Hasil], lalu: list[Hasil], tahun: int | None):
    """The member rows, ranked; each links to the member's public figures of the year shown."""
    # one reverse for the members' links (550 reverses were 10% of a cold build); the id is the last segment
    awal, akhir = reverse("dasbor:wilayah_pemda", args=[grup.pk, 0]).rsplit("/0/", 1)
    kueri = f"?tahun={tahun}" if tahun else ""
    tempat, tempat_lalu = _peringkat(sekarang), _peringkat(lalu)
    h_sekarang = {h.pemda_id: h for h in sekarang}
    h_lalu = {h.pemda_id: h for h in lalu}
    baris = [
        BarisPemda(
            p, f"{awal}/{p.pk}/{akhir}{kueri}", h_sekarang.get(p.pk), h_lalu.get(p.pk),
            tempat.get(p.pk), tempat_lalu.get(p.pk), p.lkjip_tahun,
        )
        for p in anggota
    ]  # fmt: skip
    baris.sort(key=lambda b: (b.peringkat is None, b.peringkat or 0, b.pemda.nama))
    return baris


def dasbor_wilayah(*, grup: GrupPemda, sampai: int) -> DasborWilayah:
    """The dashboard of `grup` for the chosen year `sampai` (the year selector's), in a fixed number of queries
    whatever the number of member pemda or years: the members, their official results, their latest
    published LKjIP years. The year shown is `sampai` when a member has an official result for it, else the
    latest year before it that has one; the ranking's change is against the year before the one shown, and
    the trend runs up to it."""
    anggota = _anggota(grup)
    hasil, siap = _hasil_resmi([p.pk for p in anggota])
    per_tahun: dict[int, list[Hasil]] = defaultdict(list)
    for h in hasil:
        per_tahun[h.tahun].append(h)
    tahun = max((t for t in per_tahun if t <= sampai), default=None)
    sekarang, lalu = per_tahun.get(tahun, []), per_tahun.get(tahun - 1, []) if tahun else []
    skala = _skala(sekarang)
    komponen, komponen_instrumen = _komponen(sekarang, siap)
    return DasborWilayah(
        grup, tahun, _baris(grup, anggota, sekarang, lalu, tahun), _sebaran(sekarang, skala, len(anggota)),
        len(anggota) - len(sekarang), komponen, komponen_instrumen,
        _tren({t: hs for t, hs in per_tahun.items() if t <= sampai}, len(anggota)), sampai, sorted(per_tahun),
        skala.urut_turun() if skala else (),
    )  # fmt: skip


def _f(nilai: Decimal | None) -> float | None:
    return None if nilai is None else float(nilai)


def grafik_wilayah(d: DasborWilayah) -> dict:
    """Data of the group dashboard's charts, drawn by the wali kota's chart builders (static/js/dasbor.js, which
    reads the distribution and the shares under "pd"): the same numbers as the tables beside each chart."""
    return {
        "pd": {
            "distribusi": {
                "kode": [s.kode for s in d.sebaran], "jumlah": [s.jumlah for s in d.sebaran],
                "label": _("Jumlah pemda"),
            },
            "bagian": {
                "tahun": [str(t.tahun) for t in d.tren], "bb": [_f(t.bagian_bb) for t in d.tren],
                "label": {"bb": _("Pemda dengan predikat BB ke atas (%)")},
            },
        },
        "tren": {
            "tahun": [str(t.tahun) for t in d.tren], "resmi": [_f(t.rata) for t in d.tren], "target": None,
            "bands": [{"kode": b.kode, "bawah": _f(b.batas_bawah), "atas": _f(b.batas_atas)} for b in d.bands],
            "label": {"resmi": _("Rata-rata nilai resmi")},
        },
        "komponen": {
            "label": [f"{k.kode}. {k.nama}" for k in d.komponen], "nilai": [_f(k.rata) for k in d.komponen],
            "maks": [_f(k.bobot) for k in d.komponen], "sumber": _("Rata-rata grup"),
        },
    }  # fmt: skip
