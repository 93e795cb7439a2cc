"""Reads of the kinerja app, always through the access choke point, each in a fixed number of queries
(no query per indicator or per PD)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import AngkaTidakValid, format_angka, format_persen, parse_angka
from sakip.lib.kueri import salah_satu

from .. import capaian, penilaian
from ..models import Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, RevisiPK, Target
from ..models_perencanaan import INDIKATOR_PK
from . import riwayat

if TYPE_CHECKING:
    from .anggaran_pohon import AnggaranPD

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}  # the one table of Roman quarter numbers (TW I … TW IV)


def indikator_dapat_diisi(user) -> QuerySet:
    """Indicators whose realisasi `user` may enter: the own PD's (operator, kepala PD), and the city-level
    ones for Bagian Organisasi."""
    milik_pd = Indikator.objects.for_user(user, Aksi.ISI).filter(perangkat_daerah__isnull=False)
    kota = Indikator.objects.for_user(user, Aksi.KELOLA).filter(perangkat_daerah__isnull=True)
    return milik_pd | kota


def indikator_dapat_ditarget(user) -> QuerySet:
    """Indicators whose targets `user` may set while the PK is a draft: Bagian Organisasi (KELOLA) for the
    pemda, and the PD's own operator and head (ISI) for their PD."""
    return Indikator.objects.for_user(user, Aksi.KELOLA) | Indikator.objects.for_user(user, Aksi.ISI)


def pk_dapat_direvisi(user) -> QuerySet:
    """Perjanjian Kinerja whose set targets `user` may revise: the PD's head (SETUJUI) or Bagian
    Organisasi (KELOLA)."""
    return PerjanjianKinerja.objects.for_user(user, Aksi.SETUJUI) | PerjanjianKinerja.objects.for_user(
        user, Aksi.KELOLA
    )


def kunci_triwulan(*, pemda_id: int, tahun: int, triwulan: int) -> KunciTriwulan | None:
    """The lock/deadline row of one quarter, or None when Bagian Organisasi has set none."""
    return KunciTriwulan.objects.filter(pemda_id=pemda_id, tahun=tahun, triwulan=triwulan).first()


def kunci_tahun(*, pemda_id: int, tahun: int) -> dict[int, KunciTriwulan]:
    """The lock/deadline rows of a year's quarters, by quarter."""
    return {k.triwulan: k for k in KunciTriwulan.objects.filter(pemda_id=pemda_id, tahun=tahun)}


# A submitted or verified quarter's capaian is computed from these statuses only: a draft (or a returned
# row being corrected) of another quarter never changes what was submitted (issue 11 point 2).
TERAJUKAN = frozenset({Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI})


def nilai_realisasi_tahun(
    *, indikator: Indikator, tahun: int, hanya_terajukan: bool = False
) -> tuple[dict, dict, Target | None]:
    """An indicator's quarter values this year and last year ({triwulan: nilai}) and this year's target;
    with `hanya_terajukan`, from submitted and verified rows only."""
    ini: dict[int, Decimal | None] = {}
    lalu: dict[int, Decimal | None] = {}
    rows = Realisasi.objects.filter(indikator=indikator, tahun__in=[tahun - 1, tahun])
    if hanya_terajukan:
        rows = rows.filter(status__in=TERAJUKAN)
    for r in rows.only("tahun", "triwulan", "nilai"):
        (ini if r.tahun == tahun else lalu)[r.triwulan] = r.nilai
    return ini, lalu, Target.objects.filter(indikator=indikator, tahun=tahun).first()


# --- the input page --------------------------------------------------------------------------------


@dataclass
class BarisRealisasi:
    """One indicator's row on the input page: target, earlier quarters, this quarter's row, assessment."""

    indikator: Indikator
    target: Target | None
    realisasi: Realisasi | None
    nilai_tw: dict[int, Decimal | None]
    nilai_tw_lalu: dict[int, Decimal | None]
    triwulan: int
    penilaian: penilaian.Penilaian
    isian: dict = field(default_factory=dict)  # what the user typed, shown again after a refused save
    galat: list[str] = field(default_factory=list)
    gagal_simpan: bool = False  # the page's save was refused (all or nothing): the row says where it stands

    @property
    def catatan_simpan(self) -> str:
        """After a refused save, what this row holds in the database and whether what was typed was kept."""
        if not self.gagal_simpan or not self.dapat_diubah:
            return ""
        r = self.realisasi
        tersimpan = _("belum ada") if r is None else self.indikator.format_nilai(r.nilai, kosong="")
        if r is not None and r.nilai is None:
            tersimpan = _("belum tersedia") if r.belum_tersedia else _("kosong")
        if self.galat:
            return _("Tidak disimpan: perbaiki isian ini. Yang tersimpan: %(n)s.") % {"n": tersimpan}
        if self.isian and self._berubah():
            return _("Belum disimpan, karena baris lain perlu diperbaiki. Yang tersimpan: %(n)s.") % {"n": tersimpan}
        return _("Tidak berubah. Yang tersimpan: %(n)s.") % {"n": tersimpan}

    def _berubah(self) -> bool:
        r = self.realisasi
        lama = {"nilai": "" if r is None or r.nilai is None else angka_isian(r.nilai),
                "belum_tersedia": bool(r and r.belum_tersedia), "penjelasan": r.penjelasan if r else ""}  # fmt: skip
        ketik = {"nilai": self.isian.get("nilai") or "", "belum_tersedia": bool(self.isian.get("belum_tersedia")),
                 "penjelasan": self.isian.get("penjelasan") or ""}  # fmt: skip
        return lama != ketik

    @property
    def dapat_diubah(self) -> bool:
        return self.realisasi is None or self.realisasi.dapat_diubah

    @property
    def status(self) -> str:
        return self.realisasi.status if self.realisasi else "kosong"

    @property
    def status_label(self) -> str:
        return self.realisasi.get_status_display() if self.realisasi else _("Kosong")

    @property
    def triwulan_sebelumnya(self) -> list[dict]:
        """Earlier quarters of this year as they are shown: "TW I 20,50", a count "TW I 20"."""
        return [
            {"label": f"TW {ROMAWI[tw]}", "nilai": self.indikator.format_nilai(self.nilai_tw.get(tw))}
            for tw in capaian.TRIWULAN
            if tw < self.triwulan
        ]

    @property
    def target_teks(self) -> str:
        """The year's target ("80", "70–80", "–")."""
        return self.target.sebagai_capaian().teks if self.target else "–"

    @property
    def target_tw_teks(self) -> str:
        """The target up to this quarter when one is set ("s.d. TW II: 300"), else empty."""
        if self.target is None or getattr(self.target, f"t{self.triwulan}") is None:
            return ""
        return f"s.d. TW {ROMAWI[self.triwulan]}: {self.penilaian.target_teks}"

    @property
    def nilai_tampil(self) -> str:
        """The value in the input: what the user typed, else the stored one in Indonesian notation."""
        if "nilai" in self.isian:
            return self.isian["nilai"]
        nilai = self.realisasi.nilai if self.realisasi else None
        return "" if nilai is None else angka_isian(nilai)

    @property
    def nilai_teks(self) -> str:
        """The stored value as every page shows it (THE format: "81,60", a count "126.000"), for a row that is
        read, not typed into; "–" when there is none."""
        return self.indikator.format_nilai(self.realisasi.nilai if self.realisasi else None)

    def _isian_atau(self, kunci: str, bawaan):
        if kunci in self.isian:
            return self.isian[kunci]
        return getattr(self.realisasi, kunci) if self.realisasi else bawaan

    @property
    def belum_tampil(self) -> bool:
        return bool(self._isian_atau("belum_tersedia", False))

    @property
    def alasan_tampil(self) -> str:
        return self._isian_atau("alasan_belum_tersedia", "")

    @property
    def penjelasan_tampil(self) -> str:
        return self._isian_atau("penjelasan", "")


def angka_isian(nilai: Decimal) -> str:
    """A stored number as the user would type it again: its own decimals (87,25; 1.234), no trailing zeros."""
    normal = nilai.normalize()
    tempat = max(0, -normal.as_tuple().exponent)
    return format_angka(normal, tempat)


@dataclass
class HalamanInput:
    """Everything the input page of one PD (or of the city's own indicators: `perangkat_daerah` None),
    year and quarter shows."""

    perangkat_daerah: PerangkatDaerah | None
    tahun: int
    triwulan: int
    baris: list[BarisRealisasi]
    kunci: KunciTriwulan | None
    perjanjian: PerjanjianKinerja | None
    boleh_isi: bool

    @property
    def kota(self) -> bool:
        """The city-level indicators (IKU kota), entered by Bagian Organisasi."""
        return self.perangkat_daerah is None

    @property
    def terkunci(self) -> bool:
        return bool(self.kunci and self.kunci.terkunci)

    @property
    def dapat_diubah(self) -> bool:
        return self.boleh_isi and not self.terkunci and any(b.dapat_diubah for b in self.baris)

    @property
    def ringkasan(self) -> dict[str, int]:
        hitung: dict[str, int] = defaultdict(int)
        for b in self.baris:
            hitung[b.status] += 1
        return dict(hitung)


def nilai_baris(
    ind: Indikator, target: Target | None, ini: dict, lalu: dict, triwulan: int, penjelasan: str
) -> penilaian.Penilaian:
    """Assess one indicator at `triwulan` from values already loaded."""
    return penilaian.nilai(
        arah=ind.arah,
        agregasi=ind.agregasi,
        target=target.sebagai_capaian(triwulan) if target else capaian.Target(),
        nilai_tw=ini,
        triwulan=triwulan,
        penjelasan=penjelasan,
        nilai_tw_lalu=lalu,
        bulat=ind.bulat,
    )


def halaman_input(
    *, user, perangkat_daerah: PerangkatDaerah | None, tahun: int, triwulan: int, pemda=None
) -> HalamanInput:
    """The input page's rows for a PD's quarter, or with `perangkat_daerah=None` for the city-level
    indicators of `pemda`; in six queries whatever the number of indicators."""
    pemda_id = perangkat_daerah.pemda_id if perangkat_daerah is not None else pemda.pk
    indikator = list(
        Indikator.objects.for_user(user, Aksi.LIHAT)
        .filter(perangkat_daerah=perangkat_daerah, pemda_id=pemda_id)
        .select_related("sasaran", "manual_ik")  # the manual's definition and formula, in the same query
        .order_by("sasaran__kode", "urutan", "kode")
    )
    target = {
        t.indikator_id: t
        for t in Target.objects.filter(salah_satu("indikator_id", [i.pk for i in indikator]), tahun=tahun)
    }
    # Values per basis (every row | submitted and verified rows only) × (this year | last year) × indicator.
    nilai_tw: dict[str, tuple[dict, dict]] = {"semua": ({}, {}), "terajukan": ({}, {})}
    sekarang: dict[int, Realisasi] = {}
    for r in Realisasi.objects.filter(
        salah_satu("indikator_id", [i.pk for i in indikator]), tahun__in=[tahun - 1, tahun]
    ):
        for basis in ("semua", "terajukan") if r.status in TERAJUKAN else ("semua",):
            nilai_tw[basis][r.tahun != tahun].setdefault(r.indikator_id, {})[r.triwulan] = r.nilai
        if r.tahun == tahun and r.triwulan == triwulan:
            sekarang[r.indikator_id] = r
    baris = []
    for ind in indikator:
        r = sekarang.get(ind.pk)
        # A draft row is assessed with every value (the operator's working picture); a submitted or
        # verified one only with submitted and verified values.
        basis = "terajukan" if r is not None and r.status in TERAJUKAN else "semua"
        ini, lalu = (d.get(ind.pk, {}) for d in nilai_tw[basis])
        nilai = nilai_baris(ind, target.get(ind.pk), ini, lalu, triwulan, r.penjelasan if r else "")
        baris.append(BarisRealisasi(ind, target.get(ind.pk), r, ini, lalu, triwulan, nilai))
    pk = PerjanjianKinerja.objects.filter(perangkat_daerah=perangkat_daerah, tahun=tahun) if perangkat_daerah else None
    return HalamanInput(
        perangkat_daerah=perangkat_daerah,
        tahun=tahun,
        triwulan=triwulan,
        baris=baris,
        kunci=kunci_triwulan(pemda_id=pemda_id, tahun=tahun, triwulan=triwulan),
        perjanjian=pk.first() if pk is not None else None,
        boleh_isi=indikator_dapat_diisi(user).filter(perangkat_daerah=perangkat_daerah, pemda_id=pemda_id).exists(),
    )


# --- PK -------------------------------------------------------------------------------------------


@dataclass
class BarisPK:
    """One indicator of a PK: its target, the values its form shows, and errors of a refused change."""

    indikator: Indikator
    target: Target | None
    isian: dict[str, str] = field(default_factory=dict)
    galat: list[str] = field(default_factory=list)

    @property
    def target_teks(self) -> str:
        return self.target.sebagai_capaian().teks if self.target else "–"

    @property
    def triwulan_teks(self) -> str:
        """The per-quarter targets as shown: "TW I 25 · TW II 50 ...", empty when none is set."""
        if self.target is None:
            return ""
        bagian = [
            f"TW {ROMAWI[tw]} {angka_isian(getattr(self.target, f't{tw}'))}"
            for tw in capaian.TRIWULAN
            if getattr(self.target, f"t{tw}") is not None
        ]
        return " · ".join(bagian)

    @property
    def triwulan_dari_tahunan(self) -> str:
        """The quarterly targets the year target splits into (THE split rule, `capaian.target_sd_triwulan`),
        as the confirmation of "Isi target triwulan dari target tahunan" shows them; empty without a single
        year value (a range or no target)."""
        if self.target is None or self.target.nilai is None:
            return ""
        per_tw = capaian.target_sd_triwulan(self.target.nilai, self.indikator.agregasi, bulat=self.indikator.bulat)
        return " · ".join(f"TW {ROMAWI[tw]} {self.indikator.format_nilai(v)}" for tw, v in per_tw.items())


def _isian_target(target: Target | None) -> dict[str, str]:
    if target is None:
        return {}
    return {k: angka_isian(getattr(target, k)) for k in Target.NILAI_FIELDS if getattr(target, k) is not None}


@dataclass
class HalamanPK:
    """A PD's Perjanjian Kinerja for a year: its sasaran with indicators and targets, and revisions."""

    perangkat_daerah: PerangkatDaerah
    tahun: int
    perjanjian: PerjanjianKinerja | None
    baris: list[BarisPK]
    revisi: list[RevisiPK]
    anggaran: AnggaranPD | None  # THE PD budget of the year (sub kegiatan sum, else the PD-level Anggaran)
    riwayat_target: list = field(default_factory=list)  # riwayat.EntriRiwayat, newest first
    boleh_tetapkan: bool = False
    boleh_ubah_target: bool = False
    boleh_revisi: bool = False

    @property
    def ditetapkan(self) -> bool:
        return bool(self.perjanjian and self.perjanjian.ditetapkan)

    @property
    def boleh_tulis_target(self) -> bool:
        """Whether the page offers target forms: direct edits while a draft, revisions once set."""
        return self.boleh_revisi if self.ditetapkan else self.boleh_ubah_target

    @property
    def pagu_teks(self) -> str:
        """The budget ceiling in rupiah, Indonesian style: "Rp527.000.000.000"."""
        return "–" if self.anggaran is None else f"Rp{format_angka(self.anggaran.pagu, 0)}"

    @property
    def serapan_teks(self) -> str:
        """Budget absorption so far, "72,35%" (capaian.serapan_anggaran)."""
        if self.anggaran is None:
            return "–"
        serapan = capaian.serapan_anggaran(self.anggaran.realisasi_total, self.anggaran.pagu)
        return format_persen(serapan)


def _hak_pk(user, perangkat_daerah: PerangkatDaerah, pk: PerjanjianKinerja | None) -> dict[str, bool]:
    """What the user may do on a PD's PK page, from the same rules the services guard with (3 queries):
    setting the PK is SETUJUI on the PD; target edits and revisions are the unions of rights stated once
    in `indikator_dapat_ditarget` and `pk_dapat_direvisi` (a revision needs the PK, which exists once set)."""
    return {
        "boleh_tetapkan": PerangkatDaerah.objects.for_user(user, Aksi.SETUJUI).filter(pk=perangkat_daerah.pk).exists(),
        "boleh_ubah_target": indikator_dapat_ditarget(user).filter(perangkat_daerah=perangkat_daerah).exists(),
        "boleh_revisi": pk is not None and pk_dapat_direvisi(user).filter(pk=pk.pk).exists(),
    }


def halaman_pk(*, user, perangkat_daerah: PerangkatDaerah, tahun: int) -> HalamanPK:
    """The PK page of a PD and year (a fixed handful of queries)."""
    indikator = list(
        Indikator.objects.for_user(user, Aksi.LIHAT)
        .filter(INDIKATOR_PK, perangkat_daerah=perangkat_daerah)
        .select_related("sasaran")
        .order_by("sasaran__kode", "urutan", "kode")
    )
    target = {
        t.indikator_id: t
        for t in Target.objects.filter(salah_satu("indikator_id", [i.pk for i in indikator]), tahun=tahun)
    }
    pk = PerjanjianKinerja.objects.filter(perangkat_daerah=perangkat_daerah, tahun=tahun).first()
    revisi = list(RevisiPK.objects.filter(perjanjian=pk).select_related("oleh", "target__indikator")) if pk else []
    kode = {ind.pk: ind.kode for ind in indikator}
    return HalamanPK(
        perangkat_daerah=perangkat_daerah,
        tahun=tahun,
        perjanjian=pk,
        baris=[BarisPK(ind, target.get(ind.pk), _isian_target(target.get(ind.pk))) for ind in indikator],
        revisi=revisi,
        anggaran=_anggaran_pd(perangkat_daerah, tahun),
        riwayat_target=riwayat.riwayat_target({t.pk: kode[i] for i, t in target.items()}),
        **_hak_pk(user, perangkat_daerah, pk),
    )


def _anggaran_pd(perangkat_daerah: PerangkatDaerah, tahun: int):
    """THE budget of the PD for the year: its sub kegiatan budgets' sum, else its PD-level Anggaran."""
    from .anggaran_pohon import anggaran_pd_tahun  # that module imports this package

    return anggaran_pd_tahun([perangkat_daerah], tahun).get(perangkat_daerah.pk)


# --- live preview ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pratinjau:
    """The live capaian of a value being typed: the assessment, or why the text is not a number."""

    penilaian: penilaian.Penilaian | None
    galat: str = ""


def pratinjau_capaian(*, indikator: Indikator, tahun: int, triwulan: int, teks: str, penjelasan: str) -> Pratinjau:
    """Capaian and warnings for `teks` typed as the indicator's value for `triwulan` (2 queries)."""
    try:
        nilai = parse_angka(teks)
    except AngkaTidakValid as exc:
        return Pratinjau(None, str(exc))
    ini, lalu, target = nilai_realisasi_tahun(indikator=indikator, tahun=tahun)
    ini[triwulan] = nilai
    return Pratinjau(nilai_baris(indikator, target, ini, lalu, triwulan, penjelasan))


# --- verified year values (reports, dashboards) ------------------------------------------------------


def realisasi_terverifikasi(realisasi: QuerySet) -> tuple[dict[tuple[int, int], dict[int, Decimal]], set]:
    """From a (caller-scoped) Realisasi queryset, in one query: the verified quarter values per
    (indikator, tahun), and the (indikator, tahun) pairs that have values still awaiting verification.
    Reports and dashboards count only verified realisations (DOMAIN §6)."""
    nilai: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    belum: set[tuple[int, int]] = set()
    for iid, tahun, tw, v, status in realisasi.values_list("indikator_id", "tahun", "triwulan", "nilai", "status"):
        if v is None:
            continue
        if status == Realisasi.Status.DIVERIFIKASI:
            nilai[(iid, tahun)][tw] = v
        else:
            belum.add((iid, tahun))
    return nilai, belum


from .lengkap import STATUS_KELENGKAPAN, BarisKelengkapan, SelKelengkapan, kelengkapan, triwulan_pd  # noqa: E402, F401
