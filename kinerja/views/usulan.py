"""The proposal pages of the performance tree (issue 13, point 3): the user's pending proposals and
crosscutting invitations with their decisions, and the form of a new proposal. The workflow and who may
do what live in kinerja/services/usulan.py; the pages ask kinerja/selectors/usulan.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from perangkat_daerah.access import ambil_untuk
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.validasi import bulat_atau_galat
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none

from ..models_usulan import Kontributor, Usulan
from ..selectors import usulan as pilih
from ..selectors.simpul import tingkat_anak
from ..services import usulan as alur


def _galat(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


def _daftar(request, *, status: int = 200, galat: list[str] | None = None):
    for pesan in galat or []:
        messages.error(request, pesan)
    return render(request, "perencanaan/usulan.html", {"h": pilih.halaman_usulan(user=request.user)}, status=status)


@login_required
@require_safe
def usulan_daftar(request):
    """Waiting proposals and crosscutting invitations of the user (a PD user's own PD's; the pemda's for
    city roles), with the decisions the user may take, and the last decided proposals."""
    return _daftar(request)


def _keputusan(request) -> dict:
    """The POSTed decision: status, note and the version read (a malformed version is a 400)."""
    return {
        "status": request.POST.get("status", ""),
        "catatan": request.POST.get("catatan", ""),
        "versi": bulat_atau_galat(request.POST.get("versi"), "versi"),
    }


def _putuskan(request, tulis, berhasil: str):
    """Run one decision; a refused one shows the proposals page again: 409 stale, 400 otherwise."""
    try:
        tulis(**_keputusan(request))
    except (ValidationError, VersiKedaluwarsa) as exc:
        return _daftar(request, status=409 if isinstance(exc, VersiKedaluwarsa) else 400, galat=_galat(exc))
    messages.success(request, berhasil)
    return None


@login_required
@require_POST
def usulan_putuskan(request, pk: int):
    """Approve or reject a proposal (another PD's or pemda's is a 404; a visible one not yours to decide,
    a 403)."""
    usulan = ambil_untuk(Usulan.objects, request.user, pk=pk)
    gagal = _putuskan(
        request, lambda **k: alur.usulan_putuskan(usulan=usulan, oleh=request.user, **k), _("Usulan diputuskan.")
    )
    return gagal or redirect("perencanaan:usulan")


@login_required
@require_POST
def kontributor_putuskan(request, pk: int):
    """Accept or reject a crosscutting invitation; back to the PD's branch page when asked from there."""
    kontributor = ambil_untuk(Kontributor.objects.select_related("sasaran"), request.user, pk=pk)
    gagal = _putuskan(
        request,
        lambda **k: alur.kontributor_putuskan(kontributor=kontributor, oleh=request.user, **k),
        _("Jawaban undangan lintas PD tersimpan."),
    )
    if gagal is not None:
        return gagal
    if request.POST.get("kembali") == "pohon" and kontributor.perangkat_daerah_id:
        return redirect("perencanaan:pohon_pd", pd_id=kontributor.perangkat_daerah_id)
    return redirect("perencanaan:usulan")


def _ambil_pilihan(daftar: list, nilai, kolom: str):
    """The chosen row among the allowed choices, or a ValidationError on `kolom`."""
    pk = bulat_atau_galat(nilai, kolom)
    for obj in daftar:
        if obj.pk == pk:
            return obj
    raise ValidationError({kolom: _("Pilihan tidak tersedia.")})


def _ajukan(request, arah: str, p: pilih.PilihanUsul) -> Usulan:
    data = request.POST
    return alur.usulan_ajukan(
        oleh=request.user, arah=arah, kode=data.get("kode", ""), uraian=data.get("uraian", ""),
        perangkat_daerah=_ambil_pilihan(p.perangkat_daerah, data.get("perangkat_daerah"), "perangkat_daerah"),
        induk=_ambil_pilihan(p.induk, data.get("induk"), "induk"),
        tingkat=_ambil_pilihan(p.tingkat, data.get("tingkat"), "tingkat"),
    )  # fmt: skip


def _isian_awal(request, p: pilih.PilihanUsul) -> dict[str, str]:
    """The form opened from a node ("Usulkan ke PD", `?induk=<id>`): that parent and the first PD level that may
    hang under it, preselected. Only an offered parent counts (a city node of the user's pemda); anything else,
    another pemda's node, a PD's node or a malformed id, opens the form without a preselection."""
    try:
        induk_id = bilangan_bulat_atau_none(request.GET.get("induk", ""), nama="induk")
    except BilanganTidakValid:
        induk_id = None
    induk = next((s for s in p.induk if s.pk == induk_id), None)
    if induk is None:
        return {}
    tingkat = tingkat_anak(p.tingkat, induk)
    return {"induk": str(induk.pk), "tingkat": str(tingkat.pk) if tingkat else ""}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def usulan_baru(request):
    """The form of a new proposal: Bagian Organisasi proposes a branch under a city node to a PD; a PD user
    proposes a sasaran of its own PD under a city sasaran. Other roles: 403. `?induk=<id>` preselects the
    parent (the tree's "Usulkan ke PD" link)."""
    arah = pilih.arah_usul(request.user)
    if arah is None:
        raise PermissionDenied(_("Peran Anda tidak dapat mengajukan usulan simpul."))
    p = pilih.pilihan_usul(user=request.user)
    isian = request.POST if request.method == "POST" else _isian_awal(request, p)
    konteks = {"p": p, "arah": arah, "isian": isian, "galat": []}
    if request.method == "POST":
        try:
            _ajukan(request, arah, p)
        except ValidationError as exc:
            konteks["galat"] = _galat(exc)
            return render(request, "perencanaan/usulan_baru.html", konteks, status=400)
        messages.success(request, _("Usulan terkirim dan menunggu keputusan."))
        return redirect("perencanaan:usulan")
    return render(request, "perencanaan/usulan_baru.html", konteks)
