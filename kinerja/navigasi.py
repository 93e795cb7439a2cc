"""Kinerja pages in the header menu, per role (see perangkat_daerah.navigasi)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Peran
from perangkat_daerah.navigasi import GRUP_PENGUKURAN, GRUP_PERENCANAAN

_PD = frozenset({Peran.OPERATOR_PD, Peran.KEPALA_PD})
_ORGANISASI = frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN})
_KOTA = frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN, Peran.PIMPINAN, Peran.INSPEKTORAT})

MENU = [
    (_("Input Realisasi"), "kinerja:realisasi_saya", _PD, GRUP_PENGUKURAN),
    (_("Perjanjian Kinerja"), "kinerja:pk_saya", _PD, GRUP_PENGUKURAN),
    (_("Rencana Aksi"), "kinerja:renaksi_saya", _KOTA | _PD, GRUP_PENGUKURAN),
    (_("IKU Kota"), "kinerja:realisasi_kota_ini", _ORGANISASI, GRUP_PENGUKURAN),
    (_("Verifikasi"), "kinerja:verifikasi", _ORGANISASI, GRUP_PENGUKURAN),
    (_("Kelengkapan"), "kinerja:kelengkapan_ini", _KOTA, GRUP_PENGUKURAN),
    (_("Kunci Triwulan"), "kinerja:kunci", _ORGANISASI, GRUP_PENGUKURAN),
    (_("Impor Target"), "kinerja:impor_target", _ORGANISASI, GRUP_PERENCANAAN),
    (_("Anggaran"), "kinerja:anggaran", _ORGANISASI | _PD, GRUP_PERENCANAAN),
    (_("Pohon Kinerja"), "perencanaan:pohon", _KOTA | _PD, GRUP_PERENCANAAN),
    (_("Usulan"), "perencanaan:usulan", _ORGANISASI | _PD, GRUP_PERENCANAAN),
    (_("Dokumen IKU"), "perencanaan:iku", _KOTA | _PD, GRUP_PERENCANAAN),
    # the planning documents: city roles start at the RPJMD, PD staff at their own Renstra (and Renja)
    (_("Rencana"), "perencanaan:rpjmd", _KOTA, GRUP_PERENCANAAN),
    (_("Rencana"), "perencanaan:renstra", _PD, GRUP_PERENCANAAN),
]

# PD staff start where their quarterly work is.
BERANDA = {Peran.OPERATOR_PD: "kinerja:realisasi_saya", Peran.KEPALA_PD: "kinerja:realisasi_saya"}
