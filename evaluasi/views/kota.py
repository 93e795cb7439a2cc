"""The city's years and the official-result form."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, Peran, ambil_untuk, boleh, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah

from .. import selectors, services, tampilan
from ..forms import HasilResmiForm
from ..models import Evaluasi
from .dasar import bulat_atau_400, tolak_400

# --- City years and the official result -----------------------------------------------------------------------


class TanpaInstrumen(Exception):
    """The pemda has no active instrument for the page (the admin activates one)."""


def _instrumen_kota(pemda_id: int):
    try:
        return services.instrumen_bawaan(Evaluasi.Jenis.RESMI, kota=True, pemda_id=pemda_id)
    except ValidationError as exc:
        raise TanpaInstrumen(" ".join(exc.messages)) from None


def _tanpa_instrumen(view):
    """No active instrument is a page that says what to do (HTTP 409), never a 500."""

    @functools.wraps(view)
    def dibungkus(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except TanpaInstrumen as exc:
            pesan = _("%(p)s Minta administrator mengaktifkan instrumen evaluasi untuk pemda Anda.") % {"p": exc}
            konteks = {"judul": _("Instrumen evaluasi belum tersedia"), "pesan": pesan}
            return render(request, "evaluasi/galat.html", konteks, status=409)

    return dibungkus


@login_required
@_tanpa_instrumen
def kota(request):
    """Per year: the official KemenPANRB result, the city's self-estimate and the share of PD ≥ BB / ≥ B."""
    profil = profil_pengguna(request.user)
    if profil is None or Peran.terikat_pd(profil.peran):
        raise PermissionDenied(_("Halaman ini untuk peran tingkat kota."))
    jumlah_pd = PerangkatDaerah.objects.for_user(request.user).filter(aktif=True).count()
    baris = selectors.tahun_kota(user=request.user, pemda_id=profil.pemda_id, jumlah_pd=jumlah_pd)
    siap = selectors.instrumen_siap(_instrumen_kota(profil.pemda_id))
    tahun = tampilan.tahun_kota_tampil(baris, siap.skala_predikat)
    sorotan = next((t for t in tahun if t["resmi"]), None)
    return render(
        request,
        "evaluasi/kota.html",
        {"tahun": tahun, "sorotan": sorotan, "bisa_kelola": boleh(request.user, Aksi.KELOLA)},
    )


def _instrumen_resmi(request, pemda_id: int):
    """The instrument the official result is recorded under: the one asked for (`instrumen`, posted or in
    the address) among those the pemda may use for the city, e.g. PermenPANRB 12/2015 for a result of 2017;
    else the pemda's default. Returns (instrument, the choices offered)."""
    pilihan = list(selectors.instrumen_hasil_resmi(pemda_id))
    diminta = request.POST.get("instrumen") or request.GET.get("instrumen")
    if diminta:
        pk = bulat_atau_400(diminta, _("Instrumen"))
        instrumen = next((i for i in pilihan if i.pk == pk), None)
        if instrumen is None:
            raise Http404(_("Instrumen tidak ditemukan."))
        return instrumen, pilihan
    return _instrumen_kota(pemda_id), pilihan


@login_required
@tolak_400
@_tanpa_instrumen
def resmi_baru(request):
    """Bagian Organisasi records the official result from the LHE under the instrument of its time;
    validated against that instrument's weights and band table."""
    if not boleh(request.user, Aksi.KELOLA):
        raise PermissionDenied(_("Hanya Bagian Organisasi yang mencatat hasil resmi."))
    instrumen, pilihan_instrumen = _instrumen_resmi(request, profil_pengguna(request.user).pemda_id)
    siap = selectors.instrumen_siap(instrumen)
    pilihan = [(b.kode, b.nama) for b in siap.skala_predikat.urut_turun()]
    form = HasilResmiForm(
        request.POST or None, komponen=siap.komponen, predikat=pilihan,
        initial={"tahun": request.GET.get("tahun") or request.tahun},
    )  # fmt: skip
    h = _catat_lhe(request, form, services.hasil_resmi_catat, instrumen=instrumen)
    if h is not None:
        messages.success(request, _("Hasil resmi tahun %(t)s dicatat.") % {"t": h.evaluasi.tahun})
        return redirect("evaluasi:hasil", pk=h.evaluasi_id)
    konteks = {"form": form, "instrumen": instrumen, "pilihan_instrumen": pilihan_instrumen}
    return render(request, "evaluasi/resmi_baru.html", konteks)


def _catat_lhe(request, form, catat, **argumen):
    """A posted, valid LHE form recorded through `catat` (`hasil_resmi_catat` or `hasil_lhe_pd_catat`): the
    stored result, or None (not posted, invalid, or refused: the service's messages then stand on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    d = form.cleaned_data
    isian = {k: d[k] for k in ("tahun", "total", "predikat", "nomor_lhe", "tanggal_lhe", "catatan")}
    try:
        return catat(oleh=request.user, nilai_komponen=form.nilai_komponen(), **isian, **argumen)
    except ValidationError as exc:
        for kunci, pesan in exc.message_dict.items():
            form.add_error(kunci if kunci in form.fields else None, pesan)
        return None


@login_required
@tolak_400
@_tanpa_instrumen
def lhe_pd_baru(request):
    """The Inspektorat records a PD's internal result from its LHE as figures (`?pd=`): the components, the
    total, the predicate and the LHE number, checked like the official result. Another pemda's PD is 404,
    a PD it may see but not evaluate 403 (access.ambil_untuk)."""
    pd_id = bulat_atau_400(request.POST.get("pd") or request.GET.get("pd"), _("Perangkat daerah"))
    pd = ambil_untuk(PerangkatDaerah.objects, request.user, Aksi.EVALUASI, pk=pd_id)
    try:
        instrumen = services.instrumen_bawaan(Evaluasi.Jenis.INTERNAL, kota=False, pemda_id=pd.pemda_id)
    except ValidationError as exc:
        raise TanpaInstrumen(" ".join(exc.messages)) from None
    siap = selectors.instrumen_siap(instrumen)
    pilihan = [(b.kode, b.nama) for b in siap.skala_predikat.urut_turun()]
    form = HasilResmiForm(
        request.POST or None, komponen=siap.komponen, predikat=pilihan, initial={"tahun": request.tahun}
    )
    h = _catat_lhe(request, form, services.hasil_lhe_pd_catat, perangkat_daerah=pd, instrumen=instrumen)
    if h is not None:
        messages.success(request, _("LHE %(pd)s tahun %(t)s dicatat.") % {"pd": pd.nama, "t": h.evaluasi.tahun})
        return redirect("evaluasi:hasil", pk=h.evaluasi_id)
    return render(request, "evaluasi/lhe_pd_baru.html", {"form": form, "pd": pd, "instrumen": instrumen})
