"""Recommendations in scope and the points of the criteria they concern."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext

from .. import scoring
from ..models import Evaluasi, Rekomendasi
from .mesin import hasil_banyak, hitung, instrumen_siap, masukan_evaluasi

# --- Recommendations --------------------------------------------------------------------------------------


def rekomendasi_list(*, user, status: str = "", tahun: int | None = None, perangkat_daerah_id=None) -> QuerySet:
    """Recommendations the user may see (PD roles: their own PD's), with what the pages need."""
    qs = (
        Rekomendasi.objects.for_user(user)
        .select_related("evaluasi__instrumen__skala_predikat", "evaluasi__perangkat_daerah", "perangkat_daerah")
        .prefetch_related("kriteria")
    )
    if status:
        qs = qs.filter(status=status)
    if tahun:
        qs = qs.filter(evaluasi__tahun=tahun)
    if perangkat_daerah_id:
        qs = qs.filter(perangkat_daerah_id=perangkat_daerah_id)
    return qs.order_by("batas_waktu", "pk")


def poin_rekomendasi(rekomendasi: list[Rekomendasi]) -> dict[int, Decimal | None]:
    """Points each recommendation's linked criteria would regain: the sum of their lost points.

    Scored on the recommendation's own evaluation when it has answers; an official result has none, so
    the city's self-estimate of that year stands in. None when no answered evaluation exists.
    """
    sumber = _evaluasi_berjawaban(rekomendasi)
    hasil = hasil_banyak({e.pk: e for e in sumber.values() if e is not None}.values())
    poin = {}
    for r in rekomendasi:
        e = sumber.get(r.pk)
        if e is None or e.pk not in hasil:
            poin[r.pk] = None
            continue
        kode = {kr.kode for kr in r.kriteria.all()}
        poin[r.pk] = sum(
            (p.poin for p in hasil[e.pk].poin_hilang if p.jenis == scoring.JENIS_KRITERIA and p.kode in kode),
            Decimal("0.00"),
        )
    return poin


def _evaluasi_berjawaban(rekomendasi: list[Rekomendasi]) -> dict[int, Evaluasi | None]:
    resmi = {(r.evaluasi.pemda_id, r.evaluasi.tahun) for r in rekomendasi if r.evaluasi.jenis == Evaluasi.Jenis.RESMI}
    pengganti = {}
    if resmi:
        for e in Evaluasi.objects.select_related("instrumen").filter(
            perangkat_daerah__isnull=True,
            jenis=Evaluasi.Jenis.MANDIRI,
            pemda_id__in={p for p, _ in resmi},
            tahun__in={t for _, t in resmi},
        ):
            pengganti[(e.pemda_id, e.tahun)] = e
    return {
        r.pk: (
            pengganti.get((r.evaluasi.pemda_id, r.evaluasi.tahun))
            if r.evaluasi.jenis == Evaluasi.Jenis.RESMI
            else r.evaluasi
        )
        for r in rekomendasi
    }


# --- A proposed recommendation from an LHE's lost points ----------------------------------------------------


def _klausa(uraian: str) -> str:
    """A criterion's statement as a clause after "bahwa": its first letter lowered (unless an acronym such as
    IKU or RPJMD), no final stop."""
    teks = " ".join(uraian.split()).rstrip(".;: ")
    kata = teks.split(" ", 1)[0]
    return teks if kata.isupper() and len(kata) > 1 else teks[:1].lower() + teks[1:]


def kalimat_rekomendasi(subjek: str, uraian_kriteria: list[str]) -> str:
    """THE sentence of a generated recommendation: who should do what, about which criteria, in Indonesian
    as an LHE writes it ("Kepala Dinas Kesehatan agar memastikan bahwa …, serta menyimpan buktinya untuk
    evaluasi berikutnya."). Empty without criteria."""
    klausa = [f"bahwa {_klausa(u)}" for u in uraian_kriteria if u.strip()]
    if not klausa:
        return ""
    isi = klausa[0] if len(klausa) == 1 else ", ".join(klausa[:-1]) + " dan " + klausa[-1]
    return gettext("%(s)s agar memastikan %(isi)s, serta menyimpan buktinya untuk evaluasi berikutnya.") % {
        "s": subjek,
        "isi": isi,
    }


def usulan_rekomendasi(evaluasi: Evaluasi, *, jumlah: int = 2) -> tuple[str, list[int]]:
    """The recommendation proposed on the "Terbitkan rekomendasi" form: the sentence about the criteria that
    lost the most points (`kalimat_rekomendasi`) and those criteria's ids; ("", []) when none lost any."""
    siap = instrumen_siap(evaluasi.instrumen)
    hasil = hitung(siap, masukan_evaluasi(evaluasi, siap))
    kriteria = [siap.kriteria_kode[p.kode] for p in hasil.poin_hilang if p.jenis == scoring.JENIS_KRITERIA][:jumlah]
    pd = evaluasi.perangkat_daerah
    subjek = (
        gettext("Kepala %(pd)s") % {"pd": pd.nama} if pd else gettext("Pemerintah %(p)s") % {"p": evaluasi.pemda.nama}
    )
    return kalimat_rekomendasi(subjek, [k.uraian for k in kriteria]), [k.id for k in kriteria]
