"""The batch's ZIP download (issue 14 point 10): only who may see the batch (Bagian Organisasi, admin; the
same guard as the batch page), built by laporan/zip_batch.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from perangkat_daerah.access import Aksi

from .models import BatchLaporan
from .zip_batch import buat_zip, nama_zip


@login_required
@require_GET
def batch_zip(request, pk: int):
    """Every finished PDF of the batch in one ZIP, with BACA-SAYA.txt naming the PDs still missing.
    Nothing finished yet, or too large: back to the batch page with the reason."""
    batch = BatchLaporan.objects.for_user(request.user, Aksi.KELOLA).select_related("pemda").filter(pk=pk).first()
    if batch is None:
        raise Http404(_("Data tidak ditemukan atau bukan wewenang Anda."))
    try:
        berkas, _jumlah = buat_zip(batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('laporan:batch', args=[batch.pk])}?{urlencode({'tahun': batch.tahun})}")
    return FileResponse(berkas, as_attachment=True, filename=nama_zip(batch), content_type="application/zip")
