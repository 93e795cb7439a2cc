"""Print buttons other apps' pages show: they post to the report request (/laporan/buat/) like the form."""

from __future__ import annotations

from django import template

from ..selectors import boleh_cetak_kota, triwulan_cetak

register = template.Library()


@register.inclusion_tag("laporan/_cetak_monev_renaksi.html", takes_context=True)
def cetak_monev_renaksi(context, tahun: int, pd=None) -> dict:
    """The Monev Renaksi print of a PD's plan (`pd`) or of the city (no `pd`: only for those who may request
    it), with its quarter chooser."""
    user = context["request"].user
    boleh = pd is not None or boleh_cetak_kota(user=user, kode="monev_renaksi_kota")
    jenis = "monev_renaksi_pd" if pd is not None else "monev_renaksi_kota"
    jenis_docx = "renaksi_pd_docx" if pd is not None else "renaksi_kota_docx"  # its Word copy
    return {"boleh": boleh, "jenis": jenis, "jenis_docx": jenis_docx, "pd": pd, "tahun": tahun,
            "triwulan": triwulan_cetak(tahun), "csrf_token": context.get("csrf_token")}  # fmt: skip
