"""Excel round trip pages: template downloads and imports (realisasi per PD quarter; targets for
Bagian Organisasi; a PD's action plan of a year). An import with any bad row saves nothing and shows the
errors by row and column."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import Aksi, boleh, wajib_hak
from perangkat_daerah.pembatas import dibatasi
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.tahun import tahun_tersedia
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none

from .. import excel, impor
from ..selectors import ROMAWI
from .realisasi import ambil_pd


def _unduhan(isi: bytes, nama: str) -> HttpResponse:
    respons = HttpResponse(isi, content_type=excel.MIME_XLSX)
    respons["Content-Disposition"] = content_disposition_header(True, nama)  # quotes and encodes any PD code
    return respons


def _berkas(request) -> bytes | None:
    """The uploaded file's bytes, refusing oversize uploads before reading them into memory."""
    berkas = request.FILES.get("berkas")
    if berkas is None:
        return None
    if berkas.size > excel.BATAS_UKURAN:
        raise excel.BerkasDitolak(_("Berkas berukuran %s MiB; batasnya 10 MiB.") % excel._mib(berkas.size))
    return berkas.read()


@login_required
def templat_realisasi(request, pd_id: int, tahun: int, triwulan: int):
    """The Excel template of one PD's quarter."""
    pd = ambil_pd(request, pd_id, tahun, triwulan)
    isi = impor.templat_realisasi(user=request.user, perangkat_daerah=pd, tahun=tahun, triwulan=triwulan)
    return _unduhan(isi, f"realisasi-{pd.kode}-{tahun}-TW{ROMAWI[triwulan]}.xlsx")


def _hasil(request, hasil, judul: str, kembali: str):
    return render(request, "kinerja/impor_hasil.html", {"hasil": hasil, "judul": judul, "kembali": kembali}, status=400)


@login_required
@require_POST
@dibatasi("impor")
def impor_realisasi(request, pd_id: int, tahun: int, triwulan: int):
    """Upload a filled template: all rows saved as drafts, or none with a table of errors."""
    pd = ambil_pd(request, pd_id, tahun, triwulan)
    kembali = request.path.rsplit("impor/", 1)[0]
    judul = _("Impor realisasi %(pd)s TW %(tw)s %(t)s") % {"pd": pd.singkatan, "tw": ROMAWI[triwulan], "t": tahun}
    try:
        data = _berkas(request)
        if data is None:
            messages.error(request, _("Pilih berkas Excel (.xlsx) untuk diunggah."))
            return redirect(kembali)
        hasil = impor.impor_realisasi(data=data, perangkat_daerah=pd, tahun=tahun, triwulan=triwulan, oleh=request.user)
    except (excel.BerkasDitolak, VersiKedaluwarsa) as exc:
        return _hasil(request, impor.HasilImpor(galat=[impor.GalatImpor(0, "–", str(exc))]), judul, kembali)
    if not hasil.berhasil:
        return _hasil(request, hasil, judul, kembali)
    messages.success(request, _("Impor berhasil: %(n)s baris tersimpan sebagai draf.") % {"n": hasil.jumlah})
    return redirect(kembali)


@login_required
def templat_renaksi(request, pd_id: int, tahun: int):
    """The Excel template of a PD's action plan of a year (its actions, and empty rows for new ones)."""
    pd = ambil_pd(request, pd_id, tahun)
    isi = impor.templat_renaksi(user=request.user, perangkat_daerah=pd, tahun=tahun)
    return _unduhan(isi, f"rencana-aksi-{pd.kode}-{tahun}.xlsx")


@login_required
@require_POST
@dibatasi("impor")
def impor_renaksi(request, pd_id: int, tahun: int):
    """Upload a filled action plan template: every new or changed action saved, or none with a table of errors
    (another PD's staff: 403 before the file is read)."""
    pd = ambil_pd(request, pd_id, tahun)
    wajib_hak(request.user, Aksi.ISI, pd, pesan=_("Hanya perangkat daerah ini yang mengimpor rencana aksinya."))
    kembali = reverse("kinerja:renaksi", kwargs={"pd_id": pd.pk, "tahun": tahun})
    judul = _("Impor rencana aksi %(pd)s %(t)s") % {"pd": pd.singkatan, "t": tahun}
    try:
        data = _berkas(request)
        if data is None:
            messages.error(request, _("Pilih berkas Excel (.xlsx) untuk diunggah."))
            return redirect(kembali)
        hasil = impor.impor_renaksi(data=data, perangkat_daerah=pd, tahun=tahun, oleh=request.user)
    except (excel.BerkasDitolak, VersiKedaluwarsa) as exc:
        return _hasil(request, impor.HasilImpor(galat=[impor.GalatImpor(0, "–", str(exc))]), judul, kembali)
    if not hasil.berhasil:
        return _hasil(request, hasil, judul, kembali)
    messages.success(request, _("Impor rencana aksi berhasil: %(n)s aksi baru atau berubah.") % {"n": hasil.jumlah})
    return redirect(kembali)


def _wajib_kelola(request) -> None:
    if not boleh(request.user, Aksi.KELOLA):
        raise PermissionDenied(_("Impor target hanya untuk Bagian Organisasi."))


@login_required
@dibatasi("impor")
def impor_target(request):
    """Bagian Organisasi: download the target template (a Renstra range of years) and upload it back."""
    _wajib_kelola(request)
    if request.method == "POST":
        try:
            data = _berkas(request)
            if data is None:
                messages.error(request, _("Pilih berkas Excel (.xlsx) untuk diunggah."))
                return redirect("kinerja:impor_target")
            hasil = impor.impor_target(data=data, oleh=request.user)
        except (excel.BerkasDitolak, VersiKedaluwarsa) as exc:
            hasil = impor.HasilImpor(galat=[impor.GalatImpor(0, "–", str(exc))])
        if hasil.berhasil:
            messages.success(request, _("Impor target berhasil: %(n)s baris berubah.") % {"n": hasil.jumlah})
            return redirect("kinerja:impor_target")
        return _hasil(request, hasil, _("Impor target"), request.path)
    return render(request, "kinerja/impor_target.html", {"tahun_pilihan": sorted(tahun_tersedia())})


@login_required
def templat_target(request):
    """The target template for the years asked (?dari=2021&sampai=2026; default the working year)."""
    _wajib_kelola(request)
    tersedia = tahun_tersedia()
    dari = _tahun_param(request.GET.get("dari"), request.tahun, tersedia)
    sampai = max(dari, _tahun_param(request.GET.get("sampai"), dari, tersedia))
    isi = impor.templat_target(user=request.user, tahun_awal=dari, tahun_akhir=sampai)
    return _unduhan(isi, f"target-{dari}-{sampai}.xlsx")


def _tahun_param(teks, bawaan: int, tersedia: list[int]) -> int:
    try:
        tahun = bilangan_bulat_atau_none(teks, minimum=min(tersedia), maksimum=max(tersedia))
    except BilanganTidakValid:
        return bawaan
    return tahun if tahun in tersedia else bawaan
