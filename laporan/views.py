"""Pages at /laporan/: list, request, live progress, download, retry, batch, narrative editor.

Every page shows and acts on the working year (`request.tahun`, which a `?tahun=` in the address sets), and
every link and form it renders carries that year. Ids and numbers from the request go through the one parser
(`bulat_atau_galat`): a malformed one is a 400 with an Indonesian message, never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import ambil_untuk, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.pembatas import dibatasi
from perangkat_daerah.unduhan import unduhan_berkas
from perangkat_daerah.validasi import bulat_atau_galat

from . import reviu, selectors, services, terbit
from .kelengkapan import DataBelumLengkap
from .models import Laporan
from .sistem import masalah_pdf


def _alamat(nama: str, tahun: int, *args, **kueri) -> str:
    """A laporan address that carries the year (and any other query values)."""
    return f"{reverse(nama, args=args)}?{urlencode({'tahun': tahun, **kueri})}"


def _id(nilai, kolom: str) -> int | None:
    """An optional id from a form or query: None when empty, else a valid id or a ValidationError."""
    return None if nilai in (None, "") else bulat_atau_galat(nilai, kolom)


def _tolak(request, exc: ValidationError, status: int = 400):
    """The error page for a malformed request, with the reasons and a way back to the year's reports."""
    konteks = {"pesan": exc.messages, "kembali": _alamat("laporan:daftar", request.tahun)}
    return render(request, "laporan/galat.html", konteks, status=status)


@login_required
def daftar(request):
    """Report jobs of the working year, filterable, with the request form."""
    saring = {k: request.GET.get(k, "") for k in ("jenis", "pd", "status")}
    try:
        pd_id = _id(saring["pd"], "pd")
    except ValidationError as exc:
        return _tolak(request, exc)
    daftar_laporan = list(
        selectors.laporan_list(
            user=request.user, tahun=request.tahun, jenis=saring["jenis"], pd_id=pd_id, status=saring["status"]
        )[:200]
    )
    reviu.tandai_daftar(daftar_laporan)  # each LKjIP row's reviu status (laporan/reviu.py)
    return render(
        request,
        "laporan/daftar.html",
        {
            "daftar_laporan": daftar_laporan,
            "saring": saring,
            "jenis_pilihan": Laporan.Jenis.choices,
            "status_pilihan": Laporan.Status.choices,
            "pilihan": selectors.pilihan_permintaan(user=request.user, tahun=request.tahun),
            "pd_saring": selectors.pd_saring(user=request.user),
            "masalah_pdf": masalah_pdf(),
            "ada_berjalan": any(lap.sedang_berjalan for lap in daftar_laporan),
        },
    )


@login_required
@require_POST
@dibatasi("laporan")
def buat(request):
    """Request one report of the working year; the job runs in the background. An unfinished job for the
    same document is shown instead of a second one."""
    try:
        pd_id = _id(request.POST.get("perangkat_daerah"), "perangkat_daerah")
        evaluasi_id = _id(request.POST.get("evaluasi"), "evaluasi")
        pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id) if pd_id else None
        laporan = services.laporan_minta(
            user=request.user, jenis=request.POST.get("jenis", ""), tahun=request.tahun, perangkat_daerah=pd,
            evaluasi_id=evaluasi_id, tanggal=request.POST.get("tanggal"), triwulan=request.POST.get("triwulan"),
            konfirmasi=request.POST.get("konfirmasi") == "1",
        )  # fmt: skip
    except ValidationError as exc:
        return _tolak(request, exc)
    except DataBelumLengkap as exc:  # the confirmation step: what is missing, and the same request confirmed
        isian = {k: request.POST.get(k, "") for k in ("jenis", "perangkat_daerah", "evaluasi", "tanggal")}
        label = Laporan.Jenis(isian["jenis"]).label
        kembali = _alamat("laporan:daftar", request.tahun)
        konteks = {"kurang": exc.kelengkapan, "pesan": str(exc), "isian": isian, "pd": pd, "label": label}
        return render(request, "laporan/konfirmasi.html", konteks | {"kembali": kembali})
    if laporan.sudah_ada:
        messages.info(request, _("Laporan yang sama sedang dibuat; kemajuannya tampil di bawah."))
    else:
        messages.success(request, _("Laporan masuk antrean. Kemajuannya tampil di bawah."))
    return redirect(_alamat("laporan:detail", laporan.tahun, laporan.pk))


@login_required
def detail(request, pk: int):
    """One job with its live progress (htmx polls the status fragment while it runs); for an LKjIP, its reviu
    status and whether the year's data is incomplete (the file is then marked "Data belum lengkap")."""
    laporan = ambil_untuk(Laporan.objects.select_related("pemda", "perangkat_daerah"), request.user, pk=pk)
    return render(
        request,
        "laporan/detail.html",
        {
            "laporan": laporan,
            "kembali": _alamat("laporan:daftar", laporan.tahun),
            "keadaan": selectors.keadaan_lkjip(laporan=laporan),  # an LKjIP's reviu and data completeness
            "boleh_terbit": terbit.boleh_terbitkan(request.user, laporan),  # the public page's switch
        },
    )


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
    return unduhan_berkas(laporan.berkas, laporan.nama_berkas)


@login_required
@require_POST
@dibatasi("laporan")
def ulangi(request, pk: int):
    """Retry a failed job."""
    laporan = ambil_untuk(Laporan.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    try:
        services.laporan_ulangi(user=request.user, laporan=laporan)
        messages.success(request, _("Laporan dimasukkan kembali ke antrean."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_alamat("laporan:detail", laporan.tahun, laporan.pk))


@login_required
@require_POST
@dibatasi("laporan")
def batch_buat(request):
    """Request every PD's LKjIP of the working year as one batch (one running batch per pemda and year)."""
    batch = services.batch_minta(user=request.user, tahun=request.tahun)
    if batch.sudah_ada:
        pesan = _("LKjIP semua PD tahun %(t)s sedang dibuat; kemajuannya tampil di bawah.")
        messages.info(request, pesan % {"t": batch.tahun})
    else:
        messages.success(request, _("Pembuatan LKjIP semua PD tahun %(t)s dimulai.") % {"t": batch.tahun})
    return redirect(_alamat("laporan:batch", batch.tahun, batch.pk))


@login_required
def batch(request, pk: int):
    """A batch's progress (htmx polls while it runs)."""
    data = selectors.batch_progres(user=request.user, batch_id=pk)
    if data is None:
        raise Http404(_("Data tidak ditemukan atau bukan wewenang Anda."))
    data["daftar_pd"] = _alamat("laporan:daftar", data["batch"].tahun, jenis=Laporan.Jenis.LKJIP_PD)
    if request.headers.get("HX-Request"):  # the polled progress only; the data check is read once per page
        return render(request, "laporan/_batch_status.html", data)
    data["kelengkapan"] = selectors.batch_kelengkapan(batch=data["batch"])
    return render(request, "laporan/batch.html", data)


@login_required
def batch_periksa(request):
    """Before "Buat semua LKjIP PD": what is missing for each PD's LKjIP of the working year, with the button."""
    data = selectors.kelengkapan_semua_pd(user=request.user, tahun=request.tahun)
    return render(request, "laporan/batch_periksa.html", {"kelengkapan": data})


def _pd_narasi(request) -> PerangkatDaerah | None:
    """The PD whose narrative is edited (?pd= or the form's pd; a PD user's own by default)."""
    pd_id = _id(request.GET.get("pd") or request.POST.get("pd"), "pd")
    if pd_id is not None:
        return ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)
    profil = profil_pengguna(request.user)
    return profil.perangkat_daerah if profil is not None and profil.perangkat_daerah_id else None


def _isian_narasi(post) -> dict:
    """Each chapter's (text, versi loaded, fingerprint loaded) from the editor's one form."""
    isian = {}
    for nama in post:
        if nama.startswith("teks-") and len(nama) <= 40:  # the service refuses a key that is not this report's
            bab = nama.removeprefix("teks-")
            versi = bulat_atau_galat(post.get(f"versi-{bab}", "0"), f"versi-{bab}", minimum=0, maksimum=2**31 - 1)
            isian[bab] = (post[nama], versi, post.get(f"sidik-{bab}", ""))
    return isian


@login_required
def narasi(request):
    """Edit every chapter of the LKjIP narrative in one form, saved all at once (?pd= for a PD's report).

    A chapter someone else changed meanwhile is a conflict (HTTP 409): nothing is saved, every chapter keeps
    what the user typed, and the conflicting ones show the stored text beside it."""
    try:
        pd = _pd_narasi(request)
    except ValidationError as exc:
        return _tolak(request, exc)
    services.wajib_boleh_narasi(user=request.user, perangkat_daerah=pd)
    galat, bentrok, status_kode = {}, {}, 200
    if request.method == "POST":
        try:
            tersimpan = services.narasi_simpan_semua(
                user=request.user, perangkat_daerah=pd, tahun=request.tahun, isian=_isian_narasi(request.POST)
            )
            pesan = _("%(n)s bab disimpan.") % {"n": len(tersimpan)} if tersimpan else _("Tidak ada bab yang berubah.")
            messages.success(request, pesan)
            return redirect(_alamat("laporan:narasi", request.tahun, **({"pd": pd.pk} if pd else {})))
        except services.NarasiBentrok as exc:
            bentrok, status_kode = {b: (str(exc), n) for b, n in exc.bab.items()}, 409
        except ValidationError as exc:
            galat, status_kode = exc.message_dict, 400
    konteks = selectors.narasi_editor(
        user=request.user, perangkat_daerah=pd, tahun=request.tahun, post=request.POST, galat=galat, bentrok=bentrok
    )
    return render(request, "laporan/narasi.html", konteks, status=status_kode)
