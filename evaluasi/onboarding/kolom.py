"""The sheets and columns of the onboarding workbook (one pemda per workbook), and the error type that names
the sheet, the row and the column. Headers are fixed Indonesian text, not translated: a workbook must read the
same whatever the language of the page that made it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kinerja.excel import Kolom

LEMBAR_PEMDA = "Pemda"
LEMBAR_PD = "Perangkat Daerah"
LEMBAR_INSTRUMEN = "Instrumen"
LEMBAR_PERIODE = "Periode"
LEMBAR_PENGGUNA = "Pengguna"
LEMBAR_PETUNJUK = "Petunjuk"

KOLOM_PEMDA = [
    Kolom("Kode", 22, True),
    Kolom("Nama", 34, True),
    Kolom("Jenis", 12, True),
    Kolom("Nama Kepala Daerah", 28, True),
    Kolom("Jabatan Kepala Daerah", 28, True),
    Kolom("Tempat Penandatanganan", 24, True),
    Kolom("Grup", 22, True),
]
P_KODE, P_NAMA, P_JENIS, P_KEPALA, P_JABATAN, P_TEMPAT, P_GRUP = range(7)

KOLOM_PD = [
    Kolom("Kode", 14, True),
    Kolom("Nama", 40, True),
    Kolom("Singkatan", 14, True),
    Kolom("Jenis", 14, True),
    Kolom("Nama Kepala", 28, True),
    Kolom("NIP Kepala", 22, True),
    Kolom("Jabatan Kepala", 28, True),
    Kolom("Pangkat/Golongan Kepala", 28, True),
]
D_KODE, D_NAMA, D_SINGKATAN, D_JENIS, D_KEPALA, D_NIP, D_JABATAN, D_PANGKAT = range(8)

KOLOM_INSTRUMEN = [
    Kolom("Instrumen Kota", 26, True),
    Kolom("Versi Instrumen Kota", 12, True),
    Kolom("Instrumen PD", 26, True),
    Kolom("Versi Instrumen PD", 12, True),
    Kolom("Skala Predikat", 26, True),
]
I_KOTA, I_VERSI_KOTA, I_PD, I_VERSI_PD, I_SKALA = range(5)

KOLOM_PERIODE = [
    Kolom("Tahun Mulai", 12, True),
    Kolom("Tahun Akhir", 12, True),
    Kolom("Visi", 50, True),
    Kolom("Misi", 60, True),
]
R_MULAI, R_AKHIR, R_VISI, R_MISI = range(4)

KOLOM_PENGGUNA = [
    Kolom("Username", 20, True),
    Kolom("Nama", 28, True),
    Kolom("Email", 28, True),
    Kolom("Peran", 20, True),
    Kolom("Kode PD", 14, True),
    Kolom("Jabatan", 28, True),
]
U_USERNAME, U_NAMA, U_EMAIL, U_PERAN, U_PD, U_JABATAN = range(6)

LEMBAR = {
    LEMBAR_PEMDA: KOLOM_PEMDA,
    LEMBAR_PD: KOLOM_PD,
    LEMBAR_INSTRUMEN: KOLOM_INSTRUMEN,
    LEMBAR_PERIODE: KOLOM_PERIODE,
    LEMBAR_PENGGUNA: KOLOM_PENGGUNA,
}


@dataclass(frozen=True)
class GalatOnboarding:
    """One problem of the workbook: the sheet, the row as Excel numbers it (0: the whole sheet or file), the
    column ("C (Email)") and the message in Indonesian."""

    lembar: str
    baris: int
    kolom: str
    pesan: str

    def __str__(self) -> str:
        if not self.baris:
            return _("Lembar “%(l)s”: %(p)s") % {"l": self.lembar, "p": self.pesan} if self.lembar else self.pesan
        return _("Lembar “%(l)s”, baris %(b)s, kolom %(k)s: %(p)s") % {
            "l": self.lembar,
            "b": self.baris,
            "k": self.kolom,
            "p": self.pesan,
        }
