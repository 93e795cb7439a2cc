"""Pages at /laporan/: list, request, live progress, download, retry, batch, narrative editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import Aksi, ambil_untuk, boleh
from perangkat_daerah.models import PerangkatDaerah

from . import selectors, services
from .models import Laporan
from .sistem import masalah_pdf


@login_required
def daftar(request):
    """Report jobs of the working year, filterable, with the request form."""
    f = {k: request.GET.get(k, "") for k in ("jenis", "pd", "status")}
    daftar_laporan = list(
        selectors.laporan_list(
            user=request.user, tahun=request.tahun, jenis=f["jenis"], pd_id=f["pd"], status=f["status"]
        )[:200]
    )
    return render(
        request,
        "laporan/daftar.html",
        {
            "daftar_laporan": daftar_laporan,
            "saring": f,
            "jenis_pilihan": Laporan.Jenis.choices,
            "jenis_buat": [(k, v) for k, v in Laporan.Jenis.choices if k != Laporan.Jenis.LKE_XLSX],
            "status_pilihan": Laporan.Status.choices,
            "pd_pilihan": list(selectors.pd_untuk_laporan(user=request.user)),
            "boleh_buat": boleh(request.user, Aksi.BUAT_LAPORAN),
            "boleh_batch": boleh(request.user, Aksi.KELOLA),
            "masalah_pdf": masalah_pdf(),
            "ada_berjalan": any(lap.sedang_berjalan for lap in daftar_laporan),
        },
    )


@login_required
@require_POST
def buat(request):
    """Request one report; the job runs in the background."""
    pd = None
    if request.POST.get("perangkat_daerah", "").isdigit():
        pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=int(request.POST["perangkat_daerah"]))
    try:
        evaluasi = request.POST.get("evaluasi", "")
        laporan = services.laporan_minta(
            user=request.user,
            jenis=request.POST.get("jenis", ""),
            tahun=request.tahun,
            perangkat_daerah=pd,
            evaluasi_id=int(evaluasi) if evaluasi.isdigit() else None,
        )
    except ValidationError as exc:
        for pesan in exc.messages:
            messages.error(request, pesan)
        return redirect("laporan:daftar")
    messages.success(request, _("Laporan masuk antrean. Kemajuannya tampil di bawah."))
    return redirect("laporan:detail", pk=laporan.pk)


@login_required
def detail(request, pk: int):
    """One job with its live progress (htmx polls the status fragment while it runs)."""
    laporan = ambil_untuk(Laporan.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    return render(request, "laporan/detail.html", {"laporan": laporan})


@login_required
def status(request, pk: int):
    """The progress fragment polled by the detail page and the list."""
    laporan = ambil_untuk(Laporan.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    return render(request, "laporan/_status.html", {"laporan": laporan})


@login_required
def unduh(request, pk: int):
    """Download a finished file; 404 out of scope or not finished."""
    laporan = ambil_untuk(Laporan.objects.all(), request.user, pk=pk)
    if laporan.status != Laporan.Status.SELESAI or not laporan.berkas:
        raise Http404(_("Berkas laporan belum tersedia."))
    return FileResponse(laporan.berkas.open("rb"), as_attachment=True, filename=laporan.nama_berkas)


@login_required
@require_POST
def ulangi(request, pk: int):
    """Retry a failed job."""
    laporan = ambil_untuk(Laporan.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    try:
        services.laporan_ulangi(user=request.user, laporan=laporan)
        messages.success(request, _("Laporan dimasukkan kembali ke antrean."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("laporan:detail", pk=laporan.pk)


@login_required
@require_POST
def batch_buat(request):
    """Request every PD's LKjIP of the working year as one batch."""
    if not boleh(request.user, Aksi.KELOLA):
        raise PermissionDenied(_("Hanya Bagian Organisasi yang dapat membuat laporan untuk semua PD."))
    batch = services.batch_minta(user=request.user, tahun=request.tahun)
    messages.success(request, _("Pembuatan LKjIP semua PD tahun %(t)s dimulai.") % {"t": request.tahun})
    return redirect("laporan:batch", pk=batch.pk)


@login_required
def batch(request, pk: int):
    """A batch's progress (htmx polls while it runs)."""
    data = selectors.batch_progres(user=request.user, batch_id=pk)
    if data is None:
        raise Http404(_("Data tidak ditemukan atau bukan wewenang Anda."))
    template = "laporan/_batch_status.html" if request.headers.get("HX-Request") else "laporan/batch.html"
    return render(request, template, data)


def _pd_narasi(request) -> PerangkatDaerah | None:
    nilai = request.GET.get("pd") or request.POST.get("pd") or ""
    if not nilai.isdigit():
        return None
    return ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=int(nilai))


@login_required
def narasi(request):
    """Edit the narrative of each LKjIP chapter (starts from a generated default); ?pd= for a PD's report."""
    from perangkat_daerah.access import profil_pengguna
    from perangkat_daerah.services import VersiKedaluwarsa

    from .konteks import narasi_untuk_editor

    profil = profil_pengguna(request.user)
    pd = _pd_narasi(request)
    if pd is None and profil is not None and profil.perangkat_daerah_id:
        pd = profil.perangkat_daerah
    galat = {}
    if request.method == "POST":
        bab = request.POST.get("bab", "")
        try:
            services.narasi_simpan(
                user=request.user, perangkat_daerah=pd, tahun=request.tahun, bab=bab,
                teks=request.POST.get("teks", ""), versi=int(request.POST.get("versi") or 0),
            )  # fmt: skip
            messages.success(request, _("Narasi bab disimpan."))
            return redirect(f"{request.path}?pd={pd.pk if pd else ''}#bab-{bab}")
        except (ValidationError, VersiKedaluwarsa) as exc:
            galat[bab] = " ".join(getattr(exc, "messages", [str(exc)]))
    else:
        services._wajib_boleh_narasi(request.user, pd)
    bab_list = narasi_untuk_editor(pemda=profil.pemda, perangkat_daerah=pd, tahun=request.tahun)
    for b in bab_list:
        b["galat"] = galat.get(b["bab"], "")
        if b["galat"]:
            b["teks"] = request.POST.get("teks", "")
    return render(
        request,
        "laporan/narasi.html",
        {
            "pd": pd,
            "bab_list": bab_list,
            "pd_pilihan": list(selectors.pd_untuk_laporan(user=request.user)),
            "boleh_kota": boleh(request.user, Aksi.KELOLA),
        },
        status=400 if galat else 200,
    )
