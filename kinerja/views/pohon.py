"""The performance tree pages (pohon kinerja), read-only in this slice: the city tree of the working year,
and one PD's branch with the city nodes above it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from perangkat_daerah.access import Aksi, Peran, ambil_untuk, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none
from sakip.lib.teks import tanpa_kendali

from ..selectors import mutu_pohon, mutu_pohon_halaman
from ..selectors.pohon import CARI_MAKS, Saringan, mutu_terlihat
from ..selectors.pohon_tampil import tampilan_pohon
from ..selectors.usulan import undangan_pd


def _saringan(request) -> Saringan:
    """The GET filters; a malformed PD id or an unknown level is ignored (no filter), never an error."""
    try:
        pd_id = bilangan_bulat_atau_none(request.GET.get("pd", ""), nama="pd")
    except BilanganTidakValid:
        pd_id = None
    cari = tanpa_kendali(request.GET.get("cari", ""))[:CARI_MAKS].strip()
    tingkat = request.GET.get("tingkat", "")[:40]
    tema = tanpa_kendali(request.GET.get("tema", ""))[:100].strip()  # not one of the page's themes: ignored
    return Saringan(cari=cari, pd_id=pd_id, tingkat=tingkat, tema=tema)


@login_required
@require_safe
def pohon(request):
    """The tree of the working year: every node for city roles; a PD user's own branch and the city nodes
    above it. A city role's tree is summarised below each PD's entry level (selectors/pohon_kota.py); the
    rendered tree is cached while the tree's data is unchanged (selectors/pohon_tampil.py)."""
    halaman = tampilan_pohon(user=request.user, tahun=request.tahun, saringan=_saringan(request))
    konteks = {"h": halaman, "tahun": request.tahun}
    profil = profil_pengguna(request.user)
    if profil is not None and profil.perangkat_daerah_id:  # PD staff answer their crosscutting invitations here too
        konteks["undangan"], konteks["boleh_jawab"] = undangan_pd(
            user=request.user, perangkat_daerah=profil.perangkat_daerah
        )
    return render(request, "perencanaan/pohon.html", konteks)


@login_required
@require_safe
def pohon_pd(request, pd_id: int):
    """One PD's branch with the city nodes above it; another PD's (or pemda's) is a 404."""
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)
    halaman = tampilan_pohon(user=request.user, tahun=request.tahun, saringan=_saringan(request), perangkat_daerah=pd)
    undangan, boleh_jawab = undangan_pd(user=request.user, perangkat_daerah=pd)  # crosscutting invitations
    konteks = {"h": halaman, "tahun": request.tahun, "undangan": undangan, "boleh_jawab": boleh_jawab}
    return render(request, "perencanaan/pohon.html", konteks)


def _pd_mutu(request) -> PerangkatDaerah | str | None:
    """The `pd` filter of the quality page: "kota" (the city's own nodes), or a PD fetched through the choke
    point (another PD's is a 404); a malformed value is ignored."""
    nilai = request.GET.get("pd", "")
    if nilai == mutu_pohon_halaman.KOTA:
        return nilai
    try:
        pd_id = bilangan_bulat_atau_none(nilai, nama="pd")
    except BilanganTidakValid:
        return None
    return ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id) if pd_id is not None else None


@login_required
@require_safe
def mutu(request):
    """The quality checks of the tree and the kelengkapan cascading of the working year: per PD and for the
    city (city roles), or the user's own PD only (PD staff), computed over the nodes the user may see."""
    profil = profil_pengguna(request.user)
    terikat = profil is not None and Peran.terikat_pd(profil.peran)
    halaman = mutu_pohon_halaman.halaman_mutu(
        hasil=mutu_terlihat(request.user, tahun=request.tahun),
        pilihan_pd=list(PerangkatDaerah.objects.for_user(request.user, Aksi.LIHAT).order_by("kode")),
        terikat_pd=terikat, tahun=request.tahun, cek=mutu_pohon_halaman.cek_dari(request.GET.get("cek", "")),
        pd=_pd_mutu(request),
    )  # fmt: skip
    konteks = {"h": halaman, "tahun": request.tahun, "cek_semua": mutu_pohon.CEK,
               "definisi": mutu_pohon.DEFINISI_KELENGKAPAN}  # fmt: skip
    return render(request, "perencanaan/mutu.html", konteks)
