"""Budgets (Anggaran): the year's table of every PD for Bagian Organisasi (read-only for the PD's own
users), and one PD's budget form with its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from perangkat_daerah.services import VersiKedaluwarsa

from ..forms import AnggaranForm
from ..selectors.anggaran import halaman_anggaran
from ..services.anggaran import anggaran_simpan
from .realisasi import ambil_pd


@login_required
def anggaran_daftar(request):
    """Every PD's budget of the working year, with serapan, capaian kinerja and efficiency."""
    halaman = halaman_anggaran(user=request.user, tahun=request.tahun)
    return render(request, "kinerja/anggaran.html", {"h": halaman, "tahun": request.tahun})


def _ditolak(request, pd, tahun: int, isian: dict, exc: Exception):
    """The page again with what the user typed: 400 for bad input, 409 for a stale version."""
    halaman = halaman_anggaran(user=request.user, tahun=tahun, perangkat_daerah=pd)
    baris = halaman.baris[0]
    baris.isian = isian
    if isinstance(exc, ValidationError):
        baris.galat = exc.message_dict if hasattr(exc, "error_dict") else {"umum": exc.messages}
        messages.error(request, _("Anggaran belum tersimpan; perbaiki isian yang ditandai."))
    else:
        messages.error(
            request, str(exc) + " " + _("Isian Anda tetap di bawah; periksa nilai terbaru lalu simpan lagi.")
        )
    status = 409 if isinstance(exc, VersiKedaluwarsa) else 400
    return render(request, "kinerja/anggaran_pd.html", {"h": halaman, "b": baris, "pd": pd}, status=status)


@login_required
def anggaran_pd(request, pd_id: int, tahun: int):
    """One PD's budget: GET shows it (a form for Bagian Organisasi) and its history; POST saves it. A
    refused save (a bad number, a stale version) shows the page again with what the user typed."""
    pd = ambil_pd(request, pd_id, tahun)
    if request.method != "POST":
        halaman = halaman_anggaran(user=request.user, tahun=tahun, perangkat_daerah=pd)
        return render(request, "kinerja/anggaran_pd.html", {"h": halaman, "b": halaman.baris[0], "pd": pd})
    form = AnggaranForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        anggaran_simpan(
            perangkat_daerah=pd, tahun=tahun, oleh=request.user, versi=form.cleaned_data["versi"], **form.isian()
        )
    except (ValidationError, VersiKedaluwarsa) as exc:
        return _ditolak(request, pd, tahun, form.isian(), exc)
    baris = halaman_anggaran(user=request.user, tahun=tahun, perangkat_daerah=pd).baris[0]
    messages.success(request, _("Anggaran %(pd)s %(tahun)s tersimpan.") % {"pd": pd.singkatan, "tahun": tahun})
    if baris.peringatan:
        messages.warning(request, baris.peringatan)
    return redirect("kinerja:anggaran_pd", pd_id=pd.pk, tahun=tahun)
