"""Quarter locks, Perjanjian Kinerja and targets: Bagian Organisasi locks quarters; targets are set while
the PK is a draft, the kepala PD sets the PK, and a set PK's targets change only by a revision with a
reason. Every write goes through `perbarui_dengan_riwayat` / `buat_dengan_riwayat`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_dalam, wajib_hak
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    buat_dengan_riwayat,
    perbarui_dengan_riwayat,
    riwayat_untuk,
)
from perangkat_daerah.validasi import teks_atau_galat

from .. import capaian
from ..models import Indikator, KunciTriwulan, PerjanjianKinerja, RevisiPK, Target
from ..models_perencanaan import INDIKATOR_PK
from ..selectors import indikator_dapat_ditarget, pk_dapat_direvisi
from .isian import isian_target, triwulan_atau_galat
from .rencana import revisi_catat

RIWAYAT_TARGET = list(Target.NILAI_FIELDS)
RIWAYAT_KUNCI = ["batas_waktu", "terkunci"]
RIWAYAT_PK = ["status", "ditetapkan_pada"]


# --- quarter locks ---------------------------------------------------------------------------------


@transaction.atomic
def triwulan_kunci(*, pemda, tahun: int, triwulan: int, terkunci: bool, batas_waktu=None, oleh) -> KunciTriwulan:
    """Bagian Organisasi sets a quarter's deadline and lock for the pemda (locked: no PD writes)."""
    triwulan = triwulan_atau_galat(triwulan)
    wajib_hak(oleh, Aksi.KELOLA, pemda, pesan=_("Hanya Bagian Organisasi yang dapat mengunci triwulan."))
    kunci, _baru = KunciTriwulan.objects.select_for_update().get_or_create(pemda=pemda, tahun=tahun, triwulan=triwulan)
    perbarui_dengan_riwayat(
        kunci, versi=None, oleh=oleh, aksi="triwulan.kunci" if terkunci else "triwulan.buka", pemda_id=pemda.pk,
        kolom=RIWAYAT_KUNCI, nilai={"terkunci": terkunci, "batas_waktu": batas_waktu},
    )  # fmt: skip
    return kunci


# --- PK and targets --------------------------------------------------------------------------------


def pk_untuk(indikator: Indikator, tahun: int) -> PerjanjianKinerja | None:
    """The PK that holds this indicator's target for `tahun` (None for city-level indicators or no PK)."""
    if indikator.perangkat_daerah_id is None:
        return None
    return PerjanjianKinerja.objects.filter(perangkat_daerah_id=indikator.perangkat_daerah_id, tahun=tahun).first()


@transaction.atomic
def target_simpan(*, indikator: Indikator, tahun: int, oleh, versi: int | None = None, **nilai) -> Target:
    """Set an indicator's target for a year (nilai or lo–hi, optional t1..t4) while its PK is a draft.
    Once the PK is ditetapkan the target is locked: a change goes through `target_revisi` with a reason."""
    wajib_dalam(indikator_dapat_ditarget(oleh), indikator, _("Anda tidak berwenang mengubah target indikator ini."))
    pk = pk_untuk(indikator, tahun)
    if pk is not None and pk.ditetapkan:
        raise ValidationError(
            _("Perjanjian Kinerja %(tahun)s sudah ditetapkan: target terkunci. Ubah melalui revisi dengan alasan.")
            % {"tahun": tahun}
        )
    target, _berubah = _target_tulis(
        indikator=indikator, tahun=tahun, oleh=oleh, versi=versi, isian=isian_target(nilai, indikator)
    )
    return target


def _target_tulis(*, indikator, tahun, oleh, versi, isian, aksi="target.simpan", catatan="") -> tuple[Target, bool]:
    """Create or update one target with its history; returns the target and whether anything changed."""
    target = Target.objects.select_for_update().filter(indikator=indikator, tahun=tahun).first()
    if target is None:
        target = buat_dengan_riwayat(
            Target, oleh=oleh, aksi=aksi, pemda_id=indikator.pemda_id, kolom=RIWAYAT_TARGET, catatan=catatan,
            indikator=indikator, tahun=tahun, **isian,
        )  # fmt: skip
        return target, True
    if versi is not None and versi != target.versi:
        raise VersiKedaluwarsa()
    berubah = perbarui_dengan_riwayat(
        target, versi=None, oleh=oleh, aksi=aksi, pemda_id=indikator.pemda_id, kolom=RIWAYAT_TARGET,
        nilai=isian, catatan=catatan,
    )  # fmt: skip
    return target, berubah


@transaction.atomic
def target_revisi(*, indikator: Indikator, tahun: int, alasan: str, oleh, versi: int | None = None, **nilai) -> Target:
    """Change a target of a PK that is already ditetapkan: needs a reason; the PK's revision count goes up
    and the revision (reason, who, when, before, after) is kept. Kepala PD of that PD or Bagian Organisasi.
    An unchanged target is no revision."""
    alasan = teks_atau_galat(alasan, "alasan")
    if not alasan:
        raise ValidationError({"alasan": _("Revisi target Perjanjian Kinerja wajib disertai alasan.")})
    pk = pk_untuk(indikator, tahun)
    if pk is None or not pk.ditetapkan:
        raise ValidationError(_("Perjanjian Kinerja belum ditetapkan: ubah target secara langsung, tanpa revisi."))
    wajib_dalam(
        pk_dapat_direvisi(oleh), pk, _("Hanya kepala perangkat daerah atau Bagian Organisasi yang dapat merevisi PK.")
    )
    target, berubah = _target_tulis(
        indikator=indikator, tahun=tahun, oleh=oleh, versi=versi, isian=isian_target(nilai, indikator),
        aksi="target.revisi", catatan=alasan,
    )  # fmt: skip
    if not berubah:
        return target
    terakhir = riwayat_untuk(target).first()
    revisi_catat(pk, oleh=oleh, aksi="pk.revisi", pemda_id=indikator.pemda_id, catatan=alasan)
    RevisiPK.objects.create(
        perjanjian=pk, target=target, nomor=pk.revisi, alasan=alasan, oleh=oleh,
        sebelum=terakhir.sebelum, sesudah=terakhir.sesudah,
    )  # fmt: skip
    return target


@transaction.atomic
def target_isi_triwulan(
    *, indikator: Indikator, tahun: int, oleh, alasan: str = "", versi: int | None = None
) -> Target:
    """Fill an indicator's quarterly targets (s.d. TW I..IV) from its year target with THE split rule
    (`capaian.target_sd_triwulan`: a count is never split into fractions, 9 → 2, 2, 2, 3). Written like
    any target change: directly while the PK is a draft (`target_simpan`), as a revision with a reason
    once it is set (`target_revisi`); both check the right and keep the history."""
    target = Target.objects.filter(indikator=indikator, tahun=tahun).first()
    if target is None or target.nilai is None:
        raise ValidationError(
            _("Isi dulu target tahunan %(kode)s berupa satu angka (bukan rentang) sebelum membaginya per triwulan.")
            % {"kode": indikator.kode}
        )
    per_tw = capaian.target_sd_triwulan(target.nilai, indikator.agregasi, bulat=indikator.bulat)
    nilai = {"nilai": target.nilai, "lo": None, "hi": None, **{f"t{tw}": v for tw, v in per_tw.items()}}
    versi = target.versi if versi is None else versi
    pk = pk_untuk(indikator, tahun)
    if pk is not None and pk.ditetapkan:
        return target_revisi(indikator=indikator, tahun=tahun, alasan=alasan, oleh=oleh, versi=versi, **nilai)
    return target_simpan(indikator=indikator, tahun=tahun, oleh=oleh, versi=versi, **nilai)


@transaction.atomic
def pk_tetapkan(*, perangkat_daerah, tahun: int, oleh) -> PerjanjianKinerja:
    """The kepala PD sets (ditetapkan) the PD's Perjanjian Kinerja for `tahun`, locking its targets.
    Every indicator of the PD needs a target for that year first."""
    wajib_hak(oleh, Aksi.SETUJUI, perangkat_daerah)
    pk, _baru = PerjanjianKinerja.objects.select_for_update().get_or_create(
        perangkat_daerah=perangkat_daerah, tahun=tahun
    )
    if pk.ditetapkan:
        raise ValidationError(_("Perjanjian Kinerja ini sudah ditetapkan."))
    tanpa_target = list(
        Indikator.objects.filter(INDIKATOR_PK, perangkat_daerah=perangkat_daerah)
        .exclude(target__tahun=tahun)
        .values_list("kode", flat=True)
    )
    if tanpa_target:
        raise ValidationError(
            _("Indikator berikut belum memiliki target %(tahun)s: %(daftar)s.")
            % {"tahun": tahun, "daftar": ", ".join(tanpa_target)}
        )
    perbarui_dengan_riwayat(
        pk, versi=None, oleh=oleh, aksi="pk.tetapkan", pemda_id=perangkat_daerah.pemda_id, kolom=RIWAYAT_PK,
        nilai={"status": PerjanjianKinerja.Status.DITETAPKAN, "ditetapkan_pada": timezone.now()},
        tambahan={"ditetapkan_oleh": oleh},
    )  # fmt: skip
    return pk
