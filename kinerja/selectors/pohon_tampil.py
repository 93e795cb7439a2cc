"""The tree pages as they are shown (issue 13: ≤ 150 ms, ≤ 12 queries, ≤ 3× one query reading every node).

The nested nodes of `pohon.halaman_pohon` / `pohon_kota.halaman_kota` become rows in reading order, each with
its texts and links ready (`ratakan`), written by THE row markup (`pohon_html.html_pohon`, format strings with
every text escaped; a Django template loop cost 0,1 ms a node); the markup stays nested: a row with rendered
children opens its list, and a last row closes its ancestors' (`BarisTampil.tutup`). The actions on each
node are the one guard's answer for the rendered nodes (`simpul.hak_pohon`).

The rendered tree, its counts and choices are cached per data fingerprint (`pohon_tembolok`): the key holds
the pemda, the role and the user's PD (they decide the scope and the actions), the PD page, the year, the
filters and the language, so a cached page is exactly the one a rebuild would give. A second level under the
same key keeps the page with its measures as placeholders (`_Kerangka`), under a fingerprint that targets and
realisations do not move: the first view after a realisation entry fills in the measures of the shown
indicators (two queries) instead of reading the whole scope and running its quality checks again. The
unfiltered city page of a city role is composed by branch (`pohon_kota_cabang`): after a write only the
written PD's summary is rebuilt, and the measures of the shown indicators come from their own cache
(`_ukur_tembolok`: keyed by the indicators shown, their fingerprint and the targets' and realisations'), read
again (two queries) only after a write they show.
"""

from __future__ import annotations

import re
import secrets
import zlib
from collections.abc import Callable
from dataclasses import astuple, dataclass, field, replace

from django.db.models import F, FilteredRelation, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from perangkat_daerah.access import Peran, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka
from sakip.lib.kueri import salah_satu
from sakip.lib.memori import gc_ditunda

from ..models import Indikator, PeriodePerencanaan, TingkatPohon
from . import mutu_pohon, pohon_kota_cabang, pohon_tembolok
from .mutu_pohon import Cek
from .pohon import (
    _KOLOM_TARGET,
    BarisIndikator,
    HalamanPohon,
    Saringan,
    Simpul,
    Urutan,
    baris_indikator,
    halaman_pohon,
    isi_ukuran,
    urutkan,
)
from .pohon_baca import indikator_baca
from .pohon_html import aman, html_pohon
from .pohon_kota import halaman_kota
from .simpul import HakPohon, hak_pohon

_CONTOH = 987654321  # a stand-in id: a route reversed once, then filled in per node


@dataclass
class Tautan:
    """A link: where and its text."""

    url: str
    label: str


@dataclass
class BarisTampil:
    """One rendered node with everything its markup prints (`pohon_html`), and how many open lists its row closes."""

    id: int
    kode: str
    uraian: str
    tingkat: str
    pd: str
    cocok: bool
    terbuka: bool
    bendera: list[Cek]
    indikator: list[BarisIndikator]
    turunan: str = ""  # "(3 turunan)", or the deeper nodes summarised on the city page
    kontributor: str = ""
    keterangan: str = ""
    anggaran: dict[str, str] | None = None
    aksi: list[Tautan] = field(default_factory=list)
    ringkasan: list[tuple[str, Tautan | None]] = field(default_factory=list)
    ada_anak: bool = False
    tutup: range = range(0)


@dataclass
class TampilanPohon:
    """The tree page: its rendered tree (compressed: a city page's 260 KiB are 15 KiB in the cache) and what
    the page around it shows."""

    html_z: bytes
    ada: bool
    jumlah_simpul: int
    jumlah_cocok: int
    jumlah_tampil: int | None
    periode: PeriodePerencanaan | None
    pilihan_pd: list[PerangkatDaerah]
    pilihan_tingkat: list[TingkatPohon]
    pilihan_tema: list[str]
    saringan: Saringan
    kelengkapan_teks: str
    boleh_buat: bool
    jumlah_baris: int = 0  # the nodes the page would render (the matches with their ancestors)
    jumlah_terpotong: int = 0  # of them, the ones left out past `BATAS_BARIS`
    perangkat_daerah: PerangkatDaerah | None = None

    @property
    def jumlah_dimuat(self) -> int:
        return self.jumlah_baris - self.jumlah_terpotong

    @property
    def html(self) -> SafeString:
        return mark_safe(zlib.decompress(self.html_z).decode())  # written by pohon_html, escaped there


class _Rute:
    """The tree's routes and its links' labels, reversed and translated once per page build (not per node)."""

    def __init__(self) -> None:
        self.pola = {
            nama: reverse(f"perencanaan:{nama}", args=[_CONTOH]).split(str(_CONTOH))
            for nama in ("simpul_ubah", "indikator_baru", "indikator_ubah", "manual", "pohon_pd")
        }
        self.simpul_baru = reverse("perencanaan:simpul_baru")
        self.usulan_baru = reverse("perencanaan:usulan_baru")
        self.label = {"ubah": _("Ubah"), "turunan": _("+ Simpul turunan"), "indikator": _("+ Indikator"),
                      "usulkan": _("Usulkan ke PD"), "manual": _("Manual")}  # fmt: skip
        self._teks: dict[tuple, str] = {}

    def __call__(self, nama: str, pk: int) -> str:
        awal, akhir = self.pola[nama]
        return f"{awal}{pk}{akhir}"

    def teks(self, kunci: tuple, buat: Callable[[], str]) -> str:
        """A counted or named text made once per build (`ngettext` and the number format cost 0,5 ms a row
        on a 206-row city page): the same words for the same count and name."""
        hasil = self._teks.get(kunci)
        if hasil is None:
            hasil = self._teks[kunci] = buat()
        return hasil


def _aksi_simpul(s: Simpul, hak: HakPohon, rute: _Rute) -> list[Tautan]:
    aksi, label = [], rute.label
    if s.id in hak.ubah:
        aksi.append(Tautan(rute("simpul_ubah", s.id), label["ubah"]))
    if s.id in hak.induk:
        aksi.append(Tautan(f"{rute.simpul_baru}?induk={s.id}", label["turunan"]))
    if s.id in hak.ubah:
        aksi.append(Tautan(rute("indikator_baru", s.id), label["indikator"]))
    if s.id in hak.usulkan:
        aksi.append(Tautan(f"{rute.usulan_baru}?induk={s.id}", label["usulkan"]))  # the form preselects it
    return aksi


def _indikator(s: Simpul, hak: HakPohon, rute: _Rute) -> list[BarisIndikator]:
    for i in s.indikator:
        i.aksi = []
        if s.id in hak.lihat:
            if s.id in hak.ubah:
                i.aksi.append(Tautan(rute("indikator_ubah", i.id), rute.label["ubah"]))
            i.aksi.append(Tautan(rute("manual", i.id), rute.label["manual"]))
    return s.indikator


def _teks_ringkasan(jumlah: int, bercatatan: int) -> str:
    teks = ngettext("%(n)s simpul turunan", "%(n)s simpul turunan", jumlah) % {"n": format_angka(jumlah, 0)}
    if bercatatan:
        catatan = ngettext("%(n)s dengan catatan mutu", "%(n)s dengan catatan mutu", bercatatan)
        teks += f" ({catatan % {'n': format_angka(bercatatan, 0)}})"
    return teks


def _ringkasan(s: Simpul, tahun: int, rute: _Rute) -> list[tuple[str, Tautan | None]]:
    """The city page's lines on the deeper nodes of each PD below `s`, with the link to that PD's page."""
    hasil = []
    for r in s.ringkasan:
        teks = rute.teks(("ringkasan", r.jumlah, r.bercatatan), lambda r=r: _teks_ringkasan(r.jumlah, r.bercatatan))
        tautan = None
        if r.pd_id:
            label = rute.teks(("buka", r.pd), lambda r=r: _("buka cabang %(pd)s") % {"pd": r.pd})
            tautan = Tautan(f"{rute('pohon_pd', r.pd_id)}?tahun={tahun}", label)
        hasil.append((teks, tautan))
    return hasil


def _teks_cabang(n: int) -> str:
    return ngettext("%(n)s simpul turunan di cabang PD", "%(n)s simpul turunan di cabang PD", n)


def _turunan(s: Simpul, rute: _Rute) -> str:
    if s.anak:
        n = len(s.anak)
        teks = lambda: "(" + ngettext("%(n)s turunan", "%(n)s turunan", n) % {"n": format_angka(n, 0)} + ")"  # noqa: E731
        return rute.teks(("turunan", n), teks)
    if s.ringkasan:
        n = s.jumlah_ringkas
        return rute.teks(("cabang", n), lambda: f"({_teks_cabang(n) % {'n': format_angka(n, 0)}})")
    return ""


def _baris(s: Simpul, hak: HakPohon, rute: _Rute, tahun: int) -> BarisTampil:
    return BarisTampil(
        id=s.id, kode=s.kode, uraian=s.uraian, tingkat=s.tingkat, pd=s.pd, cocok=s.cocok, terbuka=s.terbuka,
        bendera=s.bendera, indikator=_indikator(s, hak, rute), turunan=_turunan(s, rute),
        kontributor=", ".join(s.kontributor), keterangan=" · ".join(s.keterangan),
        anggaran=s.anggaran.teks if s.anggaran is not None else None,
        aksi=_aksi_simpul(s, hak, rute), ringkasan=_ringkasan(s, tahun, rute),
    )  # fmt: skip


def ratakan(urutan: Urutan, hak: HakPohon, tahun: int) -> list[BarisTampil]:
    """The nodes of `urutan` as ready rows. A row with shown children opens their list; a row followed by a
    shallower one (or the last) closes as many lists as it goes up (`tutup`), so a cut page closes too."""
    rute, daftar = _Rute(), urutan.simpul
    baris = []
    for n, (s, d) in enumerate(daftar):
        b = _baris(s, hak, rute, tahun)
        berikut = daftar[n + 1][1] if n + 1 < len(daftar) else 0
        b.ada_anak = berikut > d
        b.tutup = range(0 if b.ada_anak else d - berikut)
        baris.append(b)
    return baris


_UKURAN = ("target", "realisasi", "capaian", "rumus")  # an indicator's texts that targets and realisations move


@dataclass
class _Kerangka:
    """A tree page whose measures are placeholders (`tanda`, a per-build nonce, with the indicator's id and the
    text's name), cached under the fingerprint that targets and realisations do not move
    (`pohon_tembolok.Sidik.kerangka`): a realisation entered or verified fills in the shown indicators'
    measures again (`_ukur`, two queries) instead of rebuilding the page and its scope-wide quality checks.
    `teks`: the measures of the build that made it (never cached)."""

    tampilan: TampilanPohon
    indikator: list[int]
    tanda: str
    teks: dict[tuple[int, str], str] | None = None
    sidik_ukuran: str = ""  # a composed page's: its measures are cached too (`_ukur_tembolok`)

    def isi(self, teks: dict[tuple[int, str], str]) -> TampilanPohon:
        """The page with the measures `teks` in place of the placeholders (escaped as every text of a row is,
        `pohon_html.aman`)."""
        html = zlib.decompress(self.tampilan.html_z).decode()
        # a formula text placeholder (always set on a page composed by branch): its paragraph only when not empty
        rumus = re.compile(f'<p class="kecil redup">\x00{self.tanda}:(\\d+):rumus\x00</p>')
        html = rumus.sub(lambda m: _paragraf_rumus(teks[int(m[1]), "rumus"]), html)
        pola = re.compile(f"\x00{self.tanda}:(\\d+):(\\w+)\x00")
        html = pola.sub(lambda m: aman(teks[int(m[1]), m[2]]), html)
        return replace(self.tampilan, html_z=zlib.compress(html.encode(), 1))


def _paragraf_rumus(teks: str) -> str:
    return f'<p class="kecil redup">{aman(teks)}</p>' if teks else ""


def _buat(*, user, tahun: int, saringan: Saringan, perangkat_daerah: PerangkatDaerah | None) -> _Kerangka:
    with gc_ditunda():
        return _bangun(user=user, tahun=tahun, saringan=saringan, perangkat_daerah=perangkat_daerah)


def _bangun(*, user, tahun: int, saringan: Saringan, perangkat_daerah: PerangkatDaerah | None) -> _Kerangka:
    if perangkat_daerah is None:
        h: HalamanPohon = halaman_kota(user=user, tahun=tahun, saringan=saringan)
    else:
        h = halaman_pohon(user=user, tahun=tahun, saringan=saringan, perangkat_daerah=perangkat_daerah)
    urutan = urutkan(h.akar)
    hak = hak_pohon(user, sasaran_ids=[s.id for s, _d in urutan.simpul])
    baris = ratakan(urutan, hak, tahun)
    tanda, teks = secrets.token_hex(8), {}
    for b in baris:
        for i in b.indikator:
            for nama in _UKURAN:
                if getattr(i, nama):  # an empty formula text stays empty: it depends on the formula children only
                    teks[i.id, nama] = getattr(i, nama)
                    setattr(i, nama, f"\x00{tanda}:{i.id}:{nama}\x00")
    ids = [i.id for b in baris for i in b.indikator]
    return _Kerangka(_tampilan(h, urutan, baris, hak, tahun), ids, tanda, teks)


def _tampilan(h: HalamanPohon, urutan: Urutan, baris: list[BarisTampil], hak: HakPohon, tahun: int) -> TampilanPohon:
    html = html_pohon(baris, tahun)
    return TampilanPohon(
        html_z=zlib.compress(html.encode(), 1), ada=bool(baris), jumlah_simpul=h.jumlah_simpul,
        jumlah_cocok=h.jumlah_cocok, jumlah_tampil=h.jumlah_tampil, periode=h.periode, pilihan_pd=h.pilihan_pd,
        pilihan_tingkat=h.pilihan_tingkat, pilihan_tema=h.pilihan_tema, saringan=h.saringan,
        kelengkapan_teks=h.mutu.kelengkapan_teks if h.mutu is not None else "–", boleh_buat=hak.buat,
        jumlah_baris=urutan.jumlah, jumlah_terpotong=urutan.terpotong,
    )  # fmt: skip


def _dari_cabang(*, user, profil, tahun: int, saringan: Saringan, sidik_halaman: str | None = None) -> _Kerangka | None:
    """The city page of a city role, unfiltered or filtered, composed by branch (`pohon_kota_cabang`),
    its measures as placeholders; None where that page needs the whole build."""
    tanda = secrets.token_hex(8)
    with gc_ditunda():
        susunan = pohon_kota_cabang.komposisi(user=user, profil=profil, tahun=tahun, saringan=saringan, tanda=tanda,
                                              sidik_halaman=sidik_halaman)  # fmt: skip
        if susunan is None:
            return None

        def buat() -> _Kerangka:
            h, hak = susunan.halaman()
            urutan = urutkan(h.akar)
            baris = ratakan(urutan, hak, tahun)
            ids = [i.id for b in baris for i in b.indikator]
            return _Kerangka(_tampilan(h, urutan, baris, hak, tahun), ids, tanda)

        # the same content composed before (a write that changed no rendered row): that page, its own placeholders
        k = pohon_tembolok.ambil(bagian=(), sidik=susunan.kunci, buat=buat, awalan=pohon_tembolok.AWALAN_SUSUNAN)
        return replace(k, sidik_ukuran=susunan.sidik_ukuran)


def _ukur(ids: list[int], tahun: int) -> dict[tuple[int, str], str]:
    """The measure texts of the indicators `ids` as the tree shows them (`pohon.baris_indikator`): two
    queries, the indicators with their formula children and the year's target joined (as `pohon.ukuran`), and
    their verified realisations."""
    rumus = salah_satu("induk_indikator_id", ids) & Q(relasi_induk=Indikator.Relasi.RUMUS)  # 1.600 on a level filter
    tahunan = FilteredRelation("target", condition=Q(target__tahun=tahun))  # at most one a year (unique)
    anotasi = {"target_tahun": tahunan, **{f"target_{k}": F(f"target_tahun__{k}") for k in _KOLOM_TARGET}}
    # as rows, not models (`pohon_baca`: 300 indicator models cost a page's measures half their time)
    qs = Indikator.objects.filter(salah_satu("pk", ids) | rumus).annotate(**anotasi, **mutu_pohon.ANOTASI_MANUAL)
    daftar, target = indikator_baca(qs.order_by())
    u = isi_ukuran(daftar, set(), [], tahun, target=target)
    per_id = {i.pk: i for i in daftar}
    teks = {}
    for pk in ids:
        b = baris_indikator(per_id[pk], u, tahun)
        teks.update({(pk, nama): getattr(b, nama) for nama in _UKURAN})
    return teks


def _ukur_tembolok(k: _Kerangka, tahun: int, sidik: pohon_tembolok.Sidik, pemda_id: int) -> dict:
    """The measure texts of a composed page's indicators, cached: the key holds the indicators shown, what
    the measures read of the indicators (`pohon_kota_cabang.Sidik.indikator`, which a node's write does not
    move) and of the targets and realisations (`pohon_tembolok.Sidik.ukuran`), so a page recomposed after a
    tree write reuses them. Texts of an indicator are the same for every role that sees it; the key is the
    exact list of the ids the page shows."""
    if not k.sidik_ukuran:
        return _ukur(k.indikator, tahun)
    bagian = ("ukuran", pemda_id, tahun, get_language(), tuple(k.indikator))
    sidik_ukuran, awalan = f"{k.sidik_ukuran}:{sidik.ukuran}", pohon_tembolok.AWALAN_UKURAN
    return pohon_tembolok.ambil(bagian=bagian, sidik=sidik_ukuran, buat=lambda: _ukur(k.indikator, tahun),
                                awalan=awalan)  # fmt: skip


def tampilan_pohon(
    *, user, tahun: int, saringan: Saringan, perangkat_daerah: PerangkatDaerah | None = None
) -> TampilanPohon:
    """The tree page of `tahun` as `user` sees it: the city's (`perangkat_daerah` None: summarised for city
    roles, a PD user's own branch) or one PD's branch, from the cache while the tree's data is unchanged.
    One query on a cached page (the fingerprint), besides the profile if not yet read; after a realisation
    or a target only, the cached skeleton and two queries of measures (`_Kerangka`)."""
    profil = profil_pengguna(user)
    if profil is None:
        k = _buat(user=user, tahun=tahun, saringan=saringan, perangkat_daerah=perangkat_daerah)
        return k.isi(k.teks)
    bagian = (
        "halaman", profil.pemda_id, profil.peran, profil.perangkat_daerah_id,
        perangkat_daerah.pk if perangkat_daerah else None, tahun, astuple(saringan), get_language(),
    )  # fmt: skip
    sidik = pohon_tembolok.sidik(pemda_id=profil.pemda_id)

    def kerangka() -> _Kerangka:
        if perangkat_daerah is None and not Peran.terikat_pd(profil.peran):
            k = _dari_cabang(user=user, profil=profil, tahun=tahun, saringan=saringan, sidik_halaman=sidik.kerangka)
            if k is not None:
                return k  # its measures are read for the shown indicators (`_ukur`)
        k = _buat(user=user, tahun=tahun, saringan=saringan, perangkat_daerah=perangkat_daerah)
        dibangun.append(k.teks)  # this build's measures serve this request, not a later one
        k.teks = None
        return k

    def isi() -> TampilanPohon:
        k = pohon_tembolok.ambil(bagian=bagian, sidik=sidik.kerangka, buat=kerangka,
                                 awalan=pohon_tembolok.AWALAN_KERANGKA)  # fmt: skip
        if dibangun:
            return k.isi(dibangun[0])
        with gc_ditunda():  # a few thousand rows: without the pause, a full collection costs more than they do
            return k.isi(_ukur_tembolok(k, tahun, sidik, profil.pemda_id))

    dibangun: list[dict] = []
    h = pohon_tembolok.ambil(bagian=bagian, sidik=sidik.halaman, buat=isi)
    h.perangkat_daerah = perangkat_daerah  # the view's own row (read through the choke point)
    return h
