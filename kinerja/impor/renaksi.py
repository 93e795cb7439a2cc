"""The action plan (rencana aksi) template of one PD and year, and its import: the actions under the PD's PK
and sub kegiatan indicators with their stages, monthly targets, who is responsible and whether each carries out
an instruction of the kepala daerah.

Through the shared import machinery (`dasar`: the upload guard, rows read by column with errors by row and
column, THE staleness check `_Baris.versi_sama`), all rows checked first and then all saved in one transaction
or none. The checks and writes are the pages' own: each row's input through `services.renaksi.isian_rencana`,
each write through `rencana_aksi_buat` / `rencana_aksi_ubah` (the access rule: only the PD's own staff; the
plan's lock: after the PK is set a change is a revision with a reason, `rencana.alasan_revisi`, counted on the
PK; history rows). An action plan is tens of rows, so the per-row services cost nothing worth a bulk path.
A row with an "ID Aksi" changes that action (unchanged rows are left alone); a row without one adds an action.
The import never deletes: an action leaves the plan on its page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.worksheet.datavalidation import DataValidation

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.models import PerangkatDaerah

from .. import excel
from ..excel import Kolom
from ..models_renaksi import INDIKATOR_RENAKSI, RencanaAksi
from ..selectors.renaksi import indikator_renaksi, kunci_renaksi
from ..services import renaksi as layanan
from ..services.rencana import alasan_revisi
from .dasar import HasilImpor, _Baris, _baris_data

LEMBAR_RENAKSI = "Rencana Aksi"
BULAN = range(1, 13)
KOLOM_RENAKSI = [
    Kolom(_("Kode Indikator"), 16),
    Kolom(_("Indikator"), 36),
    Kolom(_("Satuan"), 10),
    Kolom(_("ID Aksi"), 8),
    Kolom(_("Uraian Aksi"), 40, True),
    Kolom(_("Tahapan"), 36, True),
    Kolom(_("Penanggung Jawab"), 24, True),
    Kolom(_("Jabatan"), 20, True),
    Kolom(_("Instruksi Kepala Daerah"), 12, True),
    Kolom(_("Jenis Target"), 12, True),
    *(Kolom(_("Target Bulan %(b)s") % {"b": b}, 9, True) for b in BULAN),
    Kolom(_("Alasan Revisi"), 30, True),
    Kolom(_("Versi"), 7),
]
R_KODE, R_ID, R_URAIAN, R_TAHAPAN, R_PJ, R_JABATAN, R_INSTRUKSI, R_JENIS = 0, 3, 4, 5, 6, 7, 8, 9
R_TARGET = 10  # month b's target is column R_TARGET + b - 1
R_ALASAN, R_VERSI = 22, 23
BARIS_KOSONG = 2  # empty rows per indicator in the template, for new actions
# the service's field → the column its error is shown on
_KOLOM_GALAT = {
    "uraian": R_URAIAN, "tahapan": R_TAHAPAN, "penanggung_jawab": R_PJ, "jabatan": R_JABATAN,
    "jenis_target": R_JENIS, "target": R_TARGET, "alasan": R_ALASAN,
    **{f"target_{b}": R_TARGET + b - 1 for b in BULAN},
}  # fmt: skip
YA, TIDAK = "Ya", "Tidak"


def _kolom() -> list[Kolom]:
    jenis = DataValidation(type="list", formula1='"bulanan,triwulanan"', allow_blank=True, showErrorMessage=True)
    validasi = {R_INSTRUKSI: excel._validasi_ya(), R_JENIS: jenis}
    validasi |= {R_TARGET + b - 1: excel._validasi_angka() for b in BULAN}
    return [Kolom(k.judul, k.lebar, k.diisi, validasi.get(i)) for i, k in enumerate(KOLOM_RENAKSI)]


def _indikator(user, pd: PerangkatDaerah):
    return indikator_renaksi(user).filter(perangkat_daerah=pd).order_by("sasaran__kode", "urutan", "kode")


def templat_renaksi(*, user, perangkat_daerah: PerangkatDaerah, tahun: int) -> bytes:
    """The plan of a PD and year as a template: one row per action (with its "ID Aksi" and "Versi", which the
    import checks) and `BARIS_KOSONG` empty rows under each indicator for new actions."""
    from ..models import Indikator
    from ..selectors.renaksi import rencana_terlihat

    indikator = (
        Indikator.objects.for_user(user)
        .filter(INDIKATOR_RENAKSI, perangkat_daerah=perangkat_daerah)
        .order_by("sasaran__kode", "urutan", "kode")
    )
    aksi: dict[int, list[RencanaAksi]] = {}
    for r in rencana_terlihat(user).filter(perangkat_daerah=perangkat_daerah, tahun=tahun).order_by("urutan", "pk"):
        aksi.setdefault(r.indikator_id, []).append(r)
    baris = []
    for ind in indikator:
        awal = [ind.kode, ind.uraian, ind.satuan]
        for r in aksi.get(ind.pk, []):
            target = [None if (v := r.target_bulanan.get(str(b))) is None else float(v) for b in BULAN]
            instruksi = YA if r.instruksi_kepala_daerah else TIDAK
            baris.append([*awal, r.pk, r.uraian, r.tahapan, r.penanggung_jawab, r.jabatan, instruksi, r.jenis_target,
                          *target, "", r.versi])  # fmt: skip
        baris += [[*awal, None, "", "", "", "", "", "", *([None] * 12), "", None] for _i in range(BARIS_KOSONG)]
    pk = kunci_renaksi(perangkat_daerah.pk, tahun)
    keterangan = _(
        "Satu baris per aksi. Baris tanpa ID Aksi menambah aksi; baris dengan ID Aksi mengubah aksi itu. Jenis "
        "target: bulanan atau triwulanan (diisi bulan 3, 6, 9, 12). Target ditulis seperti nilai indikator (12,5)."
    )
    if pk is not None:
        keterangan += " " + _("PK %(t)s sudah ditetapkan: setiap perubahan wajib mengisi Alasan Revisi.") % {"t": tahun}
    return excel.tulis_templat(
        judul=_("Rencana Aksi %(pd)s %(t)s") % {"pd": perangkat_daerah.nama, "t": tahun},
        keterangan=keterangan,
        nama_lembar=LEMBAR_RENAKSI,
        kolom=_kolom(),
        baris=baris,
    )


def _kosong(b: _Baris) -> bool:
    """A row with nothing of an action: no ID and every column the user fills empty (the template's spare rows
    carry only the indicator)."""
    return b.teks(R_ID) == "" and all(b.teks(i) == "" for i, k in enumerate(KOLOM_RENAKSI) if k.diisi)


def _instruksi(b: _Baris) -> bool:
    teks = b.teks(R_INSTRUKSI).casefold()
    if teks in ("", TIDAK.casefold(), "tidak"):
        return False
    if teks in (YA.casefold(), "ya"):
        return True
    b.catat(R_INSTRUKSI, _("Isi “Ya” atau “Tidak”, bukan “%s”.") % b.teks(R_INSTRUKSI))
    return False


def _isian(b: _Baris) -> dict:
    """The row as the service's input (the pages' form fields); targets as the cells hold them."""
    return {
        "uraian": b.teks(R_URAIAN),
        "tahapan": b.teks(R_TAHAPAN),
        "penanggung_jawab": b.teks(R_PJ),
        "jabatan": b.teks(R_JABATAN),
        "instruksi_kepala_daerah": _instruksi(b),
        "jenis_target": b.teks(R_JENIS).casefold() or RencanaAksi.JenisTarget.BULANAN,
        "target_bulanan": {str(m): _sel_target(b, R_TARGET + m - 1) for m in BULAN},
    }


def _sel_target(b: _Baris, i: int):
    nilai = b.sel[i] if i < len(b.sel) else None
    return nilai.strip() if isinstance(nilai, str) else ("" if nilai is None else nilai)


def _catat_galat(b: _Baris, exc: ValidationError) -> None:
    for kolom, pesan in exc.message_dict.items():
        b.catat(_KOLOM_GALAT.get(kolom, R_KODE), " ".join(pesan))


def _baca(b: _Baris, indikator: dict, aksi: dict, pk, sudah: dict) -> tuple | None:
    """One sheet row as (indicator, action or None, its version at check, input, reason), or None with its
    errors recorded. Another PD's indicator or action, or a pemda's other year, is refused by row."""
    kode, teks_id = b.teks(R_KODE), b.teks(R_ID)
    ind = indikator.get(kode)
    if ind is None:
        pesan = _("Kode indikator “%s” bukan indikator Perjanjian Kinerja atau sub kegiatan perangkat daerah ini.")
        b.catat(R_KODE, pesan % kode if kode else _("Kode indikator kosong."))
    rencana = None
    if teks_id:
        rencana = aksi.get(teks_id)
        if rencana is None:
            b.catat(
                R_ID, _("Aksi dengan ID “%s” tidak ada pada rencana aksi perangkat daerah ini tahun ini.") % teks_id
            )
        elif teks_id in sudah:
            b.catat(R_ID, _("Aksi ini sudah muncul di baris %s.") % sudah[teks_id])
        elif ind is not None and rencana.indikator_id != ind.pk:
            b.catat(R_KODE, _("Aksi %(id)s berada di bawah indikator %(k)s, bukan %(b)s.")
                    % {"id": teks_id, "k": rencana.indikator.kode, "b": kode})  # fmt: skip
        sudah.setdefault(teks_id, b.nomor)
    isian = _isian(b)
    nilai = None
    if ind is not None:
        try:
            nilai = layanan.isian_rencana(indikator=ind, isian=isian)
        except ValidationError as exc:
            _catat_galat(b, exc)
    berubah = rencana is None or (nilai is not None and any(getattr(rencana, k) != v for k, v in nilai.items()))
    if rencana is not None and berubah:
        b.versi_sama(R_VERSI, rencana.versi, _("Rencana aksi"), teks_id)
    alasan = b.teks(R_ALASAN)
    if berubah and not b.salah:
        try:
            alasan = alasan_revisi(pk, alasan)  # THE rule of a locked plan: a reason, after the PK is set
        except ValidationError as exc:
            b.catat(R_ALASAN, " ".join(exc.messages))
    if b.salah or not berubah:
        return None
    return ind, rencana, isian, alasan


@transaction.atomic
def impor_renaksi(*, data: bytes, perangkat_daerah: PerangkatDaerah, tahun: int, oleh) -> HasilImpor:
    """A PD's action plan of `tahun` from a filled template: every row checked, then every new or changed
    action saved through the pages' services (history, the PK's revision count), or nothing. Only the PD's own
    staff (who plan its actions) may import."""
    wajib_hak(oleh, Aksi.ISI, perangkat_daerah, pesan=_("Hanya perangkat daerah ini yang mengimpor rencana aksinya."))
    indikator = {i.kode: i for i in _indikator(oleh, perangkat_daerah)}
    aksi = {
        str(r.pk): r
        for r in RencanaAksi.objects.filter(perangkat_daerah=perangkat_daerah, tahun=tahun).select_related("indikator")
    }
    pk = kunci_renaksi(perangkat_daerah.pk, tahun)
    hasil, sudah, siap = HasilImpor(), {}, []
    for nomor, sel in _baris_data(data, LEMBAR_RENAKSI, KOLOM_RENAKSI):
        b = _Baris(nomor, sel, KOLOM_RENAKSI, hasil.galat)
        if not _kosong(b) and (baik := _baca(b, indikator, aksi, pk, sudah)) is not None:
            siap.append(baik)
    if hasil.galat:
        return hasil
    for ind, rencana, isian, alasan in siap:
        if rencana is None:
            layanan.rencana_aksi_buat(indikator=ind, tahun=tahun, oleh=oleh, alasan=alasan, **isian)
        else:  # the version checked above: one changed since refuses the whole import (VersiKedaluwarsa)
            layanan.rencana_aksi_ubah(rencana=rencana, versi=rencana.versi, oleh=oleh, alasan=alasan, **isian)
    hasil.jumlah = len(siap)
    return hasil
