"""A pemda's choice of default instruments and predicate scale (issue 15 point 4), in one action: planned
first (what changes, shown for confirmation), then applied with history.

What a switch does, and what it leaves alone:
- a default instrument already on the chosen scale stays as it is;
- the pemda's own instrument that no final evaluation uses takes the chosen scale in place: its evaluations
  that are not final are scored live, so their predicate follows the new scale;
- a national instrument, or one a final evaluation uses (locked), is copied to the pemda's own new version
  on the chosen scale, which becomes the default: evaluations already opened keep their instrument and scale;
- final results (and official results) keep their frozen total and predicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, profil_pengguna, wajib_hak
from perangkat_daerah.models import Pemda
from perangkat_daerah.services import buat_dengan_riwayat, perbarui_dengan_riwayat, potret, riwayat_catat

from ..models import BandPredikat, Evaluasi, Instrumen, PengaturanEvaluasi, SkalaPredikat
from ..selectors.pilihan import (
    instrumen_lembar,
    instrumen_pemda,
    salinan_inklusif,
    skala_lembar,
    skala_pemda,
    versi_inklusif,
)
from .instrumen import instrumen_salin

TETAP, UBAH_SKALA, SALIN = "tetap", "ubah_skala", "salin"
_KOLOM = ["instrumen_kota_id", "instrumen_pd_id", "skala_predikat_id"]


@dataclass(frozen=True)
class LangkahInstrumen:
    """What happens to one kind's default instrument."""

    kota: bool
    instrumen: Instrumen
    tindakan: str  # TETAP, UBAH_SKALA or SALIN
    dihitung_ulang: list[Evaluasi] = field(default_factory=list)  # not final, scored on the new scale

    @property
    def label(self) -> str:
        return _("Evaluasi tingkat kota") if self.kota else _("Evaluasi perangkat daerah")


@dataclass(frozen=True)
class RencanaPengaturan:
    """A planned switch: the scale to use (an existing one, or `salin_dari` copied as lower-bound-inclusive),
    the step per kind, and the evaluations it leaves as they are."""

    pemda: Pemda
    skala_lama: SkalaPredikat | None
    skala: SkalaPredikat | None  # None: a new lower-bound-inclusive copy of `salin_dari`
    salin_dari: SkalaPredikat | None
    langkah: list[LangkahInstrumen]
    berjalan_tetap: int  # evaluations not final that keep their instrument and scale
    final_tetap: int  # final evaluations and official results: their predicate stays

    @property
    def nama_skala(self) -> str:
        return self.skala.versi if self.skala is not None else versi_inklusif(self.salin_dari, self.pemda)

    @property
    def ada_perubahan(self) -> bool:
        return self.skala is None or any(lk.tindakan != TETAP for lk in self.langkah) or self._pilihan_berubah

    _pilihan_berubah: bool = False


def _pemda(oleh) -> Pemda:
    profil = profil_pengguna(oleh)
    if profil is None:
        raise PermissionDenied(_("Akun ini belum punya profil."))
    wajib_hak(oleh, Aksi.KELOLA, profil.pemda, pesan=_("Hanya Bagian Organisasi yang mengatur evaluasi pemda."))
    return profil.pemda


def _instrumen_pilihan(pemda_id: int, instrumen_id, *, kota: bool) -> Instrumen:
    ins = (
        instrumen_lembar(pemda_id, kota=kota).filter(pk=instrumen_id).select_related("skala_predikat").first()
        if str(instrumen_id or "").isdigit()
        else None
    )
    if ins is None:
        kunci = "instrumen_kota" if kota else "instrumen_pd"
        raise ValidationError({kunci: [_("Pilih instrumen nasional atau milik pemda Anda dengan metode yang sesuai.")]})
    return ins


def _skala_pilihan(pemda: Pemda, nilai: str) -> tuple[SkalaPredikat | None, SkalaPredikat | None]:
    """(the scale, None) for "s<id>"; (its existing copy or None, the source) for "i<id>" (copy as inclusive)."""
    jenis, _pisah, angka = (nilai or "").partition(":")
    skala = skala_lembar(pemda.pk).filter(pk=angka).first() if angka.isdigit() else None
    if skala is None or jenis not in ("skala", "inklusif"):
        raise ValidationError({"skala": [_("Pilih skala predikat nasional atau milik pemda Anda.")]})
    if jenis == "skala":
        return skala, None
    if skala.bawah_inklusif:
        return skala, None
    return salinan_inklusif(skala, pemda), skala


def rencana_pengaturan(*, oleh, instrumen_kota, instrumen_pd, skala: str) -> RencanaPengaturan:
    """What choosing these defaults would change, without writing (KELOLA on the pemda; instruments and
    scales only national or the pemda's own, else a ValidationError)."""
    pemda = _pemda(oleh)
    pemda_id = pemda.pk
    pengaturan = PengaturanEvaluasi.untuk(pemda_id)
    target, salin_dari = _skala_pilihan(pemda, skala)
    langkah = []
    for kota, nilai in ((True, instrumen_kota), (False, instrumen_pd)):
        ins = _instrumen_pilihan(pemda_id, nilai, kota=kota)
        if target is not None and ins.skala_predikat_id == target.pk:
            langkah.append(LangkahInstrumen(kota, ins, TETAP))
        elif ins.pemda_id == pemda_id and not ins.terkunci:
            ulang = list(
                Evaluasi.objects.filter(instrumen=ins)
                .exclude(status=Evaluasi.Status.FINAL)
                .exclude(jenis=Evaluasi.Jenis.RESMI)
                .select_related("perangkat_daerah")
                .order_by("-tahun", "perangkat_daerah__nama")
            )
            langkah.append(LangkahInstrumen(kota, ins, UBAH_SKALA, ulang))
        else:
            langkah.append(LangkahInstrumen(kota, ins, SALIN))
    ulang_id = {e.pk for lk in langkah for e in lk.dihitung_ulang}
    sendiri = Evaluasi.objects.filter(pemda_id=pemda_id)
    berjalan = sendiri.exclude(status=Evaluasi.Status.FINAL).exclude(jenis=Evaluasi.Jenis.RESMI)
    berubah = (pengaturan.instrumen_kota_id, pengaturan.instrumen_pd_id, pengaturan.skala_predikat_id) != (
        langkah[0].instrumen.pk,
        langkah[1].instrumen.pk,
        target.pk if target is not None else None,
    )
    return RencanaPengaturan(
        pemda=pemda,
        skala_lama=skala_pemda(pemda_id, pengaturan=pengaturan),
        skala=target,
        salin_dari=salin_dari,
        langkah=langkah,
        berjalan_tetap=berjalan.exclude(pk__in=ulang_id).count(),
        final_tetap=sendiri.count() - berjalan.count(),
        _pilihan_berubah=berubah,
    )


def _skala_inklusif_buat(*, oleh, pemda, sumber: SkalaPredikat) -> SkalaPredikat:
    """The pemda's copy of `sumber` read lower-bound-inclusive, with the same bands (history: the new row)."""
    skala = buat_dengan_riwayat(
        SkalaPredikat, oleh=oleh, aksi="buat", pemda_id=pemda.pk, kolom=["versi", "bawah_inklusif", "pemda_id"],
        catatan=_("Salinan %(s)s dengan batas bawah inklusif.") % {"s": sumber.versi},
        versi=versi_inklusif(sumber, pemda), bawah_inklusif=True, pemda=pemda,
    )  # fmt: skip
    BandPredikat.objects.bulk_create(
        BandPredikat(
            skala=skala, kode=b.kode, nama=b.nama, makna=b.makna, batas_bawah=b.batas_bawah, batas_atas=b.batas_atas
        )
        for b in BandPredikat.objects.filter(skala=sumber)
    )
    return skala


def _instrumen_ke_skala(*, oleh, pemda_id: int, langkah: LangkahInstrumen, skala: SkalaPredikat) -> Instrumen:
    """One kind's default instrument on `skala`: as it is, moved in place, or the pemda's new copy (history)."""
    ins = langkah.instrumen
    if langkah.tindakan == UBAH_SKALA:
        sebelum = potret(ins, ["skala_predikat_id"])
        ins.skala_predikat = skala
        ins.save()
        riwayat_catat(obj=ins, pemda_id=pemda_id, aksi="ubah", oleh=oleh, sebelum=sebelum,
                      sesudah=potret(ins, ["skala_predikat_id"]),
                      catatan=_("Skala predikat pemda diganti."))  # fmt: skip
    elif langkah.tindakan == SALIN:
        ins = instrumen_salin(instrumen=ins, oleh=oleh)
        ins.skala_predikat = skala
        ins.aktif = True
        ins.save()
        riwayat_catat(obj=ins, pemda_id=pemda_id, aksi="buat", oleh=oleh, sebelum=None,
                      sesudah=potret(ins, ["kode", "versi", "induk_id", "skala_predikat_id", "aktif"]),
                      catatan=_("Salinan instrumen untuk skala predikat pemda."))  # fmt: skip
    return ins


@transaction.atomic
def pengaturan_terapkan(*, oleh, versi: int | None, instrumen_kota, instrumen_pd, skala: str) -> PengaturanEvaluasi:
    """Apply the plan of `rencana_pengaturan` in one transaction, with history: create the scale copy if
    needed, move or copy the default instruments onto it, and record the choice in the pemda's settings
    (`versi`: the settings' version the page read; another writer in between is a 409)."""
    rencana = rencana_pengaturan(oleh=oleh, instrumen_kota=instrumen_kota, instrumen_pd=instrumen_pd, skala=skala)
    pemda = rencana.pemda
    target = rencana.skala or _skala_inklusif_buat(oleh=oleh, pemda=pemda, sumber=rencana.salin_dari)
    dipakai = {
        lk.kota: _instrumen_ke_skala(oleh=oleh, pemda_id=pemda.pk, langkah=lk, skala=target) for lk in rencana.langkah
    }
    nilai = {
        "instrumen_kota_id": dipakai[True].pk,
        "instrumen_pd_id": dipakai[False].pk,
        "skala_predikat_id": target.pk,
    }
    pengaturan = PengaturanEvaluasi.objects.select_for_update().filter(pemda_id=pemda.pk).first()
    if pengaturan is None:
        return buat_dengan_riwayat(PengaturanEvaluasi, oleh=oleh, aksi="buat", pemda_id=pemda.pk, kolom=_KOLOM,
                                   pemda=pemda, **nilai)  # fmt: skip
    perbarui_dengan_riwayat(pengaturan, versi=versi, oleh=oleh, aksi="ubah", pemda_id=pemda.pk, kolom=_KOLOM,
                            nilai=nilai)  # fmt: skip
    return pengaturan


def pilihan_sekarang(
    pemda_id: int,
) -> tuple[PengaturanEvaluasi, Instrumen | None, Instrumen | None, SkalaPredikat | None]:
    """The pemda's settings row and what it uses now: (settings, city default instrument, PD default instrument,
    scale), each possibly None."""
    pengaturan = PengaturanEvaluasi.untuk(pemda_id)
    return (
        pengaturan,
        instrumen_pemda(pemda_id, kota=True, pengaturan=pengaturan),
        instrumen_pemda(pemda_id, kota=False, pengaturan=pengaturan),
        skala_pemda(pemda_id, pengaturan=pengaturan),
    )
