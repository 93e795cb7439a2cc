"""THE policy of a method-A grade above what its criteria support (issue 15 point 1).

Which grade is above its support is the engine's rule (`scoring.nilai_a_melebihi_dukungan`: above the
grade the share of Y answers proposes, unless every criterion is met). What such a grade needs is the
pemda's setting (`PengaturanEvaluasi.nilai_di_atas_dukungan`, data): by default a written justification
(`NilaiSubKomponen.alasan`, saved with history by the answer writer); or it is refused outright.

The answer writer checks the sub-components a save touches; every submission (ajukan, dinilai, finalkan)
checks them all, so a grade left above its support by a later change of its criteria is caught too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import scoring
from ..models import Evaluasi, NilaiSubKomponen, PengaturanEvaluasi
from ..selectors import InstrumenSiap

DITOLAK = PengaturanEvaluasi.NilaiDiAtasDukungan.DITOLAK


def dukungan_ditolak(pemda_id: int) -> bool:
    """True when the pemda refuses grades above their criteria's support outright (1 query)."""
    return PengaturanEvaluasi.untuk(pemda_id).nilai_di_atas_dukungan == DITOLAK


def alasan_sub(evaluasi: Evaluasi) -> dict[str, str]:
    """The written justifications of an evaluation's grades, by sub-component id (1 query)."""
    return dict(
        NilaiSubKomponen.objects.filter(evaluasi=evaluasi).exclude(alasan="").values_list("subkomponen_id", "alasan")
    )


def _pesan(siap: InstrumenSiap, s: scoring.HasilSubKomponen, ditolak: bool) -> str:
    f = {
        "s": siap.sub_kode[s.kode].nama,
        "n": s.nilai_a,
        "u": s.usulan,
        "y": s.jumlah_terpenuhi,
        "k": s.jumlah_kriteria,
    }
    awal = (
        _(
            "Nilai %(n)s untuk %(s)s di atas nilai yang didukung kriterianya (%(u)s; %(y)s dari %(k)s kriteria "
            "terpenuhi)."
        )
        % f
    )
    if ditolak:
        return (
            awal
            + " "
            + _(
                "Pengaturan evaluasi pemda tidak mengizinkan nilai di atas dukungan kriteria: pilih %(u)s atau lebih "
                "rendah, atau perbaiki jawaban kriterianya."
            )
            % f
        )
    return awal + " " + _("Tuliskan alasannya pada isian “Alasan nilai di atas dukungan kriteria”.")


def dukungan_periksa(
    *,
    evaluasi: Evaluasi,
    siap: InstrumenSiap,
    hasil: scoring.Hasil,
    alasan: Mapping[int, str],
    kode_sub: Iterable[str] | None = None,
) -> None:
    """A ValidationError {sub-component code: message} for each grade above its criteria's support (of the
    sub-components `kode_sub`, default all) that has no written justification, or, when the pemda refuses
    such grades, for each one at all. `alasan` maps sub-component id to its justification."""
    melebihi = hasil.subkomponen_melebihi_dukungan
    if kode_sub is not None:
        kode_sub = set(kode_sub)
        melebihi = [s for s in melebihi if s.kode in kode_sub]
    if not melebihi:
        return
    ditolak = dukungan_ditolak(evaluasi.pemda_id)
    galat = {
        s.kode: _pesan(siap, s, ditolak)
        for s in melebihi
        if ditolak or not alasan.get(siap.sub_kode[s.kode].id, "").strip()
    }
    if galat:
        raise ValidationError(galat)


class PerluKonfirmasi(ValidationError):
    """Finalising an evaluation with grades above their criteria's support needs the user's confirmation;
    `penyimpangan` lists those sub-component codes."""

    def __init__(self, penyimpangan: list[str]):
        self.penyimpangan = penyimpangan
        super().__init__(
            _("Konfirmasi dahulu: %(n)s subkomponen bernilai di atas dukungan kriterianya (%(k)s).")
            % {"n": len(penyimpangan), "k": ", ".join(penyimpangan)}
        )
