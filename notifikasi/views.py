"""Pages: the list of a user's notifications (mark read, mark all read), the bell fragment the layout loads,
and the user's preferences (linked from the profile page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat

from . import selectors, services
from .models import Jenis

PER_HALAMAN = 50


@login_required
def daftar(request):
    """The user's notifications, newest first, 50 a page."""
    halaman = Paginator(selectors.notifikasi_pengguna(request.user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    konteks = {"halaman": halaman, "belum_dibaca": selectors.jumlah_belum_dibaca(request.user)}
    return render(request, "notifikasi/daftar.html", konteks)


@login_required
def lonceng(request):
    """The bell with the unread count (an htmx fragment the layout loads after the page)."""
    return render(request, "notifikasi/_lonceng.html", {"jumlah": selectors.jumlah_belum_dibaca(request.user)})


@login_required
@require_POST
def baca(request):
    """Mark one notification read (the user's own only)."""
    try:
        pk = bilangan_bulat(request.POST.get("id", ""))
    except BilanganTidakValid:
        return redirect("notifikasi:daftar")
    services.tandai_dibaca(user=request.user, ids=[pk])
    return redirect("notifikasi:daftar")


@login_required
@require_POST
def baca_semua(request):
    """Mark every notification of the user read."""
    jumlah = services.tandai_semua_dibaca(user=request.user)
    messages.success(request, _("%(n)s notifikasi ditandai sudah dibaca.") % {"n": jumlah})
    return redirect("notifikasi:daftar")


@login_required
def preferensi(request):
    """What the user receives, per kind of event: in the app and/or in the daily e-mail digest."""
    if request.method == "POST":
        pilihan = {j: (f"tampil-{j}" in request.POST, f"surel-{j}" in request.POST) for j in Jenis.values}
        services.preferensi_simpan(user=request.user, pilihan=pilihan)
        messages.success(request, _("Pilihan notifikasi disimpan."))
        return redirect("notifikasi:preferensi")
    return render(request, "notifikasi/preferensi.html", {"baris": selectors.preferensi_pengguna(request.user)})
