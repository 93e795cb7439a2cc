"""Reads of the indicator manuals (Manual IK) and of the IKU document pages (issue 13 point 4), each in a
fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from perangkat_daerah.access import Aksi
from perangkat_daerah.models import Pemda, PerangkatDaerah

from ..models import DokumenIKU, Indikator, ManualIK
from ..models_perencanaan import PeriodePerencanaan
from ..services.manual import aksi_manual, aksi_tetapkan, dokumen_final_untuk, iku_dokumen


@dataclass
class HalamanManual:
    """The manual page of one indicator: its manual (None when not written yet), the final IKU document
    that locks it (a change then needs a reason), and whether the user may change it."""

    indikator: Indikator
    manual: ManualIK | None
    dokumen_final: DokumenIKU | None
    boleh_ubah: bool


def halaman_manual(*, user, indikator: Indikator) -> HalamanManual:
    """The manual page of `indikator` (already fetched in the user's scope)."""
    manual = ManualIK.objects.filter(indikator=indikator).select_related("diubah_oleh").first()
    boleh = Indikator.objects.for_user(user, aksi_manual(indikator)).filter(pk=indikator.pk).exists()
    return HalamanManual(indikator, manual, dokumen_final_untuk(indikator), boleh)


@dataclass
class HalamanIKU:
    """The IKU document of a PD (or of the city) for the period covering the working year: its IKU with
    their manuals, how many lack one, and whether the user may set it final."""

    perangkat_daerah: PerangkatDaerah | None
    periode: PeriodePerencanaan | None
    dokumen: DokumenIKU | None
    iku: list[Indikator] = field(default_factory=list)
    boleh_tetapkan: bool = False

    @property
    def tanpa_manual(self) -> int:
        return sum(1 for ind in self.iku if getattr(ind, "manual", None) is None)


def halaman_iku(*, user, pemda_id: int, perangkat_daerah: PerangkatDaerah | None, tahun: int) -> HalamanIKU:
    """The IKU document page: the period covering `tahun`, its document for the owner (None until one is
    made), and the owner's IKU with their manuals (`ind.manual`, None when missing); five queries."""
    periode = PeriodePerencanaan.objects.filter(pemda_id=pemda_id, tahun_mulai__lte=tahun, tahun_akhir__gte=tahun)
    periode = periode.first()
    if periode is None:
        return HalamanIKU(perangkat_daerah, None, None)
    dokumen = DokumenIKU.objects.filter(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, periode=periode).first()
    contoh = dokumen or DokumenIKU(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, periode=periode)
    iku = list(
        iku_dokumen(contoh)
        .for_user(user, Aksi.LIHAT)
        .select_related("sasaran", "manual_ik")
        .order_by("sasaran__kode", "urutan", "kode")
    )
    for ind in iku:
        ind.manual = getattr(ind, "manual_ik", None)  # a missing reverse one-to-one is an AttributeError
    return HalamanIKU(perangkat_daerah, periode, dokumen, iku, _boleh_tetapkan(user, contoh))


def _boleh_tetapkan(user, dokumen: DokumenIKU) -> bool:
    """Whether the user may set the document final; before it exists, asked of its owner (the PD, or the
    pemda for the city's) with the same right."""
    if dokumen.final:
        return False
    pemilik = dokumen if dokumen.pk else (dokumen.perangkat_daerah or Pemda(pk=dokumen.pemda_id))
    return type(pemilik).objects.for_user(user, aksi_tetapkan(dokumen)).filter(pk=pemilik.pk).exists()
