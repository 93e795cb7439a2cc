"""The evaluasi entries of the header menu, and the Inspektorat's home page (its evaluation list)."""

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import PERAN_PEMDA, Peran
from perangkat_daerah.navigasi import GRUP_EVALUASI

_KOTA = frozenset({Peran.PIMPINAN, Peran.BAGIAN_ORGANISASI, Peran.INSPEKTORAT, Peran.ADMIN})

MENU = [
    (_("Evaluasi"), "evaluasi:daftar", PERAN_PEMDA, GRUP_EVALUASI),
    (_("Hasil Evaluasi Kota"), "evaluasi:kota", _KOTA, GRUP_EVALUASI),
    (_("Rekomendasi"), "evaluasi:rekomendasi_daftar", PERAN_PEMDA, GRUP_EVALUASI),
]

BERANDA = {Peran.INSPEKTORAT: "evaluasi:daftar"}
