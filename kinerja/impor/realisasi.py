"""The realisasi template of one PD's quarter and its import."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.services import VersiKedaluwarsa, potret

from .. import excel, selectors
from ..excel import Kolom
from ..models import Realisasi
from ..selectors import ROMAWI
from ..services import RIWAYAT_REALISASI, isian_realisasi
from .dasar import LEMBAR_REALISASI, HasilImpor, PotretJson, _Baris, _baris_data, _riwayat_massal, json_teks
from .sisip import sisip_massal

_ROMAWI_KE_ANGKA = {v: k for k, v in ROMAWI.items()}
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
    Kolom(_("Versi"), 7),
]
K_KODE, K_TAHUN, K_TW, K_NILAI, K_BELUM, K_ALASAN, K_PENJELASAN, K_VERSI = 0, 4, 5, 6, 7, 8, 9, 10


def _kolom_realisasi() -> list[Kolom]:
    validasi = {K_NILAI: excel._validasi_angka(), K_BELUM: excel._validasi_ya()}
    return [Kolom(k.judul, k.lebar, k.diisi, validasi.get(i)) for i, k in enumerate(KOLOM_REALISASI)]


def templat_realisasi(*, user, perangkat_daerah, tahun: int, triwulan: int) -> bytes:
    """The Excel template of a PD's quarter: indicator codes, targets and current values; only the
    realisasi, belum tersedia, alasan and penjelasan columns are editable. "Versi" is each realisation's
    version (0 when there is none), which the import checks."""
    h = selectors.halaman_input(user=user, perangkat_daerah=perangkat_daerah, tahun=tahun, triwulan=triwulan)
    baris = []
    for b in h.baris:
        r = b.realisasi
        nilai = float(r.nilai) if r and r.nilai is not None else None
        baris.append([
            b.indikator.kode, b.indikator.uraian, b.indikator.satuan, b.target_teks, tahun, triwulan, nilai,
            "Ya" if r and r.belum_tersedia else "", r.alasan_belum_tersedia if r else "", r.penjelasan if r else "",
            r.versi if r else 0,
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
    if not b.sama_bulat(K_TAHUN, k.tahun):
        b.catat(
            K_TAHUN, _("Tahun “%(t)s”, padahal berkas ini untuk tahun %(h)s.") % {"t": b.teks(K_TAHUN), "h": k.tahun}
        )
    if (
        not b.sama_bulat(K_TW, k.triwulan)
        and (b.bulat(K_TW) or _ROMAWI_KE_ANGKA.get(b.teks(K_TW).upper())) != k.triwulan
    ):
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
    elif isian is not None and (r := k.ada.get(ind)) is not None and _berubah(r, isian):
        b.versi_sama(K_VERSI, r.versi, _("Realisasi"), kode)  # changed in the application since the download
    return None if b.salah else (ind, isian)


def _berubah(r: Realisasi, isian: dict) -> bool:
    return any(getattr(r, f) != v for f, v in isian.items())


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
    """Save the checked rows in bulk (new rows by `sisip_massal`, no model instance per row; changed rows by
    bulk_update; one `_riwayat_massal` history row per created or changed realisasi, created ones first), not
    through `perbarui_dengan_riwayat`: 100,000 rows must take seconds. The rows were locked by
    `_konteks_realisasi` (select_for_update), so bumping `versi` here is as safe as the helper's conditional
    UPDATE; unchanged rows are skipped, as the helper does."""
    tetap = {"tahun": k.tahun, "triwulan": k.triwulan, "diubah_oleh_id": oleh.pk, "diubah_pada": timezone.now()}
    nilai_isian = itemgetter(*isian_kolom())
    baru, ubah = [], []
    for ind, isian in siap:
        r = k.ada.get(ind)
        if r is None:
            baru.append((ind, *nilai_isian(isian)))
        elif _berubah(r, isian):
            ubah.append((r, json_teks(potret(r, RIWAYAT_REALISASI))))
            for f, v in isian.items():
                setattr(r, f, v)
            r.versi, r.diubah_oleh, r.diubah_pada = r.versi + 1, oleh, tetap["diubah_pada"]
    sisip_massal(Realisasi, _KOLOM_BARU, baru, tetap=tetap)
    Realisasi.objects.bulk_update(
        [r for r, _sebelum in ubah], [*isian_kolom(), "versi", "diubah_oleh", "diubah_pada"], batch_size=1000
    )
    riwayat = []
    if baru:  # the new rows' ids, by their natural key (indicator, year, quarter)
        pk = dict(Realisasi.objects.filter(tahun=k.tahun, triwulan=k.triwulan,
                                           indikator__perangkat_daerah=k.perangkat_daerah)
                  .values_list("indikator_id", "pk"))  # fmt: skip
        sesudah = PotretJson(Realisasi(**tetap), RIWAYAT_REALISASI, _KOLOM_BARU)
        riwayat = [(pk[b[0]], None, sesudah(b)) for b in baru]
    riwayat += [(r.pk, sebelum, json_teks(potret(r, RIWAYAT_REALISASI))) for r, sebelum in ubah]
    _riwayat_massal(riwayat, model=Realisasi, pemda_id=k.perangkat_daerah.pemda_id, aksi="realisasi.impor", oleh=oleh)
    return len(baru) + len(ubah)


def isian_kolom() -> list[str]:
    return ["nilai", "belum_tersedia", "alasan_belum_tersedia", "penjelasan"]


_KOLOM_BARU = ("indikator_id", *isian_kolom())
