"""Writes and rules of the performance tree (pohon kinerja): the default levels of a pemda, and THE check of
a node's place in the tree: `simpul_galat` over maps built once (`PetaPohon`), which the Excel import runs
over a whole batch, and `simpul_periksa`, the same rule for one node, which every other writer of a node
(forms, API, admin, proposals) calls before saving; `simpul_indikator_periksa` runs it for every writer of an
indicator of a node (forms, admin)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Sasaran
from ..models_perencanaan import TINGKAT_BAWAAN, TINGKAT_PK, TingkatPohon


@transaction.atomic
def tingkat_bawaan_pastikan(*, pemda) -> dict[str, TingkatPohon]:
    """The pemda's levels by code, creating the default ones (TINGKAT_BAWAAN) that are missing; levels the
    pemda already has are left as they are. Idempotent."""
    ada = {t.kode: t for t in TingkatPohon.objects.filter(pemda=pemda)}
    for kode, nama, urutan, lingkup, nomenklatur, _induk in TINGKAT_BAWAAN:
        if kode not in ada:
            ada[kode] = TingkatPohon.objects.create(
                pemda=pemda, kode=kode, nama=nama, urutan=urutan, lingkup=lingkup, nomenklatur=nomenklatur,
                dalam_pk=kode in TINGKAT_PK,
            )  # fmt: skip
    for kode, *_awal, induk in TINGKAT_BAWAAN:
        ada[kode].induk_boleh.add(*(ada[k] for k in induk))
    return ada


# --- THE node rule: one core over preloaded maps, for one node (forms, API) and for a whole batch (import) --


@dataclass(frozen=True)
class InfoTingkat:
    """What the node rule reads of a level: its pemda, owner kind, name, nomenclature kind, and the levels a
    node of it may hang under (ids, and their names in order for the message)."""

    pk: int
    pemda_id: int
    nama: str
    lingkup: str
    nomenklatur: str
    nomenklatur_label: str
    induk_boleh: frozenset[int]
    boleh_nama: str


@dataclass(frozen=True)
class SimpulUji:
    """A node as the rule sees it. `kunci` identifies it in `PetaPohon.induk_dari` (its pk for one saved
    node, its kode in a batch; None for a new single node, which nothing can point to yet); `induk` is its
    parent's key in the same terms."""

    kunci: object
    pemda_id: int
    ada_pd: bool
    tingkat_id: int | None
    induk: object
    kode_nomenklatur: str = ""


@dataclass
class PetaPohon:
    """The maps the rule reads, built once: levels by id, each node's parent by key, each node's pemda and
    level by key (the parents'), and the nomenclature kind by code."""

    tingkat: dict[int, InfoTingkat]
    induk_dari: dict
    pemda_dari: dict
    tingkat_dari: dict
    nomenklatur: dict[str, str]


def info_tingkat(daftar) -> dict[int, InfoTingkat]:
    """`InfoTingkat` of the given levels, reading their allowed parents in one query."""
    daftar = list(daftar)
    boleh: dict[int, list[tuple[int, str, int]]] = {t.pk: [] for t in daftar}
    lewat = TingkatPohon.induk_boleh.through.objects.filter(from_tingkatpohon__in=daftar)
    for dari, ke, nama, urutan in lewat.values_list(
        "from_tingkatpohon_id", "to_tingkatpohon_id", "to_tingkatpohon__nama", "to_tingkatpohon__urutan"
    ):
        boleh[dari].append((urutan, nama, ke))
    return {
        t.pk: InfoTingkat(
            pk=t.pk, pemda_id=t.pemda_id, nama=t.nama, lingkup=t.lingkup, nomenklatur=t.nomenklatur,
            nomenklatur_label=t.get_nomenklatur_display().lower() if t.nomenklatur else "",
            induk_boleh=frozenset(k for _u, _n, k in boleh[t.pk]),
            boleh_nama=", ".join(n for _u, n, _k in sorted(boleh[t.pk])),
        )
        for t in daftar
    }  # fmt: skip


def jenis_nomenklatur(kode: set[str]) -> dict[str, str]:
    """The nomenclature kind of each known code among `kode`, in one query."""
    from nomenklatur.models import Nomenklatur

    return dict(Nomenklatur.objects.filter(kode__in=kode).values_list("kode", "jenis")) if kode else {}


def _galat_lingkup(s: SimpulUji, t: InfoTingkat) -> dict[str, str]:
    if t.pemda_id != s.pemda_id:
        return {"tingkat": _("Tingkat harus dari pemda yang sama.")}
    if t.lingkup == TingkatPohon.Lingkup.KOTA and s.ada_pd:
        return {"tingkat": _("Tingkat %(nama)s milik kota, bukan perangkat daerah.") % {"nama": t.nama}}
    if t.lingkup == TingkatPohon.Lingkup.PD and not s.ada_pd:
        return {"perangkat_daerah": _("Tingkat %(nama)s memerlukan perangkat daerah.") % {"nama": t.nama}}
    return {}


def _membentuk_siklus(s: SimpulUji, induk_dari: dict) -> bool:
    """Whether hanging `s` under its parent closes a loop: walk up from the parent through the map."""
    dilihat, simpul = set(), s.induk
    while simpul is not None and simpul not in dilihat:
        if simpul == s.kunci:
            return True
        dilihat.add(simpul)
        simpul = induk_dari.get(simpul)
    return simpul is not None  # an existing loop above is refused as well


def _galat_induk(s: SimpulUji, peta: PetaPohon) -> dict[str, str]:
    if peta.pemda_dari.get(s.induk) != s.pemda_id:
        return {"induk": _("Induk harus dari pemda yang sama.")}
    if s.kunci is not None and _membentuk_siklus(s, peta.induk_dari):
        return {"induk": _("Induk ini membuat pohon berputar (siklus): pilih induk lain.")}
    if s.tingkat_id is None:
        return {}
    t = peta.tingkat[s.tingkat_id]
    if peta.tingkat_dari.get(s.induk) not in t.induk_boleh:
        return {
            "induk": _("Simpul %(tingkat)s hanya boleh di bawah: %(boleh)s.")
            % {"tingkat": t.nama, "boleh": t.boleh_nama or _("(tanpa induk)")}
        }
    return {}


def _galat_nomenklatur(s: SimpulUji, peta: PetaPohon) -> dict[str, str]:
    """A node's nomenclature code must be a code of the kind its level carries, in the national table."""
    t = peta.tingkat.get(s.tingkat_id) if s.tingkat_id is not None else None
    if t is None or not t.nomenklatur:
        return {"kode_nomenklatur": _("Tingkat ini tidak memakai kode nomenklatur.")}
    jenis = peta.nomenklatur.get(s.kode_nomenklatur)
    if jenis is None:
        return {
            "kode_nomenklatur": _("Kode nomenklatur %(kode)s tidak ada dalam tabel nomenklatur.")
            % {"kode": s.kode_nomenklatur}
        }
    if jenis != t.nomenklatur:
        return {
            "kode_nomenklatur": _("Kode %(kode)s bukan kode %(jenis)s.")
            % {"kode": s.kode_nomenklatur, "jenis": t.nomenklatur_label}
        }
    return {}


def simpul_galat(s: SimpulUji, peta: PetaPohon) -> dict[str, str]:
    """THE rule of a node's place in the tree, over preloaded maps (no query), as messages by field: its
    level belongs to its pemda and fits its owner (a city level without PD, a PD level with one); its parent
    is of the same pemda, does not make a cycle, and is of a level the node's level allows. A node without a
    parent is allowed (an incomplete cascade is a quality flag, not an error). A nomenclature code, when
    given, is an existing code of the kind the level carries (program, kegiatan or sub kegiatan)."""
    galat: dict[str, str] = {}
    if s.tingkat_id is not None:
        galat |= _galat_lingkup(s, peta.tingkat[s.tingkat_id])
    if s.kode_nomenklatur:
        galat |= _galat_nomenklatur(s, peta)
    if s.induk is not None:
        if s.kunci is not None and s.induk == s.kunci:
            galat["induk"] = _("Simpul tidak boleh menjadi induknya sendiri.")
        else:
            galat = _galat_induk(s, peta) | galat
    return galat


def simpul_periksa(*, sasaran: Sasaran) -> None:
    """THE rule (`simpul_galat`) for one node, raised as a ValidationError by field; the maps hold just
    what this node needs (its level, its parent, the pemda's parent links when it is saved)."""
    tingkat = {sasaran.tingkat_id: sasaran.tingkat} if sasaran.tingkat_id is not None else {}
    induk_dari, pemda_dari, tingkat_dari = {}, {}, {}
    if sasaran.induk_id is not None and sasaran.induk_id != sasaran.pk:
        induk = sasaran.induk
        pemda_dari[induk.pk], tingkat_dari[induk.pk] = induk.pemda_id, induk.tingkat_id
        if sasaran.pk is not None and induk.pemda_id == sasaran.pemda_id:
            induk_dari = dict(Sasaran.objects.filter(pemda_id=sasaran.pemda_id).values_list("pk", "induk_id"))
            induk_dari[sasaran.pk] = sasaran.induk_id
    kode = {sasaran.kode_nomenklatur} if sasaran.kode_nomenklatur and tingkat else set()
    peta = PetaPohon(info_tingkat(tingkat.values()), induk_dari, pemda_dari, tingkat_dari, jenis_nomenklatur(kode))
    s = SimpulUji(
        kunci=sasaran.pk, pemda_id=sasaran.pemda_id, ada_pd=bool(sasaran.perangkat_daerah_id),
        tingkat_id=sasaran.tingkat_id, induk=sasaran.induk_id, kode_nomenklatur=sasaran.kode_nomenklatur,
    )  # fmt: skip
    if galat := simpul_galat(s, peta):
        raise ValidationError(galat)


def simpul_indikator_periksa(*, sasaran: Sasaran) -> None:
    """THE node rule (`simpul_periksa`) run for a write of one of its indicators: every writer of an indicator
    calls it (the indicator form's service `kinerja/services/simpul.py` on create and change, the admin's
    indicator form), so no indicator is written under a node the rule refuses (e.g. one placed before its
    level's allowed parents changed): the node is fixed first. The rule's messages name the node, as a refusal
    of the whole form (the node's fields are not on an indicator's form)."""
    try:
        simpul_periksa(sasaran=sasaran)
    except ValidationError as exc:
        pesan = " ".join(p for daftar in exc.message_dict.values() for p in daftar)
        raise ValidationError(
            _("Simpul %(kode)s belum memenuhi aturan pohon kinerja: %(pesan)s Perbaiki simpulnya dulu.")
            % {"kode": sasaran.kode, "pesan": pesan}
        ) from None
