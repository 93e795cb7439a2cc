"""The organisation profile of a PD or of the city, the content of an LKjIP's chapter I (issue 14 point 3):
reads, THE write (rights, checks, history), and the staff categories as data.

Rights, through the one guard: a PD's profile is written by its operator or kepala (ISI on the PD), the city's
by Bagian Organisasi (KELOLA on the pemda); everyone in scope reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat

from .access import Aksi, wajib_hak
from .models import Pemda, PerangkatDaerah, ProfilInstansi
from .services import buat_dengan_riwayat, perbarui_dengan_riwayat
from .validasi import teks_atau_galat

# The staff tables of chapter I: by rank group (ASN golongan, and PPPK) and by highest education.
GOLONGAN = ("Golongan I", "Golongan II", "Golongan III", "Golongan IV", "PPPK")
PENDIDIKAN = ("SD", "SMP", "SMA/SMK", "D-I/D-II/D-III", "D-IV/S1", "S2", "S3")
PEGAWAI_MAKS = 100_000  # no PD or city has more staff; a larger number is a typing error
_RIBUAN = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
KOLOM_TEKS = {"tugas_pokok": 5000, "fungsi": 5000, "struktur": 5000, "isu_strategis": 5000}
KOLOM = [*KOLOM_TEKS, "pegawai"]


@dataclass(frozen=True)
class Unit:
    """One unit of the organisation structure and its depth (0 = the head of the organisation)."""

    nama: str
    tingkat: int


def profil_untuk(*, pemda: Pemda, perangkat_daerah: PerangkatDaerah | None) -> ProfilInstansi | None:
    return ProfilInstansi.objects.filter(pemda=pemda, perangkat_daerah=perangkat_daerah).first()


def baris(teks: str) -> list[str]:
    """The non-empty lines of a one-item-per-line text."""
    return [b.strip() for b in (teks or "").splitlines() if b.strip()]


def struktur_unit(teks: str) -> list[Unit]:
    """The structure text as units with their depth: two leading spaces per level below the head."""
    hasil = []
    for b in (teks or "").splitlines():
        if b.strip():
            hasil.append(Unit(nama=b.strip(), tingkat=(len(b) - len(b.lstrip(" "))) // 2))
    return hasil


def tabel_pegawai(pegawai: dict) -> dict[str, list[tuple[str, int]]]:
    """The two staff tables with every category (0 where nothing is entered) and a total each."""
    hasil = {}
    for kunci, kategori in (("golongan", GOLONGAN), ("pendidikan", PENDIDIKAN)):
        isi = (pegawai or {}).get(kunci, {})
        daftar = [(k, int(isi.get(k, 0))) for k in kategori]
        hasil[kunci] = [*daftar, (_("Jumlah"), sum(n for _k, n in daftar))]
    return hasil


def _pegawai(nilai: dict) -> dict:
    """The staff counts from form fields `golongan_<i>` / `pendidikan_<i>`: whole numbers 0…PEGAWAI_MAKS."""
    hasil: dict[str, dict[str, int]] = {}
    for kunci, kategori in (("golongan", GOLONGAN), ("pendidikan", PENDIDIKAN)):
        hasil[kunci] = {}
        for i, nama in enumerate(kategori):
            mentah = str(nilai.get(f"{kunci}_{i}") or "").strip()
            if _RIBUAN.fullmatch(mentah):  # "1.234": the Indonesian thousands separator
                mentah = mentah.replace(".", "")
            try:
                n = bilangan_bulat(mentah or "0", minimum=0, maksimum=PEGAWAI_MAKS)
            except BilanganTidakValid:
                raise ValidationError(
                    {f"{kunci}_{i}": _("%(nama)s: isi bilangan bulat 0 sampai 100.000.") % {"nama": nama}}
                ) from None
            hasil[kunci][nama] = n
    return hasil


@transaction.atomic
def profil_instansi_simpan(
    *, pemda: Pemda, perangkat_daerah: PerangkatDaerah | None, oleh, nilai: dict, versi: int | None
) -> ProfilInstansi:
    """Create or update the profile; a stale `versi` raises VersiKedaluwarsa, bad input a ValidationError."""
    if perangkat_daerah is not None:
        wajib_hak(oleh, Aksi.ISI, perangkat_daerah)
    else:
        wajib_hak(oleh, Aksi.KELOLA, pemda)
    isi = {k: teks_atau_galat(nilai.get(k), k, maks=maks) for k, maks in KOLOM_TEKS.items()}
    isi["pegawai"] = _pegawai(nilai)
    ada = ProfilInstansi.objects.select_for_update().filter(pemda=pemda, perangkat_daerah=perangkat_daerah).first()
    if ada is None:
        return buat_dengan_riwayat(
            ProfilInstansi, oleh=oleh, aksi="profil_instansi.buat", pemda_id=pemda.pk, kolom=KOLOM,
            pemda=pemda, perangkat_daerah=perangkat_daerah, **isi,
        )  # fmt: skip
    perbarui_dengan_riwayat(
        ada, versi=versi, oleh=oleh, aksi="profil_instansi.ubah", pemda_id=pemda.pk, kolom=KOLOM, nilai=isi
    )
    return ada
