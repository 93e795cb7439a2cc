"""Carrying last year's answers into this year's draft (issue 15 point 6): the preview, then the apply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..services import hak
from ..services import migrasi_instrumen as migrasi
from .dasar import ambil_evaluasi, pesan_galat


@login_required
def migrasi_jawaban(request, pk: int):
    """GET: what would carry from last year's evaluation and what would not; POST: apply it.

    Out of the user's scope: 404 (ambil_evaluasi); in scope but not the one who answers this draft: 403."""
    e = ambil_evaluasi(request, pk)
    if not migrasi.boleh_migrasi(request.user, e):
        raise PermissionDenied(hak.PESAN_EVALUASI)
    if request.method == "POST":
        try:
            rencana = migrasi.migrasi_terapkan(evaluasi=e, oleh=request.user)
        except ValidationError as exc:
            pesan_galat(request, exc)
            return redirect("evaluasi:migrasi", pk=e.pk)
        messages.success(
            request,
            _("%(n)s jawaban dan %(s)s nilai subkomponen dari %(e)s dibawa ke draf; %(t)s tidak dibawa.")
            % {
                "n": len(rencana.dibawa),
                "s": len(rencana.sub_dibawa),
                "e": rencana.sumber,
                "t": len(rencana.tidak_dibawa) + len(rencana.sub_tidak_dibawa),
            },
        )
        return redirect("evaluasi:lembar", pk=e.pk)
    rencana = migrasi.migrasi_rencana(e)
    return render(request, "evaluasi/migrasi.html", {"e": e, "rencana": rencana})
