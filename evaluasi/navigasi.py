"""The evaluasi entries of the header menu, and the Inspektorat's home page (its evaluation list)."""

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Peran

_KOTA = frozenset({Peran.PIMPINAN, Peran.BAGIAN_ORGANISASI, Peran.INSPEKTORAT, Peran.ADMIN})

MENU = [
    (_("Evaluasi"), "evaluasi:daftar", frozenset(Peran.values)),
    (_("Hasil Evaluasi Kota"), "evaluasi:kota", _KOTA),
    (_("Rekomendasi"), "evaluasi:rekomendasi_daftar", frozenset(Peran.values)),
]

BERANDA = {Peran.INSPEKTORAT: "evaluasi:daftar"}
