"""Forms of the evaluasi pages: numbers as Indonesians write them (69,04), messages in Indonesian."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.lib.angka import AngkaTidakValid, parse_angka
from sakip.lib.bilangan import ID_MAKS, BilanganTidakValid, bilangan_bulat
from sakip.widgets import BerkasInput

from .models import TAHUN_MAKS, TAHUN_MIN, Rekomendasi


class AngkaField(forms.CharField):
    """A decimal typed as 69,04 or 69.04."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_angka(value)
        except AngkaTidakValid as exc:
            raise forms.ValidationError(str(exc)) from exc


class BulatField(forms.CharField):
    """A whole number through the product's one parser (ASCII digits, bounded; "²" or 2**63 refused)."""

    def __init__(self, *args, minimum: int = 1, maksimum: int = ID_MAKS, **kwargs):
        self.minimum, self.maksimum = minimum, maksimum
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return bilangan_bulat(
                value, minimum=self.minimum, maksimum=self.maksimum, nama=str(self.label or _("Nilai"))
            )
        except BilanganTidakValid as exc:
            raise forms.ValidationError(str(exc)) from exc


class HasilResmiForm(forms.Form):
    """The official KemenPANRB result as read from the LHE; components are optional (all or none)."""

    tahun = BulatField(label=_("Tahun"), minimum=TAHUN_MIN, maksimum=TAHUN_MAKS)
    total = AngkaField(label=_("Nilai total"), help_text=_("Contoh: 69,04"))
    predikat = forms.ChoiceField(label=_("Predikat"))
    nomor_lhe = forms.CharField(label=_("Nomor LHE"), max_length=100, required=False)
    tanggal_lhe = forms.DateField(
        label=_("Tanggal LHE"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, komponen=(), predikat=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predikat"].choices = [("", _("— pilih —"))] + [(k, f"{k} – {n}") for k, n in predikat]
        for k in komponen:
            self.fields[f"komponen_{k.kode}"] = AngkaField(
                label=_("Komponen %(k)s. %(n)s (bobot %(b)s)") % {"k": k.kode, "n": k.nama, "b": k.bobot},
                required=False,
            )

    def nilai_komponen(self) -> dict:
        """Component code -> value (None when left empty)."""
        return {n.removeprefix("komponen_"): v for n, v in self.cleaned_data.items() if n.startswith("komponen_")}


class IdBanyakField(forms.ModelMultipleChoiceField):
    """Several rows by id: each id through the one parser first, so 2**63 or "²" is a message on the field
    rather than an overflow in the database query."""

    def _check_values(self, value):
        for v in value:
            try:
                bilangan_bulat(v, nama=str(self.label))
            except BilanganTidakValid as exc:
                raise forms.ValidationError(str(exc), code="invalid_pk_value") from None
        return super()._check_values(value)


class RekomendasiForm(forms.Form):
    """A new recommendation of an LHE."""

    uraian = forms.CharField(label=_("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 3}))
    batas_waktu = forms.DateField(label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date"}))
    perangkat_daerah = forms.ModelChoiceField(label=_("PD penanggung jawab"), queryset=None, required=False)
    kriteria = IdBanyakField(
        label=_("Kriteria terkait"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args, pd_qs, kriteria_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perangkat_daerah"].queryset = pd_qs
        self.fields["kriteria"].queryset = kriteria_qs
        self.fields["kriteria"].label_from_instance = lambda kr: f"{kr.kode} {kr.uraian}"


class TindakLanjutForm(forms.Form):
    """The PD's follow-up of a recommendation, with optional evidence."""

    versi = BulatField(label=_("Versi"), widget=forms.HiddenInput)
    tindak_lanjut = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 3}))
    bukti = forms.FileField(
        label=_("Bukti (PDF, gambar atau dokumen Office, ≤ 10 MiB)"), required=False, widget=BerkasInput
    )


class VerifikasiForm(forms.Form):
    """Bagian Organisasi's verification of a follow-up."""

    versi = BulatField(label=_("Versi"), widget=forms.HiddenInput)
    diterima = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=[("1", _("Diterima: rekomendasi selesai")), ("0", _("Belum diterima: kembalikan dengan catatan"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    catatan = forms.CharField(label=_("Catatan verifikasi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


STATUS_REKOMENDASI = Rekomendasi.Status.choices
