"""The Perjanjian Kinerja page of a PD and year: targets, setting it (ditetapkan), revisions with reasons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import ambil_untuk, pd_pengguna_id
from perangkat_daerah.services import VersiKedaluwarsa

from .. import selectors, services
from ..forms import TargetForm
from ..models import Indikator
from .realisasi import ambil_pd


@login_required
def pk_saya(request):
    """The user's own PD's PK for the working year (city roles: the PD list)."""
    pd_id = pd_pengguna_id(request.user)
    if pd_id is None:
        return redirect("pd:daftar")
    return redirect("kinerja:pk", pd_id=pd_id, tahun=request.tahun)


@login_required
def pk_detail(request, pd_id: int, tahun: int):
    """The PK: sasaran, indicators, targets, budget, and its revisions."""
    pd = ambil_pd(request, pd_id, tahun)
    halaman = selectors.halaman_pk(user=request.user, perangkat_daerah=pd, tahun=tahun)
    return render(request, "kinerja/pk.html", {"h": halaman, "pd": pd, "tahun": tahun})


@login_required
@require_POST
def pk_tetapkan(request, pd_id: int, tahun: int):
    """The kepala PD sets the PK, which locks its targets."""
    pd = ambil_pd(request, pd_id, tahun)
    try:
        services.pk_tetapkan(perangkat_daerah=pd, tahun=tahun, oleh=request.user)
        messages.success(
            request, _("Perjanjian Kinerja %(tahun)s ditetapkan; target kini terkunci.") % {"tahun": tahun}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("kinerja:pk", pd_id=pd.pk, tahun=tahun)


def _target_tulis(form: TargetForm, ind, tahun: int, oleh) -> None:
    """A direct change while the PK is a draft, a revision with its reason once it is set (the services
    decide who may do which)."""
    versi, nilai = form.cleaned_data["versi"], form.nilai()
    pk = services.pk_untuk(ind, tahun)
    if pk is not None and pk.ditetapkan:
        alasan = form.cleaned_data["alasan"]
        services.target_revisi(indikator=ind, tahun=tahun, alasan=alasan, oleh=oleh, versi=versi, **nilai)
    else:
        services.target_simpan(indikator=ind, tahun=tahun, oleh=oleh, versi=versi, **nilai)


@login_required
@require_POST
def target_ubah(request, pd_id: int, tahun: int, indikator_id: int):
    """Change one target: directly while the PK is a draft, as a revision with a reason once it is set.
    A refused change shows the page again with what the user typed."""
    pd = ambil_pd(request, pd_id, tahun)
    ind = ambil_untuk(Indikator.objects, request.user, pk=indikator_id, perangkat_daerah=pd)
    form = TargetForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([p for daftar in form.errors.values() for p in daftar])
        _target_tulis(form, ind, tahun, request.user)
    except (ValidationError, VersiKedaluwarsa) as exc:
        galat = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        halaman = selectors.halaman_pk(user=request.user, perangkat_daerah=pd, tahun=tahun)
        for baris in halaman.baris:
            if baris.indikator.pk == ind.pk:
                baris.isian, baris.galat = {**form.nilai(), "alasan": form.cleaned_data["alasan"]}, galat
        konteks = {"h": halaman, "pd": pd, "tahun": tahun}
        messages.error(request, _("Target %(kode)s belum tersimpan.") % {"kode": ind.kode})
        # A stale version is a conflict (409) that keeps what the user typed, like every stale write.
        return render(request, "kinerja/pk.html", konteks, status=409 if isinstance(exc, VersiKedaluwarsa) else 400)
    messages.success(request, _("Target %(kode)s tersimpan.") % {"kode": ind.kode})
    return redirect("kinerja:pk", pd_id=pd.pk, tahun=tahun)


@login_required
@require_POST
def target_isi_triwulan(request, pd_id: int, tahun: int, indikator_id: int):
    """Fill one indicator's quarterly targets from its year target (services.target_isi_triwulan: the split
    rule, the PK's draft/revision rules and the history), after the page's confirmation."""
    pd = ambil_pd(request, pd_id, tahun)
    ind = ambil_untuk(Indikator.objects, request.user, pk=indikator_id, perangkat_daerah=pd)
    try:
        target = services.target_isi_triwulan(
            indikator=ind, tahun=tahun, oleh=request.user, alasan=request.POST.get("alasan", "")
        )
    except (ValidationError, VersiKedaluwarsa) as exc:
        galat = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        messages.error(request, _("Target triwulan %(kode)s belum terisi: %(galat)s") % {
            "kode": ind.kode, "galat": " ".join(galat)})  # fmt: skip
    else:
        teks = " · ".join(ind.format_nilai(getattr(target, f"t{tw}")) for tw in (1, 2, 3, 4))
        messages.success(
            request,
            _("Target triwulan %(kode)s diisi dari target tahunan: %(teks)s.") % {"kode": ind.kode, "teks": teks},
        )
    return redirect("kinerja:pk", pd_id=pd.pk, tahun=tahun)
