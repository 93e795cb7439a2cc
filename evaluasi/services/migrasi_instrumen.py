"""Instrument migration (issue 15 point 6): last year's answers, notes and evidence carried into this year's
draft when a new instrument version replaced the old one.

The mapping old criterion → new criterion (or none) is data (`PemetaanKriteria`, edited in the admin); an old
criterion without a stored row gets a suggestion: the new criterion with the same code, else with the same
text (`pemetaan_usulan`; `pemetaan_isi` stores the suggestions as rows). `migrasi_rencana` is the preview:
what carries and what does not, and why. `migrasi_terapkan` applies it all or nothing with history, never
overwriting an answer the draft already holds; an evidence file is copied to a new stored file, so the two
years never share one (replacing this year's evidence must not delete last year's). Method-A sub-component
grades and their written reasons (`alasan`) carry the same way to the sub-component the old one maps to
(`pemetaan_sub`: where its mapped criteria go, else the same code); the others are listed.
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

from .. import scoring
from ..models import Evaluasi, Instrumen, Jawaban, NilaiSubKomponen, PemetaanKriteria
from ..selectors import InfoKriteria, InfoSub, InstrumenSiap, instrumen_siap
from .hak import aksi_isi, boleh_mengisi, kunci, wajib_hak_evaluasi

KOLOM_MIGRASI = ["nilai", "catatan", "bukti", "bukti_nama", "bukti_jenis", "versi"]
KOLOM_MIGRASI_SUB = ["nilai", "catatan", "alasan", "versi"]

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
KETERANGAN_SUB = {
    DIBAWA: gettext_lazy("Nilai dan alasannya dibawa ke draf."),
    TANPA_PASANGAN: gettext_lazy("Tidak dibawa: subkomponen ini tidak dipetakan ke subkomponen instrumen baru."),
    SUDAH_DIISI: gettext_lazy("Tidak dibawa: subkomponen baru sudah dinilai pada draf ini dan tidak ditimpa."),
    DI_LUAR_SKALA: gettext_lazy("Tidak dibawa: nilai ini tidak ada pada skala nilai instrumen baru."),
    KOSONG: gettext_lazy("Tidak ada yang dibawa: subkomponen ini tidak dinilai tahun lalu."),
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


def pemetaan_sub(
    siap_lama: InstrumenSiap, siap_baru: InstrumenSiap, peta: dict[int, tuple[int | None, str]]
) -> dict[int, int | None]:
    """Old sub-component id → the new sub-component its method-A grade carries to, derived from the criteria
    mapping `peta`: the one new sub-component all its mapped criteria go to, else the unused one with the same
    code, else none (its criteria split over several, or none of them maps and its code is gone)."""
    hasil: dict[int, int | None] = {}
    terpakai: set[int] = set()
    for sid, sub in siap_lama.sub_id.items():
        tujuan = {
            siap_baru.sub_kode[siap_baru.kriteria_id[b].subkomponen_kode].id
            for b in (peta[kr.id][0] for kr in sub.kriteria)
            if b is not None and b in siap_baru.kriteria_id
        }
        calon = next(iter(tujuan)) if len(tujuan) == 1 else None
        if calon is None and not tujuan and sub.kode in siap_baru.sub_kode:
            calon = siap_baru.sub_kode[sub.kode].id
        hasil[sid] = calon if calon not in terpakai else None
        if hasil[sid] is not None:
            terpakai.add(hasil[sid])
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


@dataclass(frozen=True, slots=True)
class BarisSub:
    """One old sub-component's method-A grade: where it goes (`baru`, None when unmapped), and the outcome."""

    lama: InfoSub
    baru: InfoSub | None
    nilai: NilaiSubKomponen | None
    status: str

    @property
    def keterangan(self) -> str:
        return str(KETERANGAN_SUB[self.status])


def _dibawa(baris: list) -> list:
    return [b for b in baris if b.status == DIBAWA]


def _tidak_dibawa(baris: list) -> list:
    """Rows holding something that will not be carried (nothing there is no loss)."""
    return [b for b in baris if b.status not in (DIBAWA, KOSONG)]


@dataclass(slots=True)
class RencanaMigrasi:
    """The preview: the source evaluation (None: nothing to carry from) and one row per old criterion."""

    evaluasi: Evaluasi
    sumber: Evaluasi | None
    baris: list[BarisMigrasi] = field(default_factory=list)
    baris_sub: list[BarisSub] = field(default_factory=list)  # method A to method A only

    @property
    def dibawa(self) -> list[BarisMigrasi]:
        return _dibawa(self.baris)

    @property
    def tidak_dibawa(self) -> list[BarisMigrasi]:
        """Answers that exist but will not be carried (unmapped, already answered, outside the scale)."""
        return _tidak_dibawa(self.baris)

    @property
    def sub_dibawa(self) -> list[BarisSub]:
        return _dibawa(self.baris_sub)

    @property
    def sub_tidak_dibawa(self) -> list[BarisSub]:
        """Graded sub-components whose grade will not be carried, with the reason."""
        return _tidak_dibawa(self.baris_sub)

    @property
    def tanpa_pasangan(self) -> list[BarisMigrasi]:
        """Every old criterion mapped to none, answered or not."""
        return [b for b in self.baris if b.baru is None]


def _terisi(j: Jawaban | None) -> bool:
    return j is not None and bool(j.nilai or j.catatan.strip() or j.bukti)


def _sub_terisi(n: NilaiSubKomponen | None) -> bool:
    return n is not None and bool(n.nilai or n.catatan.strip() or n.alasan.strip())


def _status(asal, baru, tujuan, terisi, pilihan) -> str:
    """One old row's outcome: nothing there, unmapped, the draft's row already filled, outside the scale, carried."""
    if not terisi(asal):
        return KOSONG
    if baru is None:
        return TANPA_PASANGAN
    if tujuan is None or terisi(tujuan):
        return SUDAH_DIISI
    if asal.nilai and asal.nilai not in pilihan:
        return DI_LUAR_SKALA
    return DIBAWA


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
        tujuan = draf.get(baru.id) if baru is not None else None
        status = _status(j, baru, tujuan, _terisi, baru.pilihan if baru else ())
        rencana.baris.append(BarisMigrasi(lama=kr, baru=baru, asal=asal, jawaban=j, status=status))
    if siap_lama.metode == siap_baru.metode == scoring.METODE_A:
        rencana.baris_sub = _rencana_sub(sumber, evaluasi, siap_lama, siap_baru, peta)
    return rencana


def _rencana_sub(sumber, evaluasi, siap_lama, siap_baru, peta) -> list[BarisSub]:
    """The method-A grades' rows of the preview, one per old sub-component."""
    peta_sub = pemetaan_sub(siap_lama, siap_baru, peta)
    lama = {n.subkomponen_id: n for n in NilaiSubKomponen.objects.filter(evaluasi=sumber)}
    draf = {n.subkomponen_id: n for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi)}
    baris = []
    for sid, sub in siap_lama.sub_id.items():
        bid = peta_sub[sid]
        baru = siap_baru.sub_id[bid] if bid is not None else None
        n = lama.get(sid)
        status = _status(n, baru, draf.get(bid), _sub_terisi, siap_baru.nilai_a_pilihan)
        baris.append(BarisSub(lama=sub, baru=baru, nilai=n, status=status))
    return baris


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
    if not rencana.dibawa and not rencana.sub_dibawa:
        raise ValidationError(_("Tidak ada jawaban tahun lalu yang dapat dibawa ke draf ini."))
    tujuan = {j.kriteria_id: j for j in Jawaban.objects.select_for_update().filter(evaluasi=evaluasi)}
    with berkas_dijaga():  # a failure removes every copied file again
        _terapkan_sub(rencana, oleh)
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


def _terapkan_sub(rencana: RencanaMigrasi, oleh) -> None:
    """Write the carried method-A grades with their notes and reasons, each through the history writer."""
    tujuan = {
        n.subkomponen_id: n for n in NilaiSubKomponen.objects.select_for_update().filter(evaluasi=rencana.evaluasi)
    }
    for b in rencana.sub_dibawa:
        asal = b.nilai
        perbarui_dengan_riwayat(
            tujuan[b.baru.id], versi=None, oleh=oleh, aksi="migrasi_jawaban", pemda_id=rencana.evaluasi.pemda_id,
            kolom=KOLOM_MIGRASI_SUB, nilai={"nilai": asal.nilai, "catatan": asal.catatan, "alasan": asal.alasan},
            tambahan={"diubah_oleh": oleh, "diubah_pada": timezone.now()},
            catatan=_("Dibawa dari %(e)s, subkomponen %(k)s.") % {"e": rencana.sumber, "k": b.lama.kode},
        )  # fmt: skip
