"""Forms of the kinerja pages: they read the POST (names as the templates write them), bound `versi`, and
hand the services what the user typed. The numbers, texts and workflow rules stay in the services (the
one rule for pages, API and imports), so these fields accept text as typed and never restate them."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.validasi import VERSI_MAKS
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat
from sakip.widgets import BerkasInput

from .models import Target
from .services.anggaran import KOLOM_ANGGARAN

KEPUTUSAN = ("verifikasi", "kembalikan")


class TeksField(forms.Field):
    """Text as typed (optional; stripped with `strip`). The services apply the product's one text rule
    (`teks_atau_galat`) or number parser, so their Indonesian messages are the ones the user sees."""

    def __init__(self, *, strip: bool = False, **kwargs):
        self.strip = strip
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        teks = "" if value is None else str(value)
        return teks.strip() if self.strip else teks


class CentangField(forms.Field):
    """A checkbox the templates post as "1"; anything else (or nothing) is unticked."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return value == "1"


class BerkasField(forms.Field):
    """An uploaded file handed to the service unchanged: its type and size are judged by the one evidence
    rule (`jenis_bukti`), not by the form."""

    widget = BerkasInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class BulatField(forms.Field):
    """A whole number through the product's one parser (ASCII digits, bounded: "²" or 2**63 is a message,
    never a 500). With `required=False`, empty input is None (e.g. the `versi` of a row not created yet)."""

    def __init__(self, *, nama: str, minimum: int = 1, maksimum: int, **kwargs):
        self.nama, self.minimum, self.maksimum = nama, minimum, maksimum
        super().__init__(**kwargs)

    def to_python(self, value):
        if not self.required and value in (None, ""):
            return None
        try:
            return bilangan_bulat(value, minimum=self.minimum, maksimum=self.maksimum, nama=self.nama)
        except BilanganTidakValid as exc:
            raise forms.ValidationError(str(exc)) from None

    def validate(self, value):
        """Emptiness is judged by `to_python`, with the parser's message."""


class VersiField(BulatField):
    """The version the user loaded: 1..VERSI_MAKS (optional where the row may not exist yet)."""

    def __init__(self, *, required: bool = True, **kwargs):
        super().__init__(nama="versi", maksimum=VERSI_MAKS, required=required, **kwargs)


class _FormBaris(forms.Form):
    """A form for one row of a multi-row page: its fields are posted as "<field>-<row id>" (nilai-12)."""

    def add_prefix(self, field_name: str) -> str:
        return f"{field_name}-{self.prefix}" if self.prefix else field_name

    def pesan(self) -> list[str]:
        """Every error of the row as flat text."""
        return [p for daftar in self.errors.values() for p in daftar]


class BarisRealisasiForm(_FormBaris):
    """One indicator's row of the realisasi input page (prefix: the indicator id)."""

    nilai = TeksField(strip=True)
    belum = CentangField()
    alasan = TeksField()
    penjelasan = TeksField()
    versi = VersiField(required=False)
    bukti = BerkasField()

    def isian(self) -> dict:
        """What the user typed, under the names of `services.realisasi_simpan` (after `is_valid()`: these
        fields are always clean, only `versi` can be refused)."""
        data = self.cleaned_data
        return {
            "nilai": data["nilai"],
            "belum_tersedia": data["belum"],
            "alasan_belum_tersedia": data["alasan"],
            "penjelasan": data["penjelasan"],
        }

    def kosong(self) -> bool:
        """Nothing typed and no file chosen (a row without a stored realisasi is then skipped)."""
        data = self.cleaned_data
        return not (data["nilai"] or data["belum"] or data["penjelasan"].strip() or data["bukti"])


class KeputusanForm(_FormBaris):
    """One submitted row of the verification page (prefix: the indicator id): verify, or return with a note."""

    keputusan = TeksField()
    versi = VersiField()
    catatan = TeksField()

    @property
    def dipilih(self) -> bool:
        """Whether a decision was chosen for this row (rows without one are left alone)."""
        return self.data.get(self.add_prefix("keputusan"), "") in KEPUTUSAN


class AnggaranForm(forms.Form):
    """A PD's budget for a year: pagu and each quarter's realised spending as typed (1.234.567.890)."""

    versi = VersiField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kolom in KOLOM_ANGGARAN:
            self.fields[kolom] = TeksField(strip=True)

    def isian(self) -> dict[str, str]:
        """The typed values by column (after `is_valid()`; shown again after a refused save)."""
        return {k: self.cleaned_data[k] for k in KOLOM_ANGGARAN}


class TargetForm(forms.Form):
    """One indicator's target on the PK page (nilai or lo–hi, t1..t4), and the reason of a revision."""

    versi = VersiField(required=False)
    alasan = TeksField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kolom in Target.NILAI_FIELDS:
            self.fields[kolom] = TeksField(strip=True)

    def nilai(self) -> dict[str, str]:
        """The typed target values by field (after `is_valid()`)."""
        return {k: self.cleaned_data[k] for k in Target.NILAI_FIELDS}


class KunciForm(forms.Form):
    """A quarter's deadline and lock (Bagian Organisasi)."""

    triwulan = BulatField(nama="triwulan", minimum=1, maksimum=4, required=True)
    batas_waktu = TeksField(strip=True)
    terkunci = CentangField()

    def clean_batas_waktu(self) -> datetime.date | None:
        teks = self.cleaned_data["batas_waktu"]
        try:
            return datetime.date.fromisoformat(teks) if teks else None
        except ValueError:
            raise forms.ValidationError(_("Tanggal batas waktu tidak valid; gunakan pemilih tanggal.")) from None

    def pesan_pertama(self) -> str:
        """The first field's error, as the page shows one message."""
        return next(iter(self.errors.values()))[0]
