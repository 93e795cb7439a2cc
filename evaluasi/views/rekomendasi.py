"""Recommendations: the list, one with its follow-up and verification, evidence, issuing a new one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from perangkat_daerah.access import ambil_untuk
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.unduhan import unduhan_bukti
from sakip.lib.angka import format_angka

from .. import selectors, services, tampilan
from ..forms import RekomendasiForm, TindakLanjutForm, VerifikasiForm
from ..models import Kriteria, Rekomendasi
from .dasar import ambil_evaluasi, pesan_galat

# --- Recommendations ----------------------------------------------------------------------------------------


@login_required
def rekomendasi_daftar(request):
    """Recommendations in scope, overdue ones highlighted, each with the points its criteria would regain."""
    status = request.GET.get("status", "")
    daftar = list(selectors.rekomendasi_list(user=request.user, status=status))
    poin = selectors.poin_rekomendasi(daftar)
    baris = [_baris_rek(r, poin.get(r.pk)) for r in daftar]
    return render(
        request,
        "evaluasi/rekomendasi_daftar.html",
        {
            "baris": baris,
            "status": status,
            "status_pilihan": Rekomendasi.Status.choices,
            "terlambat": sum(b["terlambat"] for b in baris),
        },
    )


def _baris_rek(r: Rekomendasi, poin) -> dict:
    return {
        "r": r,
        "terlambat": r.terlambat(),
        "batas": tampilan.tanggal(r.batas_waktu),
        "poin": format_angka(poin) if poin is not None else "–",
        "kriteria": ", ".join(k.kode for k in r.kriteria.all()),
    }


@login_required
def rekomendasi_detail(request, pk: int):
    """One recommendation: follow-up (responsible PD) and verification (Bagian Organisasi)."""
    r = ambil_untuk(selectors.rekomendasi_list(user=request.user), request.user, pk=pk)
    tl_form = TindakLanjutForm(initial={"versi": r.versi, "tindak_lanjut": r.tindak_lanjut})
    ver_form = VerifikasiForm(initial={"versi": r.versi})
    if request.method == "POST":
        hasil_post = _post_rekomendasi(request, r)
        if hasil_post is None:
            return redirect("evaluasi:rekomendasi_detail", pk=r.pk)
        tl_form, ver_form = hasil_post
    poin = selectors.poin_rekomendasi([r]).get(r.pk)
    bisa_tl = services.boleh_tindak_lanjut(request.user, r)
    bisa_verifikasi = services.boleh_verifikasi(request.user, r)
    return render(
        request,
        "evaluasi/rekomendasi_detail.html",
        {
            "b": _baris_rek(r, poin),
            "r": r,
            "kriteria": list(r.kriteria.all()),
            "tl_form": tl_form if bisa_tl else None,
            "ver_form": ver_form if bisa_verifikasi else None,
        },
    )


def _post_rekomendasi(request, r: Rekomendasi):
    """Handle a follow-up or verification post; None on success, else the forms with their errors."""
    tl_form, ver_form = TindakLanjutForm(initial={"versi": r.versi}), VerifikasiForm(initial={"versi": r.versi})
    try:
        if request.POST.get("aksi") == "verifikasi":
            ver_form = VerifikasiForm(request.POST)
            if not ver_form.is_valid():
                return tl_form, ver_form
            d = ver_form.cleaned_data
            services.rekomendasi_verifikasi(
                rekomendasi=r, oleh=request.user, versi=d["versi"], diterima=d["diterima"], catatan=d["catatan"]
            )
        else:
            tl_form = TindakLanjutForm(request.POST, request.FILES)
            if not tl_form.is_valid():
                return tl_form, ver_form
            d = tl_form.cleaned_data
            services.rekomendasi_tindak_lanjut(
                rekomendasi=r, oleh=request.user, versi=d["versi"], tindak_lanjut=d["tindak_lanjut"], berkas=d["bukti"]
            )
    except VersiKedaluwarsa as exc:
        messages.error(request, str(exc))
        return None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):  # a field's message goes beside the field, the text kept
            formulir = ver_form if request.POST.get("aksi") == "verifikasi" else tl_form
            for kunci, pesan in exc.message_dict.items():
                formulir.add_error(kunci if kunci in formulir.fields else None, pesan)
            return tl_form, ver_form
        pesan_galat(request, exc)
        return None
    messages.success(request, _("Rekomendasi diperbarui."))
    return None


@login_required
def rekomendasi_bukti(request, pk: int):
    """Download a follow-up's evidence, for users who may see the recommendation."""
    r = ambil_untuk(Rekomendasi.objects.all(), request.user, pk=pk)
    if not r.bukti:
        raise Http404(_("Tidak ada berkas bukti."))
    return unduhan_bukti(r.bukti, r.bukti_nama or "bukti", r.bukti_jenis)


def _awal(e) -> dict:
    """The form's proposal: the PD, and a sentence about the criteria that lost the most points (editable)."""
    uraian, kriteria = selectors.usulan_rekomendasi(e)
    return {"perangkat_daerah": e.perangkat_daerah_id, "uraian": uraian, "kriteria": kriteria}


@login_required
def rekomendasi_baru(request, pk: int):
    """Issue a recommendation from a final evaluation's LHE (Inspektorat: internal; Bagian Organisasi: official)."""
    e = ambil_evaluasi(request, pk)
    if not services.boleh_rekomendasi(request.user, e):
        raise PermissionDenied(_("Anda tidak berwenang menerbitkan rekomendasi untuk evaluasi ini."))
    form = RekomendasiForm(
        request.POST or None,
        pd_qs=PerangkatDaerah.objects.filter(pemda_id=e.pemda_id, aktif=True).order_by("kode"),
        kriteria_qs=Kriteria.objects.filter(subkomponen__komponen__instrumen=e.instrumen).order_by(
            "subkomponen__komponen__urutan", "subkomponen__urutan", "nomor"
        ),
        initial=_awal(e) if request.method != "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            r = services.rekomendasi_buat(
                evaluasi=e, oleh=request.user, uraian=d["uraian"], batas_waktu=d["batas_waktu"],
                perangkat_daerah=d["perangkat_daerah"], kriteria=d["kriteria"],
            )  # fmt: skip
        except ValidationError as exc:
            for kunci, pesan in exc.message_dict.items():
                form.add_error(kunci if kunci in form.fields else None, pesan)
        else:
            messages.success(request, _("Rekomendasi diterbitkan."))
            return redirect("evaluasi:rekomendasi_detail", pk=r.pk)
    return render(
        request,
        "evaluasi/rekomendasi_baru.html",
        {"form": form, "e": e, "kembali": reverse("evaluasi:hasil", args=[e.pk])},
    )
