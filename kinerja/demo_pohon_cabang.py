"""Builder of the demo performance tree's branches (issue 13 point 11), shared by the city and PD data modules
(`demo_pohon_kota`, `demo_pohon_dinkes`, `demo_pohon_disdik`, `demo_pohon_dlh`). A branch is a list of
`Simpul` rows: every node is checked by THE rule of a node's place (`kinerja.services.pohon.simpul_periksa`)
before it is saved, its one indicator gets the demo's targets (and realisations of the complete years and of
the current year through its due quarter, a draft, unless its value is computed from its children: the years
of kinerja/demo_jam.py), its manual is written by the owner through the manual service, and a sub kegiatan's
pagu and quarterly realisation for the demo's budget years go through the sub kegiatan budget service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from .models import Indikator, Realisasi, Sasaran
from .services.anggaran_sub_kegiatan import anggaran_sub_kegiatan_simpan
from .services.manual import KOLOM_MANUAL, manual_simpan
from .services.pohon import simpul_periksa

# every quarter verified in the complete years; in the current year those before the due quarter verified and the
# due one a draft (kinerja.demo.status_tahun_berjalan)
_SEMUA = dict.fromkeys((1, 2, 3, 4), Realisasi.Status.DIVERIFIKASI)
_ALASAN = {
    "sasaran_rpjmd": "Ukuran keberhasilan sasaran RPJMD yang dipakai dalam IKU kota (contoh).",
    "tujuan": "Ukuran dampak tujuan RPJMD (contoh).",
    "tematik": "Ukuran capaian tema lintas perangkat daerah (contoh).",
    "sasaran_program": "Ukuran hasil program yang mendukung sasaran strategis perangkat daerah (contoh).",
    "sasaran_kegiatan": "Ukuran keluaran kegiatan yang mendukung sasaran program (contoh).",
    "sub_kegiatan": "Indikator keluaran sub kegiatan menurut metadata nomenklatur Kepmendagri (contoh).",
}


@dataclass(frozen=True)
class Ind:
    """The one indicator of a demo node: wording, unit, direction, aggregation, 2021 target and yearly step,
    relation to the parent node's indicator ("" none, "rumus", "kontribusi", "sama"), the manual's formula in
    words, its type and data source."""

    uraian: str
    satuan: str
    arah: str
    agregasi: str
    dasar: str
    langkah: str
    relasi: str = ""
    rumus: str = ""
    jenis: str = "output"
    sumber: str = "Laporan bidang (contoh)"
    manual: bool = True  # False: its manual is written elsewhere (Dinkes' own wording)


@dataclass(frozen=True)
class Simpul:
    """A demo node: code, level, parent code (None: a node left without parent), wording, nomenclature
    code, position (jabatan), its indicator (None: a node left without indicator), a sub kegiatan's 2023
    pagu in rupiah (None: no budget) and, for a thematic node, its theme."""

    kode: str
    tingkat: str
    induk: str | None
    uraian: str
    nomenklatur: str = ""
    jabatan: str = ""
    indikator: Ind | None = None
    pagu: int | None = None
    tema: str = ""


def simpul_buat(pemda, pd, s: Simpul, *, tingkat, periode, per_kode: dict[str, Sasaran]) -> Sasaran:
    """One node, placed by `simpul_periksa` before it is saved (a demo mistake fails loudly)."""
    node = Sasaran(
        pemda=pemda, perangkat_daerah=pd, induk=per_kode[s.induk] if s.induk else None, kode=s.kode,
        uraian=s.uraian, tingkat=tingkat[s.tingkat], periode=periode, kode_nomenklatur=s.nomenklatur,
        jabatan=s.jabatan, tema=s.tema,
    )  # fmt: skip
    simpul_periksa(sasaran=node)
    node.save()
    per_kode[s.kode] = node
    return node


def _indikator(pembangun, node: Sasaran, s: Simpul, induk_ind: Indikator | None, urutan: int, realisasi: bool):
    from .demo import Pola, status_tahun_berjalan

    i = s.indikator
    relasi = i.relasi if induk_ind is not None else ""
    ind = Indikator.objects.create(
        sasaran=node, kode=f"{s.kode}.1", uraian=i.uraian, satuan=i.satuan, arah=i.arah, agregasi=i.agregasi,
        urutan=urutan, sumber_data=i.sumber, induk_indikator=induk_ind if relasi else None, relasi_induk=relasi,
    )  # fmt: skip
    pola = Pola(i.uraian, i.satuan, i.arah, i.agregasi, Decimal(i.dasar), Decimal(i.langkah))
    target = pembangun.target_untuk(ind, pola)
    if realisasi:
        jam = pembangun.jam
        for tahun in jam.tahun_terverifikasi:
            pembangun.realisasi_tahun(ind, pola, target[tahun], tahun, _SEMUA)
        status = status_tahun_berjalan(jam, Realisasi.Status.DRAF)
        pembangun.realisasi_tahun(ind, pola, target[jam.tahun], jam.tahun, status)
    return ind


def _indikator_induk(induk: Sasaran | None) -> Indikator | None:
    """The first indicator of a parent built earlier (another branch, or made by kinerja.demo)."""
    return None if induk is None else Indikator.objects.filter(sasaran=induk).order_by("urutan", "kode").first()


def _rumus(i: Ind) -> str:
    """The formula in words of an indicator whose data module gives none."""
    if i.agregasi == Indikator.Agregasi.KUMULATIF:
        return f"Jumlah {i.satuan} yang dicapai tiap triwulan, dijumlahkan sampai akhir tahun (sumber: {i.sumber})"
    return f"Nilai pada akhir periode pelaporan menurut {i.sumber}, dalam satuan {i.satuan}"


def manual_demo(ind: Indikator, s: Simpul, oleh) -> None:
    """The indicator's manual, written by its owner through the manual service (with history)."""
    i = s.indikator
    isi = (
        f"{i.uraian.removesuffix(' (contoh)')} pada tahun berjalan, sesuai petunjuk teknis bidang (contoh).",
        i.rumus or _rumus(i),
        _ALASAN[s.tingkat],
        i.jenis,
        i.sumber,
        s.jabatan or "Kepala Bidang Perencanaan, Bappelitbangda (contoh)",
        "triwulanan",
    )
    manual_simpan(indikator=ind, oleh=oleh, nilai=dict(zip(KOLOM_MANUAL, isi, strict=True)), versi=None)


def cabang_muat(pembangun, pd, daftar, *, tingkat, periode, per_kode, oleh, realisasi: bool = True) -> list:
    """Build the nodes of `daftar` (parents before children) with their indicator, targets, realisations
    (with `realisasi`) and manual. A parent whose indicator is computed from its children ("rumus") gets no
    realisation of its own. Returns the sub kegiatan nodes that carry a budget, with their 2023 pagu."""
    dihitung = {s.induk for s in daftar if s.indikator and s.indikator.relasi == Indikator.Relasi.RUMUS}
    indikator: dict[str, Indikator] = {}
    anggaran = []
    for n, s in enumerate(daftar):
        node = simpul_buat(pembangun.pemda, pd, s, tingkat=tingkat, periode=periode, per_kode=per_kode)
        if s.indikator is not None:
            induk_ind = indikator.get(s.induk or "") or _indikator_induk(per_kode.get(s.induk or ""))
            ind = _indikator(pembangun, node, s, induk_ind, 30 + n, realisasi and s.kode not in dihitung)
            indikator[s.kode] = ind
            if s.indikator.manual:
                manual_demo(ind, s, oleh)
        if s.pagu is not None:
            anggaran.append((node, s.pagu))
    return anggaran


def operator_pd(pemda, pd):
    """The demo operator of `pd` (the manuals' and budgets' writer), or None when the demo has none."""
    pengguna = get_user_model().objects.filter(profil__pemda=pemda, profil__perangkat_daerah=pd)
    return pengguna.filter(profil__peran="operator_pd").first()


def anggaran_muat(daftar: list, *, oleh, acak, jam) -> None:
    """The pagu (the 2023 pagu, 5 % of it more each year) and each quarter's own spending (14–24 % of the pagu,
    so never above it) of every budgeted sub kegiatan for the demo's budget years (`jam.tahun_anggaran`),
    through the budget service as Bagian Organisasi (`oleh`) enters them; the current year through its due
    quarter only."""
    for node, pagu in daftar:
        for tahun in jam.tahun_anggaran:
            pagu_tahun = Decimal(pagu) * (Decimal(100) + 5 * (tahun - 2023)) / 100
            triwulan = range(1, jam.triwulan + 1) if tahun == jam.tahun else (1, 2, 3, 4)
            realisasi = {tw: (pagu_tahun * acak.randint(14, 24) / 100).quantize(Decimal(1)) for tw in triwulan}
            anggaran_sub_kegiatan_simpan(
                oleh=oleh, sasaran=node, tahun=tahun, pagu=pagu_tahun.quantize(Decimal(1)), realisasi=realisasi,
                versi=None,
            )  # fmt: skip
