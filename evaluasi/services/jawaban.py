"""Answers, method-A grades and their evidence, with optimistic locking and history; and the worksheet's
one save (evidence, answers and, when asked, the submission) that the page calls."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.berkas import jenis_bukti
from perangkat_daerah.services import berkas_dijaga, berkas_ganti, perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat

from .. import scoring
from ..models import Evaluasi, Jawaban, NilaiSubKomponen
from ..selectors import InstrumenSiap, hitung, instrumen_siap, masukan_evaluasi
from .alur import AJUKAN, NILAI, evaluasi_ajukan, evaluasi_tandai_dinilai
from .dukungan import alasan_sub, dukungan_periksa
from .hak import aksi_isi, kunci, wajib_bukan_final, wajib_hak_evaluasi

KOLOM_JAWABAN = ["nilai", "catatan", "versi"]
KOLOM_NILAI_SUB = ["nilai", "catatan", "alasan", "versi"]  # a method-A grade and its written justification
KOLOM_BUKTI = ["bukti", "bukti_nama", "versi"]


@dataclass(frozen=True, slots=True)
class IsianJawaban:
    """One answer change: the criterion (or, with `subkomponen`, a method-A grade), value, note, versi; a
    grade may carry `alasan`, the justification a grade above its criteria's support needs (None: unchanged)."""

    kode: str
    nilai: str
    versi: int
    catatan: str | None = None
    subkomponen: bool = False
    alasan: str | None = None


@transaction.atomic
def jawaban_simpan(*, evaluasi: Evaluasi, oleh, isian: list[IsianJawaban]) -> int:
    """Save answers (and method-A grades); returns how many rows changed.

    All or nothing: one stale `versi` raises VersiKedaluwarsa and nothing is saved. Unchanged rows are
    left alone (their versi stays). Each change is recorded in the history. A method-A grade left above
    its criteria's support in a sub-component this save changes needs its justification, or is refused
    under the pemda's setting (services.dukungan): a ValidationError by sub-component code, nothing saved.
    """
    wajib_hak_evaluasi(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = kunci(evaluasi)
    wajib_bukan_final(evaluasi)
    if evaluasi.status != Evaluasi.Status.DRAF:
        raise ValidationError(
            _("Evaluasi berstatus %(s)s; jawaban hanya dapat diubah saat draf.") % {"s": evaluasi.get_status_display()}
        )
    siap = instrumen_siap(evaluasi.instrumen)
    baris_kr = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}
    baris_sub = {n.subkomponen_id: n for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi)}
    berubah, sub_berubah = 0, set()
    for item in isian:
        baris = _baris_untuk(siap, item, baris_kr, baris_sub)
        if _simpan_satu(evaluasi, baris, item, oleh):
            berubah += 1
            sub_berubah.add(item.kode if item.subkomponen else siap.kriteria_kode[item.kode].subkomponen_kode)
    if sub_berubah and siap.metode == scoring.METODE_A:
        hasil = hitung(siap, masukan_evaluasi(evaluasi, siap))
        dukungan_periksa(evaluasi=evaluasi, siap=siap, hasil=hasil, alasan=alasan_sub(evaluasi), kode_sub=sub_berubah)
    return berubah


def _baris_untuk(siap: InstrumenSiap, item: IsianJawaban, baris_kr: dict, baris_sub: dict):
    if item.subkomponen:
        sub = siap.sub_kode.get(item.kode)
        if sub is None or sub.id not in baris_sub:
            raise ValidationError({item.kode: _("Subkomponen %(k)s tidak ada pada instrumen ini.") % {"k": item.kode}})
        if item.nilai and item.nilai not in siap.nilai_a_pilihan:
            raise ValidationError({item.kode: _("Nilai %(n)s tidak dikenal untuk subkomponen.") % {"n": item.nilai}})
        return baris_sub[sub.id]
    kr = siap.kriteria_kode.get(item.kode)
    if kr is None or kr.id not in baris_kr:
        raise ValidationError({item.kode: _("Kriteria %(k)s tidak ada pada instrumen ini.") % {"k": item.kode}})
    if item.nilai and item.nilai not in kr.pilihan:
        raise ValidationError(
            {item.kode: _("Jawaban “%(n)s” tidak ada pada skala %(s)s.") % {"n": item.nilai, "s": "/".join(kr.pilihan)}}
        )
    return baris_kr[kr.id]


def _simpan_satu(evaluasi: Evaluasi, baris, item: IsianJawaban, oleh) -> int:
    nilai = {
        "nilai": item.nilai,
        "catatan": baris.catatan if item.catatan is None else teks_atau_galat(item.catatan, item.kode),
    }
    kolom = KOLOM_JAWABAN
    if item.subkomponen:
        nilai["alasan"] = baris.alasan if item.alasan is None else teks_atau_galat(item.alasan, item.kode)
        kolom = KOLOM_NILAI_SUB
    if all(getattr(baris, k) == v for k, v in nilai.items()):
        return 0  # nothing to change, so nothing to conflict with (a stale versi of an untouched row is fine)
    perbarui_dengan_riwayat(
        baris, versi=item.versi, oleh=oleh, aksi="ubah_jawaban", pemda_id=evaluasi.pemda_id, kolom=kolom,
        nilai=nilai, tambahan={"diubah_oleh": oleh, "diubah_pada": timezone.now()},
    )  # fmt: skip
    return 1


def nilai_bukti(berkas, unggahan) -> dict:
    """The columns of a newly stored evidence file (type sniffed from its content, ≤ 10 MiB, random stored
    name) for a versioned write. The row keeps pointing at its old file until that write sets the new one,
    so the history's "before" is the stored state; call inside `berkas_dijaga`."""
    lama = berkas.name
    jenis = jenis_bukti(unggahan)
    nama = berkas_ganti(berkas, unggahan, f"bukti{jenis.ekstensi}")
    setattr(berkas.instance, berkas.field.attname, lama)
    return {"bukti": nama, "bukti_nama": unggahan.name[-200:], "bukti_jenis": jenis.mime}


@transaction.atomic
def bukti_unggah(*, jawaban: Jawaban, berkas, oleh, versi: int) -> Jawaban:
    """Attach an evidence file to an answer (type sniffed from its content, ≤ 10 MiB, random stored name)."""
    evaluasi = jawaban.evaluasi
    wajib_hak_evaluasi(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = kunci(evaluasi)
    if evaluasi.status != Evaluasi.Status.DRAF:
        raise ValidationError(_("Bukti hanya dapat diunggah saat evaluasi berstatus draf."))
    with berkas_dijaga():  # a stale versi leaves no new file; the replaced one goes after commit
        perbarui_dengan_riwayat(
            jawaban, versi=versi, oleh=oleh, aksi="unggah_bukti", pemda_id=evaluasi.pemda_id, kolom=KOLOM_BUKTI,
            nilai=nilai_bukti(jawaban.bukti, berkas), tambahan={"diubah_oleh": oleh, "diubah_pada": timezone.now()},
        )  # fmt: skip
    return jawaban


@dataclass(frozen=True, slots=True)
class HasilLembar:
    """What a worksheet save did: answers changed, and why the asked-for submission was refused (if it was)."""

    berubah: int
    ditolak: ValidationError | None = None


@transaction.atomic
def lembar_simpan(
    *, evaluasi: Evaluasi, oleh, isian: list[IsianJawaban], bukti: Mapping[int, object], lanjut: str | None = None
) -> HasilLembar:
    """The worksheet's save, in one transaction: evidence files (`bukti`, by criterion id; ids not in this
    evaluation are ignored), then the answers, then, with `lanjut` AJUKAN or NILAI, the submission.

    A refused submission (incomplete, wrong status) keeps what was saved and is returned in `ditolak`; any
    other refusal (a stale versi, a bad answer or file, no right) raises and nothing is saved."""
    isian = _bukti_simpan(evaluasi, oleh, isian, bukti)
    berubah = jawaban_simpan(evaluasi=evaluasi, oleh=oleh, isian=isian)
    if lanjut is None:
        return HasilLembar(berubah)
    ajukan = {AJUKAN: evaluasi_ajukan, NILAI: evaluasi_tandai_dinilai}[lanjut]
    try:
        with transaction.atomic():
            ajukan(evaluasi=evaluasi, oleh=oleh)
    except ValidationError as exc:  # the answers are worth keeping even when the submission is refused
        return HasilLembar(berubah, ditolak=exc)
    return HasilLembar(berubah)


def _bukti_simpan(evaluasi: Evaluasi, oleh, isian: list[IsianJawaban], bukti: Mapping[int, object]) -> list:
    """Store evidence first; the answers saved after carry the versi those rows have now."""
    if not bukti:
        return isian
    siap = instrumen_siap(evaluasi.instrumen)
    baris = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}
    versi_baru: dict[str, int] = {}
    for kid, berkas in bukti.items():
        if kid not in baris:
            continue
        kode = siap.kriteria_id[kid].kode
        versi = next((i.versi for i in isian if i.kode == kode and not i.subkomponen), baris[kid].versi)
        bukti_unggah(jawaban=baris[kid], berkas=berkas, oleh=oleh, versi=versi)
        versi_baru[kode] = baris[kid].versi
    return [replace(i, versi=versi_baru[i.kode]) if i.kode in versi_baru and not i.subkomponen else i for i in isian]
