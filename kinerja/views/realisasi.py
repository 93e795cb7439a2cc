"""Input Realisasi: one PD's quarter, the live capaian preview, and evidence downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from perangkat_daerah.access import Aksi, ambil_untuk, boleh, pd_pengguna_id, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.unduhan import unduhan_bukti
from sakip.lib.angka import format_angka

from .. import selectors, services
from ..forms import BarisRealisasiForm
from ..models import Indikator, PerjanjianKinerja, Realisasi
from ..penilaian import ambang_kualitas
from ..selectors import ROMAWI, HalamanInput, proyeksi, riwayat


def ambil_pd(request, pd_id: int, tahun: int, triwulan: int | None = None) -> PerangkatDaerah:
    """The PD of a kinerja page (404 outside the user's scope); the URL's converters bound year and quarter."""
    return ambil_untuk(PerangkatDaerah.objects.select_related("pemda"), request.user, pk=pd_id)


@login_required
def realisasi_saya(request):
    """The operator's own PD, working year and due quarter; city roles go to the completeness matrix."""
    pd_id = pd_pengguna_id(request.user)
    if pd_id is None:
        return redirect("kinerja:kelengkapan", tahun=request.tahun)
    return redirect(
        "kinerja:realisasi", pd_id=pd_id, tahun=request.tahun,
        triwulan=services.triwulan_jatuh_tempo(request.tahun),
    )  # fmt: skip


def _konteks(halaman: HalamanInput, pemda, **lain) -> dict:
    ambang = ambang_kualitas()
    pd = halaman.perangkat_daerah
    # the PD's four quarters: overdue ones and returned items lead the page (issue 17 point 1)
    sel = selectors.triwulan_pd(perangkat_daerah=pd, tahun=halaman.tahun) if pd else []
    return {
        "h": halaman,
        "baris_proyeksi": proyeksi.proyeksi_baris(
            baris=halaman.baris, tahun=halaman.tahun, triwulan=halaman.triwulan, pemda_id=pemda.pk
        ),
        "pd": pd,
        "url_triwulan": _url_triwulan(halaman, sel),
        "perhatian": [s for s in sel if s.lewat_tenggat or s.dikembalikan],
        "terlambat": any(s.lewat_tenggat for s in sel if s.triwulan == halaman.triwulan),
        "pk_draf": _pk_draf(halaman, pemda),
        "romawi": ROMAWI[halaman.triwulan],
        "perlu_konfirmasi": any(b.penilaian.lonjakan for b in halaman.baris),
        "ambang_atas": format_angka(ambang.capaian_atas, 0),
        "ambang_bawah": format_angka(ambang.capaian_bawah, 0),
        **lain,
    }


def _pk_untuk_ditetapkan(user, pd) -> list[PerjanjianKinerja]:
    """The PD's draft PKs, for whoever may set them (the kepala PD): the kepala's first task leads the page
    with the overdue quarters (issue 17 point 1). No query for anyone else."""
    if pd is None or not boleh(user, Aksi.SETUJUI):
        return []
    return list(
        PerjanjianKinerja.objects.for_user(user, Aksi.SETUJUI)
        .filter(perangkat_daerah=pd, status=PerjanjianKinerja.Status.DRAF)
        .order_by("tahun")
    )


def _pk_draf(halaman: HalamanInput, pemda) -> bool:
    """Whether the draft PK stops this quarter's submission (no query once the PK is set)."""
    pk = halaman.perjanjian
    if halaman.perangkat_daerah is None or (pk is not None and pk.ditetapkan):
        return False
    return services.pk_draf_menghalangi(
        perangkat_daerah_id=halaman.perangkat_daerah.pk, pemda_id=pemda.pk, tahun=halaman.tahun
    )


def _url_triwulan(halaman: HalamanInput, sel: list) -> list[tuple[str, str, bool, bool]]:
    """The quarter tabs: (label, address, current, overdue)."""
    pd = halaman.perangkat_daerah
    telat = {s.triwulan for s in sel if s.lewat_tenggat}
    hasil = []
    for tw, romawi in ROMAWI.items():
        if pd is None:
            url = reverse("kinerja:realisasi_kota", args=[halaman.tahun, tw])
        else:
            url = reverse("kinerja:realisasi", args=[pd.pk, halaman.tahun, tw])
        hasil.append((f"TW {romawi}", url, tw == halaman.triwulan, tw in telat))
    return hasil


@login_required
def realisasi_input(request, pd_id: int, tahun: int, triwulan: int):
    """The input page: GET shows the rows; POST saves drafts and, with aksi=ajukan, submits the quarter."""
    pd = ambil_pd(request, pd_id, tahun, triwulan)
    return _halaman_realisasi(request, pd=pd, pemda=pd.pemda, tahun=tahun, triwulan=triwulan)


def pemda_kota(request, tahun: int, triwulan: int | None = None):
    """The user's pemda for the city-level pages (IKU kota): city roles only; PD staff get a 403."""
    profil = profil_pengguna(request.user)
    if profil is None or profil.perangkat_daerah_id is not None:
        raise PermissionDenied(_("Halaman ini untuk indikator tingkat kota."))
    return profil.pemda


@login_required
def realisasi_kota_ini(request):
    """The city-level IKU of the working year and due quarter."""
    tw = services.triwulan_jatuh_tempo(request.tahun)
    return redirect("kinerja:realisasi_kota", tahun=request.tahun, triwulan=tw)


@login_required
def realisasi_kota(request, tahun: int, triwulan: int):
    """The input page for the city's own indicators (IKU kota, sasaran without a PD): Bagian Organisasi
    enters and submits them (the same page, selector and services as a PD's quarter); other city roles read."""
    pemda = pemda_kota(request, tahun, triwulan)
    return _halaman_realisasi(request, pd=None, pemda=pemda, tahun=tahun, triwulan=triwulan)


def _halaman_realisasi(request, *, pd, pemda, tahun: int, triwulan: int):
    def halaman():
        return selectors.halaman_input(
            user=request.user, perangkat_daerah=pd, pemda=pemda, tahun=tahun, triwulan=triwulan
        )

    h = halaman()
    verifikator = boleh(request.user, Aksi.VERIFIKASI)
    if request.method != "POST":
        konteks = _konteks(h, pemda, boleh_verifikasi=verifikator, pk_ditetapkan=_pk_untuk_ditetapkan(request.user, pd))
        return render(request, "kinerja/realisasi_input.html", konteks)
    if not h.boleh_isi:
        raise PermissionDenied(_("Anda tidak berwenang mengisi realisasi perangkat daerah ini."))
    isian, galat, jumlah, konflik = _simpan_semua(request, h)
    if not galat and request.POST.get("aksi") == "ajukan":
        galat = _ajukan(request, h, pemda)
    if not galat:
        if request.POST.get("aksi") != "ajukan":
            messages.success(request, _("Draf tersimpan (%(n)s baris berubah).") % {"n": jumlah})
        return redirect(request.path)
    h = halaman()
    for baris in h.baris:
        # Nothing was saved (all or nothing), so every row shows what the user typed.
        baris.isian = isian.get(baris.indikator.pk, {})
        baris.galat = galat.get(baris.indikator.pk, [])
        baris.gagal_simpan = True
    messages.error(request, galat.get("umum") or _("Ada isian yang perlu diperbaiki; lihat baris yang ditandai."))
    konteks = _konteks(h, pemda, boleh_verifikasi=verifikator)
    # A page refused only because rows changed since loading is a conflict (409), like every stale write.
    return render(request, "kinerja/realisasi_input.html", konteks, status=409 if konflik else 400)


def _simpan_semua(request, halaman: HalamanInput) -> tuple[dict, dict, int, bool]:
    """Save every editable row the form carried, all or nothing (`realisasi_simpan_banyak`): a refused row
    saves no other, and every row keeps what the user typed. Returns what was typed and the errors per
    indicator, the number of changed rows, and whether every refusal was a stale write (409)."""
    isian_semua, galat, baris = {}, {}, []
    for b in halaman.baris:
        ind = b.indikator
        if not b.dapat_diubah or f"versi-{ind.pk}" not in request.POST:
            continue
        form = BarisRealisasiForm(request.POST, request.FILES, prefix=str(ind.pk))
        sah = form.is_valid()
        isian_semua[ind.pk] = form.isian()
        if b.realisasi is None and form.kosong():
            continue
        if not sah:
            galat[ind.pk] = form.pesan()
            continue
        baris.append({"indikator": ind, "versi": form.cleaned_data["versi"], "bukti": form.cleaned_data["bukti"],
                      **form.isian()})  # fmt: skip
    if galat:
        return isian_semua, galat, 0, False
    try:
        jumlah = services.realisasi_simpan_banyak(
            baris=baris, tahun=halaman.tahun, triwulan=halaman.triwulan, oleh=request.user
        )
    except services.RealisasiDitolak as exc:
        galat = dict(exc.galat)
        if any(b["bukti"] for b in baris):
            galat["umum"] = _(
                "Ada isian yang perlu diperbaiki; tidak ada yang disimpan. Berkas bukti yang Anda pilih perlu "
                "dipilih ulang."
            )
        return isian_semua, galat, 0, exc.hanya_konflik
    return isian_semua, {}, jumlah, False


def _ajukan(request, halaman: HalamanInput, pemda) -> dict:
    try:
        n = services.triwulan_ajukan(
            perangkat_daerah=halaman.perangkat_daerah, pemda=pemda, tahun=halaman.tahun, triwulan=halaman.triwulan,
            oleh=request.user, konfirmasi=request.POST.get("konfirmasi") == "1",
        )  # fmt: skip
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return {"umum": " ".join(exc.messages)}
        kode_ke_id = {b.indikator.kode: b.indikator.pk for b in halaman.baris}
        return {kode_ke_id.get(k, "umum"): v for k, v in exc.message_dict.items()}
    messages.success(request, _("Triwulan %(tw)s diajukan untuk verifikasi (%(n)s indikator).") % {
        "tw": ROMAWI[halaman.triwulan], "n": n,
    })  # fmt: skip
    return {}


@require_GET
@login_required
def pratinjau_capaian(request, indikator_id: int, tahun: int, triwulan: int):
    """The live capaian cell (htmx): the value being typed, assessed on the server with capaian.py."""
    ind = ambil_untuk(Indikator.objects, request.user, pk=indikator_id)
    hasil = selectors.pratinjau_capaian(
        indikator=ind, tahun=tahun, triwulan=triwulan,
        teks=request.GET.get(f"nilai-{ind.pk}", ""), penjelasan=request.GET.get(f"penjelasan-{ind.pk}", ""),
    )  # fmt: skip
    return render(request, "kinerja/_capaian.html", {"p": hasil.penilaian, "galat": hasil.galat, "ind": ind})


@login_required
def bukti_unduh(request, pk: int):
    """An evidence file, only for users who may see its realisasi; served as a download, never inline."""
    r = ambil_untuk(Realisasi.objects, request.user, Aksi.LIHAT, pk=pk)
    if not r.bukti:
        raise Http404(_("Realisasi ini tidak memiliki bukti."))
    return unduhan_bukti(r.bukti, r.bukti_nama or r.bukti.name, r.bukti_jenis)


@require_GET
@login_required
def riwayat_realisasi(request, indikator_id: int, tahun: int, triwulan: int):
    """The history of one indicator's quarter: who changed what, when, before → after (404 outside scope)."""
    ind = ambil_untuk(Indikator.objects.select_related("perangkat_daerah"), request.user, pk=indikator_id)
    halaman = riwayat.halaman_riwayat_realisasi(indikator=ind, tahun=tahun, triwulan=triwulan)
    konteks = {"h": halaman, "romawi": ROMAWI[triwulan], "boleh_verifikasi": boleh(request.user, Aksi.VERIFIKASI)}
    return render(request, "kinerja/riwayat_realisasi.html", konteks)
