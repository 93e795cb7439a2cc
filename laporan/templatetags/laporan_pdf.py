"""Tags of the report templates (templates/laporan/pdf/)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nomor(context, jenis: str, bab: str) -> str:
    """The next caption number of its kind in a chapter: "Tabel 3.1", then "Tabel 3.2"; "Gambar" counts
    apart. The count lives in the bottom of the render context, which every included template shares (each
    template gets its own scope above it), so a chapter's numbers run on across its partials and loops."""
    hitungan = context.render_context.dicts[0].setdefault("laporan_pdf_nomor", {})
    hitungan[(jenis, bab)] = hitungan.get((jenis, bab), 0) + 1
    return f"{jenis} {bab}.{hitungan[(jenis, bab)]}"


@register.filter
def ada_yang(baris, kunci: str) -> bool:
    """Whether any row (a dict) has a true `kunci`: a table whose rows would all say "none" becomes a sentence."""
    return any(b.get(kunci) for b in baris)
