"""Reads of proposals and crosscutting invitations (issue 13, point 3): the user's pending proposals and
invitations, and which of them the user may decide. Who decides comes from the workflow's table
(`services.usulan.aksi_pemutus`) through the scope of `for_user`, so no page restates the rule."""

from __future__ import annotations

from dataclasses import dataclass, field

from perangkat_daerah.access import Aksi, Peran, boleh, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah

from ..models import Sasaran, TingkatPohon
from ..models_usulan import Kontributor, StatusKeputusan, Usulan
from ..services.usulan import aksi_pemutus

RIWAYAT_MAKS = 20  # decided proposals shown under the pending ones


def boleh_putuskan(user, daftar: list) -> set[int]:
    """The ids of the waiting rows of `daftar` (Usulan or Kontributor, one model) that `user` may decide:
    one query per deciding action, whatever the number of rows."""
    per_aksi: dict[str, list[int]] = {}
    for obj in daftar:
        if obj.status == StatusKeputusan.MENUNGGU:
            per_aksi.setdefault(aksi_pemutus(obj), []).append(obj.pk)
    hasil: set[int] = set()
    for aksi, ids in per_aksi.items():
        model = type(daftar[0])
        hasil |= set(model.objects.for_user(user, aksi).filter(pk__in=ids).values_list("pk", flat=True))
    return hasil


def _kontributor(qs) -> list[Kontributor]:
    return list(qs.select_related("sasaran", "sasaran__perangkat_daerah", "perangkat_daerah").order_by("pk"))


@dataclass
class HalamanUsulan:
    """The proposals page: waiting and recently decided proposals, waiting invitations, and which of them
    the user may decide."""

    menunggu: list[Usulan]
    diputuskan: list[Usulan]
    undangan: list[Kontributor]
    boleh_usulan: set[int] = field(default_factory=set)
    boleh_undangan: set[int] = field(default_factory=set)
    boleh_usul: bool = False


def halaman_usulan(*, user) -> HalamanUsulan:
    """The user's proposals and invitations: a PD user's own PD's, the whole pemda's for city roles.
    A fixed number of queries."""
    usulan = Usulan.objects.for_user(user).select_related("perangkat_daerah", "induk", "tingkat", "simpul_hasil")
    menunggu = list(usulan.filter(status=StatusKeputusan.MENUNGGU))
    diputuskan = list(usulan.exclude(status=StatusKeputusan.MENUNGGU)[:RIWAYAT_MAKS])
    undangan = _kontributor(Kontributor.objects.for_user(user).filter(status=StatusKeputusan.MENUNGGU))
    return HalamanUsulan(
        menunggu=menunggu, diputuskan=diputuskan, undangan=undangan, boleh_usulan=boleh_putuskan(user, menunggu),
        boleh_undangan=boleh_putuskan(user, undangan), boleh_usul=arah_usul(user) is not None,
    )  # fmt: skip


def undangan_pd(*, user, perangkat_daerah) -> tuple[list[Kontributor], set[int]]:
    """The waiting crosscutting invitations of one PD (shown on its branch page) and those `user` may
    answer. Two queries at most."""
    undangan = _kontributor(
        Kontributor.objects.for_user(user).filter(perangkat_daerah=perangkat_daerah, status=StatusKeputusan.MENUNGGU)
    )
    return undangan, boleh_putuskan(user, undangan)


def arah_usul(user) -> str | None:
    """Which proposals `user` may make: Bagian Organisasi (and admin) a branch to a PD, a PD user a sasaran
    of its own PD; other roles none."""
    profil = profil_pengguna(user)
    if profil is None:
        return None
    if boleh(user, Aksi.KELOLA):
        return Usulan.Arah.KOTA_KE_PD
    if Peran.terikat_pd(profil.peran) and boleh(user, Aksi.ISI):
        return Usulan.Arah.PD_KE_KOTA
    return None


@dataclass
class PilihanUsul:
    """The choices of the proposal form: city parent nodes, PD levels, and the PDs one may propose to."""

    induk: list[Sasaran]
    tingkat: list[TingkatPohon]
    perangkat_daerah: list


def pilihan_usul(*, user) -> PilihanUsul:
    """City nodes of the user's pemda as parents, the pemda's PD levels, and the PDs: all of the pemda for
    Bagian Organisasi, the user's own for a PD user. Three queries."""
    profil = profil_pengguna(user)
    pemda_id = profil.pemda_id if profil else None
    induk = Sasaran.objects.filter(pemda_id=pemda_id, perangkat_daerah__isnull=True).select_related("tingkat")
    tingkat = TingkatPohon.objects.filter(pemda_id=pemda_id, lingkup=TingkatPohon.Lingkup.PD).order_by("urutan")
    aksi = Aksi.ISI if arah_usul(user) == Usulan.Arah.PD_KE_KOTA else Aksi.LIHAT
    pd = PerangkatDaerah.objects.for_user(user, aksi).order_by("kode")
    return PilihanUsul(induk=list(induk.order_by("kode")), tingkat=list(tingkat), perangkat_daerah=list(pd))
