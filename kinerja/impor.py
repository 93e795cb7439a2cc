"""Excel round trip: templates for one PD's quarter (realisasi) and for targets, and their imports.

An import passes the upload guard (`excel.periksa_xlsx`), validates every row against the same rules as
the services (access through the one guard `wajib_hak` and the selectors of the services, locks, workflow
status, Indonesian numbers), and then saves all rows in one transaction or none. Errors name the sheet row
and column. Writes are bulk (bulk_create / bulk_update) with one history row per changed realisasi or
target, so 10,000 rows take seconds: the one exception to the one history writer
(`perbarui_dengan_riwayat`), which would cost three queries per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.models import Pemda, Riwayat
from perangkat_daerah.services import VersiKedaluwarsa, potret
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none

from . import capaian, excel, selectors
from .excel import BARIS_JUDUL, BerkasDitolak, Kolom
from .models import Indikator, PerjanjianKinerja, Realisasi, RevisiPK, Target
from .selectors import ROMAWI
from .services import (
    RIWAYAT_REALISASI,
    RIWAYAT_TARGET,
    angka_atau_galat,
    isian_realisasi,
    rentang_atau_galat,
)

LEMBAR_REALISASI = "Realisasi"
LEMBAR_TARGET = "Target"
_ROMAWI_KE_ANGKA = {v: k for k, v in ROMAWI.items()}


@dataclass(frozen=True)
class GalatImpor:
    """One problem in an uploaded sheet: the sheet row (as Excel numbers it), the column, the message."""

    baris: int
    kolom: str
    pesan: str


@dataclass
class HasilImpor:
    """The outcome of an import: rows saved (0 when anything was wrong) and the errors."""

    jumlah: int = 0
    galat: list[GalatImpor] = field(default_factory=list)

    @property
    def berhasil(self) -> bool:
        return not self.galat


# --- shared row reading ----------------------------------------------------------------------------


class _Baris:
    """One data row with helpers that record errors by column instead of raising."""

    def __init__(self, nomor: int, sel: Sequence, kolom: Sequence[Kolom], galat: list[GalatImpor]):
        self.nomor, self.sel, self.kolom, self.galat = nomor, sel, kolom, galat
        self.salah = False

    def _nama(self, i: int) -> str:
        return f"{chr(ord('A') + i)} ({self.kolom[i].judul})"

    def catat(self, i: int, pesan: str) -> None:
        self.galat.append(GalatImpor(self.nomor, self._nama(i), pesan))
        self.salah = True

    def teks(self, i: int) -> str:
        nilai = self.sel[i] if i < len(self.sel) else ""
        if isinstance(nilai, float) and nilai.is_integer():
            nilai = int(nilai)
        return "" if nilai is None else str(nilai).strip()

    def angka(self, i: int) -> Decimal | None:
        nilai = self.sel[i] if i < len(self.sel) else ""
        if isinstance(nilai, bool) or not isinstance(nilai, (int, float, str)):
            self.catat(i, _("“%s” bukan angka.") % nilai)
            return None
        try:
            return angka_atau_galat(nilai, "nilai")
        except ValidationError as exc:
            self.catat(i, " ".join(exc.messages))
            return None

    def bulat(self, i: int) -> int | None:
        try:
            return bilangan_bulat_atau_none(self.teks(i), minimum=0, maksimum=9999)
        except BilanganTidakValid:
            return None

    def kosong(self) -> bool:
        return all(self.teks(i) == "" for i in range(len(self.kolom)))


def _baris_data(data: bytes, lembar: str, kolom: Sequence[Kolom]) -> list[tuple[int, list]]:
    """The guarded upload's data rows below the header, each with its Excel row number."""
    excel.periksa_xlsx(data)
    semua = excel.baca_lembar(data, lembar)
    if len(semua) < BARIS_JUDUL:
        raise BerkasDitolak(_("Lembar “%s” kosong. Gunakan templat yang diunduh dari aplikasi.") % lembar)
    judul = [str(s).strip() for s in semua[BARIS_JUDUL - 1][: len(kolom)]]
    harap = [k.judul for k in kolom]
    if judul != harap:
        raise BerkasDitolak(
            _("Judul kolom di baris %(b)s tidak sesuai templat. Harus: %(h)s.")
            % {"b": BARIS_JUDUL, "h": ", ".join(harap)}
        )
    return [(n, baris) for n, baris in enumerate(semua[BARIS_JUDUL:], start=BARIS_JUDUL + 1)]


def _riwayat_massal(objek: list, *, pemda_id: int, aksi: str, oleh, sebelum: dict, sesudah: Callable) -> None:
    """One history row per object in one bulk insert (the import's counterpart of `riwayat_catat`)."""
    ct = ContentType.objects.get_for_model(type(objek[0])) if objek else None
    Riwayat.objects.bulk_create(
        [
            Riwayat(pemda_id=pemda_id, content_type_id=ct.pk, object_id=o.pk, aksi=aksi, oleh_id=oleh.pk,
                    sebelum=sebelum.get(o.pk), sesudah=sesudah(o))
            for o in objek
        ],
        batch_size=1000,
    )  # fmt: skip


# --- realisasi -------------------------------------------------------------------------------------

KOLOM_REALISASI = [
    Kolom(_("Kode Indikator"), 18),
    Kolom(_("Indikator"), 48),
    Kolom(_("Satuan"), 12),
    Kolom(_("Target"), 12),
    Kolom(_("Tahun"), 8),
    Kolom(_("Triwulan"), 9),
    Kolom(_("Realisasi"), 14, True),
    Kolom(_("Belum Tersedia"), 15, True),
    Kolom(_("Alasan Belum Tersedia"), 30, True),
    Kolom(_("Penjelasan"), 40, True),
]
K_KODE, K_TAHUN, K_TW, K_NILAI, K_BELUM, K_ALASAN, K_PENJELASAN = 0, 4, 5, 6, 7, 8, 9


def _kolom_realisasi() -> list[Kolom]:
    validasi = {K_NILAI: excel._validasi_angka(), K_BELUM: excel._validasi_ya()}
    return [Kolom(k.judul, k.lebar, k.diisi, validasi.get(i)) for i, k in enumerate(KOLOM_REALISASI)]


def templat_realisasi(*, user, perangkat_daerah, tahun: int, triwulan: int) -> bytes:
    """The Excel template of a PD's quarter: indicator codes, targets and current values; only the
    realisasi, belum tersedia, alasan and penjelasan columns are editable."""
    h = selectors.halaman_input(user=user, perangkat_daerah=perangkat_daerah, tahun=tahun, triwulan=triwulan)
    baris = []
    for b in h.baris:
        r = b.realisasi
        nilai = float(r.nilai) if r and r.nilai is not None else None
        baris.append([
            b.indikator.kode, b.indikator.uraian, b.indikator.satuan, b.target_teks, tahun, triwulan, nilai,
            "Ya" if r and r.belum_tersedia else "", r.alasan_belum_tersedia if r else "", r.penjelasan if r else "",
        ])  # fmt: skip
    return excel.tulis_templat(
        judul=_("Realisasi Kinerja %(pd)s · Tahun %(t)s · Triwulan %(tw)s")
        % {"pd": perangkat_daerah.nama, "t": tahun, "tw": ROMAWI[triwulan]},
        keterangan=_("Isi hanya kolom berwarna. Angka boleh ditulis 87,25 atau 1.234,5. Jangan memakai rumus."),
        nama_lembar=LEMBAR_REALISASI,
        kolom=_kolom_realisasi(),
        baris=baris,
    )


@dataclass
class _Konteks:
    perangkat_daerah: Any
    tahun: int
    triwulan: int
    indikator: dict[str, int]  # kode → id
    ada: dict[int, Realisasi]
    terkunci: bool
    rentang: dict[int, RentangNilai] = field(default_factory=dict)  # id → valid range


@dataclass(frozen=True)
class RentangNilai:
    """What the range rule (`services.rentang_atau_galat`) reads of an indicator, without building it."""

    kode: str
    satuan: str
    boleh_negatif: bool
    nilai_minimum: Decimal | None
    nilai_maksimum: Decimal | None


def _baca_realisasi(b: _Baris, k: _Konteks, sudah: dict[str, int]) -> tuple[int, dict] | None:
    """One sheet row's indicator id and input, or None with its errors recorded on the row."""
    kode = b.teks(K_KODE)
    ind = k.indikator.get(kode)
    if not kode:
        b.catat(K_KODE, _("Kode indikator kosong."))
    elif ind is None:
        b.catat(
            K_KODE,
            _("Kode “%(k)s” tidak dikenal atau bukan indikator %(pd)s.") % {"k": kode, "pd": k.perangkat_daerah.nama},
        )
    elif kode in sudah:
        b.catat(K_KODE, _("Kode “%(k)s” sudah muncul di baris %(n)s.") % {"k": kode, "n": sudah[kode]})
    sudah.setdefault(kode, b.nomor)
    if b.bulat(K_TAHUN) != k.tahun:
        b.catat(
            K_TAHUN, _("Tahun “%(t)s”, padahal berkas ini untuk tahun %(h)s.") % {"t": b.teks(K_TAHUN), "h": k.tahun}
        )
    tw = b.bulat(K_TW) or _ROMAWI_KE_ANGKA.get(b.teks(K_TW).upper())
    if tw != k.triwulan:
        b.catat(
            K_TW,
            _("Triwulan “%(t)s”, padahal unggahan ini untuk triwulan %(h)s.")
            % {"t": b.teks(K_TW), "h": ROMAWI[k.triwulan]},
        )
    elif k.terkunci:
        b.catat(K_TW, _("Triwulan %s sudah dikunci; data tidak dapat diubah.") % ROMAWI[k.triwulan])
    isian = _isian_realisasi(b, k.rentang.get(ind))
    if ind is not None and ind in k.ada and not k.ada[ind].dapat_diubah:
        b.catat(
            K_NILAI,
            _("Realisasi ini sudah %s; tidak dapat diubah lewat impor.") % k.ada[ind].get_status_display().lower(),
        )
    return None if b.salah else (ind, isian)


_KOLOM_ISIAN = {
    "nilai": K_NILAI,
    "belum_tersedia": K_BELUM,
    "alasan_belum_tersedia": K_ALASAN,
    "penjelasan": K_PENJELASAN,
}


def _isian_realisasi(b: _Baris, ind: RentangNilai | None) -> dict | None:
    """The row's input, checked by the same service rule as the page and the API (`isian_realisasi`);
    its errors are recorded on the columns they concern."""
    belum_teks = b.teks(K_BELUM).lower()
    if belum_teks not in ("", "ya", "y", "tidak", "t"):
        b.catat(K_BELUM, _("Isi “Ya” atau kosongkan."))
    if ind is None:
        b.angka(K_NILAI)  # still report a malformed number
        return None
    nilai = b.sel[K_NILAI] if len(b.sel) > K_NILAI else ""
    if isinstance(nilai, bool) or not isinstance(nilai, (int, float, str, type(None))):
        b.catat(K_NILAI, _("“%s” bukan angka.") % nilai)
        return None
    try:
        return isian_realisasi(
            indikator=ind, nilai=nilai, belum_tersedia=belum_teks in ("ya", "y"),
            alasan_belum_tersedia=b.teks(K_ALASAN), penjelasan=b.teks(K_PENJELASAN),
        )  # fmt: skip
    except ValidationError as exc:
        for kolom, pesan in exc.message_dict.items():
            b.catat(_KOLOM_ISIAN.get(kolom, K_NILAI), " ".join(pesan))
        return None


def _konteks_realisasi(oleh, perangkat_daerah, tahun: int, triwulan: int) -> _Konteks:
    wajib_hak(
        oleh, Aksi.ISI, perangkat_daerah, pesan=_("Anda tidak berwenang mengimpor realisasi perangkat daerah ini.")
    )
    # kode → id and the valid range only: building 10,000 Indikator objects would cost more than the whole
    # validation.
    kolom = ("kode", "pk", "satuan", "boleh_negatif", "nilai_minimum", "nilai_maksimum")
    daftar = list(selectors.indikator_dapat_diisi(oleh).filter(perangkat_daerah=perangkat_daerah).values_list(*kolom))
    indikator = {kode: pk for kode, pk, *_lain in daftar}
    rentang = {pk: RentangNilai(kode, *lain) for kode, pk, *lain in daftar}
    ada = Realisasi.objects.select_for_update().filter(
        indikator__perangkat_daerah=perangkat_daerah, tahun=tahun, triwulan=triwulan
    )
    kunci = selectors.kunci_triwulan(pemda_id=perangkat_daerah.pemda_id, tahun=tahun, triwulan=triwulan)
    return _Konteks(
        perangkat_daerah, tahun, triwulan, indikator, {r.indikator_id: r for r in ada}, bool(kunci and kunci.terkunci),
        rentang,
    )  # fmt: skip


@transaction.atomic
def impor_realisasi(*, data: bytes, perangkat_daerah, tahun: int, triwulan: int, oleh) -> HasilImpor:
    """Import a PD quarter's realisasi from its Excel template: every row valid, then all saved as drafts
    in one transaction; otherwise nothing is saved and every error is returned by row and column.
    Raises BerkasDitolak for a file the guard refuses, PermissionDenied for another PD."""
    konteks = _konteks_realisasi(oleh, perangkat_daerah, tahun, triwulan)
    hasil, sudah, siap = HasilImpor(), {}, []
    for nomor, sel in _baris_data(data, LEMBAR_REALISASI, KOLOM_REALISASI):
        b = _Baris(nomor, sel, KOLOM_REALISASI, hasil.galat)
        if not b.kosong() and (baik := _baca_realisasi(b, konteks, sudah)) is not None:
            siap.append(baik)
    if hasil.galat:
        return hasil
    try:
        with transaction.atomic():
            hasil.jumlah = _tulis_realisasi(siap, konteks, oleh)
    except IntegrityError:
        raise VersiKedaluwarsa(_("Data berubah saat impor berjalan; tidak ada yang disimpan. Unggah ulang.")) from None
    return hasil


def _tulis_realisasi(siap: list[tuple[int, dict]], k: _Konteks, oleh) -> int:
    """Save the checked rows in bulk (bulk_create / bulk_update, one `_riwayat_massal` history row per
    changed realisasi), not through `perbarui_dengan_riwayat`: 10,000 rows must take seconds. The rows were
    locked by `_konteks_realisasi` (select_for_update), so bumping `versi` here is as safe as the helper's
    conditional UPDATE; unchanged rows are skipped, as the helper does."""
    sekarang = timezone.now()
    baru, ubah, sebelum = [], [], {}
    for ind, isian in siap:
        r = k.ada.get(ind)
        if r is None:
            baru.append(
                Realisasi(
                    indikator_id=ind,
                    tahun=k.tahun,
                    triwulan=k.triwulan,
                    diubah_oleh_id=oleh.pk,
                    diubah_pada=sekarang,
                    **isian,
                )
            )
        elif any(getattr(r, f) != v for f, v in isian.items()):
            sebelum[r.pk] = potret(r, RIWAYAT_REALISASI)
            for f, v in isian.items():
                setattr(r, f, v)
            r.versi, r.diubah_oleh, r.diubah_pada = r.versi + 1, oleh, sekarang
            ubah.append(r)
    Realisasi.objects.bulk_create(baru, batch_size=1000)
    Realisasi.objects.bulk_update(ubah, [*isian_kolom(), "versi", "diubah_oleh", "diubah_pada"], batch_size=1000)
    _riwayat_massal(
        baru + ubah, pemda_id=k.perangkat_daerah.pemda_id, aksi="realisasi.impor", oleh=oleh, sebelum=sebelum,
        sesudah=lambda o: potret(o, RIWAYAT_REALISASI),
    )  # fmt: skip
    return len(baru) + len(ubah)


def isian_kolom() -> list[str]:
    return ["nilai", "belum_tersedia", "alasan_belum_tersedia", "penjelasan"]


# --- targets ---------------------------------------------------------------------------------------

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
]
T_KODE, T_TAHUN, T_NILAI, T_ALASAN = 0, 3, 4, 11
TAHUN_SAH = range(2000, 2101)


def _kolom_target() -> list[Kolom]:
    return [
        Kolom(k.judul, k.lebar, k.diisi, excel._validasi_angka() if 4 <= i <= 10 else None)
        for i, k in enumerate(KOLOM_TARGET)
    ]


def templat_target(*, user, tahun_awal: int, tahun_akhir: int) -> bytes:
    """The target template of the user's pemda: one row per indicator and year, with current values."""
    indikator = list(Indikator.objects.for_user(user, Aksi.KELOLA).order_by("perangkat_daerah__kode", "urutan", "kode"))
    tahun = list(range(tahun_awal, tahun_akhir + 1))
    ada = {(t.indikator_id, t.tahun): t for t in Target.objects.filter(indikator__in=indikator, tahun__in=tahun)}
    baris = []
    for ind in indikator:
        for th in tahun:
            t = ada.get((ind.pk, th))
            nilai = [None if t is None or getattr(t, f) is None else float(getattr(t, f)) for f in Target.NILAI_FIELDS]
            baris.append([ind.kode, ind.uraian, ind.satuan, th, *nilai, ""])
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


def _baca_target(b: _Baris, indikator: dict, pk: dict, sudah: dict) -> tuple | None:
    """One sheet row's indicator, year, values, reason and PK, or None with its errors recorded."""
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
    for nomor, sel in _baris_data(data, LEMBAR_TARGET, KOLOM_TARGET):
        b = _Baris(nomor, sel, KOLOM_TARGET, hasil.galat)
        if not b.kosong() and (baik := _baca_target(b, indikator, pk, sudah)) is not None:
            siap.append(baik)
    if not hasil.galat:
        hasil.jumlah = _tulis_target(siap, pemda, oleh)
    return hasil


def _tulis_target(siap: list[tuple], pemda, oleh) -> int:
    """Save the checked targets in bulk with one history row per changed target (and a PK revision per
    changed target of a set PK), not through `perbarui_dengan_riwayat`, for the same reason as
    `_tulis_realisasi`; the targets are locked here (select_for_update)."""
    ada = {(t.indikator_id, t.tahun): t for t in Target.objects.select_for_update().filter(indikator__pemda=pemda)}
    baru, ubah, sebelum, revisi = [], [], {}, []
    for ind, tahun, isian, alasan, perjanjian in siap:
        t = ada.get((ind.pk, tahun))
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
    _riwayat_massal(
        baru + ubah,
        pemda_id=pemda.pk,
        aksi="target.impor",
        oleh=oleh,
        sebelum=sebelum,
        sesudah=lambda o: potret(o, RIWAYAT_TARGET),
    )
    _catat_revisi(revisi, sebelum, oleh, pemda.pk)
    return len(baru) + len(ubah)


def _catat_revisi(revisi: list[tuple], sebelum: dict, oleh, pemda_id: int) -> None:
    """Record each revision of a set PK's target and bump its PK's revision count, with one history row
    per PK (as `services.target_revisi` records "pk.revisi")."""
    revisi_lama = {p.pk: {"revisi": p.revisi} for p, _t, _a in revisi}
    for perjanjian, target, alasan in revisi:
        perjanjian.revisi += 1
        perjanjian.versi += 1
        RevisiPK.objects.create(
            perjanjian=perjanjian, target=target, nomor=perjanjian.revisi, alasan=alasan, oleh=oleh,
            sebelum=sebelum[target.pk], sesudah=potret(target, RIWAYAT_TARGET),
        )  # fmt: skip
    diubah = list({p.pk: p for p, _t, _a in revisi}.values())
    PerjanjianKinerja.objects.bulk_update(diubah, ["revisi", "versi"])
    _riwayat_massal(
        diubah, pemda_id=pemda_id, aksi="pk.revisi", oleh=oleh, sebelum=revisi_lama,
        sesudah=lambda p: {"revisi": p.revisi},
    )  # fmt: skip
