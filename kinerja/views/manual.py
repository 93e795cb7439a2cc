"""The indicator manual page (Manual IK) and the IKU document pages of a PD and of the city (issue 13 point
4). Rights are decided by the services (kinerja/services/manual.py); these views only look rows up in the
user's scope (another PD's or pemda's is a 404) and show refusals with what the user typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from perangkat_daerah.access import ambil_untuk, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.validasi import bulat_atau_galat

from ..forms_manual import ManualForm
from ..models import Indikator
from ..selectors.manual import halaman_iku, halaman_manual
from ..services import manual as layanan


def _awal(h) -> dict:
    """The form's initial values: the stored manual, or for a new one the indicator's definition and source."""
    if h.manual is None:
        ind = h.indikator
        return {"definisi": ind.definisi, "sumber_data": ind.sumber_data, "jenis": "outcome",
                "periode_pelaporan": "triwulanan"}  # fmt: skip
    awal = {k: getattr(h.manual, k) for k in layanan.KOLOM_MANUAL}
    return {**awal, "versi": h.manual.versi}


def _simpan(request, ind, form: ManualForm) -> None:
    if not form.is_valid():
        raise ValidationError([p for daftar in form.errors.values() for p in daftar])
    data = form.cleaned_data
    layanan.manual_simpan(
        indikator=ind, oleh=request.user, nilai=data, versi=data["versi"], catatan=data["catatan"]
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def manual(request, indikator_id: int):
    """View and edit one indicator's manual. A refused change shows the form again with what the user typed:
    400 for invalid input, 409 for a stale version."""
    ind = ambil_untuk(Indikator.objects.select_related("sasaran", "perangkat_daerah"), request.user, pk=indikator_id)
    if request.method != "POST":
        h = halaman_manual(user=request.user, indikator=ind)
        return render(request, "perencanaan/manual.html", {"h": h, "form": ManualForm(initial=_awal(h))})
    form = ManualForm(request.POST)
    try:
        _simpan(request, ind, form)
    except (ValidationError, VersiKedaluwarsa) as exc:
        galat = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        h = halaman_manual(user=request.user, indikator=ind)
        konteks = {"h": h, "form": form, "galat": galat}
        return render(
            request, "perencanaan/manual.html", konteks, status=409 if isinstance(exc, VersiKedaluwarsa) else 400
        )
    messages.success(request, _("Manual indikator %(kode)s tersimpan.") % {"kode": ind.kode})
    return redirect("perencanaan:manual", indikator_id=ind.pk)


@login_required
@require_safe
def iku_kota(request):
    """The city's IKU document; a PD user is taken to their own PD's."""
    profil = profil_pengguna(request.user)
    if profil is None:
        raise Http404
    if profil.perangkat_daerah_id:
        return redirect("perencanaan:iku_pd", pd_id=profil.perangkat_daerah_id)
    h = halaman_iku(user=request.user, pemda_id=profil.pemda_id, perangkat_daerah=None, tahun=request.tahun)
    return render(request, "perencanaan/iku.html", {"h": h, "tahun": request.tahun})


@login_required
@require_safe
def iku_pd(request, pd_id: int):
    """One PD's IKU document (another PD's or pemda's is a 404)."""
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)
    h = halaman_iku(user=request.user, pemda_id=pd.pemda_id, perangkat_daerah=pd, tahun=request.tahun)
    return render(request, "perencanaan/iku.html", {"h": h, "tahun": request.tahun})


def _tetapkan(request, pd) -> None:
    """Make the document of the working year's period if missing, then set it final (the services check)."""
    profil = profil_pengguna(request.user)
    h = halaman_iku(user=request.user, pemda_id=profil.pemda_id, perangkat_daerah=pd, tahun=request.tahun)
    if h.periode is None:
        raise ValidationError(_("Belum ada periode perencanaan yang mencakup tahun ini."))
    versi = bulat_atau_galat(request.POST.get("versi"), "versi", wajib=False)
    dokumen = h.dokumen or layanan.dokumen_iku_pastikan(
        pemda=profil.pemda, perangkat_daerah=pd, periode=h.periode, oleh=request.user
    )
    layanan.dokumen_iku_tetapkan(dokumen=dokumen, oleh=request.user, versi=versi or dokumen.versi)


@login_required
@require_POST
def iku_tetapkan(request, pd_id: int | None = None):
    """Set the IKU document final ("Tetapkan"): the kepala PD for a PD's, Bagian Organisasi for the city's."""
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id) if pd_id else None
    if pd is None and profil_pengguna(request.user) is None:
        raise PermissionDenied
    try:
        _tetapkan(request, pd)
        messages.success(request, _("Dokumen IKU ditetapkan; manual IKU-nya kini terkunci."))
    except (ValidationError, VersiKedaluwarsa) as exc:
        messages.error(request, " ".join(exc.messages if isinstance(exc, ValidationError) else [str(exc)]))
    return redirect("perencanaan:iku_pd", pd_id=pd.pk) if pd else redirect("perencanaan:iku")
