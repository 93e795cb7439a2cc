"""History as users read it: who, when, what action, and each changed field before → after, in Indonesian
with numbers written as users write them. Every list is read in a fixed number of queries, whatever the
length of the history (one for the history rows with their users, at most one for the content type)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import riwayat_untuk
from sakip.lib.angka import format_angka

from ..models import Anggaran, Indikator, Realisasi, Target

AKSI = {
    "realisasi.simpan": gettext_lazy("Disimpan sebagai draf"),
    "realisasi.impor": gettext_lazy("Diimpor dari Excel"),
    "realisasi.ajukan": gettext_lazy("Diajukan untuk verifikasi"),
    "realisasi.verifikasi": gettext_lazy("Diverifikasi"),
    "realisasi.kembalikan": gettext_lazy("Dikembalikan ke perangkat daerah"),
    "target.simpan": gettext_lazy("Target disimpan"),
    "target.impor": gettext_lazy("Target diimpor dari Excel"),
    "target.revisi": gettext_lazy("Revisi Perjanjian Kinerja"),
    "anggaran.simpan": gettext_lazy("Anggaran disimpan"),
    "renaksi.buat": gettext_lazy("Aksi ditambahkan"),
    "renaksi.buat.revisi": gettext_lazy("Aksi ditambahkan (revisi PK)"),
    "renaksi.ubah": gettext_lazy("Aksi diubah"),
    "renaksi.ubah.revisi": gettext_lazy("Aksi diubah (revisi PK)"),
    "renaksi.hapus": gettext_lazy("Aksi dihapus"),
    "renaksi.hapus.revisi": gettext_lazy("Aksi dihapus (revisi PK)"),
}


@dataclass(frozen=True)
class Perubahan:
    """One field of one change: its label and its value before and after, as text."""

    kolom: str
    sebelum: str
    sesudah: str


@dataclass(frozen=True)
class EntriRiwayat:
    """One history row as shown: when, who, what action, the changed fields, the note (a reason, a
    verifier's note) and, on pages listing several objects, which object (`objek`, e.g. an indicator kode)."""

    waktu: datetime.datetime
    oleh: str
    aksi: str
    perubahan: list[Perubahan]
    catatan: str = ""
    objek: str = ""


def _angka(teks) -> str:
    try:
        nilai = Decimal(str(teks)).normalize()
    except InvalidOperation:
        return str(teks)
    return format_angka(nilai, max(0, -nilai.as_tuple().exponent))


def teks_nilai(model: type[models.Model], kolom: str, nilai) -> str:
    """A stored history value as users read it: "87,25", "1.234.567.890", "Ya", "Diajukan", "–"."""
    if nilai is None or nilai == "":
        return "–"
    if isinstance(nilai, dict):  # monthly targets of an action plan: "1: 10; 2: 20,5"
        return "; ".join(f"{k}: {_angka(v)}" for k, v in nilai.items()) or "–"
    try:
        field = model._meta.get_field(kolom)
    except models.FieldDoesNotExist:
        return str(nilai)
    if isinstance(field, models.DecimalField):
        return _angka(nilai)
    if isinstance(field, models.BooleanField):
        return _("Ya") if nilai else _("Tidak")
    if isinstance(field, models.FileField):
        return _("berkas terunggah")
    if field.choices:
        return str(dict(field.flatchoices).get(nilai, nilai))
    return str(nilai)


def _label(model: type[models.Model], kolom: str) -> str:
    try:
        return str(model._meta.get_field(kolom).verbose_name)
    except models.FieldDoesNotExist:
        return kolom


def perubahan(model: type[models.Model], sebelum: dict | None, sesudah: dict | None) -> list[Perubahan]:
    """The fields that differ between two snapshots (for a new row: those with a value), in field order."""
    sebelum, sesudah = sebelum or {}, sesudah or {}
    # PostgreSQL's jsonb does not keep key order: follow the model's field order, then any other key
    urutan = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)}
    kunci = sorted(set(sesudah) | set(sebelum), key=lambda k: (urutan.get(k, len(urutan)), k))
    hasil = []
    for kolom in kunci:
        lama, baru = sebelum.get(kolom), sesudah.get(kolom)
        if lama == baru or (lama in (None, "") and baru in (None, "")):
            continue
        hasil.append(Perubahan(_label(model, kolom), teks_nilai(model, kolom, lama), teks_nilai(model, kolom, baru)))
    return hasil


def _nama(user) -> str:
    if user is None:
        return _("Sistem")
    return user.get_full_name() or user.get_username()


def entri(model: type[models.Model], r: Riwayat, objek: str = "") -> EntriRiwayat:
    """One Riwayat row as shown."""
    aksi = AKSI.get(r.aksi, r.aksi)
    return EntriRiwayat(r.waktu, _nama(r.oleh), str(aksi), perubahan(model, r.sebelum, r.sesudah), r.catatan, objek)


def riwayat_realisasi(realisasi: Realisasi | None) -> list[EntriRiwayat]:
    """The history of one quarter's realisasi, newest first (empty when nothing was entered yet)."""
    if realisasi is None:
        return []
    return [entri(Realisasi, r) for r in riwayat_untuk(realisasi)]


def riwayat_target(kode: dict[int, str]) -> list[EntriRiwayat]:
    """The history of several targets ({target id: its indicator's kode}, e.g. a PK's), newest first, each
    entry naming its indicator. Revisions of a set PK carry their reason as the note."""
    if not kode:
        return []
    ct = ContentType.objects.get_for_model(Target)
    baris = Riwayat.objects.filter(content_type=ct, object_id__in=list(kode)).select_related("oleh")
    return [entri(Target, r, kode.get(r.object_id, "")) for r in baris]


def riwayat_anggaran(anggaran: Anggaran | None) -> list[EntriRiwayat]:
    """The history of one PD's budget for a year, newest first."""
    if anggaran is None:
        return []
    return [entri(Anggaran, r) for r in riwayat_untuk(anggaran)]


def riwayat_renaksi(rencana) -> list[EntriRiwayat]:
    """The history of one action plan, newest first (its revisions carry their reason as the note)."""
    return [entri(type(rencana), r) for r in riwayat_untuk(rencana)]


@dataclass(frozen=True)
class HalamanRiwayatRealisasi:
    """The history page of one indicator's quarter."""

    indikator: Indikator
    tahun: int
    triwulan: int
    realisasi: Realisasi | None
    entri: list[EntriRiwayat]


def halaman_riwayat_realisasi(*, indikator: Indikator, tahun: int, triwulan: int) -> HalamanRiwayatRealisasi:
    """An indicator's quarter and its history (the caller got `indikator` through the access choke point);
    three queries at most whatever the history's length."""
    realisasi = Realisasi.objects.filter(indikator=indikator, tahun=tahun, triwulan=triwulan).first()
    return HalamanRiwayatRealisasi(indikator, tahun, triwulan, realisasi, riwayat_realisasi(realisasi))
