"""The pembina's group dashboard (issue 18 points 1 and 2): read only, cached per group like the dashboards.

Which groups and pemda a user may open is `perangkat_daerah.access.grup_binaan` / `pemda_binaan`: a group not
granted to the user, or a pemda outside it, is a 404 (every other role holds no grant, so it is a 404 too).
The content is rendered once per data fingerprint (dasbor.tembolok); the drill-down to one member reuses the
public page's content and cache entry (dasbor/views_publik.py), so it shows exactly what the public sees.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from perangkat_daerah.access import Lingkup, Peran, grup_binaan, pemda_binaan, profil_pengguna

from . import excel, tembolok
from .publik import halaman_publik
from .wilayah import dasbor_wilayah


def _grup(request, pk: int):
    return get_object_or_404(grup_binaan(request.user), pk=pk)


@login_required
@require_safe
def daftar(request):
    """/dasbor/wilayah/: the pembina's groups; straight to the dashboard when there is only one."""
    profil = profil_pengguna(request.user)
    if profil is None or profil.peran != Peran.PEMBINA:
        raise PermissionDenied(_("Dasbor wilayah hanya untuk pembina."))
    grup = list(grup_binaan(request.user).order_by("nama"))
    if len(grup) == 1:
        return redirect("dasbor:wilayah_grup", pk=grup[0].pk)
    return render(request, "dasbor/wilayah_daftar.html", {"daftar": grup})


@login_required
@require_safe
def grup(request, pk: int):
    """/dasbor/wilayah/<id>/: the group dashboard for the chosen year (the year selector's).

    The grant is checked first (a group not granted: 404). The content is cached per (group, year) under the
    install-wide fingerprint, and the whole page's bytes per user, path and language under it too
    (`tembolok.respons`): a cached request renders no template."""
    g = _grup(request, pk)
    sidik = tembolok.penanda_semua()  # the members are many pemda: any write of any of them moves it
    bagian = ("wilayah", g.pk, request.tahun)

    def halaman(**tambahan) -> HttpResponse:
        isi = tembolok.halaman(bagian=bagian, sidik=sidik, buat=lambda: _isi(g, request.tahun))
        # the content was rendered (autoescaped) by our own fragment template, here or for an earlier request
        return render(request, "dasbor/wilayah.html", {"isi": mark_safe(isi), "grup": g, **tambahan})  # noqa: S308

    if len(get_messages(request)):  # a message shows once, in the layout: this page is not kept
        return halaman()
    profil = profil_pengguna(request.user)  # read by the grant check above, cached on the user
    lingkup = Lingkup(profil.peran, profil.pemda_id, profil.perangkat_daerah_id)
    isi = tembolok.respons(
        request, lingkup=lingkup, bagian=bagian, sidik=sidik,
        buat=lambda: halaman(csrf_token=tembolok.TOKEN_SEMENTARA).content,
    )  # fmt: skip
    return HttpResponse(isi)


def _isi(g, tahun: int) -> str:
    return render_to_string("dasbor/_wilayah.html", {"d": dasbor_wilayah(grup=g, sampai=tahun)})


@login_required
@require_safe
def grup_xlsx(request, pk: int):
    """The group's member table as an Excel workbook (the page's figures and order)."""
    d = dasbor_wilayah(grup=_grup(request, pk), sampai=request.tahun)
    respons = HttpResponse(
        excel.tabel_wilayah(d), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    respons["Content-Disposition"] = content_disposition_header(
        True, f"dasbor-wilayah-{d.grup.kode}-{d.tahun_teks}.xlsx"
    )
    return respons


@login_required
@require_safe
def pemda(request, pk: int, pemda_id: int):
    """/dasbor/wilayah/<id>/pemda/<pemda_id>/: one member's public figures; 404 outside the group."""
    g = _grup(request, pk)
    p = get_object_or_404(pemda_binaan(request.user, g).only("kode", "nama"), pk=pemda_id)
    sidik, jumlah_pd = tembolok.penanda(pemda_id=p.pk)

    def buat() -> str:
        data = halaman_publik(pemda=p, jumlah_pd=jumlah_pd, tahun=request.tahun, bawaan=False)
        return render_to_string("publik/_isi.html", {"d": data})

    # the same entry as /publik/<kode>/: one rendering of one pemda's public figures
    isi = tembolok.halaman(bagian=("publik", p.pk, False, request.tahun), sidik=sidik, buat=buat)
    return render(request, "dasbor/wilayah_pemda.html", {"isi": mark_safe(isi), "grup": g, "pemda": p})  # noqa: S308
