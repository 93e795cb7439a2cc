"""Publishing a finished LKjIP on the public page, from its detail page (laporan/terbit.py).

The first POST shows what becomes public and asks to confirm; the POST with `konfirmasi` acts.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import Aksi, ambil_untuk, wajib_hak

from .models import Laporan
from .terbit import PESAN_HAK, laporan_terbitkan


@login_required
@require_POST
def terbit(request, pk: int):
    """Publish or withdraw one LKjIP (Bagian Organisasi of its pemda): 404 out of scope, 403 otherwise."""
    laporan = ambil_untuk(Laporan.objects.select_related("pemda", "perangkat_daerah"), request.user, pk=pk)
    wajib_hak(request.user, Aksi.KELOLA, laporan, pesan=str(PESAN_HAK))
    terbitkan = request.POST.get("terbit") == "1"
    kembali = f"{reverse('laporan:detail', args=[laporan.pk])}?{urlencode({'tahun': laporan.tahun})}"
    if request.POST.get("konfirmasi") != "1":
        konteks = {"laporan": laporan, "terbitkan": terbitkan, "kembali": kembali}
        return render(request, "laporan/terbit_konfirmasi.html", konteks)
    try:
        laporan_terbitkan(user=request.user, laporan=laporan, terbit=terbitkan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(kembali)
    if terbitkan:
        messages.success(request, _("LKjIP ini kini dapat diunduh siapa saja dari halaman SAKIP publik."))
    else:
        messages.success(request, _("LKjIP ini ditarik dari halaman SAKIP publik."))
    return redirect(kembali)
