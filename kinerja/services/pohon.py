"""Writes and rules of the performance tree (pohon kinerja): the default levels of a pemda, and THE check of
a node's place in the tree (`simpul_periksa`), which every writer of a node (forms, API, Excel import, in
later slices) calls before saving."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Sasaran
from ..models_perencanaan import TINGKAT_BAWAAN, TingkatPohon


@transaction.atomic
def tingkat_bawaan_pastikan(*, pemda) -> dict[str, TingkatPohon]:
    """The pemda's levels by code, creating the default ones (TINGKAT_BAWAAN) that are missing; levels the
    pemda already has are left as they are. Idempotent."""
    ada = {t.kode: t for t in TingkatPohon.objects.filter(pemda=pemda)}
    for kode, nama, urutan, lingkup, nomenklatur, _induk in TINGKAT_BAWAAN:
        if kode not in ada:
            ada[kode] = TingkatPohon.objects.create(
                pemda=pemda, kode=kode, nama=nama, urutan=urutan, lingkup=lingkup, nomenklatur=nomenklatur
            )
    for kode, *_awal, induk in TINGKAT_BAWAAN:
        ada[kode].induk_boleh.add(*(ada[k] for k in induk))
    return ada


def _galat_lingkup(sasaran: Sasaran) -> dict[str, str]:
    tingkat = sasaran.tingkat
    if tingkat.pemda_id != sasaran.pemda_id:
        return {"tingkat": _("Tingkat harus dari pemda yang sama.")}
    if tingkat.lingkup == TingkatPohon.Lingkup.KOTA and sasaran.perangkat_daerah_id:
        return {"tingkat": _("Tingkat %(nama)s milik kota, bukan perangkat daerah.") % {"nama": tingkat.nama}}
    if tingkat.lingkup == TingkatPohon.Lingkup.PD and not sasaran.perangkat_daerah_id:
        return {"perangkat_daerah": _("Tingkat %(nama)s memerlukan perangkat daerah.") % {"nama": tingkat.nama}}
    return {}


def _membentuk_siklus(sasaran: Sasaran) -> bool:
    """Whether hanging `sasaran` under its `induk` closes a loop: walk up from the parent, in one query."""
    induk_dari = dict(Sasaran.objects.filter(pemda_id=sasaran.pemda_id).values_list("pk", "induk_id"))
    dilihat, simpul = set(), sasaran.induk_id
    while simpul is not None and simpul not in dilihat:
        if simpul == sasaran.pk:
            return True
        dilihat.add(simpul)
        simpul = induk_dari.get(simpul)
    return simpul is not None  # an existing loop above is refused as well


def _galat_induk(sasaran: Sasaran) -> dict[str, str]:
    induk = sasaran.induk
    if induk.pemda_id != sasaran.pemda_id:
        return {"induk": _("Induk harus dari pemda yang sama.")}
    if sasaran.pk is not None and _membentuk_siklus(sasaran):
        return {"induk": _("Induk ini membuat pohon berputar (siklus): pilih induk lain.")}
    if sasaran.tingkat_id is None:
        return {}
    if induk.tingkat_id is None or not sasaran.tingkat.induk_boleh.filter(pk=induk.tingkat_id).exists():
        boleh = ", ".join(sasaran.tingkat.induk_boleh.order_by("urutan").values_list("nama", flat=True))
        return {
            "induk": _("Simpul %(tingkat)s hanya boleh di bawah: %(boleh)s.")
            % {"tingkat": sasaran.tingkat.nama, "boleh": boleh or _("(tanpa induk)")}
        }
    return {}


def _galat_nomenklatur(sasaran: Sasaran) -> dict[str, str]:
    """A node's nomenclature code must be a code of the kind its level carries, in the national table."""
    from nomenklatur.models import Nomenklatur

    jenis = sasaran.tingkat.nomenklatur if sasaran.tingkat_id else ""
    if not jenis:
        return {"kode_nomenklatur": _("Tingkat ini tidak memakai kode nomenklatur.")}
    baris = Nomenklatur.objects.filter(kode=sasaran.kode_nomenklatur).values_list("jenis", flat=True).first()
    if baris is None:
        return {
            "kode_nomenklatur": _("Kode nomenklatur %(kode)s tidak ada dalam tabel nomenklatur.")
            % {"kode": sasaran.kode_nomenklatur}
        }
    if baris != jenis:
        return {
            "kode_nomenklatur": _("Kode %(kode)s bukan kode %(jenis)s.")
            % {"kode": sasaran.kode_nomenklatur, "jenis": sasaran.tingkat.get_nomenklatur_display().lower()}
        }
    return {}


def simpul_periksa(*, sasaran: Sasaran) -> None:
    """THE rule of a node's place in the tree, raised as a ValidationError by field: its level belongs to
    its pemda and fits its owner (a city level without PD, a PD level with one); its parent is of the same
    pemda, does not make a cycle, and is of a level the node's level allows. A node without a parent is
    allowed (an incomplete cascade is a quality flag, not an error). A nomenclature code, when given, is an
    existing code of the kind the level carries (program, kegiatan or sub kegiatan)."""
    galat: dict[str, str] = {}
    if sasaran.tingkat_id is not None:
        galat |= _galat_lingkup(sasaran)
    if sasaran.kode_nomenklatur:
        galat |= _galat_nomenklatur(sasaran)
    if sasaran.induk_id is not None:
        if sasaran.induk_id == sasaran.pk:
            galat["induk"] = _("Simpul tidak boleh menjadi induknya sendiri.")
        else:
            galat = _galat_induk(sasaran) | galat
    if galat:
        raise ValidationError(galat)
