"""The planning document pages (issue 13 point 1): the city's RPJMD (with the visi/misi form and "Tetapkan
RPJMD"), the list of PD documents, a PD's Renstra and Renja, each "Tetapkan" with a confirmation page that
says what becomes locked. Rights are decided by kinerja/services/dokumen_rencana.py; these views look rows up
in the user's scope (another PD's or pemda's is a 404) and show refusals with what the user typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from perangkat_daerah.access import Aksi, ambil_untuk
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.tahun import tahun_tersedia
from perangkat_daerah.validasi import bulat_atau_galat

from ..models import DokumenRencana, PeriodePerencanaan
from ..selectors import rencana as baca
from ..services import dokumen_rencana as layanan


def _periode_id(request) -> int | None:
    """The `periode` asked for (GET or POST); a malformed one is a 404, like an unknown one."""
    teks = request.POST.get("periode") if request.method == "POST" else request.GET.get("periode")
    try:
        return bulat_atau_galat(teks, "periode", wajib=False)
    except ValidationError:
        raise Http404 from None


def _periode(request) -> tuple[PeriodePerencanaan | None, list]:
    """The period of the page: the one asked for (404 when not the user's pemda's), else the working year's."""
    periode_id = _periode_id(request)
    periode, daftar = baca.periode_pilih(user=request.user, tahun=request.tahun, periode_id=periode_id)
    if periode_id is not None and periode is None:
        raise Http404
    return periode, daftar


def _galat(exc) -> tuple[list[str], int]:
    if isinstance(exc, VersiKedaluwarsa):
        return [str(exc)], 409
    return exc.messages, 400


@login_required
@require_safe
def rpjmd(request):
    """The RPJMD of the working year's period (or `?periode=`): visi, misi, tujuan and sasaran with targets."""
    periode, daftar = _periode(request)
    h = baca.halaman_rpjmd(user=request.user, periode=periode, daftar_periode=daftar)
    return render(request, "perencanaan/rpjmd.html", {"h": h})


def _ambil_periode(request, periode_id: int) -> PeriodePerencanaan:
    return ambil_untuk(PeriodePerencanaan.objects.all(), request.user, Aksi.KELOLA, pk=periode_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rpjmd_ubah(request, periode_id: int):
    """Bagian Organisasi edits the visi and misi; once the period is final the change needs a reason."""
    periode = _ambil_periode(request, periode_id)
    isian = {"visi": periode.visi, "misi": periode.misi, "versi": periode.versi, "alasan": ""}
    if request.method == "POST":
        isian = {k: request.POST.get(k, "") for k in isian}
        try:
            versi = bulat_atau_galat(isian["versi"], "versi")
            berubah = layanan.periode_visi_misi_ubah(
                periode=periode, oleh=request.user, visi=isian["visi"], misi=isian["misi"], versi=versi,
                alasan=isian["alasan"],
            )  # fmt: skip
        except (ValidationError, VersiKedaluwarsa) as exc:
            galat, status = _galat(exc)
            konteks = {"periode": periode, "isian": isian, "galat": galat}
            return render(request, "perencanaan/rpjmd_ubah.html", konteks, status=status)
        pesan = _("Visi dan misi tersimpan.") if berubah else _("Tidak ada perubahan yang disimpan.")
        messages.success(request, pesan)
        return redirect(f"{reverse('perencanaan:rpjmd')}?periode={periode.pk}")
    return render(request, "perencanaan/rpjmd_ubah.html", {"periode": periode, "isian": isian})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rpjmd_tetapkan(request, periode_id: int):
    """The confirmation page of "Tetapkan RPJMD" (GET) and the transition (POST)."""
    periode = _ambil_periode(request, periode_id)
    if request.method == "POST":
        try:
            versi = bulat_atau_galat(request.POST.get("versi"), "versi")
            layanan.periode_tetapkan(periode=periode, oleh=request.user, versi=versi)
        except (ValidationError, VersiKedaluwarsa) as exc:
            galat, status = _galat(exc)
            return render(request, "perencanaan/rpjmd_tetapkan.html", {"periode": periode, "galat": galat},
                          status=status)  # fmt: skip
        messages.success(request, _("%(periode)s ditetapkan; simpul kota dan indikatornya kini terkunci.")
                         % {"periode": periode})  # fmt: skip
        return redirect(f"{reverse('perencanaan:rpjmd')}?periode={periode.pk}")
    return render(request, "perencanaan/rpjmd_tetapkan.html", {"periode": periode})


@login_required
@require_safe
def renstra_daftar(request):
    """The city list: per PD the status of its Renstra and of its Renja of the working year; a PD user is
    taken to their own Renstra."""
    pd_id = baca.pd_pengguna(request.user)
    if pd_id is not None:
        return redirect("perencanaan:renstra_pd", pd_id=pd_id)
    periode, daftar = _periode(request)
    baris = baca.daftar_dokumen(user=request.user, periode=periode, tahun=request.tahun)
    jumlah = {"renstra": sum(b.renstra == "final" for b in baris), "renja": sum(b.renja == "final" for b in baris)}
    konteks = {"periode": periode, "daftar_periode": daftar, "baris": baris, "tahun": request.tahun, "final": jumlah}
    return render(request, "perencanaan/renstra_daftar.html", konteks)


def _pd(request, pd_id: int) -> PerangkatDaerah:
    return ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)


@login_required
@require_safe
def renstra_pd(request, pd_id: int):
    """One PD's Renstra of the working year's period (or `?periode=`)."""
    pd = _pd(request, pd_id)
    periode, daftar = _periode(request)
    h = baca.halaman_renstra(user=request.user, pd=pd, periode=periode, daftar_periode=daftar)
    return render(request, "perencanaan/renstra.html", {"h": h, "tahun": request.tahun})


@login_required
@require_safe
def renja_pd(request, pd_id: int, tahun: int):
    """One PD's Renja (RKT) of `tahun` (any year of a period); the E.81 workbook only for the years its URL
    takes, those of the year selector (`tahun_tersedia`), else a note in its place."""
    pd = _pd(request, pd_id)
    h = baca.halaman_renja(user=request.user, pd=pd, tahun=tahun)
    konteks = {"h": h, "tahun": tahun, "e81_tersedia": tahun in tahun_tersedia()}
    return render(request, "perencanaan/renja.html", konteks)


def _tetapkan(request, *, jenis: str, pd, periode, tahun, h, templat: str, kembali: str):
    """The confirmation page (GET) and the transition (POST) of a PD's Renstra or Renja."""
    if request.method != "POST":
        return render(request, templat, {"h": h, "tahun": tahun, "kembali": kembali})
    isian = {"catatan": request.POST.get("catatan", "")}
    try:
        if periode is None:
            raise ValidationError(_("Belum ada periode perencanaan untuk dokumen ini."))
        versi = bulat_atau_galat(request.POST.get("versi"), "versi", wajib=False)
        layanan.dokumen_rencana_tetapkan(
            jenis=jenis, perangkat_daerah=pd, periode=periode, tahun=tahun, oleh=request.user, versi=versi,
            catatan=isian["catatan"],
        )  # fmt: skip
    except (ValidationError, VersiKedaluwarsa) as exc:
        galat, status = _galat(exc)
        konteks = {"h": h, "tahun": tahun, "kembali": kembali, "galat": galat, "isian": isian}
        return render(request, templat, konteks, status=status)
    pesan = {
        DokumenRencana.Jenis.RENSTRA: _("Renstra ditetapkan; simpul perangkat daerah pada periode ini kini terkunci."),
        DokumenRencana.Jenis.RENJA: _("Renja ditetapkan; pagu sub kegiatan tahun ini kini terkunci."),
    }
    messages.success(request, pesan[jenis])
    return redirect(kembali)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def renstra_tetapkan(request, pd_id: int):
    """Set the PD's Renstra of the period final (the kepala PD), after a confirmation page."""
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, layanan.AKSI_TETAPKAN, pk=pd_id)
    periode, daftar = _periode(request)
    h = baca.halaman_renstra(user=request.user, pd=pd, periode=periode, daftar_periode=daftar)
    kembali = reverse("perencanaan:renstra_pd", kwargs={"pd_id": pd.pk})
    kembali += f"?periode={periode.pk}" if periode else ""
    return _tetapkan(request, jenis=DokumenRencana.Jenis.RENSTRA, pd=pd, periode=periode, tahun=None, h=h,
                     templat="perencanaan/renstra_tetapkan.html", kembali=kembali)  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def renja_tetapkan(request, pd_id: int, tahun: int):
    """Set the PD's Renja of `tahun` final (the kepala PD), after a confirmation page."""
    pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, layanan.AKSI_TETAPKAN, pk=pd_id)
    h = baca.halaman_renja(user=request.user, pd=pd, tahun=tahun)
    kembali = reverse("perencanaan:renja_pd", kwargs={"pd_id": pd.pk, "tahun": tahun})
    return _tetapkan(request, jenis=DokumenRencana.Jenis.RENJA, pd=pd, periode=h.periode, tahun=tahun, h=h,
                     templat="perencanaan/renja_tetapkan.html", kembali=kembali)  # fmt: skip
