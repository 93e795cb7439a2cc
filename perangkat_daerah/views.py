"""Pages: login/logout, home, the year selector, the PD list and detail, and the organisation profiles."""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .access import ambil_untuk, pd_pengguna_id, profil_pengguna
from .forms import MasukForm
from .models import PerangkatDaerah
from .navigasi import beranda_untuk, tujuan_awalan
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
    return _arahkan(request, lambda profil: reverse(beranda_untuk(profil.peran)))


def _arahkan(request, tujuan_untuk):
    """Redirect to `tujuan_untuk(profil)`; a user without a profile is told so."""
    profil = profil_pengguna(request.user)
    if profil is None:
        return render(request, "perangkat_daerah/tanpa_profil.html", status=403)
    tujuan = tujuan_untuk(profil)
    # the year a link named travels on
    return redirect(f"{tujuan}?tahun={request.tahun}" if "tahun" in request.GET else tujuan)


@login_required
def awalan(request):
    """A bare prefix typed into the address bar (`/dasbor/`, `/kinerja/`, `/perencanaan/`): sent on to the
    role's own page under it, or its home page (navigasi.tujuan_awalan), with the year it named."""
    return _arahkan(request, lambda profil: tujuan_awalan(profil, request.path))


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


@lru_cache(maxsize=1)
def _bagian_pd() -> tuple:
    """The sections later apps add to the PD page: each app's `halaman_pd.BAGIAN`, callables (request, pd)
    → rendered HTML or "" (found by name like `navigasi`, so no import points back up the app chain)."""
    bagian = []
    for config in apps.get_app_configs():
        nama = f"{config.name}.halaman_pd"
        if find_spec(config.name) and find_spec(nama):
            bagian.extend(import_module(nama).BAGIAN)
    return tuple(bagian)


@login_required
def detail(request, pk: int):
    """One PD: 404 outside the user's scope; below its profile, the sections other apps add."""
    pd = ambil_untuk(PerangkatDaerah.objects.select_related("pemda"), request.user, pk=pk)
    bagian = [html for buat in _bagian_pd() if (html := buat(request, pd))]
    return render(request, "perangkat_daerah/detail.html", {"pd": pd, "bagian": bagian})


@login_required
def milik_saya(request):
    """The user's own PD, or the list for city-level roles."""
    pd_id = pd_pengguna_id(request.user)
    if pd_id is None:
        return redirect("pd:daftar")
    return redirect("pd:detail", pk=pd_id)


def _halaman_profil(request, *, pemda, pd, data=None, galat=None, status=200):
    from . import profil_instansi as pi
    from .access import Aksi, berhak

    profil = pi.profil_untuk(pemda=pemda, perangkat_daerah=pd)
    boleh_ubah = berhak(request.user, Aksi.ISI, pd) if pd else berhak(request.user, Aksi.KELOLA, pemda)
    if data is None:
        data = {k: getattr(profil, k, "") for k in pi.KOLOM_TEKS} | {"versi": profil.versi if profil else ""}
        for kunci, kategori in (("golongan", pi.GOLONGAN), ("pendidikan", pi.PENDIDIKAN)):
            isi = (profil.pegawai if profil else {}).get(kunci, {})
            data |= {f"{kunci}_{i}": isi.get(k, 0) for i, k in enumerate(kategori)}
    pegawai = {
        kunci: [(f"{kunci}_{i}", k, data.get(f"{kunci}_{i}", "")) for i, k in enumerate(kategori)]
        for kunci, kategori in (("golongan", pi.GOLONGAN), ("pendidikan", pi.PENDIDIKAN))
    }
    konteks = {"pemda": pemda, "pd": pd, "profil": profil, "data": data, "pegawai": pegawai, "galat": galat,
               "boleh_ubah": boleh_ubah, "struktur": pi.struktur_unit(data.get("struktur", "")),
               "tabel": pi.tabel_pegawai(profil.pegawai if profil else {})}  # fmt: skip
    return render(request, "perangkat_daerah/profil_instansi.html", konteks, status=status)


def _profil_instansi(request, *, pemda, pd):
    """View and edit the organisation profile (LKjIP chapter I); a refusal shows what the user typed."""
    from django.core.exceptions import ValidationError

    from . import profil_instansi as pi
    from .services import VersiKedaluwarsa
    from .validasi import bulat_atau_galat

    if request.method != "POST":
        return _halaman_profil(request, pemda=pemda, pd=pd)
    try:
        versi = bulat_atau_galat(request.POST.get("versi"), "versi", wajib=False)
        pi.profil_instansi_simpan(pemda=pemda, perangkat_daerah=pd, oleh=request.user, nilai=request.POST, versi=versi)
    except (ValidationError, VersiKedaluwarsa) as exc:
        galat = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        status = 409 if isinstance(exc, VersiKedaluwarsa) else 400
        return _halaman_profil(request, pemda=pemda, pd=pd, data=request.POST, galat=galat, status=status)
    messages.success(request, _("Profil instansi tersimpan."))
    return redirect("pd:profil_instansi", pk=pd.pk) if pd else redirect("pd:profil_kota")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profil_instansi(request, pk: int):
    """A PD's organisation profile: another PD's or pemda's is a 404; the service decides who may write."""
    pd = ambil_untuk(PerangkatDaerah.objects.select_related("pemda"), request.user, pk=pk)
    return _profil_instansi(request, pemda=pd.pemda, pd=pd)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profil_kota(request):
    """The city's organisation profile (the city LKjIP's chapter I)."""
    profil = profil_pengguna(request.user)
    if profil is None:
        raise Http404
    return _profil_instansi(request, pemda=profil.pemda, pd=None)
