"""The "Manual" and "Anggaran" sheets of the tree import: the Manual IK of an indicator (the manual service's
own field rule, and the lock of a final IKU document), and the pagu and realisasi of a sub kegiatan node for
a year (the rules of `services.anggaran_sub_kegiatan`, and the lock of a final Renja)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..excel_pohon import FIELD_MANUAL, KOLOM_ANGGARAN, KOLOM_MANUAL, LEMBAR_ANGGARAN, LEMBAR_MANUAL
from ..models import Indikator, Sasaran
from ..models_anggaran import AnggaranSubKegiatan
from ..models_manual import ManualIK
from ..services.anggaran_sub_kegiatan import _periksa_simpul, isian_anggaran
from ..services.manual import _isian as isian_manual
from ..services.manual import dokumen_final_untuk
from ..services.rencana import Kunci, kunci_anggaran
from .pohon_dasar import BarisLembar, Konteks
from .pohon_indikator import RencanaIndikator, pemilik

M_VERSI, A_VERSI = len(FIELD_MANUAL) + 1, 7  # the "Versi" columns of the Manual and Anggaran sheets


@dataclass
class RencanaBaris:
    """A manual or budget row, read: the target row's key, the checked values, the stored row, its lock (a
    budget's: the final Renja; a manual's: the final IKU document; each counts one revision, as the forms do)."""

    b: BarisLembar
    kunci: tuple
    isian: dict
    ada: object
    terkunci: Kunci | str = None


def _info_indikator(kode: str, indikator: dict[str, RencanaIndikator], ktx: Konteks):
    """(node code, IKU flag) of the indicator `kode` as it will be, or None when the user does not know it."""
    if (r := indikator.get(kode)) is not None:
        return r.simpul_kode, r.contoh.iku
    ada = ktx.indikator.get(kode)
    if ada is not None and (simpul := ktx.kode_simpul.get(ada.sasaran_id)) in ktx.kenal:
        return simpul, ada.iku
    return None


def baca_manual(ktx: Konteks, baris: list, indikator: dict, simpul: dict, galat: list) -> list[RencanaBaris]:
    """The manual rows that change something, checked."""
    ada = {m.indikator_id: m for m in ManualIK.objects.filter(indikator__pemda=ktx.pemda)}
    hasil, sudah = [], {}
    for nomor, sel in baris:
        b = BarisLembar(LEMBAR_MANUAL, nomor, sel, KOLOM_MANUAL, galat)
        if b.kosong():
            continue
        kode = b.teks(0)
        info = _info_indikator(kode, indikator, ktx)
        if info is None:
            b.catat(0, _("Kode indikator “%s” tidak ada di lembar Indikator maupun di pohon Anda.") % kode)
            continue
        if kode in sudah:
            b.catat(0, _("Manual indikator “%(k)s” sudah muncul di baris %(n)s.") % {"k": kode, "n": sudah[kode]})
            continue
        sudah[kode] = nomor
        try:
            isian = isian_manual({f: b.teks(i + 1) for i, f in enumerate(FIELD_MANUAL)})
        except ValidationError as exc:
            for f, pesan in exc.message_dict.items():
                b.catat(FIELD_MANUAL.index(f) + 1, " ".join(pesan))
            continue
        simpan = ktx.indikator.get(kode)
        lama = ada.get(simpan.pk) if simpan is not None else None
        if lama is not None and all(getattr(lama, f) == v for f, v in isian.items()):
            continue
        if (r := _manual_boleh(b, ktx, info, simpul, (kode,), isian, lama)) is not None:
            hasil.append(r)
    return hasil


def _manual_boleh(b, ktx: Konteks, info, simpul: dict, kunci, isian, lama) -> RencanaBaris | None:
    """A changed manual: its node must be writable; a manual of an IKU in a final IKU document needs the
    import's reason and counts one revision on that document (the lock of `services.manual`, `iku.revisi`)."""
    simpul_kode, iku = info
    milik = pemilik(simpul_kode, simpul, ktx)
    if milik is None or not milik.boleh_tulis:
        b.catat(0, _("Manual indikator “%s” hanya baca bagi Anda.") % kunci[0])
        return None
    if lama is not None:
        b.versi_sama(M_VERSI, lama.versi, _("Manual indikator"), kunci[0])
    terkunci: Kunci | str = ""
    if iku:
        contoh = Indikator(iku=True, pemda_id=ktx.pemda.pk, perangkat_daerah_id=milik.pd_id,
                           sasaran=Sasaran(periode_id=milik.periode_id))  # fmt: skip
        terkunci = ktx.terkunci(("iku", milik.pd_id, milik.periode_id),
                                lambda: dokumen_final_untuk(contoh))  # fmt: skip
        ktx.wajib_alasan(b, 0, terkunci)
    return RencanaBaris(b, kunci, isian, lama, terkunci)


def _simpul_anggaran(kode: str, simpul: dict, ktx: Konteks) -> Sasaran:
    """The node `kode` as the budget rule reads it (its code, level and period), without a query: one unsaved
    node per level and period, its code set for the row (an instance per row would cost more than the rule)."""
    if (r := simpul.get(kode)) is not None:
        tingkat, periode = r.tingkat, r.periode
    else:
        s = ktx.kenal[kode]
        tingkat, periode = s.tingkat, ktx.periode_dari.get(s.periode_id)
    kunci = (tingkat.pk if tingkat else None, periode.pk if periode else None)
    if kunci not in ktx.contoh_simpul:
        ktx.contoh_simpul[kunci] = Sasaran(tingkat=tingkat, periode=periode)
    contoh = ktx.contoh_simpul[kunci]
    contoh.kode = kode
    return contoh


KOLOM_GALAT_ANGGARAN = {"sasaran": 0, "tahun": 1, "pagu": 2, "realisasi": 3} | {
    f"realisasi_t{tw}": 2 + tw for tw in range(1, 5)
}


def _baca_anggaran(b: BarisLembar, ktx: Konteks, simpul: dict, sudah: dict):
    """One budget row's node code, year and checked values (the sub kegiatan budget service's rules: a sub
    kegiatan node, a year of its period, pagu required, no negative amount, realisasi not above pagu)."""
    kode, tahun = b.teks(0), b.bulat(1)
    if pemilik(kode, simpul, ktx) is None:
        b.catat(0, _("Kode simpul “%s” tidak ada di lembar Simpul maupun di pohon Anda.") % kode)
        return None
    if tahun is None or not 2000 <= tahun <= 2100:
        b.catat(1, _("Tahun “%s” tidak valid.") % b.teks(1))
        return None
    if (kode, tahun) in sudah:
        b.catat(1, _("Sub kegiatan dan tahun ini sudah muncul di baris %s.") % sudah[(kode, tahun)])
        return None
    sudah[(kode, tahun)] = b.nomor
    sel = [b.sel[i] if i < len(b.sel) else "" for i in range(2, 7)]
    try:
        _periksa_simpul(_simpul_anggaran(kode, simpul, ktx), tahun)
        isian = isian_anggaran(sel[0], {tw: sel[tw] for tw in range(1, 5)})
    except ValidationError as exc:
        for f, pesan in exc.message_dict.items():
            b.catat(KOLOM_GALAT_ANGGARAN.get(f, 2), " ".join(pesan))
        return None
    return kode, tahun, isian


def baca_anggaran(ktx: Konteks, baris: list, simpul: dict, galat: list) -> list[RencanaBaris]:
    """The budget rows that change something, checked. Budgets are written by Bagian Organisasi (KELOLA, as
    the sub kegiatan budget service): in a PD user's file they are unchanged references."""
    ada = {(a.sasaran_id, a.tahun): a for a in AnggaranSubKegiatan.objects.filter(pemda=ktx.pemda)}
    hasil, sudah = [], {}
    for nomor, sel in baris:
        b = BarisLembar(LEMBAR_ANGGARAN, nomor, sel, KOLOM_ANGGARAN, galat)
        if b.kosong() or (baca := _baca_anggaran(b, ktx, simpul, sudah)) is None:
            continue
        kode, tahun, isian = baca
        node = ktx.kenal.get(kode)
        lama = ada.get((node.pk, tahun)) if node is not None else None
        if lama is not None and all(getattr(lama, f) == v for f, v in isian.items()):
            continue
        milik = pemilik(kode, simpul, ktx)
        if not ktx.kota or not milik.boleh_tulis:
            b.catat(0, _("Hanya Bagian Organisasi yang dapat mengisi anggaran; baris ini hanya rujukan."))
            continue
        terkunci = ktx.terkunci(
            ("renja", milik.pd_id, tahun),
            lambda pd=milik.pd_id, t=tahun: kunci_anggaran(Sasaran(pemda=ktx.pemda, perangkat_daerah_id=pd), t),
        )
        ktx.wajib_alasan(b, 2, terkunci)
        if lama is not None:
            b.versi_sama(A_VERSI, lama.versi, _("Anggaran %s sub kegiatan") % tahun, kode)
        hasil.append(RencanaBaris(b, (kode, tahun), isian, lama, terkunci))
    return hasil
