"""The writes of the tree import, once every row of every sheet is valid: nodes, indicators, targets, manuals
and sub kegiatan budgets in bulk (bulk_create / bulk_update, a few queries per thousand rows), versions
bumped in the database (`F("versi") + 1`, so a form opened before the import is refused as stale). History:
one row per CHANGED row (before and after), and one summary row on the pemda for the rows the import CREATED
(how many of each kind, and the codes of the new nodes) — a created row's state is the row itself, and a
history row for each of 100,000 new nodes, indicators and targets would double the import's cost. Each
carries the import's reason and a `.revisi` action when a final document fixes a row
(kinerja/services/rencana.py). Like the other imports, not through `perbarui_dengan_riwayat`, which costs
three queries per row."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import potret

from ..excel_pohon import FIELD_ANGGARAN, FIELD_MANUAL
from ..models import Indikator, Sasaran, Target
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from .pohon_dasar import Konteks
from .pohon_indikator import FIELD_INDIKATOR, pemilik
from .pohon_simpul import FIELD_SIMPUL, FIELD_TEKS

UKURAN = 1000
RIWAYAT_TARGET = list(Target.NILAI_FIELDS)


class _Riwayat:
    """The history of the import, written in one bulk insert at the end: a row per changed row, and the
    summary of the created rows (`dibuat`: kind → count; `simpul_baru`: the new nodes' codes)."""

    def __init__(self, ktx: Konteks):
        self.ktx, self.baris, self.dibuat, self.simpul_baru = ktx, [], {}, []
        self.jumlah, self.terkunci = 0, ""

    def _baris(self, obj, aksi: str, sebelum, sesudah) -> Riwayat:
        return Riwayat(
            pemda_id=self.ktx.pemda.pk, content_type_id=ContentType.objects.get_for_model(type(obj)).pk,
            object_id=obj.pk, aksi=aksi, oleh_id=self.ktx.oleh.pk, sebelum=sebelum, sesudah=sesudah,
            catatan=self.ktx.alasan,
        )  # fmt: skip

    def catat(self, obj, aksi: str, terkunci: str, sebelum: dict | None, kolom: list[str]) -> None:
        self.jumlah += 1
        if sebelum is not None:
            self.baris.append(self._baris(obj, self.ktx.aksi_riwayat(aksi, terkunci), sebelum, potret(obj, kolom)))
            return
        jenis = aksi.partition(".")[0]
        self.dibuat[jenis] = self.dibuat.get(jenis, 0) + 1
        self.terkunci = self.terkunci or terkunci
        if jenis == "simpul":
            self.simpul_baru.append(obj.kode)

    def simpan(self) -> int:
        if self.dibuat:
            ringkasan = {"dibuat": self.dibuat, "simpul_baru": self.simpul_baru}
            self.baris.append(self._baris(self.ktx.pemda, self.ktx.aksi_riwayat("pohon.impor", self.terkunci),
                                          None, ringkasan))  # fmt: skip
        Riwayat.objects.bulk_create(self.baris, batch_size=UKURAN)
        return self.jumlah


def tulis(ktx: Konteks, simpul: dict, indikator: dict, manual: list, anggaran: list) -> int:
    """Write every change; the number of rows created or changed."""
    riwayat = _Riwayat(ktx)
    pk_simpul = _tulis_simpul(ktx, simpul, riwayat)
    pk_indikator = _tulis_indikator(ktx, indikator, simpul, pk_simpul, riwayat)
    _tulis_target(indikator, pk_indikator, riwayat)
    _tulis_manual(ktx, manual, pk_indikator, riwayat)
    _tulis_anggaran(ktx, anggaran, simpul, pk_simpul, riwayat)
    return riwayat.simpan()


def gelombang(baru: list, kunci, induk) -> list[list]:
    """New rows in waves, each row after the wave that creates its parent, so that every row is inserted
    with its parent's id (an UPDATE of thousands of rows afterwards would cost far more). The rules have
    already refused cycles."""
    sisa, hasil = {kunci(r): r for r in baru}, []
    while sisa:
        siap = [r for r in sisa.values() if induk(r) not in sisa]
        for r in siap:
            del sisa[kunci(r)]
        hasil.append(siap)
    return hasil


def _tulis_simpul(ktx: Konteks, simpul: dict, riwayat: _Riwayat) -> dict[str, int]:
    """Create the new nodes (parents first), then update the changed ones; kode → pk of every node."""
    berubah = [r for r in simpul.values() if r.berubah]
    sebelum = {r.kode: potret(r.ada, FIELD_SIMPUL) for r in berubah if r.ada is not None}
    pk_simpul = {k: v[0] for k, v in ktx.semua.items()}
    for r in berubah:
        if r.ada is None:
            r.ada = Sasaran(pemda=ktx.pemda, kode=r.kode)
        s = r.ada
        s.tingkat, s.periode, s.perangkat_daerah = r.tingkat, r.periode, r.pd
        for f, v in r.teks.items():
            setattr(s, f, v)
    baru = [r for r in berubah if r.kode not in sebelum]
    for daftar in gelombang(baru, lambda r: r.kode, lambda r: r.induk_kode):
        for r in daftar:
            r.ada.induk_id = pk_simpul[r.induk_kode] if r.induk_kode else None
        Sasaran.objects.bulk_create([r.ada for r in daftar], batch_size=UKURAN)
        pk_simpul |= {r.kode: r.ada.pk for r in daftar}
    ubah = [r for r in berubah if r.kode in sebelum]
    for r in ubah:
        r.ada.induk_id = pk_simpul[r.induk_kode] if r.induk_kode else None
        r.ada.versi = F("versi") + 1  # a node form opened before the import is now stale
    kolom = ["induk", "tingkat", "periode", "perangkat_daerah", "versi", *FIELD_TEKS]
    Sasaran.objects.bulk_update([r.ada for r in ubah], kolom, batch_size=UKURAN)
    _ikut_pd([r for r in ubah if sebelum[r.kode]["perangkat_daerah_id"] != r.pd_id])
    for r in berubah:
        riwayat.catat(r.ada, "simpul.impor", r.terkunci, sebelum.get(r.kode), FIELD_SIMPUL)
    return pk_simpul


def _ikut_pd(pindah: list) -> None:
    """A node moved to another PD (or to the city) takes its indicators and budgets along (their PD repeats
    the node's, for access filters)."""
    for r in pindah:
        Indikator.objects.filter(sasaran_id=r.ada.pk).update(perangkat_daerah_id=r.pd_id)
        AnggaranSubKegiatan.objects.filter(sasaran_id=r.ada.pk).update(perangkat_daerah_id=r.pd_id)


def _tulis_indikator(ktx: Konteks, indikator: dict, simpul: dict, pk_simpul: dict, riwayat) -> dict[str, int]:
    berubah = [r for r in indikator.values() if r.berubah]
    sebelum = {r.kode: potret(r.ada, FIELD_INDIKATOR) for r in berubah if r.ada is not None}
    for urutan, r in enumerate(berubah):
        i = r.ada if r.ada is not None else r.contoh
        if r.ada is None:
            i.urutan = urutan
        else:
            for f in FIELD_INDIKATOR[2:]:
                if f != "induk_indikator_id":
                    setattr(i, f, getattr(r.contoh, f))
        i.sasaran_id, i.pemda_id = pk_simpul[r.simpul_kode], ktx.pemda.pk
        i.perangkat_daerah_id = pemilik(r.simpul_kode, simpul, ktx).pd_id
        r.ada = i
    pk_indikator = {i.kode: i.pk for i in ktx.indikator.values()}
    for daftar in gelombang([r for r in berubah if r.kode not in sebelum], lambda r: r.kode, lambda r: r.induk_kode):
        for r in daftar:
            r.ada.induk_indikator_id = pk_indikator[r.induk_kode] if r.induk_kode else None
        Indikator.objects.bulk_create([r.ada for r in daftar], batch_size=UKURAN)
        pk_indikator |= {r.kode: r.ada.pk for r in daftar}
    ubah = [r for r in berubah if r.kode in sebelum]
    for r in ubah:
        r.ada.induk_indikator_id = pk_indikator[r.induk_kode] if r.induk_kode else None
        r.ada.versi = F("versi") + 1
    kolom = ["sasaran", "perangkat_daerah", "induk_indikator", "versi", *FIELD_INDIKATOR[2:7], *FIELD_INDIKATOR[8:]]
    Indikator.objects.bulk_update([r.ada for r in ubah], kolom, batch_size=UKURAN)
    for r in berubah:
        riwayat.catat(r.ada, "indikator.impor", r.terkunci, sebelum.get(r.kode), FIELD_INDIKATOR)
    return pk_indikator


def _tulis_target(indikator: dict, pk_indikator: dict, riwayat: _Riwayat) -> None:
    baru, ubah = [], []
    for r in indikator.values():
        for tahun, rt in r.target.items():
            if rt.ada is None:
                rt.ada = Target(indikator_id=pk_indikator[r.kode], tahun=tahun, **rt.isian)
                baru.append(rt)
                continue
            rt.ada = Target(**rt.ada)  # read as a light row (pohon_indikator); an instance to update
            rt.sebelum = potret(rt.ada, RIWAYAT_TARGET)
            for f, v in rt.isian.items():
                setattr(rt.ada, f, v)
            rt.ada.versi = F("versi") + 1
            ubah.append(rt)
    Target.objects.bulk_create([rt.ada for rt in baru], batch_size=UKURAN)
    Target.objects.bulk_update([rt.ada for rt in ubah], ["nilai", "lo", "hi", "versi"], batch_size=UKURAN)
    for rt in baru + ubah:
        riwayat.catat(rt.ada, "target.impor", rt.terkunci, getattr(rt, "sebelum", None), RIWAYAT_TARGET)


def _tulis_manual(ktx: Konteks, manual: list, pk_indikator: dict, riwayat: _Riwayat) -> None:
    tambahan = {"diubah_oleh": ktx.oleh, "diubah_pada": timezone.now()}
    baru, sebelum = [], {}
    for r in manual:
        if r.ada is None:
            r.ada = ManualIK(indikator_id=pk_indikator[r.kunci[0]], **r.isian, **tambahan)
            baru.append(r.ada)
            continue
        sebelum[r.ada.pk] = potret(r.ada, FIELD_MANUAL)
        for f, v in {**r.isian, **tambahan}.items():
            setattr(r.ada, f, v)
        r.ada.versi = F("versi") + 1
    ManualIK.objects.bulk_create(baru, batch_size=UKURAN)
    ubah = [r.ada for r in manual if r.ada.pk in sebelum]
    ManualIK.objects.bulk_update(ubah, [*FIELD_MANUAL, "versi", *tambahan], batch_size=UKURAN)
    for r in manual:
        riwayat.catat(r.ada, "manual.impor", r.terkunci, sebelum.get(r.ada.pk), FIELD_MANUAL)


def _tulis_anggaran(ktx: Konteks, anggaran: list, simpul: dict, pk_simpul: dict, riwayat: _Riwayat) -> None:
    baru, sebelum = [], {}
    for r in anggaran:
        kode, tahun = r.kunci
        if r.ada is None:
            r.ada = AnggaranSubKegiatan(sasaran_id=pk_simpul[kode], pemda_id=ktx.pemda.pk, tahun=tahun,
                                        perangkat_daerah_id=pemilik(kode, simpul, ktx).pd_id, **r.isian)  # fmt: skip
            baru.append(r.ada)
            continue
        sebelum[r.ada.pk] = potret(r.ada, FIELD_ANGGARAN)
        for f, v in r.isian.items():
            setattr(r.ada, f, v)
        r.ada.versi = F("versi") + 1
    AnggaranSubKegiatan.objects.bulk_create(baru, batch_size=UKURAN)
    ubah = [r.ada for r in anggaran if r.ada.pk in sebelum]
    AnggaranSubKegiatan.objects.bulk_update(ubah, [*FIELD_ANGGARAN, "versi"], batch_size=UKURAN)
    for r in anggaran:
        riwayat.catat(r.ada, "anggaran_sub_kegiatan.impor", r.terkunci, sebelum.get(r.ada.pk), FIELD_ANGGARAN)
