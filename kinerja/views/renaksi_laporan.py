"""The monthly report of the action plans (a month selector, the due month first; save a draft or submit per
action, with evidence) and the verifier's inbox (verify, or return with a note). Thin, as every page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from perangkat_daerah.access import Aksi, ambil_untuk, boleh
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.unduhan import unduhan_bukti
from perangkat_daerah.validasi import bulat_atau_galat

from ..models_renaksi import RealisasiAksi, RencanaAksi
from ..selectors import renaksi as pilih
from ..services import renaksi as layanan
from .realisasi import ambil_pd
from .renaksi import TEKS_REALISASI, _galat, _status


def _bulan(request, tahun: int) -> int:
    teks = request.GET.get("bulan") or request.POST.get("bulan")
    if not teks:
        return pilih.bulan_jatuh_tempo(tahun)
    try:
        return layanan.bulan_atau_galat(teks)
    except ValidationError:
        raise Http404(_("Bulan harus 1 sampai 12.")) from None


def _rencana_dikirim(request, pd, tahun: int) -> RencanaAksi:
    try:
        pk = bulat_atau_galat(request.POST.get("rencana"), "rencana")
    except ValidationError:
        raise Http404(_("Rencana aksi tidak ditemukan.")) from None
    qs = RencanaAksi.objects.select_related("indikator")
    return ambil_untuk(qs, request.user, Aksi.ISI, pk=pk, perangkat_daerah=pd, tahun=tahun)


def _tulis(request, r: RencanaAksi, bulan: int) -> None:
    post = request.POST
    versi = bulat_atau_galat(post.get("versi"), "versi", wajib=False)
    isian = {k: post.get(k, "") for k in TEKS_REALISASI}
    layanan.realisasi_aksi_laporkan(
        rencana=r, bulan=bulan, oleh=request.user, versi=versi, bukti=request.FILES.get("bukti"),
        ajukan=post.get("aksi") == "ajukan", **isian,
    )  # fmt: skip


@login_required
def renaksi_laporan(request, pd_id: int, tahun: int):
    """GET: the month's report of every action; POST: one action's row (save, or save and submit)."""
    pd = ambil_pd(request, pd_id, tahun)
    bulan = _bulan(request, tahun)
    galat, status, rencana_id = [], 200, None
    if request.method == "POST":
        r = _rencana_dikirim(request, pd, tahun)
        try:
            _tulis(request, r, bulan)
            messages.success(request, _("Realisasi bulan %(b)s tersimpan.") % {"b": bulan})
            return redirect(reverse("kinerja:renaksi_laporan", args=[pd.pk, tahun]) + f"?bulan={bulan}")
        except (ValidationError, VersiKedaluwarsa) as exc:
            galat, status, rencana_id = _galat(exc), _status(exc), r.pk
    baris = pilih.halaman_laporan(user=request.user, perangkat_daerah=pd, tahun=tahun, bulan=bulan)
    for b in baris:
        if b.rencana.pk == rencana_id:
            b.galat, b.isian = galat, {k: request.POST.get(k, "") for k in TEKS_REALISASI}
    konteks = {
        "pd": pd, "tahun": tahun, "bulan": bulan, "baris": baris, "semua_bulan": list(pilih.BULAN),
        "tempo": pilih.bulan_jatuh_tempo(tahun),
    }  # fmt: skip
    return render(request, "kinerja/renaksi_laporan.html", konteks, status=status)


@login_required
@require_GET
def renaksi_verifikasi(request):
    """The submitted monthly realisations in the user's scope (verifiers act on them) and the PDs' plans."""
    konteks = {
        "antrean": pilih.antrean_renaksi(request.user), "boleh_verifikasi": boleh(request.user, Aksi.VERIFIKASI),
        "daftar_pd": pilih.pd_dengan_renaksi(request.user, request.tahun), "tahun": request.tahun,
    }  # fmt: skip
    return render(request, "kinerja/renaksi_verifikasi.html", konteks)


@login_required
@require_POST
def renaksi_putuskan(request, pk: int):
    """Verify a submitted month, or return it with a note."""
    ra = ambil_untuk(RealisasiAksi.objects.select_related("rencana_aksi"), request.user, Aksi.VERIFIKASI, pk=pk)
    try:
        versi = bulat_atau_galat(request.POST.get("versi"), "versi")
        if request.POST.get("aksi") == "kembalikan":
            layanan.realisasi_aksi_kembalikan(realisasi=ra, versi=versi, catatan=request.POST.get("catatan", ""),
                                              oleh=request.user)  # fmt: skip
            messages.success(request, _("Realisasi rencana aksi dikembalikan kepada perangkat daerah."))
        else:
            layanan.realisasi_aksi_verifikasi(realisasi=ra, versi=versi, oleh=request.user)
            messages.success(request, _("Realisasi rencana aksi diverifikasi."))
    except (ValidationError, VersiKedaluwarsa) as exc:
        messages.error(request, " ".join(_galat(exc)))
    return redirect("kinerja:renaksi_verifikasi")


@login_required
@require_GET
def renaksi_bukti(request, pk: int):
    """A monthly realisation's evidence, for users who may see it; a download, never inline."""
    ra = ambil_untuk(RealisasiAksi.objects, request.user, Aksi.LIHAT, pk=pk)
    if not ra.bukti:
        raise Http404(_("Realisasi ini tidak memiliki bukti."))
    return unduhan_bukti(ra.bukti, ra.bukti_nama or ra.bukti.name, ra.bukti_jenis)
