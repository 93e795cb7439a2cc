"""The officials' pages (issue 14 point 8): a PD's head (/pd/<id>/pejabat/) and the city's kepala daerah with
the Inspektur (/pd/kota/pejabat/). Each shows the signature block as the reports print it, the form for who may
change it (the service decides, perangkat_daerah/pejabat.py) and the history of the change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import pejabat
from .access import ambil_untuk, profil_pengguna
from .models import PerangkatDaerah
from .services import VersiKedaluwarsa
from .validasi import VERSI_MAKS, bulat_atau_galat


def _blok(obj, kolom, data, galat, **tetap) -> dict:
    """One form block for `obj` (a PD or the pemda): its fields `kolom` with versi, the errors, the history, and
    what `tetap` fixes (section, title, right, default title, preview, whether a NIP is asked)."""
    return tetap | {
        "data": data or {k: getattr(obj, k) for k in kolom} | {"versi": obj.versi},
        "galat": galat or {},
        "riwayat": pejabat.riwayat_pejabat(obj, kolom),
    }


def _blok_pd(user, pd: PerangkatDaerah, data=None, galat=None) -> dict:
    """One form block: the head of `pd` (the Inspektur for the Inspektorat)."""
    inspektorat = pd.jenis == PerangkatDaerah.Jenis.INSPEKTORAT
    return _blok(
        pd, pejabat.KOLOM_PD, data, galat,
        bagian="inspektur" if inspektorat else "pd",
        judul=_("Inspektur") if inspektorat else _("Kepala perangkat daerah"),
        pd=pd,
        boleh_ubah=pejabat.boleh_ubah_kepala_pd(user, pd),
        jabatan_baku=pejabat.jabatan_baku_kepala_pd(pd),
        pratinjau=pejabat.kepala_pd(pd).sebagai_dict(),
        dengan_nip=True,
    )  # fmt: skip


def _blok_daerah(user, pemda, data=None, galat=None) -> dict:
    """The kepala daerah's block: name and title, no NIP."""
    return _blok(
        pemda, pejabat.KOLOM_DAERAH, data, galat,
        bagian="daerah",
        judul=_("Kepala daerah"),
        pd=None,
        boleh_ubah=pejabat.boleh_ubah_kepala_daerah(user, pemda),
        jabatan_baku=pejabat.jabatan_baku_kepala_daerah(pemda),
        pratinjau=pejabat.kepala_daerah(pemda).sebagai_dict(),
        dengan_nip=False,
    )  # fmt: skip


def _simpan(request, simpan) -> tuple[dict, int] | None:
    """Call `simpan(versi)` with the form's versi: None when saved (with a message), else (errors by field, status).
    A refusal of the right (PermissionDenied) is the service's 403."""
    try:
        versi = bulat_atau_galat(request.POST.get("versi"), "versi", minimum=1, maksimum=VERSI_MAKS)
        berubah = simpan(versi)
    except ValidationError as exc:
        return (exc.message_dict if hasattr(exc, "error_dict") else {"umum": exc.messages}), 400
    except VersiKedaluwarsa as exc:
        return {"umum": [str(exc)]}, 409
    messages.success(request, _("Data pejabat tersimpan.") if berubah else _("Tidak ada yang berubah."))
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pejabat_pd(request, pk: int):
    """A PD's head: another PD's or pemda's is a 404; in scope without the right, the form is not offered and a
    POST is a 403 (pejabat.kepala_pd_simpan)."""
    pd = ambil_untuk(PerangkatDaerah.objects.select_related("pemda"), request.user, pk=pk)
    data = galat = None
    status = 200
    if request.method == "POST":
        hasil = _simpan(request, lambda v: pejabat.kepala_pd_simpan(pd=pd, oleh=request.user, nilai=request.POST,
                                                                      versi=v))  # fmt: skip
        if hasil is None:
            return redirect("pd:pejabat", pk=pd.pk)
        (galat, status), data = hasil, request.POST
    konteks = {"pd": pd, "pemda": pd.pemda, "blok": [_blok_pd(request.user, pd, data, galat)]}
    return render(request, "perangkat_daerah/pejabat.html", konteks, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pejabat_kota(request):
    """The kepala daerah and the Inspektur on one page (Bagian Organisasi edits both; others read)."""
    profil = profil_pengguna(request.user)
    if profil is None:
        raise Http404
    pemda, inspektorat = profil.pemda, pejabat.pd_inspektorat(profil.pemda)
    data = galat = bagian = None
    status = 200
    if request.method == "POST":
        bagian = request.POST.get("bagian")
        if bagian == "daerah":
            hasil = _simpan(request, lambda v: pejabat.kepala_daerah_simpan(pemda=pemda, oleh=request.user,
                                                                              nilai=request.POST, versi=v))  # fmt: skip
        elif bagian == "inspektur" and inspektorat is not None:
            hasil = _simpan(request, lambda v: pejabat.kepala_pd_simpan(pd=inspektorat, oleh=request.user,
                                                                          nilai=request.POST, versi=v))  # fmt: skip
        else:
            raise Http404(_("Bagian formulir tidak dikenal."))
        if hasil is None:
            return redirect("pd:pejabat_kota")
        (galat, status), data = hasil, request.POST
    blok = [_blok_daerah(request.user, pemda, *((data, galat) if bagian == "daerah" else ()))]
    if inspektorat is not None:
        blok.append(_blok_pd(request.user, inspektorat, *((data, galat) if bagian == "inspektur" else ())))
    konteks = {"pd": None, "pemda": pemda, "blok": blok, "tanpa_inspektorat": inspektorat is None}
    return render(request, "perangkat_daerah/pejabat.html", konteks, status=status)
