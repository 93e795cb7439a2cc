"""Copying an instrument to its next version."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import profil_pengguna
from perangkat_daerah.validasi import teks_atau_galat

from ..models import (
    Instrumen,
    Komponen,
    Kriteria,
    SubKomponen,
)
from .fakta import fakta_salin

# --- Instrument versions ----------------------------------------------------------------------------------


# A sub-component's own columns, copied as they are.
_KOLOM_SUB = ("kode", "nama", "jenis", "bobot", "urutan", "panduan_nilai")


@transaction.atomic
def instrumen_salin(*, instrumen: Instrumen, nama: str = "", oleh=None) -> Instrumen:
    """Deep-copy an instrument (components, sub-components, criteria, the facts beside its criteria) to the next
    version, unlocked.

    The copy belongs to the copier's pemda (a copy of a national instrument becomes that pemda's
    adaptation, never a new national one); without a profile (a platform superuser) it keeps the source's.
    Another pemda's instrument is not copied (issue 11 §10)."""
    profil = profil_pengguna(oleh)
    pemda_id = profil.pemda_id if profil is not None else instrumen.pemda_id
    if instrumen.pemda_id not in (None, pemda_id):
        raise PermissionDenied(_("Instrumen ini milik pemda lain."))
    nama = teks_atau_galat(nama, "nama", maks=200)
    versi = (
        Instrumen.objects.filter(kode=instrumen.kode).order_by("-versi").values_list("versi", flat=True).first() or 0
    ) + 1
    salinan = Instrumen.objects.create(
        kode=instrumen.kode,
        nama=nama or instrumen.nama,
        metode=instrumen.metode,
        tahun_berlaku=instrumen.tahun_berlaku,
        versi=versi,
        skala_predikat=instrumen.skala_predikat,
        skala_jawaban=instrumen.skala_jawaban,
        tabel_nilai_a=instrumen.tabel_nilai_a,
        induk=instrumen,
        pemda_id=pemda_id,
        aktif=False,
        catatan=instrumen.catatan,
    )
    for k in instrumen.komponen.prefetch_related("subkomponen__kriteria"):
        komponen = Komponen.objects.create(instrumen=salinan, kode=k.kode, nama=k.nama, bobot=k.bobot, urutan=k.urutan)
        for s in k.subkomponen.all():
            sub = SubKomponen.objects.create(komponen=komponen, **{f: getattr(s, f) for f in _KOLOM_SUB})
            Kriteria.objects.bulk_create(
                Kriteria(
                    subkomponen=sub,
                    nomor=kr.nomor,
                    kode=kr.kode,
                    uraian=kr.uraian,
                    skala=kr.skala,
                    petunjuk=kr.petunjuk,
                )
                for kr in s.kriteria.all()
            )
    fakta_salin(sumber=instrumen, salinan=salinan)
    return salinan
