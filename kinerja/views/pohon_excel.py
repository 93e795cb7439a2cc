"""The Excel round trip of the performance tree (issue 13 point 8): download the city's tree or a PD's branch
as a workbook, and upload it back (all rows saved, or none with the errors by sheet, row and column)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from perangkat_daerah.access import Aksi, Peran, ambil_untuk, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.pembatas import dibatasi
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none

from .. import excel
from ..excel_pohon import ekspor_pohon
from ..impor import GalatImpor, HasilImpor
from ..impor.pohon import aksi_impor, impor_pohon
from .excel import _berkas, _unduhan


def _nama_berkas(pd, tahun: int) -> str:
    return f"pohon-kinerja-{pd.kode if pd else 'kota'}-{tahun}.xlsx"


@login_required
@require_safe
def ekspor(request):
    """The tree the user sees in the working year (`?pd=<id>`: one PD's branch with the city nodes above)."""
    try:
        pd_id = bilangan_bulat_atau_none(request.GET.get("pd", ""), nama="pd")
    except BilanganTidakValid:
        pd_id = None
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id) if pd_id else None
    isi = ekspor_pohon(user=request.user, tahun=request.tahun, perangkat_daerah=pd)
    return _unduhan(isi, _nama_berkas(pd, request.tahun))


@login_required
@require_safe
def ekspor_pd(request, pd_id: int):
    """One PD's branch with the city nodes above it (read-only rows marked); another PD's is a 404."""
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)
    isi = ekspor_pohon(user=request.user, tahun=request.tahun, perangkat_daerah=pd)
    return _unduhan(isi, _nama_berkas(pd, request.tahun))


def _konteks(request, hasil=None, alasan: str = "") -> dict:
    profil = profil_pengguna(request.user)
    pd = profil.perangkat_daerah if Peran.terikat_pd(profil.peran) else None
    return {"hasil": hasil, "alasan": alasan, "pd": pd, "kota": aksi_impor(request.user) == Aksi.KELOLA}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@dibatasi("impor")
def impor(request):
    """Upload the tree workbook: Bagian Organisasi the whole tree, a PD user their own branch."""
    aksi_impor(request.user)  # 403 for the roles that only read
    if request.method != "POST":
        return render(request, "perencanaan/pohon_impor.html", _konteks(request))
    alasan = request.POST.get("alasan", "")
    try:
        data = _berkas(request)
        if data is None:
            messages.error(request, _("Pilih berkas Excel (.xlsx) untuk diunggah."))
            return redirect("perencanaan:pohon_impor")
        hasil = impor_pohon(data=data, oleh=request.user, alasan=alasan)
    except excel.BerkasDitolak as exc:
        hasil = HasilImpor(galat=[GalatImpor(0, "–", str(exc))])
    except ValidationError as exc:
        hasil = HasilImpor(galat=[GalatImpor(0, _("Alasan revisi"), " ".join(exc.messages))])
    if hasil.berhasil:
        messages.success(
            request, _("Impor pohon kinerja berhasil: %(n)s baris dibuat atau diubah.") % {"n": hasil.jumlah}
        )
        return redirect("perencanaan:pohon_impor")
    return render(request, "perencanaan/pohon_impor.html", _konteks(request, hasil, alasan), status=400)
