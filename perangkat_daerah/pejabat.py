"""The officials who sign documents, in one place: the kepala daerah (an elected official: a title and a
name, no NIP), the kepala of a PD and the Inspektur (title, name, pangkat, NIP). Every signature block of
every report is built from these (`laporan` reads them; templates/laporan/pdf/_ttd.html prints them).

A title that is not entered is the standard one: "Wali Kota <kota>", "Bupati <kabupaten>", "Gubernur
<provinsi>"; "Kepala <nama PD>", and "Inspektur" for the Inspektorat. A missing name prints "–", never the
title in its place."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Pemda, PerangkatDaerah

KOSONG = "–"

# The title of a pemda's head by the pemda's kind, and the prefix of the pemda's name it replaces.
_GELAR_KEPALA_DAERAH = {
    Pemda.Jenis.KOTA: ("Wali Kota", "Kota "),
    Pemda.Jenis.KABUPATEN: ("Bupati", "Kabupaten "),
    Pemda.Jenis.PROVINSI: ("Gubernur", "Provinsi "),
}


@dataclass(frozen=True)
class Pejabat:
    """One signer as a signature block prints it."""

    jabatan: str
    nama: str
    nip: str = ""
    pangkat: str = ""

    def sebagai_dict(self) -> dict:
        return {"jabatan": self.jabatan, "nama": self.nama, "nip": self.nip, "pangkat": self.pangkat}


def jabatan_kepala_daerah(pemda: Pemda) -> str:
    """The entered title, or the standard one from the pemda's kind: "Wali Kota Tangerang Selatan"."""
    if pemda.kepala_jabatan:
        return pemda.kepala_jabatan
    gelar, awalan = _GELAR_KEPALA_DAERAH.get(pemda.jenis, (_("Kepala Daerah"), ""))
    wilayah = pemda.nama[len(awalan) :] if awalan and pemda.nama.startswith(awalan) else pemda.nama
    return f"{gelar} {wilayah}"


def kepala_daerah(pemda: Pemda) -> Pejabat:
    return Pejabat(jabatan=jabatan_kepala_daerah(pemda), nama=pemda.kepala_nama or KOSONG)


def jabatan_kepala_pd(pd: PerangkatDaerah) -> str:
    if pd.kepala_jabatan:
        return pd.kepala_jabatan
    if pd.jenis == PerangkatDaerah.Jenis.INSPEKTORAT:
        return _("Inspektur")
    return _("Kepala %(pd)s") % {"pd": pd.nama}


def kepala_pd(pd: PerangkatDaerah) -> Pejabat:
    return Pejabat(
        jabatan=jabatan_kepala_pd(pd), nama=pd.kepala_nama or KOSONG, nip=pd.kepala_nip, pangkat=pd.kepala_pangkat
    )


def inspektur(pemda: Pemda) -> Pejabat:
    """The head of the pemda's (active) Inspektorat; a block with "–" as name when the pemda has none."""
    pd = (
        PerangkatDaerah.objects.filter(pemda=pemda, jenis=PerangkatDaerah.Jenis.INSPEKTORAT, aktif=True)
        .order_by("kode")
        .first()
    )
    return kepala_pd(pd) if pd else Pejabat(jabatan=_("Inspektur"), nama=KOSONG)
