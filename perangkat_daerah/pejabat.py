"""The officials who sign documents, in one place: the kepala daerah (an elected official: a title and a
name, no NIP), the kepala of a PD and the Inspektur (title, name, pangkat, NIP). Every signature block of
every report is built from these (`laporan` reads them; templates/laporan/pdf/_ttd.html prints them).

A title that is not entered is the standard one: "Wali Kota <kota>", "Bupati <kabupaten>", "Gubernur
<provinsi>"; "Kepala <nama PD>", and "Inspektur" for the Inspektorat. A missing name prints "–", never the
title in its place.

THE write of the officials (pages /pd/<id>/pejabat/ and /pd/kota/pejabat/): a PD's head by its own operator
or kepala (ISI on the PD) or by Bagian Organisasi and the admin (KELOLA: the PD is the pemda's reference data,
the Inspektorat's head, the Inspektur, among them); the kepala daerah by Bagian Organisasi and the admin
(KELOLA on the pemda). Both through the access choke point, with versi and history (`perbarui_dengan_riwayat`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import Aksi, berhak, wajib_dalam, wajib_hak
from .models import Pemda, PerangkatDaerah
from .services import perbarui_dengan_riwayat, riwayat_untuk
from .validasi import nip_atau_galat, teks_atau_galat

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


def jabatan_baku_kepala_daerah(pemda: Pemda) -> str:
    """The standard title from the pemda's kind: "Wali Kota Tangerang Selatan"."""
    gelar, awalan = _GELAR_KEPALA_DAERAH.get(pemda.jenis, (_("Kepala Daerah"), ""))
    wilayah = pemda.nama[len(awalan) :] if awalan and pemda.nama.startswith(awalan) else pemda.nama
    return f"{gelar} {wilayah}"


def jabatan_kepala_daerah(pemda: Pemda) -> str:
    """The entered title, or the standard one."""
    return pemda.kepala_jabatan or jabatan_baku_kepala_daerah(pemda)


def kepala_daerah(pemda: Pemda) -> Pejabat:
    return Pejabat(jabatan=jabatan_kepala_daerah(pemda), nama=pemda.kepala_nama or KOSONG)


def jabatan_baku_kepala_pd(pd: PerangkatDaerah) -> str:
    if pd.jenis == PerangkatDaerah.Jenis.INSPEKTORAT:
        return _("Inspektur")
    return _("Kepala %(pd)s") % {"pd": pd.nama}


def jabatan_kepala_pd(pd: PerangkatDaerah) -> str:
    return pd.kepala_jabatan or jabatan_baku_kepala_pd(pd)


def kepala_pd(pd: PerangkatDaerah) -> Pejabat:
    return Pejabat(
        jabatan=jabatan_kepala_pd(pd), nama=pd.kepala_nama or KOSONG, nip=pd.kepala_nip, pangkat=pd.kepala_pangkat
    )


def pd_inspektorat(pemda: Pemda) -> PerangkatDaerah | None:
    """THE Inspektorat of the pemda: its active PD of that kind (the first by code)."""
    return (
        PerangkatDaerah.objects.filter(pemda=pemda, jenis=PerangkatDaerah.Jenis.INSPEKTORAT, aktif=True)
        .order_by("kode")
        .first()
    )


def inspektur(pemda: Pemda) -> Pejabat:
    """The head of the pemda's Inspektorat; a block with "–" as name when the pemda has none."""
    pd = pd_inspektorat(pemda)
    return kepala_pd(pd) if pd else Pejabat(jabatan=_("Inspektur"), nama=KOSONG)


# --- the officials' form ----------------------------------------------------------------------------------------

KOLOM_PD = ["kepala_nama", "kepala_jabatan", "kepala_nip", "kepala_pangkat"]
KOLOM_DAERAH = ["kepala_nama", "kepala_jabatan"]
_MAKS = {"kepala_nama": 200, "kepala_jabatan": 200, "kepala_pangkat": 100}
LABEL = {"kepala_nama": gettext_lazy("Nama"), "kepala_jabatan": gettext_lazy("Jabatan"), "kepala_nip": "NIP",
         "kepala_pangkat": gettext_lazy("Pangkat/golongan")}  # fmt: skip


def pd_pejabat_dapat_diubah(user):
    """THE PDs whose head `user` may edit: the union of two rights of the choke point, stated once (its own
    PD's operator and kepala: ISI; Bagian Organisasi and the admin, every PD of the pemda: KELOLA)."""
    return PerangkatDaerah.objects.for_user(user, Aksi.ISI) | PerangkatDaerah.objects.for_user(user, Aksi.KELOLA)


def boleh_ubah_kepala_pd(user, pd: PerangkatDaerah) -> bool:
    return pd_pejabat_dapat_diubah(user).filter(pk=pd.pk).exists()


def boleh_ubah_kepala_daerah(user, pemda: Pemda) -> bool:
    return berhak(user, Aksi.KELOLA, pemda)


def isian_pejabat(nilai, kolom: list[str]) -> dict:
    """The checked values of `kolom` from a form: a name (required), a title and pangkat (free text; an empty
    title prints the standard one) and the NIP (THE rule, `nip_atau_galat`). Every refusal at once, by field."""
    hasil, galat = {}, {}
    for k in kolom:
        try:
            if k == "kepala_nip":
                hasil[k] = nip_atau_galat(nilai.get(k), k)
            else:
                hasil[k] = teks_atau_galat(nilai.get(k), k, maks=_MAKS[k], wajib=k == "kepala_nama")
        except ValidationError as exc:
            galat.update(exc.message_dict)
    if galat:
        raise ValidationError(galat)
    return hasil


@transaction.atomic
def kepala_pd_simpan(*, pd: PerangkatDaerah, oleh, nilai, versi: int | None) -> bool:
    """Save the head of `pd` (the Inspektur for the Inspektorat): 403 without the right, a ValidationError for
    bad input, VersiKedaluwarsa for a form loaded before another change. False when nothing changed."""
    wajib_dalam(pd_pejabat_dapat_diubah(oleh), pd, _("Anda tidak berwenang mengubah pejabat perangkat daerah ini."))
    isi = isian_pejabat(nilai, KOLOM_PD)
    pd = PerangkatDaerah.objects.select_for_update().get(pk=pd.pk)
    return perbarui_dengan_riwayat(
        pd, versi=versi, oleh=oleh, aksi="pejabat.kepala_pd", pemda_id=pd.pemda_id, kolom=KOLOM_PD, nilai=isi
    )


@transaction.atomic
def kepala_daerah_simpan(*, pemda: Pemda, oleh, nilai, versi: int | None) -> bool:
    """Save the kepala daerah's name and title (no NIP: an elected official); as `kepala_pd_simpan`."""
    wajib_hak(oleh, Aksi.KELOLA, pemda, pesan=_("Kepala daerah diubah oleh Bagian Organisasi."))
    isi = isian_pejabat(nilai, KOLOM_DAERAH)
    pemda = Pemda.objects.select_for_update().get(pk=pemda.pk)
    return perbarui_dengan_riwayat(
        pemda, versi=versi, oleh=oleh, aksi="pejabat.kepala_daerah", pemda_id=pemda.pk, kolom=KOLOM_DAERAH, nilai=isi
    )


def riwayat_pejabat(obj, kolom: list[str], batas: int = 20) -> list[dict]:
    """The changes of the officials' fields of `obj` (this form's and the admin's), newest first: who, when,
    and each field's value before and after."""
    hasil = []
    for r in riwayat_untuk(obj).order_by("-waktu", "-pk")[:100]:
        sebelum, sesudah = r.sebelum or {}, r.sesudah or {}
        ubah = [
            {"label": LABEL[k], "sebelum": sebelum.get(k) or "–", "sesudah": sesudah.get(k) or "–"}
            for k in kolom
            if (sebelum.get(k) or "") != (sesudah.get(k) or "")
        ]
        if ubah:
            hasil.append({"waktu": r.waktu, "oleh": r.oleh, "aksi": r.aksi, "ubah": ubah})
        if len(hasil) == batas:
            break
    return hasil
