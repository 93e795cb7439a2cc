"""Writes of sub kegiatan budgets (issue 13 point 5, "budget follows performance"): the pagu and the realised
spending per quarter of one sub kegiatan node of the performance tree for a year.

Rights, through the one guard, as the PD-level `Anggaran` (`kinerja/services/anggaran.py`): Bagian
Organisasi and admin (KELOLA) write; the PD's own users, pimpinan and inspektorat read. A final Renja of the
PD and year makes a change a revision with a reason, counted on the Renja (`kinerja/services/rencana.py`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.services import VersiKedaluwarsa, buat_dengan_riwayat, perbarui_dengan_riwayat
from sakip.lib.angka import format_angka

from ..capaian import TRIWULAN
from ..models import Sasaran, TingkatPohon
from ..models_anggaran import AnggaranSubKegiatan
from .isian import rupiah_atau_galat
from .rencana import aksi_riwayat, alasan_revisi, kunci_anggaran, revisi_rencana

KOLOM = ["pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]
AKSI = "anggaran_sub_kegiatan.simpan"
_ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
# each column's name in a message, translated only when a message is made (an import checks 4,800 rows)
_LABEL = {"pagu": gettext_lazy("Pagu")} | {
    f"realisasi_t{tw}": format_lazy(gettext_lazy("Realisasi TW {tw}"), tw=r) for tw, r in _ROMAWI.items()
}


def isian_anggaran(pagu: Any, realisasi: dict[int, Any]) -> dict[str, Decimal | None]:
    """The checked values by column; every field's errors at once. Pagu is required; a quarter left empty
    is "not entered" (not 0); the realised total may not exceed the pagu."""
    tak_dikenal = set(realisasi) - set(TRIWULAN)
    if tak_dikenal:
        raise ValueError(f"Triwulan {sorted(tak_dikenal)} tidak dikenal; triwulan adalah 1 sampai 4.")
    isian: dict[str, Decimal | None] = {}
    galat: dict[str, list[str]] = {}
    masukan = [("pagu", pagu)] + [(f"realisasi_t{tw}", realisasi.get(tw)) for tw in TRIWULAN]
    for kolom, nilai in masukan:
        try:
            isian[kolom] = rupiah_atau_galat(nilai, kolom, _LABEL[kolom])
        except ValidationError as exc:
            galat[kolom] = exc.message_dict.get(kolom, exc.messages)
    if "pagu" not in galat and isian.get("pagu") is None:
        galat["pagu"] = [_("Pagu wajib diisi.")]
    if not galat:
        total = sum((isian[f"realisasi_t{tw}"] or Decimal(0) for tw in TRIWULAN), Decimal(0))
        if total > isian["pagu"]:
            galat["realisasi"] = [
                _("Total realisasi Rp%(total)s melebihi pagu Rp%(pagu)s. Periksa kembali isian triwulan.")
                % {"total": format_angka(total, 0), "pagu": format_angka(isian["pagu"], 0)}
            ]
    if galat:
        raise ValidationError(galat)
    return isian


def _periksa_simpul(sasaran: Sasaran, tahun: int) -> None:
    """Only a sub kegiatan node of a PD carries a budget, and only for a year of its period."""
    tingkat = sasaran.tingkat
    if tingkat is None or tingkat.nomenklatur != TingkatPohon.Nomenklatur.SUB_KEGIATAN:
        raise ValidationError(
            {"sasaran": _("Anggaran hanya dicatat pada simpul sub kegiatan; %(kode)s bukan sub kegiatan.")
             % {"kode": sasaran.kode}}
        )  # fmt: skip
    periode = sasaran.periode
    if periode is not None and not periode.tahun_mulai <= tahun <= periode.tahun_akhir:
        raise ValidationError(
            {
                "tahun": _("Tahun %(tahun)s di luar periode %(periode)s simpul ini.")
                % {"tahun": tahun, "periode": periode}
            }
        )


@transaction.atomic
def anggaran_sub_kegiatan_simpan(
    *, oleh, sasaran: Sasaran, tahun: int, pagu, realisasi: dict[int, Decimal | None], versi: int | None, alasan=""
) -> AnggaranSubKegiatan:
    """Create or update the budget of sub kegiatan `sasaran` for `tahun`: pagu (required) and each quarter's
    own realised spending (Decimal or Indonesian text, "Rp 120.000.000.000" too). `versi` is the version the
    user loaded (None when there was no row); a different one raises VersiKedaluwarsa. An unchanged budget is
    left as it is. Once the PD's Renja of the year is final a change needs `alasan`, is recorded as
    "anggaran_sub_kegiatan.simpan.revisi" and counts as a revision of the Renja; every change is in the history."""
    wajib_hak(oleh, Aksi.KELOLA, sasaran, pesan=_("Hanya Bagian Organisasi yang dapat mengisi anggaran."))
    _periksa_simpul(sasaran, tahun)
    isian = isian_anggaran(pagu, realisasi)
    ada = AnggaranSubKegiatan.objects.select_for_update().filter(sasaran=sasaran, tahun=tahun).first()
    if (ada is None and versi is not None) or (ada is not None and versi != ada.versi):
        raise VersiKedaluwarsa()
    if ada is not None and all(getattr(ada, k) == v for k, v in isian.items()):
        return ada  # nothing changed: no reason asked, no history
    terkunci = kunci_anggaran(sasaran, tahun)
    catatan = alasan_revisi(terkunci, alasan)
    umum = {"oleh": oleh, "aksi": aksi_riwayat(AKSI, terkunci), "pemda_id": sasaran.pemda_id, "kolom": KOLOM}
    if ada is not None:
        perbarui_dengan_riwayat(ada, versi=versi, nilai=isian, catatan=catatan, **umum)
    else:
        try:
            with transaction.atomic():
                ada = buat_dengan_riwayat(
                    AnggaranSubKegiatan, sasaran=sasaran, tahun=tahun, catatan=catatan, **umum, **isian
                )
        except IntegrityError:
            # Someone created this year's budget after this user loaded the page.
            raise VersiKedaluwarsa() from None
    revisi_rencana(terkunci, oleh=oleh, catatan=catatan)
    return ada
