"""THE file input of the product's forms: rendered by templates/_berkas.html, the one template every file
input uses, so the button reads "Pilih berkas" and not the browser's English "Choose file"."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class BerkasInput(forms.FileInput):
    """A file input through templates/_berkas.html (a styled label "Pilih berkas" and the chosen name)."""

    def render(self, name, value, attrs=None, renderer=None):
        """The include's context from the widget's attributes (id, accept, required, aria-label)."""
        semua = self.build_attrs(self.attrs, attrs)
        return render_to_string(
            "_berkas.html",
            {
                "id": semua.get("id") or name,
                "nama": name,
                "accept": semua.get("accept", ""),
                "wajib": bool(semua.get("required")),
                "label": semua.get("aria-label", ""),
            },
        )
