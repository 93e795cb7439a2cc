"""Budget follows performance (issue 13 point 5): a PD's sub kegiatan budgets of a year, grouped by programme
and kegiatan with subtotals and a form per row (Bagian Organisasi, as the PD-level budget), with the
efficiency per sasaran; and the city's page of each PD's budget with its source."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from perangkat_daerah.access import Aksi, ambil_untuk
from perangkat_daerah.services import VersiKedaluwarsa
from sakip.lib.bilangan import ID_MAKS

from ..capaian import TRIWULAN
from ..forms import AnggaranForm, BulatField, TeksField
from ..models import Sasaran
from ..selectors.anggaran_pohon import halaman_anggaran_kota, halaman_anggaran_pd
from ..services.anggaran_sub_kegiatan import anggaran_sub_kegiatan_simpan
from .realisasi import ambil_pd

TEMPLAT_PD = "perencanaan/anggaran_pd.html"


class AnggaranSubKegiatanForm(AnggaranForm):
    """One row of the PD page: which sub kegiatan, its pagu and quarters as typed, the version loaded, and
    the reason of a revision (asked once the Renja is final)."""

    sasaran = BulatField(nama="sub kegiatan", maksimum=ID_MAKS)
    alasan = TeksField()


@login_required
@require_safe
def anggaran_kota(request, tahun: int):
    """Every PD's budget of the year with its source (sub kegiatan sum or PD-level), and for city roles the
    efficiency per city sasaran."""
    return render(request, "perencanaan/anggaran.html", {"h": halaman_anggaran_kota(user=request.user, tahun=tahun)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def anggaran_pd(request, pd_id: int, tahun: int):
    """A PD's sub kegiatan budgets (another PD's is a 404). POST saves one row; a refused save shows the page
    again with what the user typed in that row (400 bad input, 409 stale version)."""
    pd = ambil_pd(request, pd_id, tahun)
    if request.method != "POST":
        return render(
            request, TEMPLAT_PD, {"h": halaman_anggaran_pd(user=request.user, perangkat_daerah=pd, tahun=tahun)}
        )
    form = AnggaranSubKegiatanForm(request.POST)
    if not form.is_valid() and "sasaran" in form.errors:
        messages.error(request, _("Sub kegiatan yang dikirim tidak dikenal; muat ulang halaman."))
        return redirect("perencanaan:anggaran_pd", pd_id=pd.pk, tahun=tahun)
    sub = ambil_untuk(
        Sasaran.objects.filter(perangkat_daerah=pd), request.user, Aksi.KELOLA, pk=form.cleaned_data["sasaran"]
    )
    isian = {k: form.data.get(k, "") for k in ("pagu", *(f"realisasi_t{tw}" for tw in TRIWULAN), "alasan")}
    try:
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        data = form.cleaned_data
        anggaran_sub_kegiatan_simpan(
            oleh=request.user, sasaran=sub, tahun=tahun, pagu=data["pagu"], versi=data["versi"],
            realisasi={tw: data[f"realisasi_t{tw}"] for tw in TRIWULAN}, alasan=data["alasan"],
        )  # fmt: skip
    except (ValidationError, VersiKedaluwarsa) as exc:
        return _ditolak(request, pd, tahun, sub, isian, exc)
    messages.success(request, _("Anggaran %(kode)s %(tahun)s tersimpan.") % {"kode": sub.kode, "tahun": tahun})
    return redirect(reverse("perencanaan:anggaran_pd", args=[pd.pk, tahun]) + f"#sk-{sub.pk}")


def _ditolak(request, pd, tahun: int, sub: Sasaran, isian: dict, exc: Exception):
    halaman = halaman_anggaran_pd(user=request.user, perangkat_daerah=pd, tahun=tahun)
    baris = halaman.baris(sub.pk)
    if isinstance(exc, VersiKedaluwarsa):
        messages.error(
            request,
            str(exc)
            + " "
            + _("Isian Anda tetap di baris %(kode)s; periksa nilai terbaru lalu simpan lagi.") % {"kode": sub.kode},
        )
    else:
        messages.error(
            request, _("Anggaran %(kode)s belum tersimpan; perbaiki isian yang ditandai.") % {"kode": sub.kode}
        )
    if baris is None:  # not a sub kegiatan row of this page (e.g. another level): say why
        messages.error(request, " ".join(exc.messages))
    else:
        baris.isian = isian
        if isinstance(exc, ValidationError):
            baris.galat = exc.message_dict if hasattr(exc, "error_dict") else {"umum": exc.messages}
    status = 409 if isinstance(exc, VersiKedaluwarsa) else 400
    return render(request, TEMPLAT_PD, {"h": halaman}, status=status)
