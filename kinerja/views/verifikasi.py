"""Bagian Organisasi's pages: the verification inbox and decisions, quarter locks, the completeness matrix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, boleh, profil_pengguna
from perangkat_daerah.services import VersiKedaluwarsa

from .. import excel, selectors, services
from ..forms import KeputusanForm, KunciForm
from ..models import Realisasi
from ..selectors import ROMAWI, proyeksi
from ..selectors.kotak_masuk import kotak_verifikasi, tandai_tenggat
from .realisasi import ambil_pd, pemda_kota


def _wajib(request, aksi: str) -> None:
    if not boleh(request.user, aksi):
        raise PermissionDenied(_("Halaman ini hanya untuk Bagian Organisasi."))


@login_required
def kotak(request):
    """The inbox: every submitted quarter of every year still waiting, oldest first, grouped by year (the
    working year only picks the completeness matrix the page links to)."""
    _wajib(request, Aksi.VERIFIKASI)
    antrean = tandai_tenggat(kotak_verifikasi(user=request.user))
    per_tahun = proyeksi.berisiko_antrean(user=request.user, per_tahun=antrean)
    return render(request, "kinerja/verifikasi_kotak.html", {"per_tahun": per_tahun, "tahun": request.tahun})


@login_required
def putuskan(request, pd_id: int, tahun: int, triwulan: int):
    """One PD's submitted quarter: verify rows, or return them each with a note."""
    _wajib(request, Aksi.VERIFIKASI)
    pd = ambil_pd(request, pd_id, tahun, triwulan)
    return _halaman_putuskan(request, pd=pd, pemda=pd.pemda, tahun=tahun, triwulan=triwulan)


@login_required
def putuskan_kota(request, tahun: int, triwulan: int):
    """The city's own submitted indicators (IKU kota): Bagian Organisasi verifies what it entered itself
    (see services.triwulan_ajukan for why), with the same page and services as for a PD."""
    _wajib(request, Aksi.VERIFIKASI)
    pemda = pemda_kota(request, tahun, triwulan)
    return _halaman_putuskan(request, pd=None, pemda=pemda, tahun=tahun, triwulan=triwulan)


def _halaman_putuskan(request, *, pd, pemda, tahun: int, triwulan: int):
    halaman = selectors.halaman_input(
        user=request.user, perangkat_daerah=pd, pemda=pemda, tahun=tahun, triwulan=triwulan
    )
    status = 200
    if request.method == "POST":
        banyak = request.POST.get("aksi") in AKSI_BANYAK
        galat, jumlah, konflik = (_putuskan_banyak if banyak else _putuskan_semua)(request, halaman)
        if not galat:
            messages.success(request, _("%(n)s keputusan verifikasi tersimpan.") % {"n": jumlah})
            return _kembali_ke_tempat(request, halaman)
        for b in halaman.baris:
            b.galat = galat.get(b.indikator.pk, [])
            b.isian = {"catatan": request.POST.get(f"catatan-{b.indikator.pk}", "")}
        umum = " ".join(galat.get("umum", []))
        messages.error(request, umum or _("Sebagian keputusan belum tersimpan; lihat baris yang ditandai."))
        # Refused only because rows changed since loading: a conflict (409), like every stale write.
        status = 409 if set(galat) == konflik else 400
    baris = proyeksi.proyeksi_baris(
        baris=halaman.baris, tahun=tahun, triwulan=triwulan, pemda_id=pemda.pk, hanya_terajukan=True
    )
    # what waits for the verifier first (submitted), then the rest in the plan's order (a stable sort)
    baris.sort(key=lambda bp: bp[0].status != Realisasi.Status.DIAJUKAN)
    diajukan = sum(1 for b in halaman.baris if b.status == Realisasi.Status.DIAJUKAN)
    konteks = {
        "h": halaman, "pd": pd, "romawi": ROMAWI[triwulan], "baris_proyeksi": baris, "diajukan": diajukan,
        "catatan_bersama": request.POST.get("catatan_bersama", ""),
    }  # fmt: skip
    return render(request, "kinerja/verifikasi_putuskan.html", konteks, status=status)


def _putuskan_semua(request, halaman) -> tuple[dict, int, set]:
    """Apply each row's decision; returns the errors per indicator, the number saved, and the indicators
    refused because they changed since loading."""
    galat, jumlah, konflik = {}, 0, set()
    for b in halaman.baris:
        r, pk = b.realisasi, b.indikator.pk
        form = KeputusanForm(request.POST, prefix=str(pk))
        if r is None or not form.dipilih:
            continue
        if not form.is_valid():
            galat[pk] = form.pesan()
            continue
        try:
            _putuskan(form, r, request.user)
            jumlah += 1
        except ValidationError as exc:
            galat[pk] = exc.messages
        except VersiKedaluwarsa as exc:
            galat[pk] = [str(exc)]
            konflik.add(pk)
    return galat, jumlah, konflik


AKSI_BANYAK = ("verifikasi_semua", "kembalikan_terpilih")


def _kembali_ke_tempat(request, halaman):
    """The page keeps its place: back to the same quarter at the first row that was decided, or to the inbox
    once nothing there waits any more."""
    pilihan = [b.indikator.pk for b in halaman.baris if b.realisasi and _dipilih(request, b)]
    sisa = Realisasi.objects.filter(pk__in=[b.realisasi.pk for b in halaman.baris if b.realisasi]).filter(
        status=Realisasi.Status.DIAJUKAN
    )
    if not sisa.exists():
        return redirect("kinerja:verifikasi")
    jangkar = f"#baris-{pilihan[0]}" if pilihan else ""
    return redirect(f"{request.path}{jangkar}")


def _dipilih(request, b) -> bool:
    pk = b.indikator.pk
    aksi = request.POST.get("aksi")
    if aksi == "verifikasi_semua":
        return b.status == Realisasi.Status.DIAJUKAN
    if aksi == "kembalikan_terpilih":
        return str(pk) in request.POST.getlist("pilih")
    return bool(request.POST.get(f"keputusan-{pk}"))


def _putuskan_banyak(request, halaman) -> tuple[dict, int, set]:
    """Verify every remaining submitted row the verifier looked at (its version on the page), or return the
    ticked ones with one note: all or nothing (`services.realisasi_putuskan_banyak`)."""
    verifikasi = request.POST["aksi"] == "verifikasi_semua"
    butir, kode = [], {}
    for b in halaman.baris:
        versi = request.POST.get(f"versi-{b.indikator.pk}", "")
        if b.status != Realisasi.Status.DIAJUKAN or not versi.isdigit() or not _dipilih(request, b):
            continue
        butir.append((b.realisasi, int(versi)))
        kode[b.indikator.kode] = b.indikator.pk
    try:
        jumlah = services.realisasi_putuskan_banyak(
            butir=butir, keputusan="verifikasi" if verifikasi else "kembalikan", oleh=request.user,
            catatan=request.POST.get("catatan_bersama", ""),
        )  # fmt: skip
    except ValidationError as exc:
        pesan = exc.message_dict if hasattr(exc, "error_dict") else {"umum": exc.messages}
        return {kode.get(k, "umum"): v for k, v in pesan.items()}, 0, set()
    except VersiKedaluwarsa as exc:
        return {"umum": [str(exc)]}, 0, {"umum"}
    return {}, jumlah, set()


def _putuskan(form: KeputusanForm, realisasi, oleh) -> None:
    versi = form.cleaned_data["versi"]
    if form.cleaned_data["keputusan"] == "verifikasi":
        services.realisasi_verifikasi(realisasi=realisasi, versi=versi, oleh=oleh)
    else:
        catatan = form.cleaned_data["catatan"]
        services.realisasi_kembalikan(realisasi=realisasi, versi=versi, catatan=catatan, oleh=oleh)


@login_required
def kunci(request):
    """Deadlines and locks of the working year's quarters."""
    _wajib(request, Aksi.KELOLA)
    profil = profil_pengguna(request.user)
    tahun = request.tahun
    if request.method == "POST":
        _kunci_simpan(request, profil.pemda, tahun)
        return redirect(f"{reverse('kinerja:kunci')}?tahun={tahun}")
    ada = selectors.kunci_tahun(pemda_id=profil.pemda_id, tahun=tahun)
    baris = [{"triwulan": tw, "romawi": ROMAWI[tw], "kunci": ada.get(tw)} for tw in ROMAWI]
    return render(request, "kinerja/kunci.html", {"baris": baris, "tahun": tahun})


def _kunci_simpan(request, pemda, tahun: int) -> None:
    form = KunciForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.pesan_pertama())
        return
    triwulan = form.cleaned_data["triwulan"]
    try:
        services.triwulan_kunci(
            pemda=pemda, tahun=tahun, triwulan=triwulan, batas_waktu=form.cleaned_data["batas_waktu"],
            terkunci=form.cleaned_data["terkunci"], oleh=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return
    messages.success(request, _("Pengaturan triwulan %(tw)s tersimpan.") % {"tw": ROMAWI.get(triwulan, "")})


@login_required
def kelengkapan_ini(request):
    """The completeness matrix of the working year."""
    return redirect("kinerja:kelengkapan", tahun=request.tahun)


@login_required
def kelengkapan(request, tahun: int):
    """The completeness matrix PD × quarter with status counts."""
    matriks = selectors.kelengkapan(user=request.user, tahun=tahun)
    konteks = {
        "matriks": matriks,
        "tahun": tahun,
        "romawi": list(ROMAWI.values()),
        "status": selectors.STATUS_KELENGKAPAN,
        "boleh_verifikasi": boleh(request.user, Aksi.VERIFIKASI),
    }
    return render(request, "kinerja/kelengkapan.html", konteks)


@login_required
def kelengkapan_xlsx(request, tahun: int):
    """The completeness matrix as an Excel file."""
    matriks = selectors.kelengkapan(user=request.user, tahun=tahun)
    isi = excel.ekspor_kelengkapan(matriks, tahun=tahun)
    respons = HttpResponse(isi, content_type=excel.MIME_XLSX)
    respons["Content-Disposition"] = content_disposition_header(True, f"kelengkapan-realisasi-{tahun}.xlsx")
    return respons
