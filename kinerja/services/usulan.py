"""THE workflow of proposals and crosscutting in the performance tree (issue 13, point 3): which states
follow which (`TRANSISI`), who decides what (`PEMUTUS`, the action the one guard `wajib_hak` checks on the
row), and every write through the history writer. A stale `versi` raises VersiKedaluwarsa (409); an
illegal transition is refused with a ValidationError in Indonesian.

- Usulan `kota_ke_pd`: Bagian Organisasi proposes a branch under a city node to a PD; the PD decides.
- Usulan `pd_ke_kota`: a PD proposes its own sasaran under a city sasaran; Bagian Organisasi decides.
- On approval the node is created under the PD, checked by `simpul_periksa` (the one rule of a node).
- Kontributor: a PD invited to a node accepts or rejects it; an outside partner's answer is recorded by
  Bagian Organisasi."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, boleh, wajib_hak
from perangkat_daerah.services import buat_dengan_riwayat, perbarui_dengan_riwayat
from perangkat_daerah.validasi import teks_atau_galat

from ..models import Sasaran
from ..models_usulan import Kontributor, StatusKeputusan, Usulan
from .pohon import simpul_periksa
from .rencana import aksi_riwayat, alasan_revisi, kunci_simpul, revisi_rencana
from .simpul import KOLOM_SIMPUL

S = StatusKeputusan
# From a state, the states a decision may lead to; a decided row is final.
TRANSISI: dict[str, frozenset[str]] = {S.MENUNGGU: frozenset({S.DISETUJUI, S.DITOLAK})}
# Who decides: the action the guard checks on the row (its scope then says which PD or pemda).
PEMUTUS: dict[tuple[str, str], str] = {
    ("usulan", Usulan.Arah.KOTA_KE_PD): Aksi.ISI,  # the PD decides what the city proposes to it
    ("usulan", Usulan.Arah.PD_KE_KOTA): Aksi.KELOLA,  # Bagian Organisasi decides what a PD proposes
    ("kontributor", "pd"): Aksi.ISI,  # the invited PD accepts or rejects
    ("kontributor", "mitra"): Aksi.KELOLA,  # Bagian Organisasi records an outside partner's answer
}
KOLOM_USULAN = ["status", "catatan", "simpul_hasil", "diputuskan_oleh", "diputuskan_pada"]
KOLOM_KONTRIBUTOR = ["status", "catatan", "diputuskan_oleh", "diputuskan_pada"]
KOLOM_USULAN_BARU = ["arah", "perangkat_daerah", "induk", "tingkat", "kode", "uraian", "status"]


def aksi_pemutus(obj: Usulan | Kontributor) -> str:
    """The action that decides `obj`, from `PEMUTUS`."""
    if isinstance(obj, Usulan):
        return PEMUTUS[("usulan", obj.arah)]
    return PEMUTUS[("kontributor", "pd" if obj.perangkat_daerah_id else "mitra")]


def _periksa_transisi(obj, status: str, catatan: str) -> None:
    if status not in TRANSISI.get(obj.status, frozenset()):
        if obj.status != S.MENUNGGU:
            raise ValidationError(
                _("Sudah diputuskan (%(status)s); keputusan tidak dapat diubah.") % {"status": obj.get_status_display()}
            )
        raise ValidationError(_("Keputusan harus disetujui atau ditolak."))
    if status == S.DITOLAK and not catatan:
        raise ValidationError({"catatan": _("Tuliskan alasan penolakan.")})


def _putuskan(obj, *, oleh, status: str, catatan, versi: int | None, kolom: list[str], **tambahan) -> None:
    """The shared decision: the guard, the transition, the note, then the versioned write with history."""
    wajib_hak(oleh, aksi_pemutus(obj), obj, pesan=_("Anda tidak berwenang memutuskan ini."))
    catatan = teks_atau_galat(catatan, "catatan")
    _periksa_transisi(obj, status, catatan)
    pemda_id = obj.pemda_id if isinstance(obj, Usulan) else obj.sasaran.pemda_id
    perbarui_dengan_riwayat(
        obj, versi=versi, oleh=oleh, aksi=f"{obj._meta.model_name}_{status}", pemda_id=pemda_id, kolom=kolom,
        nilai={"status": status, "catatan": catatan, **tambahan},
        tambahan={"diputuskan_oleh": oleh, "diputuskan_pada": timezone.now()}, catatan=catatan,
    )  # fmt: skip


def _simpul_baru(usulan: Usulan) -> Sasaran:
    """The node an approved proposal creates under its PD, after the one rule of a node's place (not saved)."""
    simpul = Sasaran(
        pemda_id=usulan.pemda_id, perangkat_daerah_id=usulan.perangkat_daerah_id, induk=usulan.induk,
        tingkat=usulan.tingkat, periode_id=usulan.induk.periode_id, kode=usulan.kode, uraian=usulan.uraian,
    )  # fmt: skip
    simpul_periksa(sasaran=simpul)
    if Sasaran.objects.filter(pemda_id=usulan.pemda_id, kode=usulan.kode).exists():
        raise ValidationError({"kode": _("Kode %(kode)s sudah dipakai simpul lain.") % {"kode": usulan.kode}})
    return simpul


def _simpul_simpan(usulan: Usulan, *, oleh, catatan: str) -> Sasaran:
    """Create the approved node as any other node is created: through the history writer, under the plan lock
    (a node in a period fixed by a final Renstra or RPJMD is a revision: the decision's note is its reason, and
    the document's revision is counted)."""
    calon = _simpul_baru(usulan)
    terkunci = kunci_simpul(calon)
    try:
        alasan = alasan_revisi(terkunci, teks_atau_galat(catatan, "catatan"))
    except ValidationError as galat:
        raise ValidationError({"catatan": galat.message_dict["alasan"]}) from galat
    baru = buat_dengan_riwayat(
        Sasaran, oleh=oleh, aksi=aksi_riwayat("simpul.buat", terkunci), pemda_id=usulan.pemda_id,
        kolom=KOLOM_SIMPUL, catatan=alasan or _("Dari usulan %(kode)s yang disetujui.") % {"kode": usulan.kode},
        pemda=calon.pemda, perangkat_daerah_id=calon.perangkat_daerah_id, induk=calon.induk, tingkat=calon.tingkat,
        periode_id=calon.periode_id, kode=calon.kode, uraian=calon.uraian,
    )  # fmt: skip
    revisi_rencana(terkunci, oleh=oleh, catatan=alasan)
    return baru


@transaction.atomic
def usulan_putuskan(*, usulan: Usulan, oleh, status: str, catatan: str = "", versi: int | None) -> Usulan:
    """Approve or reject a proposal (a rejection needs a note); approval creates the node under the PD."""
    wajib_hak(oleh, aksi_pemutus(usulan), usulan, pesan=_("Anda tidak berwenang memutuskan usulan ini."))
    hasil = {}
    if status == S.DISETUJUI and usulan.status == S.MENUNGGU and (versi is None or versi == usulan.versi):
        hasil["simpul_hasil"] = _simpul_simpan(usulan, oleh=oleh, catatan=catatan)
    _putuskan(usulan, oleh=oleh, status=status, catatan=catatan, versi=versi, kolom=KOLOM_USULAN, **hasil)
    return usulan


@transaction.atomic
def kontributor_putuskan(*, kontributor: Kontributor, oleh, status: str, catatan: str = "", versi: int | None):
    """The invited PD accepts or rejects being a contributor of a node (a rejection needs a note)."""
    _putuskan(kontributor, oleh=oleh, status=status, catatan=catatan, versi=versi, kolom=KOLOM_KONTRIBUTOR)
    return kontributor


def _wajib_boleh_usul(oleh, arah: str, perangkat_daerah, induk: Sasaran) -> None:
    """Bagian Organisasi proposes to a PD of its pemda; a PD proposes for itself; under a city node."""
    if arah == Usulan.Arah.KOTA_KE_PD:
        wajib_hak(oleh, Aksi.KELOLA, induk, pesan=_("Hanya Bagian Organisasi yang mengusulkan cabang ke PD."))
        wajib_hak(oleh, Aksi.LIHAT, perangkat_daerah)
    elif arah == Usulan.Arah.PD_KE_KOTA:
        wajib_hak(oleh, Aksi.ISI, perangkat_daerah, pesan=_("Perangkat daerah hanya mengusulkan sasarannya sendiri."))
    else:
        raise ValidationError({"arah": _("Arah usulan tidak dikenal.")})
    if induk.perangkat_daerah_id is not None or induk.pemda_id != perangkat_daerah.pemda_id:
        raise ValidationError({"induk": _("Induk usulan harus simpul kota dari pemda yang sama.")})


@transaction.atomic
def usulan_ajukan(*, oleh, arah: str, perangkat_daerah, induk: Sasaran, tingkat, kode, uraian) -> Usulan:
    """A new proposal (waiting), refused early when the node it would create breaks the tree's rule."""
    _wajib_boleh_usul(oleh, arah, perangkat_daerah, induk)
    usulan = Usulan(
        pemda_id=perangkat_daerah.pemda_id, pengusul=oleh, arah=arah, perangkat_daerah=perangkat_daerah,
        induk=induk, tingkat=tingkat, kode=teks_atau_galat(kode, "kode", maks=40, wajib=True),
        uraian=teks_atau_galat(uraian, "uraian", wajib=True),
    )  # fmt: skip
    _simpul_baru(usulan)
    nilai = {f.name: getattr(usulan, f.name) for f in Usulan._meta.concrete_fields if f.name != "id"}
    return buat_dengan_riwayat(
        Usulan, oleh=oleh, aksi="usulan_ajukan", pemda_id=usulan.pemda_id, kolom=KOLOM_USULAN_BARU, **nilai
    )


@transaction.atomic
def kontributor_undang(*, sasaran: Sasaran, oleh, perangkat_daerah=None, mitra: str = "") -> Kontributor:
    """Make a node crosscutting: Bagian Organisasi (any node) or the node's own PD invites another PD of the
    pemda, or names an outside partner; the invitation waits for its answer."""
    wajib_hak(oleh, Aksi.KELOLA if boleh(oleh, Aksi.KELOLA) else Aksi.ISI, sasaran)
    mitra = teks_atau_galat(mitra, "mitra", maks=200)
    if (perangkat_daerah is None) == (not mitra):
        raise ValidationError(_("Pilih satu perangkat daerah atau tuliskan satu mitra luar."))
    if perangkat_daerah is not None:
        if perangkat_daerah.pemda_id != sasaran.pemda_id or perangkat_daerah.pk == sasaran.perangkat_daerah_id:
            raise ValidationError({"perangkat_daerah": _("Undang perangkat daerah lain dari pemda yang sama.")})
        if Kontributor.objects.filter(sasaran=sasaran, perangkat_daerah=perangkat_daerah).exists():
            raise ValidationError({"perangkat_daerah": _("Perangkat daerah ini sudah diundang.")})
    return buat_dengan_riwayat(
        Kontributor, oleh=oleh, aksi="kontributor_undang", pemda_id=sasaran.pemda_id,
        kolom=["sasaran", "perangkat_daerah", "mitra", "status"], sasaran=sasaran,
        perangkat_daerah=perangkat_daerah, mitra=mitra,
    )  # fmt: skip
