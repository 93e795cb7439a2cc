"""Reads of the planning documents (issue 13 point 1): the city's RPJMD (visi, misi, tujuan and sasaran with
their indicators and yearly targets), a PD's Renstra (its nodes of the period, targets per year and at the end
of the period) and Renja (the year's program, kegiatan and sub kegiatan with targets and pagu), the city list
of documents, and each document's history (its own steps and the revisions of what it fixes).

Every page is read in a fixed number of queries, whatever the number of nodes. Scope: the period comes through
`PeriodePerencanaan.objects.for_user` and the PD through `ambil_untuk` in the view; a PD's nodes through
`Sasaran.objects.for_user`. The RPJMD's city nodes are shown to every user of the pemda: the RPJMD is the
city's published plan that every PD aligns to (a Perda), not another PD's branch."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah.access import Aksi, berhak, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah, Riwayat
from sakip.lib.angka import format_angka
from sakip.lib.kueri import salah_satu

from ..models import DokumenRencana, Indikator, PeriodePerencanaan, Sasaran, Target
from ..models_anggaran import AnggaranSubKegiatan
from ..services.dokumen_rencana import AKSI_TETAPKAN, syarat_tetapkan
from .riwayat import EntriRiwayat, entri

TINGKAT_RPJMD = ("tujuan", "sasaran_rpjmd")
TINGKAT_RENSTRA = ("sasaran_strategis", "sasaran_program", "sasaran_kegiatan", "sub_kegiatan")
TINGKAT_RENJA = ("sasaran_program", "sasaran_kegiatan", "sub_kegiatan")
RIWAYAT_MAKS = 50  # history rows shown on a document page
AKSI = {
    "rpjmd.ubah": gettext_lazy("Visi/misi diubah"),
    "rpjmd.ubah.revisi": gettext_lazy("Revisi visi/misi"),
    "rpjmd.tetapkan": gettext_lazy("RPJMD ditetapkan"),
    "renstra.buat": gettext_lazy("Dokumen Renstra dibuat"),
    "renstra.tetapkan": gettext_lazy("Renstra ditetapkan"),
    "renja.buat": gettext_lazy("Dokumen Renja dibuat"),
    "renja.tetapkan": gettext_lazy("Renja ditetapkan"),
    # a revision counted on the document itself (kinerja/services/rencana.revisi_rencana)
    "rpjmd.revisi": gettext_lazy("Revisi RPJMD dicatat"),
    "renstra.revisi": gettext_lazy("Revisi Renstra dicatat"),
    "renja.revisi": gettext_lazy("Revisi Renja dicatat"),
    # revisions recorded by the writers of what a final document fixes (kinerja/services/rencana.py)
    "simpul.buat.revisi": gettext_lazy("Revisi: simpul ditambahkan"),
    "simpul.ubah.revisi": gettext_lazy("Revisi simpul"),
    "indikator.buat.revisi": gettext_lazy("Revisi: indikator ditambahkan"),
    "indikator.ubah.revisi": gettext_lazy("Revisi indikator"),
    "target.simpan.revisi": gettext_lazy("Revisi target"),
    "anggaran_sub_kegiatan.simpan.revisi": gettext_lazy("Revisi pagu sub kegiatan"),
}


@dataclass
class BarisIndikator:
    """One indicator of a node: its targets per year of the page (texts ready to print) and the last one."""

    id: int
    kode: str
    uraian: str
    satuan: str
    iku: bool
    target: list[str]
    target_akhir: str


@dataclass
class BarisSimpul:
    """One node of a planning document, in tree order (`kedalaman` 0 = a root of the document)."""

    id: int
    kode: str
    uraian: str
    tingkat: str
    kedalaman: int
    indikator: list[BarisIndikator]
    keterangan: list[str] = field(default_factory=list)
    induk_kota: str = ""  # the city sasaran a sasaran strategis serves ("" when it serves none)
    sub_kegiatan: bool = False
    pagu: str = ""


@dataclass
class Dokumen:
    """A document's header as the pages show it: status, who set it final and when, revisions, history."""

    status: str  # "draf" / "final"
    label_status: str
    ada: bool
    versi: int | None
    ditetapkan_oleh: str = ""
    ditetapkan_pada: object = None
    catatan: str = ""
    riwayat: list[EntriRiwayat] = field(default_factory=list)
    jumlah_revisi: int = 0  # the document's revision count (`revisi`, kinerja/services/rencana.revisi_catat)


@dataclass
class HalamanRencana:
    """One planning document page (RPJMD, Renstra or Renja)."""

    periode: PeriodePerencanaan | None
    daftar_periode: list[PeriodePerencanaan]
    tahun: list[int]
    simpul: list[BarisSimpul]
    dokumen: Dokumen | None
    perangkat_daerah: PerangkatDaerah | None = None
    tematik: list[BarisSimpul] = field(default_factory=list)
    misi: list[str] = field(default_factory=list)
    boleh_ubah: bool = False
    boleh_tetapkan: bool = False
    syarat: str = ""  # why it cannot be set final yet
    total_pagu: str = ""
    tahun_renja: int | None = None
    periode_tahun: list[int] = field(default_factory=list)  # a Renja page's links to the period's other years


def periode_pilih(*, user, tahun: int, periode_id: int | None = None) -> tuple[PeriodePerencanaan | None, list]:
    """The period a page shows (`periode_id` when given and in the user's pemda, else the one covering the
    working year) and the pemda's periods to switch between; one query."""
    daftar = list(PeriodePerencanaan.objects.for_user(user, Aksi.LIHAT).order_by("-tahun_mulai"))
    if periode_id is not None:
        return next((p for p in daftar if p.pk == periode_id), None), daftar
    return next((p for p in daftar if p.tahun_mulai <= tahun <= p.tahun_akhir), None), daftar


def _nama(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _urut_pohon(sasaran: list[Sasaran]) -> list[tuple[Sasaran, int]]:
    """The nodes depth-first (children by level then kode), each with its depth; a node whose parent is not
    among them is a root."""
    per_id = {s.pk: s for s in sasaran}
    anak: dict[int | None, list[Sasaran]] = defaultdict(list)
    for s in sasaran:
        anak[s.induk_id if s.induk_id in per_id else None].append(s)
    for daftar in anak.values():
        daftar.sort(key=lambda s: (s.tingkat.urutan if s.tingkat else 999, s.kode))
    hasil: list[tuple[Sasaran, int]] = []
    tumpukan = [(s, 0) for s in reversed(anak[None])]
    while tumpukan:
        s, d = tumpukan.pop()
        hasil.append((s, d))
        tumpukan.extend((c, d + 1) for c in reversed(anak.get(s.pk, [])))
    return hasil


def _ukuran(sasaran_ids: list[int], tahun: list[int]) -> tuple[dict[int, list[Indikator]], dict]:
    """Two queries: the nodes' indicators, and their targets of `tahun` by (indicator, year)."""
    per_sasaran: dict[int, list[Indikator]] = defaultdict(list)
    for ind in Indikator.objects.filter(salah_satu("sasaran_id", sasaran_ids)).order_by("urutan", "kode"):
        per_sasaran[ind.sasaran_id].append(ind)
    ids = [i.pk for daftar in per_sasaran.values() for i in daftar]
    target = {
        (t.indikator_id, t.tahun): t for t in Target.objects.filter(salah_satu("indikator_id", ids), tahun__in=tahun)
    }
    return per_sasaran, target


def _baris_indikator(ind: Indikator, target: dict, tahun: list[int]) -> BarisIndikator:
    teks = [target[(ind.pk, t)].sebagai_capaian().teks if (ind.pk, t) in target else "–" for t in tahun]
    return BarisIndikator(ind.pk, ind.kode, ind.uraian, ind.satuan, ind.iku, teks, teks[-1] if teks else "–")


def _baris(sasaran: list[Sasaran], tahun: list[int]) -> tuple[list[BarisSimpul], dict]:
    """The nodes in tree order with their indicators and targets (two queries); also the measures read."""
    per_sasaran, target = _ukuran([s.pk for s in sasaran], tahun)
    hasil = []
    for s, d in _urut_pohon(sasaran):
        ket = [f"{_('Tema')}: {s.tema}"] if s.tema else []
        ket += [f"{_('Kode')}: {s.kode_nomenklatur}"] if s.kode_nomenklatur else []
        induk = s.induk if s.induk_id and s.induk.perangkat_daerah_id is None else None
        hasil.append(BarisSimpul(
            id=s.pk, kode=s.kode, uraian=s.uraian, tingkat=s.tingkat.nama if s.tingkat else _("Tanpa tingkat"),
            kedalaman=d, indikator=[_baris_indikator(i, target, tahun) for i in per_sasaran.get(s.pk, [])],
            keterangan=ket, induk_kota=f"{induk.kode} {induk.uraian}" if induk else "",
            sub_kegiatan=bool(s.tingkat and s.tingkat.kode == "sub_kegiatan"),
        ))  # fmt: skip
    return hasil, {"indikator": per_sasaran, "target": target}


def _riwayat(dokumen, isi: dict[type, dict[int, str]]) -> list[EntriRiwayat]:
    """One query: the document's own history (its steps and its counted revisions) and the revisions
    (`*.revisi`) of what it fixes (`isi`: model → {id: label}), newest first, at most RIWAYAT_MAKS. A PK's
    target revision (`target.revisi`) belongs to the PK, not to the plan."""
    model_dok = DokumenRencana if dokumen is None else type(dokumen)  # a PD document not made yet
    model_ct = {m: ContentType.objects.get_for_model(m) for m in [model_dok, *isi]}  # cached after the first
    syarat = Q(content_type=model_ct[model_dok], object_id=dokumen.pk) if dokumen is not None else Q(pk__in=[])
    for model, ids in isi.items():
        if ids:
            syarat |= Q(content_type=model_ct[model], object_id__in=list(ids), aksi__endswith=".revisi") & ~Q(
                aksi="target.revisi"
            )
    per_ct = {ct.pk: m for m, ct in model_ct.items()}
    hasil = []
    for r in Riwayat.objects.filter(syarat).select_related("oleh")[:RIWAYAT_MAKS]:
        model = per_ct[r.content_type_id]
        objek = "" if model is model_dok else isi[model].get(r.object_id, "")
        e = entri(model, r, objek)
        hasil.append(dataclasses.replace(e, aksi=str(AKSI.get(r.aksi, e.aksi))))
    return hasil


def _isi(data: dict, sasaran: list[Sasaran]) -> dict[type, dict[int, str]]:
    """What a document fixes, as {model: {id: the label a history entry names it by}}."""
    indikator = {i.pk: i.kode for daftar in data["indikator"].values() for i in daftar}
    return {
        Sasaran: {s.pk: s.kode for s in sasaran},
        Indikator: indikator,
        Target: {t.pk: f"{indikator.get(t.indikator_id, '')} {t.tahun}" for t in data["target"].values()},
    }


def _tahun_periode(periode: PeriodePerencanaan) -> list[int]:
    return list(range(periode.tahun_mulai, periode.tahun_akhir + 1))


def halaman_rpjmd(*, user, periode: PeriodePerencanaan | None, daftar_periode: list) -> HalamanRencana:
    """The RPJMD of `periode`: visi, misi as a list, the tujuan and sasaran RPJMD in tree order and the
    thematic branches apart, each with indicators and the target of every year; status and history. Seven
    queries."""
    if periode is None:
        return HalamanRencana(None, daftar_periode, [], [], None)
    tahun = _tahun_periode(periode)
    sasaran = list(
        Sasaran.objects.filter(pemda_id=periode.pemda_id, perangkat_daerah__isnull=True, periode=periode)
        .filter(Q(tingkat__isnull=True) | ~Q(tingkat__kode="tematik"))
        .select_related("tingkat", "induk")
    )
    tematik = list(Sasaran.objects.filter(pemda_id=periode.pemda_id, perangkat_daerah__isnull=True, periode=periode,
                                          tingkat__kode="tematik").select_related("tingkat", "induk"))  # fmt: skip
    baris, data = _baris(sasaran, tahun)
    baris_t, data_t = _baris(tematik, tahun)
    isi = _isi(data, sasaran)
    for model, label in _isi(data_t, tematik).items():
        isi[model].update(label)
    riwayat = _riwayat(periode, isi)
    final = periode.status == PeriodePerencanaan.Status.FINAL
    dokumen = Dokumen(periode.status, periode.get_status_display(), True, periode.versi, riwayat=riwayat,
                      jumlah_revisi=periode.revisi)  # fmt: skip
    boleh_ubah = berhak(user, Aksi.KELOLA, periode)
    return HalamanRencana(
        periode, daftar_periode, tahun, baris, dokumen, tematik=baris_t,
        misi=[m for m in (b.strip() for b in periode.misi.splitlines()) if m],
        boleh_ubah=boleh_ubah, boleh_tetapkan=boleh_ubah and not final,
    )  # fmt: skip


def _dokumen(jenis: str, pd: PerangkatDaerah, periode: PeriodePerencanaan, tahun: int | None):
    qs = DokumenRencana.objects.filter(jenis=jenis, perangkat_daerah=pd).select_related("ditetapkan_oleh")
    return (qs.filter(tahun=tahun) if tahun else qs.filter(periode=periode)).first()


def _kepala(dokumen: DokumenRencana | None, riwayat: list[EntriRiwayat]) -> Dokumen:
    """The header of a PD document; a missing one is a draft ("Belum ada dokumen")."""
    if dokumen is None:
        return Dokumen("draf", _("Belum ada dokumen (draf)"), False, None, riwayat=riwayat)
    return Dokumen(
        dokumen.status, dokumen.get_status_display(), True, dokumen.versi, _nama(dokumen.ditetapkan_oleh),
        dokumen.ditetapkan_pada, dokumen.catatan, riwayat, dokumen.revisi,
    )  # fmt: skip


def _node_pd(user, pd: PerangkatDaerah, periode: PeriodePerencanaan, tingkat: tuple[str, ...]) -> list[Sasaran]:
    """The PD's nodes of the period at `tingkat` (and nodes without a level), in the user's scope."""
    return list(
        Sasaran.objects.for_user(user, Aksi.LIHAT)
        .filter(perangkat_daerah=pd, periode=periode)
        .filter(Q(tingkat__kode__in=tingkat) | Q(tingkat__isnull=True))
        .select_related("tingkat", "induk")
    )


def _halaman_pd(user, h: HalamanRencana, jenis: str, dokumen, isi: dict) -> HalamanRencana:
    """Fill the document header, the history and the buttons of a PD document page."""
    pd, tahun = h.perangkat_daerah, h.tahun_renja
    h.dokumen = _kepala(dokumen, _riwayat(dokumen, isi))
    if dokumen is None or dokumen.status == DokumenRencana.Status.DRAF:
        h.syarat = syarat_tetapkan(jenis=jenis, perangkat_daerah=pd, periode=h.periode, tahun=tahun)
        h.boleh_tetapkan = berhak(user, AKSI_TETAPKAN, pd)
    return h


def halaman_renstra(*, user, pd: PerangkatDaerah, periode, daftar_periode: list) -> HalamanRencana:
    """A PD's Renstra of `periode`: its sasaran strategis → program → kegiatan → sub kegiatan with indicators,
    the target of every year and at the end of the period, the city sasaran each serves; status, history and
    whether the user may set it final. At most eleven queries."""
    if periode is None:
        return HalamanRencana(None, daftar_periode, [], [], None, pd)
    tahun = _tahun_periode(periode)
    sasaran = _node_pd(user, pd, periode, TINGKAT_RENSTRA)
    baris, data = _baris(sasaran, tahun)
    h = HalamanRencana(periode, daftar_periode, tahun, baris, None, pd)
    return _halaman_pd(user, h, DokumenRencana.Jenis.RENSTRA, _dokumen("renstra", pd, periode, None),
                       _isi(data, sasaran))  # fmt: skip


def _pagu(user, baris: list[BarisSimpul], induk: dict[int, int | None], tahun: int) -> tuple[dict, Decimal]:
    """One query: each sub kegiatan's pagu of `tahun`, rolled up to its kegiatan and program rows (written
    into `baris`); returns the budget rows by id and the total."""
    sub = [b.id for b in baris if b.sub_kegiatan]
    anggaran = AnggaranSubKegiatan.objects.for_user(user, Aksi.LIHAT).filter(sasaran_id__in=sub, tahun=tahun)
    per_sasaran = {a.sasaran_id: a for a in anggaran}
    jumlah: dict[int, Decimal] = defaultdict(Decimal)
    for s_id, a in per_sasaran.items():
        node = s_id
        while node is not None:  # the sum climbs to every ancestor shown
            jumlah[node] += a.pagu
            node = induk.get(node)
    for b in baris:
        b.pagu = format_angka(jumlah[b.id], 0) if b.id in jumlah else "—"
    kode = {b.id: b.kode for b in baris}
    return {a.pk: f"{kode[a.sasaran_id]} {tahun}" for a in per_sasaran.values()}, sum(
        (a.pagu for a in per_sasaran.values()), Decimal(0)
    )


def halaman_renja(*, user, pd: PerangkatDaerah, tahun: int) -> HalamanRencana:
    """A PD's Renja (RKT) of `tahun`: its program, kegiatan and sub kegiatan nodes of the period covering the
    year, with indicators and the year's target, each sub kegiatan's pagu (rolled up) and the total; status,
    history and whether the user may set it final. At most twelve queries."""
    periode = periode_pilih(user=user, tahun=tahun)[0]
    if periode is None or periode.pemda_id != pd.pemda_id:
        return HalamanRencana(None, [], [tahun], [], None, pd, tahun_renja=tahun)
    sasaran = _node_pd(user, pd, periode, TINGKAT_RENJA)
    baris, data = _baris(sasaran, [tahun])
    per_id = {s.pk: s for s in sasaran}
    induk = {s.pk: (s.induk_id if s.induk_id in per_id else None) for s in sasaran}
    label_anggaran, total = _pagu(user, baris, induk, tahun)
    isi = {**_isi(data, sasaran), AnggaranSubKegiatan: label_anggaran}
    h = HalamanRencana(periode, [], [tahun], baris, None, pd, total_pagu=format_angka(total, 0), tahun_renja=tahun,
                       periode_tahun=_tahun_periode(periode))  # fmt: skip
    return _halaman_pd(user, h, DokumenRencana.Jenis.RENJA, _dokumen("renja", pd, periode, tahun), isi)


@dataclass
class BarisDaftar:
    """One PD in the city list of planning documents."""

    perangkat_daerah: PerangkatDaerah
    renstra: str
    renja: str


def daftar_dokumen(*, user, periode: PeriodePerencanaan | None, tahun: int) -> list[BarisDaftar]:
    """Every PD in the user's scope with the status of its Renstra of `periode` and its Renja of `tahun`
    ("Belum ada dokumen" when missing); two queries."""
    pd = list(PerangkatDaerah.objects.for_user(user, Aksi.LIHAT).filter(aktif=True).order_by("kode"))
    status: dict[tuple[int, str], str] = {}
    if periode is not None:
        syarat = Q(jenis="renstra", periode=periode) | Q(jenis="renja", tahun=tahun)
        for d in DokumenRencana.objects.for_user(user, Aksi.LIHAT).filter(syarat):
            status[(d.perangkat_daerah_id, d.jenis)] = d.status
    return [BarisDaftar(p, status.get((p.pk, "renstra"), ""), status.get((p.pk, "renja"), "")) for p in pd]


def pd_pengguna(user) -> int | None:
    """The PD of a PD-bound user (None for city roles)."""
    profil = profil_pengguna(user)
    return profil.perangkat_daerah_id if profil is not None else None
