"""Year-end projections of many indicators at once (issue 16 point 4): the rows `kinerja/proyeksi.py` needs,
read in a fixed number of queries whatever the number of indicators, years and quarters.

The caller hands in indicators it has already fetched through the choke point (`for_user`); nothing here
widens that scope. The year target is the PK's (`Target` of the year); the Renstra path runs from the target
of the first year of the indicator's node's planning period to the period-end target, both single values. The
seasonal pattern reads the `RIWAYAT_TAHUN` years before the year, complete years only (the pure module's rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery

from perangkat_daerah.access import Aksi, profil_pengguna
from sakip.lib.kueri import salah_satu

from .. import capaian, proyeksi
from ..models import Indikator, PengaturanKinerja, Realisasi, Sasaran, Target
from . import TERAJUKAN

RIWAYAT_TAHUN = 3


@dataclass(frozen=True)
class BahanProyeksi:
    """The rows read once: the threshold, each indicator's agregasi, arah and period, targets and values."""

    ambang: Decimal
    indikator: dict[int, Indikator]
    periode: dict[int, tuple[int, int]]  # sasaran id → (tahun_mulai, tahun_akhir)
    target: dict[tuple[int, int], Target]
    nilai: dict[tuple[int, int], dict[int, Decimal]]

    def _jalur(self, ind: Indikator, tahun: int) -> proyeksi.Jalur | None:
        mulai, akhir = self.periode.get(ind.sasaran_id, (None, None))
        if mulai is None or not mulai <= tahun <= akhir:
            return None
        awal, ujung = self.target.get((ind.pk, mulai)), self.target.get((ind.pk, akhir))
        if awal is None or ujung is None or awal.nilai is None or ujung.nilai is None:
            return None
        return proyeksi.Jalur(tahun_awal=mulai, nilai_awal=awal.nilai, tahun_akhir=akhir, nilai_akhir=ujung.nilai)

    def proyeksi(self, indikator_id: int, tahun: int, triwulan: int = 4) -> proyeksi.Proyeksi:
        """The projection of one indicator read in, at the end of `triwulan` (4: from everything entered)."""
        ind = self.indikator[indikator_id]
        target = self.target.get((ind.pk, tahun))
        lalu = range(tahun - RIWAYAT_TAHUN, tahun)
        riwayat = {th: self.nilai[(ind.pk, th)] for th in lalu if (ind.pk, th) in self.nilai}
        return proyeksi.hitung_proyeksi(
            agregasi=ind.agregasi,
            arah=ind.arah,
            target=target.sebagai_capaian() if target else capaian.Target(),
            nilai_tw=self.nilai.get((ind.pk, tahun), {}),
            triwulan=triwulan,
            riwayat=riwayat,
            ambang=self.ambang,
            jalur=self._jalur(ind, tahun),
            tahun=tahun,
            bulat=ind.bulat,
            satuan=ind.satuan,
        )


def siapkan(qs: QuerySet) -> QuerySet:
    """`qs` with what a projection needs of each indicator in the same query: its node's planning period and
    its pemda's threshold; `bahan_proyeksi` then reads two queries fewer."""
    ambang = PengaturanKinerja.objects.filter(pemda_id=OuterRef("pemda_id")).values("ambang_berisiko")[:1]
    return qs.select_related("sasaran__periode").annotate(ambang_pemda=Subquery(ambang))


def _periode_ambang(indikator: dict[int, Indikator], pemda_id: int) -> tuple[dict, Decimal]:
    """The planning period of each indicator's node and the pemda's threshold: from `siapkan`'s rows when the
    indicators came through it, else two queries."""
    if all(hasattr(i, "ambang_pemda") for i in indikator.values()):
        periode = {i.sasaran_id: (p.tahun_mulai, p.tahun_akhir) for i in indikator.values() if (p := i.sasaran.periode)}
        ambang = next(iter(indikator.values())).ambang_pemda
        return periode, proyeksi.AMBANG_BERISIKO_BAWAAN if ambang is None else ambang
    periode = {
        pk: (mulai, akhir)
        for pk, mulai, akhir in Sasaran.objects.filter(
            pk__in={i.sasaran_id for i in indikator.values()}, periode__isnull=False
        ).values_list("pk", "periode__tahun_mulai", "periode__tahun_akhir")
    }
    return periode, PengaturanKinerja.ambang(pemda_id)


def bahan_proyeksi(
    *, indikator: Sequence[Indikator], tahun: Iterable[int], pemda_id: int, hanya_terajukan: bool
) -> BahanProyeksi:
    """Read what the projections of `indikator` (of pemda `pemda_id`) for the years `tahun` need: two queries
    for indicators read through `siapkan`, four otherwise, none when there is no indicator. `hanya_terajukan`:
    submitted and verified values only (what others see); otherwise every value entered (the operator's
    working picture on the input page)."""
    tahun = sorted(set(tahun))
    indikator = {i.pk: i for i in indikator}
    if not indikator or not tahun:
        return BahanProyeksi(proyeksi.AMBANG_BERISIKO_BAWAAN, indikator, {}, {}, {})
    periode, ambang = _periode_ambang(indikator, pemda_id)
    tahun_target = set(tahun) | {t for p in periode.values() for t in p}
    target = {
        (t.indikator_id, t.tahun): t
        for t in Target.objects.filter(salah_satu("indikator_id", indikator), tahun__in=tahun_target)
    }
    rows = Realisasi.objects.filter(
        salah_satu("indikator_id", indikator),
        tahun__gte=tahun[0] - RIWAYAT_TAHUN,
        tahun__lte=tahun[-1],
        nilai__isnull=False,
    )
    if hanya_terajukan:
        rows = rows.filter(status__in=TERAJUKAN)
    nilai: dict[tuple[int, int], dict[int, Decimal]] = {}
    for ind_id, th, tw, n in rows.values_list("indikator_id", "tahun", "triwulan", "nilai"):
        nilai.setdefault((ind_id, th), {})[tw] = n
    return BahanProyeksi(ambang, indikator, periode, target, nilai)


@dataclass(frozen=True)
class IkuBerisiko:
    """An IKU whose projected capaian is below the pemda's threshold, with its projection."""

    indikator: Indikator
    proyeksi: proyeksi.Proyeksi


def iku_berisiko(
    *, user, pemda_id: int, tahun: int, perangkat_daerah_id: int | None = None, hanya_iku: bool = True
) -> list[IkuBerisiko]:
    """The IKU (with `hanya_iku=False`: every indicator) of the pemda or of one PD that `user` may see, flagged
    berisiko from their submitted and verified values of `tahun`, the lowest projected capaian first: three
    queries (and the choke point's profile when not loaded yet)."""
    qs = Indikator.objects.for_user(user, Aksi.LIHAT).filter(pemda_id=pemda_id)
    if hanya_iku:
        qs = qs.filter(iku=True)
    if perangkat_daerah_id is not None:
        qs = qs.filter(perangkat_daerah_id=perangkat_daerah_id)
    daftar = list(siapkan(qs).select_related("perangkat_daerah").order_by("perangkat_daerah__kode", "kode"))
    bahan = bahan_proyeksi(indikator=daftar, tahun=[tahun], pemda_id=pemda_id, hanya_terajukan=True)
    hasil = [IkuBerisiko(i, p) for i in daftar if (p := bahan.proyeksi(i.pk, tahun)).berisiko]
    return sorted(hasil, key=lambda b: b.proyeksi.capaian.persen)


def proyeksi_baris(
    *, baris: Sequence, tahun: int, triwulan: int, pemda_id: int, hanya_terajukan: bool = False
) -> list[tuple]:
    """The input (or verification) page's rows each with its projection at the page's quarter: on the input
    page from every value entered (the operator's working picture, like its draft rows), for the verifier from
    submitted and verified values. Four queries."""
    indikator = [b.indikator for b in baris]
    bahan = bahan_proyeksi(indikator=indikator, tahun=[tahun], pemda_id=pemda_id, hanya_terajukan=hanya_terajukan)
    return [(b, bahan.proyeksi(b.indikator.pk, tahun, triwulan)) for b in baris]


def berisiko_antrean(*, user, per_tahun: Sequence) -> list[tuple]:
    """The verification inbox (`kotak_masuk.kotak_verifikasi`'s years) with, beside each waiting quarter, its
    PD's (or the city's own) indicators flagged berisiko at that quarter from submitted and verified values,
    the lowest projected capaian first: [(year group, [(row, [IkuBerisiko])])]. Three queries, none when
    nothing waits."""
    semua = [k for kelompok in per_tahun for k in kelompok.baris]
    profil = profil_pengguna(user)
    if not semua or profil is None:
        return [(kelompok, [(k, []) for k in kelompok.baris]) for kelompok in per_tahun]
    pd_ids = {k.perangkat_daerah.pk for k in semua if k.perangkat_daerah is not None}
    lingkup = Q(perangkat_daerah_id__in=pd_ids) | Q(perangkat_daerah__isnull=True)
    qs = Indikator.objects.for_user(user, Aksi.LIHAT).filter(lingkup, pemda_id=profil.pemda_id)
    daftar = list(siapkan(qs).order_by("kode"))
    bahan = bahan_proyeksi(
        indikator=daftar, tahun={k.tahun for k in semua}, pemda_id=profil.pemda_id, hanya_terajukan=True
    )

    per_pd: dict[int | None, list[Indikator]] = {}
    for i in daftar:
        per_pd.setdefault(i.perangkat_daerah_id, []).append(i)

    def berisiko(k) -> list[IkuBerisiko]:
        milik = per_pd.get(k.perangkat_daerah.pk if k.perangkat_daerah is not None else None, [])
        hasil = [IkuBerisiko(i, p) for i in milik if (p := bahan.proyeksi(i.pk, k.tahun, k.triwulan)).berisiko]
        return sorted(hasil, key=lambda b: b.proyeksi.capaian.persen)

    return [(kelompok, [(k, berisiko(k)) for k in kelompok.baris]) for kelompok in per_tahun]
