"""The action plan pages (rencana aksi, issue 16 point 1): a PD's plan per year with add/edit/delete forms,
the monthly report (a month selector, the due month first) and the verifier's inbox. Thin: parse, call one
selector or service, render; every object through `ambil_untuk`."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from perangkat_daerah.access import ambil_untuk, pd_pengguna_id, wajib_dalam
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.validasi import bulat_atau_galat

from ..models import Indikator
from ..models_renaksi import INDIKATOR_RENAKSI, RencanaAksi
from ..selectors import angka_isian, riwayat
from ..selectors import renaksi as pilih
from ..services import renaksi as layanan
from .realisasi import ambil_pd

KOLOM_TEKS = ("uraian", "tahapan", "penanggung_jawab", "jabatan", "jenis_target")
TEKS_REALISASI = ("nilai", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut")


def _galat(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


def _status(exc: Exception) -> int:
    return 409 if isinstance(exc, VersiKedaluwarsa) else 400


@login_required
def renaksi_saya(request):
    """PD staff: their own PD's plan of the working year; city roles: the list of PDs and the inbox."""
    pd_id = pd_pengguna_id(request.user)
    if pd_id is None:
        return redirect("kinerja:renaksi_verifikasi")
    return redirect("kinerja:renaksi", pd_id=pd_id, tahun=request.tahun)


@login_required
def renaksi_pd(request, pd_id: int, tahun: int):
    """The PD's action plan: its PK and sub kegiatan indicators with their actions and months."""
    pd = ambil_pd(request, pd_id, tahun)
    h = pilih.halaman_renaksi(user=request.user, perangkat_daerah=pd, tahun=tahun)
    return render(request, "kinerja/renaksi.html", {"h": h, "pd": pd, "tahun": tahun, "bulan": list(pilih.BULAN)})


def _isian_form(post) -> dict:
    isian = {k: post.get(k, "") for k in KOLOM_TEKS}
    isian["instruksi_kepala_daerah"] = post.get("instruksi_kepala_daerah") == "1"
    isian["target_bulanan"] = {str(b): post.get(f"target_{b}", "") for b in pilih.BULAN}
    return isian


def _isian_awal(rencana: RencanaAksi | None) -> dict:
    if rencana is None:
        return {"jenis_target": RencanaAksi.JenisTarget.BULANAN, "target_bulanan": {}}
    isian = {k: getattr(rencana, k) for k in KOLOM_TEKS}
    isian["instruksi_kepala_daerah"] = rencana.instruksi_kepala_daerah
    isian["target_bulanan"] = {b: angka_isian(Decimal(v)) for b, v in rencana.target_bulanan.items()}
    return isian


def _form(request, *, pd, tahun, indikator, rencana, isian, galat=None, status=200):
    konteks = {
        "pd": pd, "tahun": tahun, "indikator": indikator, "rencana": rencana, "isian": isian,
        "sel": [(b, isian["target_bulanan"].get(str(b), "")) for b in pilih.BULAN],
        "galat": galat or [], "pk": pilih.kunci_renaksi(pd.pk, tahun), "jenis": RencanaAksi.JenisTarget.choices,
        "riwayat": riwayat.riwayat_renaksi(rencana) if rencana else [],
    }  # fmt: skip
    return render(request, "kinerja/renaksi_form.html", konteks, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def renaksi_tambah(request, pd_id: int, tahun: int, indikator_id: int):
    """Add an action under one of the PD's PK or sub kegiatan indicators."""
    pd = ambil_pd(request, pd_id, tahun)
    ind = ambil_untuk(Indikator.objects.filter(INDIKATOR_RENAKSI), request.user, pk=indikator_id, perangkat_daerah=pd)
    wajib_dalam(pilih.indikator_renaksi(request.user), ind, _("Hanya perangkat daerah ini yang menyusun aksinya."))
    if request.method == "GET":
        return _form(request, pd=pd, tahun=tahun, indikator=ind, rencana=None, isian=_isian_awal(None))
    isian = _isian_form(request.POST)
    try:
        layanan.rencana_aksi_buat(indikator=ind, tahun=tahun, oleh=request.user, alasan=request.POST.get("alasan", ""),
                                  **isian)  # fmt: skip
    except ValidationError as exc:
        return _form(request, pd=pd, tahun=tahun, indikator=ind, rencana=None, isian=isian, galat=_galat(exc),
                     status=400)  # fmt: skip
    messages.success(request, _("Rencana aksi tersimpan."))
    return redirect("kinerja:renaksi", pd_id=pd.pk, tahun=tahun)


def _ambil_rencana(request, pk: int) -> RencanaAksi:
    """The action (404 outside the user's scope; 403 for who may read but not write it, before any form)."""
    r = ambil_untuk(RencanaAksi.objects.select_related("indikator", "perangkat_daerah"), request.user, pk=pk)
    wajib_dalam(pilih.rencana_dapat_diisi(request.user), r, _("Hanya perangkat daerah ini yang mengubah aksinya."))
    return r


@login_required
@require_http_methods(["GET", "POST"])
def renaksi_ubah(request, pk: int):
    """Change an action; after the PK is set, a revision with a reason."""
    r = _ambil_rencana(request, pk)
    pd, tahun = r.perangkat_daerah, r.tahun
    if request.method == "GET":
        return _form(request, pd=pd, tahun=tahun, indikator=r.indikator, rencana=r, isian=_isian_awal(r))
    isian = _isian_form(request.POST)
    try:
        versi = bulat_atau_galat(request.POST.get("versi"), "versi")
        layanan.rencana_aksi_ubah(rencana=r, versi=versi, oleh=request.user, alasan=request.POST.get("alasan", ""),
                                  **isian)  # fmt: skip
    except (ValidationError, VersiKedaluwarsa) as exc:
        return _form(request, pd=pd, tahun=tahun, indikator=r.indikator, rencana=r, isian=isian, galat=_galat(exc),
                     status=_status(exc))  # fmt: skip
    messages.success(request, _("Rencana aksi tersimpan."))
    return redirect("kinerja:renaksi", pd_id=pd.pk, tahun=tahun)


@login_required
@require_http_methods(["GET", "POST"])
def renaksi_hapus(request, pk: int):
    """Confirm and delete an action without realisations (after the PK is set, with a reason)."""
    r = _ambil_rencana(request, pk)
    galat, status = [], 200
    if request.method == "POST":
        try:
            versi = bulat_atau_galat(request.POST.get("versi"), "versi")
            layanan.rencana_aksi_hapus(rencana=r, versi=versi, oleh=request.user, alasan=request.POST.get("alasan", ""))
            messages.success(request, _("Rencana aksi dihapus."))
            return redirect("kinerja:renaksi", pd_id=r.perangkat_daerah_id, tahun=r.tahun)
        except (ValidationError, VersiKedaluwarsa) as exc:
            galat, status = _galat(exc), _status(exc)
    konteks = {"r": r, "galat": galat, "pk": pilih.kunci_renaksi(r.perangkat_daerah_id, r.tahun)}
    return render(request, "kinerja/renaksi_hapus.html", konteks, status=status)
