"""Kinerja pages in the header menu, per role (see perangkat_daerah.navigasi)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from perangkat_daerah.access import Peran

_PD = frozenset({Peran.OPERATOR_PD, Peran.KEPALA_PD})
_ORGANISASI = frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN})
_KOTA = frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN, Peran.PIMPINAN, Peran.INSPEKTORAT})

MENU = [
    (_("Input Realisasi"), "kinerja:realisasi_saya", _PD),
    (_("Perjanjian Kinerja"), "kinerja:pk_saya", _PD),
    (_("Rencana Aksi"), "kinerja:renaksi_saya", _KOTA | _PD),
    (_("IKU Kota"), "kinerja:realisasi_kota_ini", _ORGANISASI),
    (_("Verifikasi"), "kinerja:verifikasi", _ORGANISASI),
    (_("Kelengkapan"), "kinerja:kelengkapan_ini", _KOTA),
    (_("Kunci Triwulan"), "kinerja:kunci", _ORGANISASI),
    (_("Impor Target"), "kinerja:impor_target", _ORGANISASI),
    (_("Anggaran"), "kinerja:anggaran", _ORGANISASI | _PD),
    (_("Pohon Kinerja"), "perencanaan:pohon", _KOTA | _PD),
    (_("Usulan"), "perencanaan:usulan", _ORGANISASI | _PD),
    (_("Dokumen IKU"), "perencanaan:iku", _KOTA | _PD),
    # the planning documents: city roles start at the RPJMD, PD staff at their own Renstra (and Renja)
    (_("Rencana"), "perencanaan:rpjmd", _KOTA),
    (_("Rencana"), "perencanaan:renstra", _PD),
]

# PD staff start where their quarterly work is.
BERANDA = {Peran.OPERATOR_PD: "kinerja:realisasi_saya", Peran.KEPALA_PD: "kinerja:realisasi_saya"}
