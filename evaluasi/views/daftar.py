"""The list of evaluations of a year and opening a new one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import ambil_untuk, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka

from .. import selectors, services
from ..models import Evaluasi
from .dasar import bulat_atau_400, pesan_galat, tahun_atau_400, tolak_400

# --- List -----------------------------------------------------------------------------------------------------


@login_required
def daftar(request):
    """The evaluations of the year shown (the working year, which a ?tahun= sets: TahunMiddleware) the user
    may see, with live or frozen scores; its "Mulai" buttons post that same year (issue 11 §5)."""
    tahun = request.tahun
    jenis = request.GET.get("jenis", "")
    if jenis not in Evaluasi.Jenis.values:
        jenis = ""
    evaluasi = list(selectors.evaluasi_list(user=request.user, tahun=tahun, jenis=jenis))
    tahun_ada = selectors.evaluasi_list(user=request.user).values_list("tahun", flat=True).distinct().order_by("-tahun")
    hasil = selectors.hasil_banyak(e for e in evaluasi if not selectors.punya_hasil(e))
    baris = [_baris_daftar(e, hasil.get(e.pk)) for e in evaluasi]
    return render(
        request,
        "evaluasi/daftar.html",
        {
            "baris": baris,
            "tahun": tahun,
            "tahun_ada": list(tahun_ada),
            "jenis": jenis,
            "jenis_pilihan": Evaluasi.Jenis.choices,
            "bisa_buat": _pilihan_buat(request, evaluasi, tahun),
        },
    )


def _baris_daftar(e: Evaluasi, hasil) -> dict:
    if selectors.punya_hasil(e):
        total, predikat, lengkap = format_angka(e.hasil.total), e.hasil.predikat, True
    elif hasil is not None:
        total, predikat, lengkap = format_angka(hasil.total), hasil.predikat.kode, hasil.lengkap
    else:
        total, predikat, lengkap = "–", "", False
    return {"e": e, "total": total, "predikat": predikat, "lengkap": lengkap}


def _pilihan_buat(request, evaluasi: list[Evaluasi], tahun: int) -> list[dict]:
    """What the user may open for the year shown: own PD's self-assessment, internal evaluations, city.

    When the list is filtered by kind, what already exists is read again for the year (one query)."""
    if profil_pengguna(request.user) is None:
        return []
    if request.GET.get("jenis"):
        ada = set(selectors.evaluasi_list(user=request.user, tahun=tahun).values_list("perangkat_daerah_id", "jenis"))
    else:
        ada = {(e.perangkat_daerah_id, e.jenis) for e in evaluasi}
    label = {
        (Evaluasi.Jenis.MANDIRI, True): _("Mulai penilaian mandiri"),
        (Evaluasi.Jenis.INTERNAL, True): _("Mulai evaluasi internal"),
        (Evaluasi.Jenis.MANDIRI, False): _("Mulai perkiraan mandiri kota"),
    }
    return [
        {"jenis": jenis, "pd": pd, "label": label[jenis, pd is not None]}
        for jenis, pd in services.evaluasi_dapat_dibuka(request.user, ada=ada)
    ]


@login_required
@require_POST
@tolak_400
def buat(request):
    """Open an evaluation for the year the list showed (posted with the form), then go to its worksheet."""
    tahun = tahun_atau_400(request.POST.get("tahun", ""))
    pd = None
    if request.POST.get("perangkat_daerah"):
        pd_id = bulat_atau_400(request.POST["perangkat_daerah"], _("Perangkat daerah"))
        pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)
    try:
        e = services.evaluasi_buat(
            oleh=request.user, tahun=tahun, jenis=request.POST.get("jenis", ""), perangkat_daerah=pd
        )
    except ValidationError as exc:
        pesan_galat(request, exc)
        return redirect(f"{reverse('evaluasi:daftar')}?tahun={tahun}")
    messages.success(request, _("Evaluasi dibuka. Jawaban dapat disimpan sebagian."))
    return redirect("evaluasi:lembar", pk=e.pk)
