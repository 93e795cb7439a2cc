"""The summary of the quality checks (kinerja/selectors/mutu_pohon.py) per PD, for the city's own nodes and
for the whole city, the lists of offending items with their links into the tree, and what the
/perencanaan/mutu/ page and the organisasi dashboard show of them. No query: they read a `HasilMutu`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_persen

from .mutu_pohon import CEK, INDIKATOR, Cek, HasilMutu, SimpulMutu, persen_lolos

KOTA = "kota"  # the `pd` filter value of the city's own nodes


@dataclass
class BarisMutu:
    """One row of the summary: a PD, the city's own nodes or the whole pemda; per check the failing count."""

    nama: str
    pd: str  # the `pd` filter value of this row ("" for the total)
    jumlah: list[tuple[Cek, int]]
    diperiksa: int = 0
    gagal: int = 0

    @property
    def kelengkapan(self) -> Decimal | None:
        return persen_lolos(self.diperiksa, self.gagal)

    @property
    def kelengkapan_teks(self) -> str:
        return format_persen(self.kelengkapan)


@dataclass
class Temuan:
    """One offending item: the check, the node (and the indicator for an indicator check), the link."""

    cek: Cek
    kode: str
    uraian: str
    simpul: str  # the node's code and level, for an indicator
    pemilik: str
    url: str


def _hitung(hasil: HasilMutu) -> dict[str, dict[int | None, list[int]]]:
    """Per check, per owner (PD id, None for the city): [items checked, items failing], in one pass."""
    hitung: dict[str, dict[int | None, list[int]]] = {}
    for cek in CEK:
        per_pemilik = hitung[cek.kode] = defaultdict(lambda: [0, 0])
        gagal = hasil.gagal[cek.kode]
        for item in hasil.diperiksa[cek.kode]:
            angka = per_pemilik[hasil.pemilik(cek, item)]
            angka[0] += 1
            angka[1] += item in gagal
    return hitung


def _baris(hitung: dict, nama: str, pd: str, pemilik: Iterable[int | None] | None) -> BarisMutu:
    """The row of the owners `pemilik` (every owner when None)."""
    baris = BarisMutu(nama=nama, pd=pd, jumlah=[])
    for cek in CEK:
        per_pemilik = hitung[cek.kode]
        angka = [per_pemilik[p] for p in pemilik if p in per_pemilik] if pemilik is not None else per_pemilik.values()
        diperiksa, gagal = sum(a[0] for a in angka), sum(a[1] for a in angka)
        baris.jumlah.append((cek, gagal))
        baris.diperiksa += diperiksa
        baris.gagal += gagal
    return baris


def ringkas(hasil: HasilMutu, *, pilihan_pd: list[PerangkatDaerah], kota: bool) -> list[BarisMutu]:
    """A row per PD of `pilihan_pd`; with `kota`, also the city's own nodes and the whole pemda (last)."""
    hitung = _hitung(hasil)
    daftar = [_baris(hitung, pd.singkatan or pd.nama, str(pd.pk), [pd.pk]) for pd in pilihan_pd]
    if kota:
        daftar.append(_baris(hitung, _("Simpul tingkat kota"), KOTA, [None]))
        daftar.append(_baris(hitung, _("Seluruh kota"), "", None))
    return daftar


def _url_simpul(s: SimpulMutu, *, tahun: int, ke_kota: bool) -> str:
    """The node on its tree page, filtered to its code so that it is shown open, anchored at it."""
    kueri = urlencode({"tahun": tahun, "cari": s.kode})
    if s.perangkat_daerah_id and not ke_kota:
        return f"{reverse('perencanaan:pohon_pd', args=[s.perangkat_daerah_id])}?{kueri}#simpul-{s.pk}"
    return f"{reverse('perencanaan:pohon')}?{kueri}#simpul-{s.pk}"


def temuan(
    hasil: HasilMutu,
    *,
    tahun: int,
    cek: Cek | None,
    pilih: Callable[[int | None], bool],
    nama_pd: dict[int, str],
    maks: int | None = None,
) -> tuple[list[Temuan], int]:
    """The failing items of `cek` (every check when None) whose owner `pilih` accepts, ordered by owner and
    node, the first `maks` with their texts and links; and how many there are. A duplicate indicator links
    to the city tree, where the other occurrences are also shown."""
    pilihan = []
    for c in CEK if cek is None else (cek,):
        for item in hasil.gagal[c.kode]:
            pemilik = hasil.pemilik(c, item)
            if pilih(pemilik):
                s = hasil.bahan.per_id[hasil.simpul_dari(c, item)]
                pilihan.append((nama_pd.get(pemilik, "") if pemilik else "", s.kode, c, item, s))
    pilihan.sort(key=lambda p: p[:2] + (p[3],))
    per_indikator = {i.pk: i for i in hasil.bahan.indikator}
    daftar = []
    for nama, _kode, c, item, s in pilihan[:maks]:
        obj = per_indikator[item] if c.jenis == INDIKATOR else s
        tingkat = hasil.bahan.tingkat.get(s.tingkat_id)
        daftar.append(Temuan(
            cek=c, kode=obj.kode, uraian=obj.uraian, pemilik=nama or _("Kota"),
            simpul=f"{s.kode} · {tingkat.nama if tingkat is not None else _('Tanpa tingkat')}",
            url=_url_simpul(s, tahun=tahun, ke_kota=c.kode == "indikator-ganda"),
        ))  # fmt: skip
    return daftar, len(pilihan)


TEMUAN_MAKS = 300  # items listed at once; a PD or check filter narrows the list


@dataclass
class HalamanMutu:
    """The /perencanaan/mutu/ page: the summary rows, the headline row (the whole city, or a PD user's own
    PD), the listed items (when a filter is chosen, or always for a PD user) and the filters."""

    baris: list[BarisMutu]
    utama: BarisMutu | None
    temuan: list[Temuan] | None
    jumlah_temuan: int
    cek: Cek | None
    pd: str
    nama_pd: str
    ada_pilihan: bool = False  # a check or (for city roles) a PD was chosen: offer to clear it


def cek_dari(kode: str) -> Cek | None:
    """The check of a code from the query string; an unknown code is no check (no filter)."""
    return next((c for c in CEK if c.kode == kode), None)


def _pemilih(kunci: str) -> Callable[[int | None], bool]:
    """The owner test of a row's `pd` value: a PD id, `KOTA` (the city's own nodes) or "" (every owner)."""
    if kunci == KOTA:
        return lambda p: p is None
    if kunci:
        return lambda p, pk=int(kunci): p == pk
    return lambda p: True


def halaman_mutu(*, hasil: HasilMutu, pilihan_pd: list[PerangkatDaerah], terikat_pd: bool, tahun: int,
                 cek: Cek | None = None, pd: PerangkatDaerah | str | None = None) -> HalamanMutu:  # fmt: skip
    """The page over `hasil` (the checks over what the user may see): a row per PD of `pilihan_pd` and, for
    city roles, the city's own nodes and the whole city. `pd` is a PD fetched through the choke point, or
    `KOTA`. PD staff (`terikat_pd`, `pilihan_pd` their own PD) get their own row and items only."""
    baris = ringkas(hasil, pilihan_pd=pilihan_pd, kota=not terikat_pd)
    if terikat_pd:
        kunci = str(pilihan_pd[0].pk) if pilihan_pd else None
    else:
        kunci = str(pd.pk) if isinstance(pd, PerangkatDaerah) else (pd or "")
    daftar, jumlah = None, 0
    if kunci is None:
        daftar = []
    elif cek is not None or kunci or terikat_pd:
        nama_pd = {pd.pk: pd.singkatan or pd.nama for pd in pilihan_pd}
        daftar, jumlah = temuan(hasil, tahun=tahun, cek=cek, pilih=_pemilih(kunci), nama_pd=nama_pd, maks=TEMUAN_MAKS)
    return HalamanMutu(
        baris=baris, utama=baris[-1] if baris else None, cek=cek, pd=kunci or "", temuan=daftar, jumlah_temuan=jumlah,
        nama_pd=next((b.nama for b in baris if kunci and b.pd == kunci), ""),
        ada_pilihan=cek is not None or (bool(kunci) and not terikat_pd),
    )  # fmt: skip


@dataclass
class RingkasanKota:
    """The dashboard's card: the whole city's row and the PD with the lowest kelengkapan cascading."""

    kota: BarisMutu
    terendah: list[BarisMutu]


def ringkasan_kota(hasil: HasilMutu, *, pilihan_pd: list[PerangkatDaerah], jumlah: int = 5) -> RingkasanKota:
    """The city figure and the `jumlah` PD rows with the lowest figure among those with a failing item."""
    baris = ringkas(hasil, pilihan_pd=pilihan_pd, kota=True)
    per_pd = [b for b in baris[:-2] if b.gagal]
    return RingkasanKota(kota=baris[-1], terendah=sorted(per_pd, key=lambda b: (b.kelengkapan, b.nama))[:jumlah])
