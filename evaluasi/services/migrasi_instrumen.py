"""Instrument migration (issue 15 point 6): last year's answers, notes and evidence carried into this year's
draft when a new instrument version replaced the old one.

The mapping old criterion → new criterion (or none) is data (`PemetaanKriteria`, edited in the admin); an old
criterion without a stored row gets a suggestion: the new criterion with the same code, else with the same
text (`pemetaan_usulan`; `pemetaan_isi` stores the suggestions as rows). `migrasi_rencana` is the preview:
what carries and what does not, and why. `migrasi_terapkan` applies it all or nothing with history, never
overwriting an answer the draft already holds; an evidence file is copied to a new stored file, so the two
years never share one (replacing this year's evidence must not delete last year's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah.services import berkas_dijaga, berkas_ganti, buat_dengan_riwayat, perbarui_dengan_riwayat

from ..models import Evaluasi, Instrumen, Jawaban, PemetaanKriteria
from ..selectors import InfoKriteria, instrumen_siap
from .hak import aksi_isi, boleh_mengisi, kunci, wajib_hak_evaluasi

KOLOM_MIGRASI = ["nilai", "catatan", "bukti", "bukti_nama", "bukti_jenis", "versi"]

# What becomes of one old answer, with the sentence the preview shows.
DIBAWA = "dibawa"
TANPA_PASANGAN = "tanpa_pasangan"
SUDAH_DIISI = "sudah_diisi"
DI_LUAR_SKALA = "di_luar_skala"
KOSONG = "kosong"
KETERANGAN = {
    DIBAWA: gettext_lazy("Dibawa ke draf."),
    TANPA_PASANGAN: gettext_lazy("Tidak dibawa: kriteria ini tidak dipetakan ke kriteria instrumen baru."),
    SUDAH_DIISI: gettext_lazy("Tidak dibawa: kriteria baru sudah diisi pada draf ini dan tidak ditimpa."),
    DI_LUAR_SKALA: gettext_lazy("Tidak dibawa: jawaban ini tidak ada pada skala kriteria baru."),
    KOSONG: gettext_lazy("Tidak ada yang dibawa: kriteria ini tidak dijawab tahun lalu."),
}
ASAL_TERSIMPAN, ASAL_KODE, ASAL_URAIAN = "tersimpan", "kode", "uraian"


def _teks(s: str) -> str:
    return " ".join(s.lower().split())


def pemetaan_usulan(lama: Instrumen, baru: Instrumen) -> dict[int, tuple[int | None, str]]:
    """Old criterion id → (new criterion id or None, where it came from) for every criterion of `lama`: the
    stored rows first, then for the rest the not yet used new criterion with the same code, else the same
    text (whitespace and case ignored), else none."""
    siap_lama, siap_baru = instrumen_siap(lama), instrumen_siap(baru)
    hasil: dict[int, tuple[int | None, str]] = {
        r.kriteria_lama_id: (r.kriteria_baru_id, ASAL_TERSIMPAN)
        for r in PemetaanKriteria.objects.filter(instrumen_lama=lama, instrumen_baru=baru)
        if r.kriteria_lama_id in siap_lama.kriteria_id
    }
    terpakai = {b for b, _asal in hasil.values() if b is not None}
    per_kode = {kr.kode: kr.id for kr in siap_baru.kriteria_id.values()}
    per_teks: dict[str, int] = {}
    for kr in siap_baru.kriteria_id.values():
        per_teks.setdefault(_teks(kr.uraian), kr.id)
    for kid, kr in siap_lama.kriteria_id.items():
        if kid in hasil:
            continue
        for calon, asal in ((per_kode.get(kr.kode), ASAL_KODE), (per_teks.get(_teks(kr.uraian)), ASAL_URAIAN)):
            if calon is not None and calon not in terpakai:
                hasil[kid] = (calon, asal)
                terpakai.add(calon)
                break
        else:
            hasil[kid] = (None, "")
    return hasil


@transaction.atomic
def pemetaan_isi(*, lama: Instrumen, baru: Instrumen, oleh, pemda_id: int) -> int:
    """Store the suggestions for the old criteria that have no row yet (history: each new row); returns how
    many rows were made. The stored rows are then the data an administrator corrects."""
    if lama.pk == baru.pk:
        raise ValidationError(_("Instrumen baru harus berbeda dari instrumen lama."))
    dibuat = 0
    for kid, (bid, asal) in pemetaan_usulan(lama, baru).items():
        if asal == ASAL_TERSIMPAN:
            continue
        buat_dengan_riwayat(
            PemetaanKriteria, oleh=oleh, aksi="buat", pemda_id=pemda_id, kolom=None,
            instrumen_lama=lama, instrumen_baru=baru, kriteria_lama_id=kid, kriteria_baru_id=bid,
        )  # fmt: skip
        dibuat += 1
    return dibuat


@dataclass(frozen=True, slots=True)
class BarisMigrasi:
    """One old criterion: where its answer goes (`baru`, None when unmapped), what it held, and the outcome."""

    lama: InfoKriteria
    baru: InfoKriteria | None
    asal: str
    jawaban: Jawaban | None
    status: str

    @property
    def keterangan(self) -> str:
        return str(KETERANGAN[self.status])

    @property
    def bukti_ada(self) -> bool:
        return bool(self.jawaban and self.jawaban.bukti)

    @property
    def bukti_hilang(self) -> bool:
        """Its evidence file is named but missing from storage: applying would be refused."""
        return self.bukti_ada and not self.jawaban.bukti.storage.exists(self.jawaban.bukti.name)


@dataclass(slots=True)
class RencanaMigrasi:
    """The preview: the source evaluation (None: nothing to carry from) and one row per old criterion."""

    evaluasi: Evaluasi
    sumber: Evaluasi | None
    baris: list[BarisMigrasi] = field(default_factory=list)

    @property
    def dibawa(self) -> list[BarisMigrasi]:
        return [b for b in self.baris if b.status == DIBAWA]

    @property
    def tidak_dibawa(self) -> list[BarisMigrasi]:
        """Answers that exist but will not be carried (unmapped, already answered, outside the scale)."""
        return [b for b in self.baris if b.status not in (DIBAWA, KOSONG)]

    @property
    def tanpa_pasangan(self) -> list[BarisMigrasi]:
        """Every old criterion mapped to none, answered or not."""
        return [b for b in self.baris if b.baru is None]


def _terisi(j: Jawaban | None) -> bool:
    return j is not None and bool(j.nilai or j.catatan.strip() or j.bukti)


def migrasi_sumber(evaluasi: Evaluasi) -> Evaluasi | None:
    """The evaluation whose answers carry: the latest earlier one of the same PD (or city) and kind."""
    return (
        Evaluasi.objects.filter(
            pemda_id=evaluasi.pemda_id,
            perangkat_daerah_id=evaluasi.perangkat_daerah_id,
            jenis=evaluasi.jenis,
            tahun__lt=evaluasi.tahun,
            arsip=False,
        )
        .select_related("instrumen__skala_predikat")
        .order_by("-tahun")
        .first()
    )


def migrasi_rencana(evaluasi: Evaluasi) -> RencanaMigrasi:
    """What applying the migration to `evaluasi` would carry, row by row (no write)."""
    sumber = migrasi_sumber(evaluasi)
    rencana = RencanaMigrasi(evaluasi=evaluasi, sumber=sumber)
    if sumber is None:
        return rencana
    siap_lama, siap_baru = instrumen_siap(sumber.instrumen), instrumen_siap(evaluasi.instrumen)
    peta = pemetaan_usulan(sumber.instrumen, evaluasi.instrumen)
    lama = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=sumber)}
    draf = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}
    for kid, kr in siap_lama.kriteria_id.items():
        bid, asal = peta[kid]
        baru = siap_baru.kriteria_id.get(bid) if bid is not None else None
        j = lama.get(kid)
        if not _terisi(j):
            status = KOSONG
        elif baru is None:
            status = TANPA_PASANGAN
        elif _terisi(draf.get(baru.id)) or baru.id not in draf:
            status = SUDAH_DIISI
        elif j.nilai and j.nilai not in baru.pilihan:
            status = DI_LUAR_SKALA
        else:
            status = DIBAWA
        rencana.baris.append(BarisMigrasi(lama=kr, baru=baru, asal=asal, jawaban=j, status=status))
    return rencana


def boleh_migrasi(user, evaluasi: Evaluasi) -> bool:
    """Whoever may answer the draft now may carry last year's answers into it (services.hak)."""
    return boleh_mengisi(user, evaluasi)


def _salin_bukti(asal: Jawaban, tujuan: Jawaban) -> dict:
    """A new stored copy of `asal`'s evidence file for `tujuan` (call inside `berkas_dijaga`); the row keeps
    its old value until the versioned write, so the history's "before" is the stored state."""
    lama = tujuan.bukti.name
    ekstensi = PurePosixPath(asal.bukti.name).suffix.lower()[:8]
    try:
        with asal.bukti.storage.open(asal.bukti.name, "rb") as f:
            nama = berkas_ganti(tujuan.bukti, File(f), f"bukti{ekstensi}")
    except FileNotFoundError:  # the whole migration is refused: nothing carried, no copy left
        raise ValidationError(
            {
                asal.kriteria.kode: _("Berkas bukti tahun lalu (%(n)s) tidak ditemukan di penyimpanan.")
                % {"n": asal.bukti_nama}
            }
        ) from None
    tujuan.bukti.name = lama
    return {"bukti": nama, "bukti_nama": asal.bukti_nama, "bukti_jenis": asal.bukti_jenis}


@transaction.atomic
def migrasi_terapkan(*, evaluasi: Evaluasi, oleh) -> RencanaMigrasi:
    """Carry the preview's `dibawa` rows into the draft, all or nothing, each change in the history; returns
    the plan applied. Only whoever may answer the draft (services.hak), only while it is a draft."""
    wajib_hak_evaluasi(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = kunci(evaluasi)
    if evaluasi.status != Evaluasi.Status.DRAF:
        raise ValidationError(_("Jawaban tahun lalu hanya dapat dibawa ke evaluasi berstatus draf."))
    rencana = migrasi_rencana(evaluasi)
    if rencana.sumber is None:
        raise ValidationError(_("Tidak ada evaluasi tahun sebelumnya untuk dibawa jawabannya."))
    if not rencana.dibawa:
        raise ValidationError(_("Tidak ada jawaban tahun lalu yang dapat dibawa ke draf ini."))
    tujuan = {j.kriteria_id: j for j in Jawaban.objects.select_for_update().filter(evaluasi=evaluasi)}
    with berkas_dijaga():  # a failure removes every copied file again
        for b in rencana.dibawa:
            baris, asal = tujuan[b.baru.id], b.jawaban
            nilai = {"nilai": asal.nilai, "catatan": asal.catatan}
            if asal.bukti:
                nilai.update(_salin_bukti(asal, baris))
            perbarui_dengan_riwayat(
                baris, versi=None, oleh=oleh, aksi="migrasi_jawaban", pemda_id=evaluasi.pemda_id,
                kolom=KOLOM_MIGRASI, nilai=nilai, tambahan={"diubah_oleh": oleh, "diubah_pada": timezone.now()},
                catatan=_("Dibawa dari %(e)s, kriteria %(k)s.") % {"e": rencana.sumber, "k": b.lama.kode},
            )  # fmt: skip
    return rencana
