"""The performance tree pages (pohon kinerja), read-only in this slice: the city tree of the working year,
and one PD's branch with the city nodes above it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from perangkat_daerah.access import ambil_untuk
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none
from sakip.lib.teks import tanpa_kendali

from ..selectors.pohon import CARI_MAKS, Saringan, halaman_pohon
from ..selectors.usulan import undangan_pd


def _saringan(request) -> Saringan:
    """The GET filters; a malformed PD id or an unknown level is ignored (no filter), never an error."""
    try:
        pd_id = bilangan_bulat_atau_none(request.GET.get("pd", ""), nama="pd")
    except BilanganTidakValid:
        pd_id = None
    cari = tanpa_kendali(request.GET.get("cari", ""))[:CARI_MAKS].strip()
    tingkat = request.GET.get("tingkat", "")[:40]
    return Saringan(cari=cari, pd_id=pd_id, tingkat=tingkat)


@login_required
@require_safe
def pohon(request):
    """The tree of the working year: every node for city roles; a PD user's own branch and the city nodes
    above it."""
    halaman = halaman_pohon(user=request.user, tahun=request.tahun, saringan=_saringan(request))
    return render(request, "perencanaan/pohon.html", {"h": halaman, "tahun": request.tahun})


@login_required
@require_safe
def pohon_pd(request, pd_id: int):
    """One PD's branch with the city nodes above it; another PD's (or pemda's) is a 404."""
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)
    halaman = halaman_pohon(user=request.user, tahun=request.tahun, saringan=_saringan(request), perangkat_daerah=pd)
    undangan, boleh_jawab = undangan_pd(user=request.user, perangkat_daerah=pd)  # crosscutting invitations
    konteks = {"h": halaman, "tahun": request.tahun, "undangan": undangan, "boleh_jawab": boleh_jawab}
    return render(request, "perencanaan/pohon.html", konteks)
