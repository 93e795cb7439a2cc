"""The writes of the tree import, once every row of every sheet is valid: nodes, indicators, targets, manuals
and sub kegiatan budgets in bulk (new rows by `sisip_massal`, COPY on PostgreSQL with no model instance per
row, read back by code where their ids are needed; changed rows by bulk_update), versions bumped in the
database (`F("versi") + 1`, so a form opened before the import is refused as stale). History:
one row per CHANGED row (before and after), and one summary row on the pemda for the rows the import CREATED
(how many of each kind, and the codes of the new nodes) — a created row's state is the row itself, and a
history row for each of 100,000 new nodes, indicators and targets would double the import's cost. Each
carries the import's reason and a `.revisi` action when a final document fixes a row
(kinerja/services/rencana.py), and each final RPJMD, Renstra or Renja the import changes counts one revision
(`rencana.revisi_rencana`, as a form's save: one reason, one revision per document). Like the other imports,
not through `perbarui_dengan_riwayat`, which costs three queries per row."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import potret

from ..excel_pohon import FIELD_ANGGARAN, FIELD_MANUAL
from ..models import Indikator, Sasaran, Target
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..services.rencana import revisi_rencana
from .pohon_dasar import Konteks
from .pohon_indikator import FIELD_INDIKATOR, I_VERSI, pemilik
from .pohon_lain import A_VERSI, M_VERSI
from .pohon_simpul import FIELD_SIMPUL, FIELD_TEKS, S_VERSI, _pk
from .sisip import sisip_massal

UKURAN = 1000
RIWAYAT_TARGET = list(Target.NILAI_FIELDS)
KOLOM_SIMPUL_BARU = ["pemda_id", "kode", "induk_id", "tingkat_id", "periode_id", "perangkat_daerah_id", *FIELD_TEKS]
KOLOM_INDIKATOR_BARU = ["pemda_id", "perangkat_daerah_id", "urutan", *FIELD_INDIKATOR]
KOLOM_TARGET_BARU = ["indikator_id", "tahun", "nilai", "lo", "hi"]


class _Riwayat:
    """The history of the import, written in one bulk insert at the end: a row per changed row, and the
    summary of the created rows (`dibuat`: kind → count; `simpul_baru`: the new nodes' codes); and the final
    planning documents the written rows touched (`dokumen`), each counting one revision."""

    def __init__(self, ktx: Konteks):
        self.ktx, self.baris, self.dibuat, self.simpul_baru = ktx, [], {}, []
        self.jumlah, self.terkunci, self.dokumen = 0, "", {}

    def revisi(self, *terkunci) -> None:
        """The final documents of written rows (RPJMD period, Renstra, Renja, IKU document)."""
        for k in terkunci:
            if k and not isinstance(k, str):
                self.dokumen[k] = None

    def _baris(self, obj, aksi: str, sebelum, sesudah) -> Riwayat:
        return Riwayat(
            pemda_id=self.ktx.pemda.pk, content_type_id=ContentType.objects.get_for_model(type(obj)).pk,
            object_id=obj.pk, aksi=aksi, oleh_id=self.ktx.oleh.pk, sebelum=sebelum, sesudah=sesudah,
            catatan=self.ktx.alasan,
        )  # fmt: skip

    def catat(self, obj, aksi: str, terkunci: str, sebelum: dict, kolom: list[str]) -> None:
        """A changed row: its own history row, before and after."""
        self.jumlah += 1
        self.revisi(terkunci)
        self.baris.append(self._baris(obj, self.ktx.aksi_riwayat(aksi, terkunci), sebelum, potret(obj, kolom)))

    def baru(self, jenis: str, rencana: list, *, kode: list[str] = ()) -> None:
        """Created rows (each with its `terkunci`): counted in the summary, a new node by its code."""
        self.jumlah += len(rencana)
        if rencana:
            self.dibuat[jenis] = self.dibuat.get(jenis, 0) + len(rencana)
        self.terkunci = self.terkunci or next((r.terkunci for r in rencana if r.terkunci), "")
        self.revisi(*{id(r.terkunci): r.terkunci for r in rencana}.values())
        self.simpul_baru += kode

    def simpan(self) -> int:
        if self.dibuat:
            ringkasan = {"dibuat": self.dibuat, "simpul_baru": self.simpul_baru}
            self.baris.append(self._baris(self.ktx.pemda, self.ktx.aksi_riwayat("pohon.impor", self.terkunci),
                                          None, ringkasan))  # fmt: skip
        Riwayat.objects.bulk_create(self.baris, batch_size=UKURAN)
        revisi_rencana(*self.dokumen, oleh=self.ktx.oleh, catatan=self.ktx.alasan)
        return self.jumlah


def _tersimpan_berubah(simpul: dict, indikator: dict, manual: list, anggaran: list):
    """(model, [(pk, version the import read, row, column of its errors, name)]) of the stored rows it changes."""
    yield Sasaran, [(r.ada.pk, r.ada.versi, r.b, S_VERSI, _("Simpul “%s”") % r.kode)
                    for r in simpul.values() if r.berubah and r.ada is not None]  # fmt: skip
    yield Indikator, [(r.ada.pk, r.ada.versi, r.b, I_VERSI, _("Indikator “%s”") % r.kode)
                      for r in indikator.values() if r.berubah and r.ada is not None]  # fmt: skip
    target = _("Target %(t)s indikator “%(k)s”")
    yield Target, [(t.ada["pk"], t.ada["versi"], r.b, t.kolom, target % {"t": th, "k": r.kode})
                   for r in indikator.values() for th, t in r.target.items() if t.ada is not None]  # fmt: skip
    yield ManualIK, [(r.ada.pk, r.ada.versi, r.b, M_VERSI, _("Manual indikator “%s”") % r.kunci[0])
                     for r in manual if r.ada is not None]  # fmt: skip
    anggaran_ = _("Anggaran %(t)s sub kegiatan “%(k)s”")
    yield AnggaranSubKegiatan, [(r.ada.pk, r.ada.versi, r.b, A_VERSI, anggaran_ % {"t": r.kunci[1], "k": r.kunci[0]})
                                for r in anggaran if r.ada is not None]  # fmt: skip


def kunci_yang_berubah(simpul: dict, indikator: dict, manual: list, anggaran: list) -> None:
    """Lock the stored rows the import changes (nodes, indicators, targets, manuals, budgets: SELECT … FOR
    UPDATE, before any write) and refuse by row one whose version moved since the import read it: a form
    saved meanwhile, whose change the row would overwrite."""
    pesan = _("%(n)s diubah atau dihapus orang lain selagi impor berjalan. Ulangi impor (dan unduh ulang berkas "
              "bila perlu).")  # fmt: skip
    for model, ubah in _tersimpan_berubah(simpul, indikator, manual, anggaran):
        pk, sekarang = [u[0] for u in ubah], {}
        for awal in range(0, len(pk), 5000):
            bagian = model.objects.select_for_update().filter(pk__in=pk[awal : awal + 5000])
            sekarang |= dict(bagian.values_list("pk", "versi"))
        for i, versi, b, kolom, nama in ubah:
            if sekarang.get(i) != versi:
                b.catat(kolom, pesan % {"n": nama})


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


def _pk_terakhir(model) -> int:
    return model.objects.aggregate(pk=Max("pk"))["pk"] or 0


def _pk_baru(model, pemda_id: int, setelah: int) -> dict[str, int]:
    """kode → pk of the pemda's rows whose pk is above `setelah`, a pk read before they were inserted: ids
    only grow, so these are the rows just inserted (and perhaps another's, each under its own code)."""
    return dict(model.objects.filter(pemda_id=pemda_id, pk__gt=setelah).values_list("kode", "pk"))


def _tulis_simpul(ktx: Konteks, simpul: dict, riwayat: _Riwayat) -> dict[str, int]:
    """Create the new nodes (parents first), then update the changed ones; kode → pk of every node."""
    berubah = [r for r in simpul.values() if r.berubah]
    baru = [r for r in berubah if r.ada is None]
    pk_simpul, setelah = {k: v[0] for k, v in ktx.semua.items()}, _pk_terakhir(Sasaran) if baru else 0
    for daftar in gelombang(baru, lambda r: r.kode, lambda r: r.induk_kode):
        sisip_massal(Sasaran, KOLOM_SIMPUL_BARU, [
            (ktx.pemda.pk, r.kode, pk_simpul[r.induk_kode] if r.induk_kode else None, _pk(r.tingkat),
             _pk(r.periode), r.pd_id, *(r.teks[f] for f in FIELD_TEKS))
            for r in daftar
        ])  # fmt: skip
        pk_simpul |= (dibaca := _pk_baru(Sasaran, ktx.pemda.pk, setelah))
        setelah = max(dibaca.values(), default=setelah)
    riwayat.baru("simpul", baru, kode=[r.kode for r in baru])
    ubah = [r for r in berubah if r.ada is not None]
    sebelum = {r.kode: potret(r.ada, FIELD_SIMPUL) for r in ubah}
    for r in ubah:
        s = r.ada
        s.tingkat, s.periode, s.perangkat_daerah = r.tingkat, r.periode, r.pd
        for f, v in r.teks.items():
            setattr(s, f, v)
        s.induk_id = pk_simpul[r.induk_kode] if r.induk_kode else None
        s.versi = F("versi") + 1  # a node form opened before the import is now stale
    kolom = ["induk", "tingkat", "periode", "perangkat_daerah", "versi", *FIELD_TEKS]
    Sasaran.objects.bulk_update([r.ada for r in ubah], kolom, batch_size=UKURAN)
    _ikut_pd([r for r in ubah if sebelum[r.kode]["perangkat_daerah_id"] != r.pd_id])
    for r in ubah:
        riwayat.catat(r.ada, "simpul.impor", r.terkunci, sebelum[r.kode], FIELD_SIMPUL)
        riwayat.revisi(r.terkunci_lama)
    return pk_simpul


def _ikut_pd(pindah: list) -> None:
    """A node moved to another PD (or to the city) takes its indicators and budgets along (their PD repeats
    the node's, for access filters)."""
    for r in pindah:
        Indikator.objects.filter(sasaran_id=r.ada.pk).update(perangkat_daerah_id=r.pd_id)
        AnggaranSubKegiatan.objects.filter(sasaran_id=r.ada.pk).update(perangkat_daerah_id=r.pd_id)


def _tulis_indikator(ktx: Konteks, indikator: dict, simpul: dict, pk_simpul: dict, riwayat) -> dict[str, int]:
    """Create the new indicators (parents first), then update the changed ones; kode → pk of every one."""
    berubah = [r for r in indikator.values() if r.berubah]
    baru = [r for r in berubah if r.ada is None]
    pk_indikator, setelah = {i.kode: i.pk for i in ktx.indikator.values()}, _pk_terakhir(Indikator) if baru else 0
    urutan = {r.kode: n for n, r in enumerate(berubah)}
    for daftar in gelombang(baru, lambda r: r.kode, lambda r: r.induk_kode):
        baris = []
        for r in daftar:
            c = r.contoh
            c.sasaran_id = pk_simpul[r.simpul_kode]
            c.induk_indikator_id = pk_indikator[r.induk_kode] if r.induk_kode else None
            baris.append((ktx.pemda.pk, pemilik(r.simpul_kode, simpul, ktx).pd_id, urutan[r.kode],
                          *(getattr(c, f) for f in FIELD_INDIKATOR)))  # fmt: skip
        sisip_massal(Indikator, KOLOM_INDIKATOR_BARU, baris)
        pk_indikator |= (dibaca := _pk_baru(Indikator, ktx.pemda.pk, setelah))
        setelah = max(dibaca.values(), default=setelah)
    riwayat.baru("indikator", baru)
    ubah = [r for r in berubah if r.ada is not None]
    sebelum = {r.kode: potret(r.ada, FIELD_INDIKATOR) for r in ubah}
    for r in ubah:
        i = r.ada
        for f in FIELD_INDIKATOR[2:]:
            if f != "induk_indikator_id":
                setattr(i, f, getattr(r.contoh, f))
        i.sasaran_id, i.perangkat_daerah_id = pk_simpul[r.simpul_kode], pemilik(r.simpul_kode, simpul, ktx).pd_id
        i.induk_indikator_id = pk_indikator[r.induk_kode] if r.induk_kode else None
        i.versi = F("versi") + 1
    kolom = ["sasaran", "perangkat_daerah", "induk_indikator", "versi", *FIELD_INDIKATOR[2:7], *FIELD_INDIKATOR[8:]]
    Indikator.objects.bulk_update([r.ada for r in ubah], kolom, batch_size=UKURAN)
    for r in ubah:
        riwayat.catat(r.ada, "indikator.impor", r.terkunci, sebelum[r.kode], FIELD_INDIKATOR)
        riwayat.revisi(r.terkunci_lama)
    return pk_indikator


def _tulis_target(indikator: dict, pk_indikator: dict, riwayat: _Riwayat) -> None:
    baru, ubah = [], []
    for r in indikator.values():
        for tahun, rt in r.target.items():
            if rt.ada is None:
                rt.baris = (pk_indikator[r.kode], tahun, rt.isian["nilai"], rt.isian["lo"], rt.isian["hi"])
                baru.append(rt)
                continue
            rt.ada = Target(**rt.ada)  # read as a light row (pohon_indikator); an instance to update
            rt.sebelum = potret(rt.ada, RIWAYAT_TARGET)
            for f, v in rt.isian.items():
                setattr(rt.ada, f, v)
            rt.ada.versi = F("versi") + 1
            ubah.append(rt)
    sisip_massal(Target, KOLOM_TARGET_BARU, [rt.baris for rt in baru])
    riwayat.baru("target", baru)
    Target.objects.bulk_update([rt.ada for rt in ubah], ["nilai", "lo", "hi", "versi"], batch_size=UKURAN)
    for rt in ubah:
        riwayat.catat(rt.ada, "target.impor", rt.terkunci, rt.sebelum, RIWAYAT_TARGET)


def _tulis_manual(ktx: Konteks, manual: list, pk_indikator: dict, riwayat: _Riwayat) -> None:
    tambahan = {"diubah_oleh_id": ktx.oleh.pk, "diubah_pada": timezone.now()}
    baru = [r for r in manual if r.ada is None]
    sisip_massal(ManualIK, ["indikator_id", *FIELD_MANUAL, *tambahan], [
        (pk_indikator[r.kunci[0]], *(r.isian[f] for f in FIELD_MANUAL), *tambahan.values()) for r in baru
    ])  # fmt: skip
    riwayat.baru("manual", baru)
    ubah = [r for r in manual if r.ada is not None]
    sebelum = {r.ada.pk: potret(r.ada, FIELD_MANUAL) for r in ubah}
    for r in ubah:
        for f, v in {**r.isian, **tambahan}.items():
            setattr(r.ada, f, v)
        r.ada.versi = F("versi") + 1
    ManualIK.objects.bulk_update([r.ada for r in ubah], [*FIELD_MANUAL, "versi", *tambahan], batch_size=UKURAN)
    for r in ubah:
        riwayat.catat(r.ada, "manual.impor", r.terkunci, sebelum[r.ada.pk], FIELD_MANUAL)


def _tulis_anggaran(ktx: Konteks, anggaran: list, simpul: dict, pk_simpul: dict, riwayat: _Riwayat) -> None:
    baru = [r for r in anggaran if r.ada is None]
    sisip_massal(AnggaranSubKegiatan, ["sasaran_id", "pemda_id", "perangkat_daerah_id", "tahun", *FIELD_ANGGARAN], [
        (pk_simpul[r.kunci[0]], ktx.pemda.pk, pemilik(r.kunci[0], simpul, ktx).pd_id, r.kunci[1],
         *(r.isian[f] for f in FIELD_ANGGARAN))
        for r in baru
    ])  # fmt: skip
    riwayat.baru("anggaran_sub_kegiatan", baru)
    ubah = [r for r in anggaran if r.ada is not None]
    sebelum = {r.ada.pk: potret(r.ada, FIELD_ANGGARAN) for r in ubah}
    for r in ubah:
        for f, v in r.isian.items():
            setattr(r.ada, f, v)
        r.ada.versi = F("versi") + 1
    AnggaranSubKegiatan.objects.bulk_update([r.ada for r in ubah], [*FIELD_ANGGARAN, "versi"], batch_size=UKURAN)
    for r in ubah:
        riwayat.catat(r.ada, "anggaran_sub_kegiatan.impor", r.terkunci, sebelum[r.ada.pk], FIELD_ANGGARAN)
