"""The forms of a node of the performance tree and of a node's indicator (issue 13 point 7). They read the
POST as typed (ids, numbers and texts as text) and bound `versi`; the service applies the one rule of each
field (`teks_atau_galat`, the number parser, the node rule, the range rule), so its Indonesian messages are
the ones the user sees beside each field."""

from __future__ import annotations

from django import forms

from .forms import CentangField, TeksField, VersiField
from .services.pembanding import KOLOM_PEMBANDING
from .services.simpul import KOLOM_INDIKATOR, KOLOM_SIMPUL


class _Dasar(forms.Form):
    """What both forms share: the reason of a revision (a node fixed by a final document) and the version
    the user read."""

    alasan = TeksField(strip=True)
    versi = VersiField(required=False)
    KOLOM: list[str] = []

    def nilai(self) -> dict:
        """The typed values of the row's fields, for the service."""
        return {k: self.cleaned_data[k] for k in self.KOLOM}


class SimpulForm(_Dasar):
    """A node: kode, uraian, level, parent, period, theme, nomenclature code, position and NIP."""

    KOLOM = KOLOM_SIMPUL
    kode = TeksField(strip=True)
    uraian = TeksField(strip=True)
    induk = TeksField(strip=True)
    tingkat = TeksField(strip=True)
    periode = TeksField(strip=True)
    tema = TeksField(strip=True)
    kode_nomenklatur = TeksField(strip=True)
    jabatan = TeksField(strip=True)
    nip = TeksField(strip=True)


class IndikatorForm(_Dasar):
    """An indicator of a node; its targets per year are read by `target_dari_post`."""

    KOLOM = KOLOM_INDIKATOR
    kode = TeksField(strip=True)
    uraian = TeksField(strip=True)
    satuan = TeksField(strip=True)
    iku = CentangField()
    arah = TeksField(strip=True)
    agregasi = TeksField(strip=True)
    induk_indikator = TeksField(strip=True)
    relasi_induk = TeksField(strip=True)
    boleh_negatif = CentangField()
    nilai_minimum = TeksField(strip=True)
    nilai_maksimum = TeksField(strip=True)
    bilangan_bulat = TeksField(strip=True)  # "", "1" or "0" (services.simpul.BULAT_PILIHAN)


class PembandingForm(forms.Form):
    """An indicator's benchmark (the LKjIP's fourth analysis): value, level, source and year as typed; the rule is
    `services/pembanding.py`'s. Its own form on the indicator page: not a plan field, so no revision reason."""

    pembanding_nilai = TeksField(strip=True)
    pembanding_tingkat = TeksField(strip=True)
    pembanding_sumber = TeksField(strip=True)
    pembanding_tahun = TeksField(strip=True)
    versi = VersiField(required=False)

    def nilai(self) -> dict:
        """The typed values, for the service."""
        return {k: self.cleaned_data[k] for k in KOLOM_PEMBANDING}


def target_dari_post(post, tahun: list[int]) -> dict[int, dict[str, str]]:
    """The typed target of each year of the node's period (`target-<tahun>`) and the version read
    (`target_versi-<tahun>`)."""
    return {t: {"nilai": post.get(f"target-{t}", ""), "versi": post.get(f"target_versi-{t}", "")} for t in tahun}
