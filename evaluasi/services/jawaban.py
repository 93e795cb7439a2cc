"""Answers, method-A grades and their evidence, with optimistic locking and history."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.berkas import jenis_bukti
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    berkas_dijaga,
    berkas_ganti,
    perbarui_berversi,
    potret,
    riwayat_catat,
)
from perangkat_daerah.validasi import teks_atau_galat

from ..models import (
    Evaluasi,
    Jawaban,
    NilaiSubKomponen,
)
from ..selectors import InstrumenSiap, instrumen_siap
from .hak import _kunci, _pastikan, _pastikan_bukan_final, aksi_isi

# --- Answers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IsianJawaban:
    """One answer change: the criterion (or, with `subkomponen`, a method-A grade), value, note, versi."""

    kode: str
    nilai: str
    versi: int
    catatan: str | None = None
    subkomponen: bool = False


@transaction.atomic
def jawaban_simpan(*, evaluasi: Evaluasi, oleh, isian: list[IsianJawaban]) -> int:
    """Save answers (and method-A grades); returns how many rows changed.

    All or nothing: one stale `versi` raises VersiKedaluwarsa and nothing is saved. Unchanged rows are
    left alone (their versi stays). Each change is recorded in the history.
    """
    _pastikan(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = _kunci(evaluasi)
    _pastikan_bukan_final(evaluasi)
    if evaluasi.status != Evaluasi.Status.DRAF:
        raise ValidationError(
            _("Evaluasi berstatus %(s)s; jawaban hanya dapat diubah saat draf.") % {"s": evaluasi.get_status_display()}
        )
    siap = instrumen_siap(evaluasi.instrumen)
    baris_kr = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}
    baris_sub = {n.subkomponen_id: n for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi)}
    berubah = 0
    for item in isian:
        baris = _baris_untuk(siap, item, baris_kr, baris_sub)
        berubah += _simpan_satu(evaluasi, baris, item, oleh)
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
    catatan = baris.catatan if item.catatan is None else teks_atau_galat(item.catatan, item.kode)
    if baris.nilai == item.nilai and baris.catatan == catatan:
        return 0  # nothing to change, so nothing to conflict with
    if item.versi != baris.versi:
        raise VersiKedaluwarsa()
    sebelum = potret(baris, ["nilai", "catatan", "versi"])
    perbarui_berversi(
        baris, versi=item.versi, nilai=item.nilai, catatan=catatan, diubah_oleh=oleh, diubah_pada=timezone.now()
    )
    riwayat_catat(
        obj=baris,
        pemda_id=evaluasi.pemda_id,
        aksi="ubah_jawaban",
        oleh=oleh,
        sebelum=sebelum,
        sesudah=potret(baris, ["nilai", "catatan", "versi"]),
    )
    return 1


@transaction.atomic
def bukti_unggah(*, jawaban: Jawaban, berkas, oleh, versi: int) -> Jawaban:
    """Attach an evidence file to an answer (type sniffed from its content, ≤ 10 MiB, random stored name)."""
    evaluasi = jawaban.evaluasi
    _pastikan(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = _kunci(evaluasi)
    if evaluasi.status != Evaluasi.Status.DRAF:
        raise ValidationError(_("Bukti hanya dapat diunggah saat evaluasi berstatus draf."))
    jenis = jenis_bukti(berkas)
    nama_asli = berkas.name[-200:]
    sebelum = potret(jawaban, ["bukti", "bukti_nama", "versi"])
    with berkas_dijaga():  # a stale versi leaves no new file; the replaced one goes after commit
        perbarui_berversi(
            jawaban,
            versi=versi,
            bukti=berkas_ganti(jawaban.bukti, berkas, f"bukti{jenis.ekstensi}"),
            bukti_nama=nama_asli,
            bukti_jenis=jenis.mime,
            diubah_oleh=oleh,
            diubah_pada=timezone.now(),
        )
    riwayat_catat(
        obj=jawaban,
        pemda_id=evaluasi.pemda_id,
        aksi="unggah_bukti",
        oleh=oleh,
        sebelum=sebelum,
        sesudah=potret(jawaban, ["bukti", "bukti_nama", "versi"]),
    )
    return jawaban
