"""The form of an indicator's manual (Manual IK). Texts come as typed; the service applies the one text rule
(`teks_atau_galat`) and the choice lists, so its Indonesian messages are the ones the user sees."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import TeksField, VersiField
from .models import ManualIK


def _teks(label, baris: int | None = None) -> TeksField:
    widget = forms.Textarea(attrs={"rows": baris}) if baris else forms.TextInput(attrs={"maxlength": 200})
    return TeksField(strip=True, label=label, widget=widget)


class ManualForm(forms.Form):
    """One manual: the fields of ManualIK, the version read, and the reason of a change to a locked manual."""

    definisi = _teks(_("Definisi operasional"), 4)
    rumus = _teks(_("Rumus / cara menghitung"), 3)
    alasan = _teks(_("Alasan pemilihan indikator"), 3)
    jenis = forms.ChoiceField(label=_("Jenis indikator"), choices=ManualIK.Jenis.choices)
    sumber_data = _teks(_("Sumber data"))
    penanggung_jawab = _teks(_("Penanggung jawab"))
    periode_pelaporan = forms.ChoiceField(label=_("Periode pelaporan"), choices=ManualIK.Periode.choices)
    catatan = _teks(_("Alasan perubahan"), 2)
    versi = VersiField(required=False, widget=forms.HiddenInput)
