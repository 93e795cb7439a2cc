"""The LKjIP's editable narratives as the editor lists them (issue 14 point 6): every chapter, and for Bab III A
the causes-and-solutions text of each sasaran (analysis 5, drafted from verified explanations), each with the
figures of its scope. A saved text that quotes a figure which has changed since it was saved is flagged for
review, naming the figure, its value then and now.

The writes stay in `laporan/services.py` (`narasi_simpan_semua`), which asks `butir_narasi` for the keys it may
save and the figures to store beside each text."""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from perangkat_daerah.models import PerangkatDaerah

from . import analisis
from .bab import bab3b, bab4_bawaan
from .konteks import _baris, _ikhtisar, _indikator, evaluasi_laporan, narasi_bawaan
from .models import Narasi

AWALAN_SEBAB = "sebab-"  # the editor's key of a sasaran's narrative: "sebab-<node id>"


def _angka_bab(baris, ikhtisar: dict) -> dict[str, str]:
    """The figures a chapter's text may quote: the summary counts and each indicator's realisasi and capaian."""
    angka = {
        _("jumlah indikator"): str(ikhtisar["jumlah_indikator"]),
        _("indikator mencapai target"): str(ikhtisar["jumlah_tercapai"]),
        _("persentase indikator tercapai"): ikhtisar["persen_tercapai"],
    }
    for b in baris:
        angka[_("realisasi %(kode)s") % {"kode": b.kode}] = b.realisasi
        angka[_("capaian %(kode)s") % {"kode": b.kode}] = b.capaian
    return angka


def _angka_sasaran(baris) -> dict[str, str]:
    return {k: v for b in baris for k, v in ((f"realisasi {b.kode}", b.realisasi), (f"capaian {b.kode}", b.capaian))}


def _dikutip(nilai: str, teks: str) -> bool:
    """Whether `teks` quotes the printed figure `nilai` as a whole number (not inside a longer one)."""
    angka = nilai.rstrip("%").strip()
    if not angka or not any(c.isdigit() for c in angka):
        return False
    return re.search(rf"(?<![\d.,]){re.escape(angka)}(?![\d]|[.,]\d)", teks) is not None


def angka_berubah(teks: str, lama: dict, kini: dict) -> list[str]:
    """The figures `teks` quotes whose value changed since it was saved: "capaian IK-1: 95,00% → 97,50%"."""
    return [
        f"{label}: {nilai} → {kini.get(label, '–')}"
        for label, nilai in lama.items()
        if kini.get(label) != nilai and _dikutip(str(nilai), teks)
    ]


def butir_narasi(*, pemda, perangkat_daerah: PerangkatDaerah | None, tahun: int) -> list[dict]:
    """Every narrative of the report, in print order: the chapters, then each sasaran's causes and solutions.
    Each: key, label, text (saved or default), versi, whether it is the default, the saved row, the current
    figures of its scope (`angka`), the sasaran (or None), and `tinjau`: the quoted figures changed since."""
    daftar, target, realisasi = _indikator(perangkat_daerah=perangkat_daerah, pemda_id=pemda.pk, tahun=tahun)
    semua = [_baris(ind, tahun, target, realisasi) for ind in daftar]
    ikhtisar = _ikhtisar(semua)
    nama = perangkat_daerah.nama if perangkat_daerah else pemda.nama
    bab4 = bab4_bawaan(nama=nama, tahun=tahun, baris=semua, ikhtisar=ikhtisar,
                       anggaran=bab3b(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun),
                       evaluasi=evaluasi_laporan(pemda, perangkat_daerah, tahun))  # fmt: skip
    bawaan = narasi_bawaan(nama=nama, tahun=tahun, ikhtisar=ikhtisar, bab4=bab4)
    tersimpan = Narasi.objects.filter(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun)
    per_bab, per_sasaran = {}, {}
    for n in tersimpan.select_related("diubah_oleh"):
        if n.sasaran_id:
            per_sasaran[n.sasaran_id] = n
        else:
            per_bab[n.bab] = n
    angka_bab = _angka_bab(semua, ikhtisar)
    hasil = [
        _butir(bab, label, bawaan[bab], per_bab.get(bab), angka_bab, None)
        for bab, label in Narasi.Bab.choices
        if bab != Narasi.Bab.SEBAB
    ]
    kelompok: dict[int, list] = defaultdict(list)
    for ind, b in zip(daftar, semua, strict=True):
        kelompok[ind.sasaran_id].append((ind, b))
    penjelasan = analisis.penjelasan_terverifikasi([i.pk for i in daftar], tahun)
    for isi in kelompok.values():
        sasaran = isi[0][0].sasaran
        label = _("Bab III A · Sasaran %(kode)s: penyebab keberhasilan/kegagalan dan solusi") % {"kode": sasaran.kode}
        draf = analisis.draf_sebab([ind for ind, _b in isi], penjelasan)
        angka = _angka_sasaran([b for _i, b in isi])
        hasil.append(_butir(f"{AWALAN_SEBAB}{sasaran.pk}", label, draf, per_sasaran.get(sasaran.pk), angka, sasaran))
    return hasil


def kunci_narasi(n: Narasi) -> str:
    """The editor's key of a saved narrative: its chapter, or "sebab-<node id>"."""
    return f"{AWALAN_SEBAB}{n.sasaran_id}" if n.sasaran_id else n.bab


def _butir(kunci: str, label: str, bawaan: str, simpan: Narasi | None, angka: dict, sasaran) -> dict:
    return {
        "bab": kunci, "label": label, "teks": simpan.teks if simpan else bawaan, "versi": simpan.versi if simpan else 0,
        "bawaan": simpan is None, "diubah": simpan, "angka": angka, "sasaran": sasaran,
        "tinjau": angka_berubah(simpan.teks, simpan.angka, angka) if simpan else [],
    }  # fmt: skip
