"""Pages: login/logout, home, the year selector, and the PD list and detail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import ambil_untuk, profil_pengguna
from .forms import MasukForm
from .models import PerangkatDaerah
from .navigasi import beranda_untuk
from .selectors import perangkat_daerah_list
from .tahun import BilanganTidakValid, baca_tahun, tahun_ingat, url_dengan_tahun


class MasukView(auth_views.LoginView):
    """The login page."""

    template_name = "perangkat_daerah/masuk.html"
    authentication_form = MasukForm
    redirect_authenticated_user = True


class KeluarView(auth_views.LogoutView):
    """Log out (POST only, as Django requires)."""


@login_required
def beranda(request):
    """Send each role to its place."""
    profil = profil_pengguna(request.user)
    if profil is None:
        return render(request, "perangkat_daerah/tanpa_profil.html", status=403)
    tujuan = reverse(beranda_untuk(profil.peran))
    # the year a link named travels on to the home page
    return redirect(f"{tujuan}?tahun={request.tahun}" if "tahun" in request.GET else tujuan)


@login_required
@require_POST
def pilih_tahun(request):
    """Make the chosen year the working year (session and profile) and go back to the page the user was
    on, showing that year (its `?tahun=` or path year replaced)."""
    kembali = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(kembali, allowed_hosts={request.get_host()}):
        kembali = "/"
    try:
        tahun = baca_tahun(request.POST.get("tahun", ""))
    except BilanganTidakValid:
        messages.error(request, _("Tahun yang dipilih tidak tersedia."))
        return HttpResponseRedirect(kembali)
    tahun_ingat(request, tahun)
    return HttpResponseRedirect(url_dengan_tahun(kembali, tahun))


@login_required
def profil(request):
    """The user's profile: name, role, PD, and the API token (created or renewed here, shown once)."""
    from rest_framework.authtoken.models import Token

    token_baru = None
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        token_baru = Token.objects.create(user=request.user).key
        messages.success(request, _("Token API baru dibuat. Salin sekarang: token ini hanya ditampilkan sekali."))
    punya_token = token_baru is not None or Token.objects.filter(user=request.user).exists()
    return render(request, "perangkat_daerah/profil.html", {"token_baru": token_baru, "punya_token": punya_token})


@login_required
def daftar(request):
    """The PD the user may see, filterable by jenis and a search text."""
    jenis = request.GET.get("jenis", "")
    cari = request.GET.get("q", "").strip()
    objek = list(perangkat_daerah_list(user=request.user, jenis=jenis, cari=cari))
    return render(
        request,
        "perangkat_daerah/daftar.html",
        {
            "daftar_pd": objek,
            "jenis_pilihan": PerangkatDaerah.Jenis.choices,
            "jenis": jenis,
            "cari": cari,
        },
    )


@login_required
def detail(request, pk: int):
    """One PD: 404 outside the user's scope."""
    pd = ambil_untuk(PerangkatDaerah.objects.select_related("pemda"), request.user, pk=pk)
    return render(request, "perangkat_daerah/detail.html", {"pd": pd})


@login_required
def milik_saya(request):
    """The user's own PD, or the list for city-level roles."""
    profil = profil_pengguna(request.user)
    if profil is None or profil.perangkat_daerah_id is None:
        return redirect("pd:daftar")
    return redirect("pd:detail", pk=profil.perangkat_daerah_id)
