"""Template filters of the evaluasi pages."""

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

register = template.Library()


@register.filter
def tanggal(nilai, dengan_jam: bool = False) -> str:
    """A date as Indonesians write it, whatever the browser's language: 31 Desember 2024 (14.05)."""
    if not nilai:
        return "–"
    with translation.override("id"):
        if hasattr(nilai, "hour"):
            nilai = localtime(nilai)
            return date_format(nilai, "j F Y H.i" if dengan_jam else "j F Y")
        return date_format(nilai, "j F Y")
