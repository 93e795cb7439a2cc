"""The mapping of facts to criteria follows an instrument to its copies (issue 15 point 2)."""

from __future__ import annotations

from ..models import FaktaKriteria, Instrumen, Kriteria


def fakta_salin(*, sumber: Instrumen, salinan: Instrumen) -> int:
    """Copy `sumber`'s facts beside its criteria to the criteria of the same code in `salinan` (a criterion the
    copy lacks keeps none); two queries and one insert. Returns the number of rows copied."""
    kriteria = dict(Kriteria.objects.filter(subkomponen__komponen__instrumen=salinan).values_list("kode", "pk"))
    baris = FaktaKriteria.objects.filter(kriteria__subkomponen__komponen__instrumen=sumber)
    baru = [
        FaktaKriteria(kriteria_id=kriteria[kode], kunci=kunci, urutan=urutan)
        for kode, kunci, urutan in baris.values_list("kriteria__kode", "kunci", "urutan")
        if kode in kriteria
    ]
    FaktaKriteria.objects.bulk_create(baru, ignore_conflicts=True)
    return len(baru)
