"""Writing a checked onboarding plan in one transaction, idempotently: a row that already holds the sheet's
values is left alone (no write, no history), a changed row is updated through THE history writer
(`perbarui_dengan_riwayat`, which also bumps `versi`), a new row is created with its history row
(`buat_dengan_riwayat` / `riwayat_catat`). Nothing is ever deleted: a PD, period or user missing from the
workbook stays as it is. A new user gets a random initial password; an existing one keeps its own."""

from __future__ import annotations

import secrets
import string
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from kinerja.models import PeriodePerencanaan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from perangkat_daerah.access import Peran
from perangkat_daerah.models import Pemda, PerangkatDaerah, Profil
from perangkat_daerah.services import buat_dengan_riwayat, perbarui_dengan_riwayat, potret, riwayat_catat

from ..models import PengaturanEvaluasi
from .baca import BIDANG_PD, BIDANG_PEMDA, BarisPengguna, Rencana
from .kolom import KOLOM_PENGGUNA, LEMBAR_PENGGUNA, U_PD, GalatOnboarding

AKSI_BUAT, AKSI_UBAH = "onboarding.buat", "onboarding.ubah"
KOLOM_PENGATURAN = ["instrumen_kota_id", "instrumen_pd_id", "skala_predikat_id"]
KOLOM_PERIODE = ["tahun_mulai", "tahun_akhir", "visi", "misi"]
KOLOM_PENGGUNA_RIWAYAT = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "peran",
    "perangkat_daerah_id",
    "jabatan",
]  # fmt: skip; never the password
# letters and digits without the look-alikes (0/O, 1/l/I), so a password read from a screen is typed right
_HURUF_SANDI = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PANJANG_SANDI = 16


@dataclass(frozen=True)
class SandiAwal:
    """A new user's initial password: shown once (or e-mailed), never stored in plain text."""

    username: str
    nama: str
    email: str
    peran: str
    sandi: str


@dataclass
class HasilTulis:
    dibuat: Counter = field(default_factory=Counter)
    diubah: Counter = field(default_factory=Counter)
    sandi: list[SandiAwal] = field(default_factory=list)
    galat: list[GalatOnboarding] = field(default_factory=list)
    pemda: Pemda | None = None


class Batal(Exception):
    """A rule checked on the stored rows failed: the transaction rolls back (all or nothing)."""


def sandi_acak(user=None) -> str:
    """A random initial password from `secrets` that the configured password validators accept."""
    while True:
        sandi = "".join(secrets.choice(_HURUF_SANDI) for _i in range(PANJANG_SANDI))
        try:
            validate_password(sandi, user)
        except ValidationError:
            continue
        return sandi


def _simpan(hasil: HasilTulis, jenis: str, obj, *, pemda_id: int, kolom: list[str], nilai: dict, oleh) -> None:
    """Update `obj` through THE history writer when any value differs (counted), else nothing."""
    if perbarui_dengan_riwayat(obj, versi=None, oleh=oleh, aksi=AKSI_UBAH, pemda_id=pemda_id, kolom=kolom,
                               nilai=nilai):  # fmt: skip
        hasil.diubah[jenis] += 1


def _pemda(rencana: Rencana, hasil: HasilTulis, oleh) -> Pemda:
    pemda = rencana.pemda
    if pemda is None:
        pemda = buat_dengan_riwayat(Pemda, oleh=oleh, aksi=AKSI_BUAT, pemda_id=None, kolom=BIDANG_PEMDA,
                                    **rencana.nilai_pemda)  # fmt: skip
        hasil.dibuat["pemda"] += 1
    else:
        pemda = Pemda.objects.select_for_update().get(pk=pemda.pk)
        _simpan(hasil, "pemda", pemda, pemda_id=pemda.pk, kolom=BIDANG_PEMDA, nilai=rencana.nilai_pemda, oleh=oleh)
    tingkat_bawaan_pastikan(pemda=pemda)  # the default tree levels; idempotent
    anggota = set(pemda.grup_pemda.values_list("pk", flat=True))
    baru = [g for g in rencana.grup if g.pk not in anggota]
    if baru:
        sebelum = sorted(pemda.grup_pemda.values_list("kode", flat=True))
        pemda.grup_pemda.add(*baru)
        riwayat_catat(obj=pemda, pemda_id=pemda.pk, aksi="onboarding.grup", oleh=oleh, sebelum={"grup": sebelum},
                      sesudah={"grup": sorted(pemda.grup_pemda.values_list("kode", flat=True))})  # fmt: skip
        hasil.diubah["grup"] += len(baru)
    return pemda


def _pd(rencana: Rencana, hasil: HasilTulis, pemda: Pemda, oleh) -> dict[str, PerangkatDaerah]:
    ada = {p.kode: p for p in PerangkatDaerah.objects.select_for_update().filter(pemda=pemda)}
    for kode, nilai in rencana.pd.items():
        if kode in ada:
            _simpan(hasil, "pd", ada[kode], pemda_id=pemda.pk, kolom=BIDANG_PD, nilai=nilai, oleh=oleh)
        else:
            ada[kode] = buat_dengan_riwayat(PerangkatDaerah, oleh=oleh, aksi=AKSI_BUAT, pemda_id=pemda.pk,
                                            kolom=BIDANG_PD, pemda=pemda, **nilai)  # fmt: skip
            hasil.dibuat["pd"] += 1
    return ada


def _pengaturan(rencana: Rencana, hasil: HasilTulis, pemda: Pemda, oleh) -> None:
    if rencana.instrumen is None:
        return
    nilai = {f"{k}_id": (v.pk if v is not None else None) for k, v in rencana.instrumen.items()}
    atur = PengaturanEvaluasi.objects.select_for_update().filter(pemda=pemda).first()
    if atur is not None:
        _simpan(hasil, "pengaturan", atur, pemda_id=pemda.pk, kolom=KOLOM_PENGATURAN, nilai=nilai, oleh=oleh)
    elif any(v is not None for v in nilai.values()):
        buat_dengan_riwayat(PengaturanEvaluasi, oleh=oleh, aksi=AKSI_BUAT, pemda_id=pemda.pk, kolom=KOLOM_PENGATURAN,
                            pemda=pemda, **nilai)  # fmt: skip
        hasil.dibuat["pengaturan"] += 1


def _periode(rencana: Rencana, hasil: HasilTulis, pemda: Pemda, oleh) -> None:
    ada = {p.tahun_mulai: p for p in PeriodePerencanaan.objects.select_for_update().filter(pemda=pemda, jenis="rpjmd")}
    for nilai in rencana.periode:
        lama = ada.get(nilai["tahun_mulai"])
        if lama is None:
            buat_dengan_riwayat(PeriodePerencanaan, oleh=oleh, aksi=AKSI_BUAT, pemda_id=pemda.pk, kolom=KOLOM_PERIODE,
                                pemda=pemda, jenis="rpjmd", **nilai)  # fmt: skip
            hasil.dibuat["periode"] += 1
        elif lama.status != PeriodePerencanaan.Status.FINAL:  # a final one is unchanged (checked when read)
            _simpan(hasil, "periode", lama, pemda_id=pemda.pk, kolom=KOLOM_PERIODE, nilai=nilai, oleh=oleh)


def _potret_pengguna(user, profil: Profil) -> dict:
    return {**potret(user, KOLOM_PENGGUNA_RIWAYAT[:5]), **potret(profil, KOLOM_PENGGUNA_RIWAYAT[5:])}


def _satu_pengguna(b: BarisPengguna, hasil: HasilTulis, pemda: Pemda, pd: dict, oleh) -> None:
    User = get_user_model()
    user = User.objects.select_for_update().filter(username=b.username).first()
    isian_user = {
        "first_name": b.first_name,
        "last_name": b.last_name,
        "email": b.email,
        "is_staff": b.peran == Peran.ADMIN,
    }  # fmt: skip; the pemda's administrator enters the admin
    isian_profil = {"peran": b.peran, "perangkat_daerah": pd.get(b.kode_pd) if b.kode_pd else None,
                    "jabatan": b.jabatan}  # fmt: skip
    profil = Profil.objects.get(user=user) if user is not None else Profil(pemda=pemda)
    for k, v in isian_profil.items():
        setattr(profil, k, v)
    try:
        profil.clean()  # THE rule of a role and its PD
    except ValidationError as exc:
        for pesan in exc.messages:
            hasil.galat.append(
                GalatOnboarding(
                    LEMBAR_PENGGUNA, b.nomor, f"{chr(ord('A') + U_PD)} ({KOLOM_PENGGUNA[U_PD].judul})", pesan
                )
            )
        return
    if user is None:
        user = User(username=b.username, is_active=True, **isian_user)
        sandi = sandi_acak(user)
        user.set_password(sandi)
        user.save()
        profil.user = user
        profil.save()
        riwayat_catat(obj=profil, pemda_id=pemda.pk, aksi=AKSI_BUAT, oleh=oleh, sebelum=None,
                      sesudah=_potret_pengguna(user, profil))  # fmt: skip
        hasil.dibuat["pengguna"] += 1
        nama = f"{b.first_name} {b.last_name}".strip()
        hasil.sandi.append(SandiAwal(b.username, nama, b.email, profil.get_peran_display(), sandi))
        return
    lama = Profil.objects.get(pk=profil.pk)
    sebelum = _potret_pengguna(user, lama)
    for k, v in isian_user.items():
        setattr(user, k, v)
    if _potret_pengguna(user, profil) != sebelum:
        user.save(update_fields=list(isian_user))
        profil.save(update_fields=["peran", "perangkat_daerah", "jabatan"])
        riwayat_catat(obj=profil, pemda_id=pemda.pk, aksi=AKSI_UBAH, oleh=oleh, sebelum=sebelum,
                      sesudah=_potret_pengguna(user, profil))  # fmt: skip
        hasil.diubah["pengguna"] += 1


def tulis(rencana: Rencana, *, oleh) -> HasilTulis:
    """Write the plan (the caller holds the transaction); Batal when a stored-row rule fails, with the errors
    in the result it carries."""
    hasil = HasilTulis()
    pemda = _pemda(rencana, hasil, oleh)
    hasil.pemda = pemda
    pd = _pd(rencana, hasil, pemda, oleh)
    _pengaturan(rencana, hasil, pemda, oleh)
    _periode(rencana, hasil, pemda, oleh)
    for b in rencana.pengguna:
        _satu_pengguna(b, hasil, pemda, pd, oleh)
    if hasil.galat:
        raise Batal(hasil)
    return hasil
