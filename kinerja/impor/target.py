"""The target template of a pemda's indicators and its import (Bagian Organisasi)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.models import Pemda
from perangkat_daerah.services import VersiKedaluwarsa, potret

from .. import capaian, excel
from ..excel import Kolom
from ..models import Indikator, PerjanjianKinerja, RevisiPK, Target
from ..services import RIWAYAT_TARGET, rentang_atau_galat
from ..services.rencana import revisi_catat
from .dasar import LEMBAR_TARGET, HasilImpor, _Baris, _baris_data, _riwayat_massal, json_teks

KOLOM_TARGET = [
    Kolom(_("Kode Indikator"), 18),
    Kolom(_("Indikator"), 48),
    Kolom(_("Satuan"), 12),
    Kolom(_("Tahun"), 8),
    Kolom(_("Target"), 12, True),
    Kolom(_("Target Bawah"), 13, True),
    Kolom(_("Target Atas"), 12, True),
    Kolom(_("Target TW I"), 12, True),
    Kolom(_("Target TW II"), 12, True),
    Kolom(_("Target TW III"), 13, True),
    Kolom(_("Target TW IV"), 12, True),
    Kolom(_("Alasan Revisi"), 30, True),
    Kolom(_("Versi"), 7),
]
T_KODE, T_TAHUN, T_NILAI, T_ALASAN, T_VERSI = 0, 3, 4, 11, 12
TAHUN_SAH = range(2000, 2101)


def _kolom_target() -> list[Kolom]:
    return [
        Kolom(k.judul, k.lebar, k.diisi, excel._validasi_angka() if 4 <= i <= 10 else None)
        for i, k in enumerate(KOLOM_TARGET)
    ]


def templat_target(*, user, tahun_awal: int, tahun_akhir: int) -> bytes:
    """The target template of the user's pemda: one row per indicator and year, with current values and the
    target's version ("Versi", 0 when there is none), which the import checks."""
    indikator = list(Indikator.objects.for_user(user, Aksi.KELOLA).order_by("perangkat_daerah__kode", "urutan", "kode"))
    tahun = list(range(tahun_awal, tahun_akhir + 1))
    ada = {(t.indikator_id, t.tahun): t for t in Target.objects.filter(indikator__in=indikator, tahun__in=tahun)}
    baris = []
    for ind in indikator:
        for th in tahun:
            t = ada.get((ind.pk, th))
            nilai = [None if t is None or getattr(t, f) is None else float(getattr(t, f)) for f in Target.NILAI_FIELDS]
            baris.append([ind.kode, ind.uraian, ind.satuan, th, *nilai, "", t.versi if t is not None else 0])
    return excel.tulis_templat(
        judul=_("Target Renstra/PK %(a)s–%(b)s") % {"a": tahun_awal, "b": tahun_akhir},
        keterangan=_(
            "Isi target tunggal ATAU rentang (bawah–atas). "
            "Target PK yang sudah ditetapkan hanya berubah bila Alasan Revisi diisi."
        ),
        nama_lembar=LEMBAR_TARGET,
        kolom=_kolom_target(),
        baris=baris,
    )


def _baca_target(b: _Baris, indikator: dict, pk: dict, sudah: dict, tersimpan: dict) -> tuple | None:
    """One sheet row's indicator, year, values, reason and PK, or None with its errors recorded; a stored
    target it changes must still have the row's version (`_Baris.versi_sama`; `tersimpan`: (indicator id,
    year) → (version, values))."""
    kode, tahun = b.teks(T_KODE), b.bulat(T_TAHUN)
    ind = indikator.get(kode)
    if ind is None:
        b.catat(T_KODE, _("Kode “%s” tidak dikenal di pemda Anda.") % kode if kode else _("Kode indikator kosong."))
    if tahun not in TAHUN_SAH:
        b.catat(T_TAHUN, _("Tahun “%s” tidak valid.") % b.teks(T_TAHUN))
    elif ind is not None and (kunci := (kode, tahun)) in sudah:
        b.catat(T_TAHUN, _("Indikator dan tahun ini sudah muncul di baris %s.") % sudah[kunci])
    sudah.setdefault((kode, tahun), b.nomor)
    isian = {f: b.angka(T_NILAI + i) for i, f in enumerate(Target.NILAI_FIELDS)}
    for i, (f, v) in enumerate(isian.items()):
        if ind is not None and v is not None:
            try:
                rentang_atau_galat(ind, v, f)
            except ValidationError as exc:
                b.catat(T_NILAI + i, " ".join(exc.messages))
    try:
        capaian.Target(nilai=isian["nilai"], lo=isian["lo"], hi=isian["hi"])
    except capaian.TargetTidakValid as exc:
        b.catat(T_NILAI, str(exc))
    simpan = tersimpan.get((ind.pk, tahun)) if ind is not None else None
    if simpan is not None and simpan[1] != tuple(isian.values()):
        b.versi_sama(T_VERSI, simpan[0], _("Target %s indikator") % tahun, kode)
    alasan = b.teks(T_ALASAN)
    perjanjian = pk.get((ind.perangkat_daerah_id, tahun)) if ind else None
    if perjanjian is not None and perjanjian.ditetapkan and not alasan:
        b.catat(T_ALASAN, _("PK %s sudah ditetapkan: isi Alasan Revisi untuk mengubah target ini.") % tahun)
    return None if b.salah else (ind, tahun, isian, alasan, perjanjian)


@transaction.atomic
def impor_target(*, data: bytes, oleh) -> HasilImpor:
    """Bagian Organisasi's bulk import of Renstra/PK targets: all rows valid, then all saved (targets of a
    set PK only with a reason, each recorded as a PK revision), or nothing."""
    pesan = _("Hanya Bagian Organisasi yang dapat mengimpor target.")
    pemda = Pemda.objects.for_user(oleh).first()  # the user's own pemda; none without a profile
    if pemda is None:
        raise PermissionDenied(pesan)
    wajib_hak(oleh, Aksi.KELOLA, pemda, pesan=pesan)
    indikator = {i.kode: i for i in Indikator.objects.for_user(oleh, Aksi.KELOLA)}
    pk = {(p.perangkat_daerah_id, p.tahun): p for p in PerjanjianKinerja.objects.for_user(oleh, Aksi.KELOLA)}
    hasil, sudah, siap = HasilImpor(), {}, []
    tersimpan = {(t[0], t[1]): (t[2], t[3:]) for t in Target.objects.filter(indikator__pemda=pemda)
                 .values_list("indikator_id", "tahun", "versi", *Target.NILAI_FIELDS)}  # fmt: skip
    for nomor, sel in _baris_data(data, LEMBAR_TARGET, KOLOM_TARGET):
        b = _Baris(nomor, sel, KOLOM_TARGET, hasil.galat)
        if not b.kosong() and (baik := _baca_target(b, indikator, pk, sudah, tersimpan)) is not None:
            siap.append(baik)
    if not hasil.galat:
        hasil.jumlah = _tulis_target(siap, pemda, oleh, tersimpan)
    return hasil


def _tulis_target(siap: list[tuple], pemda, oleh, tersimpan: dict) -> int:
    """Save the checked targets in bulk with one history row per changed target (and a PK revision per
    changed target of a set PK), not through `perbarui_dengan_riwayat`, for the same reason as
    `_tulis_realisasi`; the targets are locked here (select_for_update), and one saved since the rows were
    checked (`tersimpan`) refuses the whole import."""
    ada = {(t.indikator_id, t.tahun): t for t in Target.objects.select_for_update().filter(indikator__pemda=pemda)}
    baru, ubah, sebelum, revisi = [], [], {}, []
    for ind, tahun, isian, alasan, perjanjian in siap:
        t = ada.get((ind.pk, tahun))
        if getattr(t, "versi", None) != tersimpan.get((ind.pk, tahun), (None,))[0]:
            raise VersiKedaluwarsa(_("Target berubah saat impor berjalan; tidak ada yang disimpan. Unggah ulang."))
        if t is None:
            baru.append(Target(indikator=ind, tahun=tahun, **isian))
            continue
        if all(getattr(t, f) == v for f, v in isian.items()):
            continue
        sebelum[t.pk] = potret(t, RIWAYAT_TARGET)
        for f, v in isian.items():
            setattr(t, f, v)
        t.versi += 1
        ubah.append(t)
        if perjanjian is not None and perjanjian.ditetapkan:
            revisi.append((perjanjian, t, alasan))
    Target.objects.bulk_create(baru, batch_size=1000)
    Target.objects.bulk_update(ubah, [*Target.NILAI_FIELDS, "versi"], batch_size=1000)
    riwayat = [(t.pk, json_teks(sebelum.get(t.pk)), json_teks(potret(t, RIWAYAT_TARGET))) for t in baru + ubah]
    _riwayat_massal(riwayat, model=Target, pemda_id=pemda.pk, aksi="target.impor", oleh=oleh)
    _catat_revisi(revisi, sebelum, oleh, pemda.pk)
    return len(baru) + len(ubah)


def _catat_revisi(revisi: list[tuple], sebelum: dict, oleh, pemda_id: int) -> None:
    """Record each revision of a set PK's target as `services.target_revisi` does: counted by THE count
    (`rencana.revisi_catat`: the PK locked, `revisi` + 1 with its "pk.revisi" history row, `versi` left) and
    kept as a RevisiPK with that number."""
    for perjanjian, target, alasan in revisi:
        nomor = revisi_catat(perjanjian, oleh=oleh, aksi="pk.revisi", pemda_id=pemda_id, catatan=alasan)
        RevisiPK.objects.create(
            perjanjian=perjanjian, target=target, nomor=nomor, alasan=alasan, oleh=oleh,
            sebelum=sebelum[target.pk], sesudah=potret(target, RIWAYAT_TARGET),
        )  # fmt: skip
