"""The public SAKIP page at /publik/ (issue 17 point 10): no login, read only, cached per pemda.

The content is rendered once per data fingerprint (dasbor.tembolok, as the dashboards are): publishing or
withdrawing an LKjIP, recording an official result or verifying a realisation writes a history row, which
moves the fingerprint. The download reads the database on every request, so a withdrawn file is a 404 at once.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from laporan.terbit import laporan_terbit
from perangkat_daerah.models import Pemda
from perangkat_daerah.unduhan import unduhan_berkas

from . import tembolok
from .publik import halaman_publik, pemda_publik


def _halaman(request, pemda: Pemda, *, bawaan: bool):
    sidik, jumlah_pd = tembolok.penanda(pemda_id=pemda.pk)

    def buat() -> str:
        data = halaman_publik(pemda=pemda, jumlah_pd=jumlah_pd, tahun=request.tahun, bawaan=bawaan)
        return render_to_string("publik/_isi.html", {"d": data})

    isi = tembolok.halaman(bagian=("publik", pemda.pk, bawaan, request.tahun), sidik=sidik, buat=buat)
    # the content was rendered (autoescaped) by our own fragment template, here or for an earlier request
    return render(request, "publik/halaman.html", {"isi": mark_safe(isi), "pemda": pemda})  # noqa: S308


@require_safe
def beranda(request):
    """/publik/: the default pemda's page, or the list of pemda when the install holds several."""
    pemda, daftar = pemda_publik()
    if pemda is None:
        return render(request, "publik/daftar.html", {"daftar": daftar})
    return _halaman(request, pemda, bawaan=True)


@require_safe
def pemda(request, kode: str):
    """/publik/<kode>/: one pemda's public page."""
    return _halaman(request, get_object_or_404(Pemda.objects.only("kode", "nama"), kode=kode), bawaan=False)


def _unduh(pemda_id: int, pk: int):
    laporan = laporan_terbit(pemda_id=pemda_id).filter(pk=pk).first()
    if laporan is None:
        raise Http404(_("Dokumen ini tidak diterbitkan."))
    return unduhan_berkas(laporan.berkas, laporan.nama_berkas)  # THE way a stored file leaves the server


@require_safe
def unduh(request, pk: int):
    """A published LKjIP of the default pemda; 404 for anything else."""
    pemda, _daftar = pemda_publik()
    if pemda is None:
        raise Http404(_("Dokumen ini tidak diterbitkan."))
    return _unduh(pemda.pk, pk)


@require_safe
def unduh_pemda(request, kode: str, pk: int):
    """A published LKjIP of the pemda `kode`; 404 for anything else."""
    return _unduh(get_object_or_404(Pemda.objects.only("pk"), kode=kode).pk, pk)
