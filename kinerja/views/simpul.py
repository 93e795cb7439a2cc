"""The forms of the performance tree's nodes and of their indicators (issue 13 point 7): new node (optionally
under `?induk=<id>`), change, delete with a confirmation page, new indicator of a node, change an
indicator with its targets of the node's period, delete an indicator with a confirmation page. The rights, the
choices, the node rule and the plan lock are decided by kinerja/services/simpul.py; these views look rows up
in the user's scope (another PD's or pemda's is a 404, a visible row the user may not write a 403) and show a
refusal with what the user typed: 400 for invalid input, 409 for a stale version. After a save the user goes
back to the node in the tree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from perangkat_daerah.access import ambil_untuk, wajib_hak
from perangkat_daerah.services import VersiKedaluwarsa
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat_atau_none

from ..forms_simpul import IndikatorForm, PembandingForm, SimpulForm, target_dari_post
from ..models import Indikator, PeriodePerencanaan, Sasaran
from ..selectors import simpul as pilih
from ..services import simpul as layanan
from ..services.pembanding import pembanding_simpan
from ..services.rencana import simpul_terkunci

METODE = ["GET", "HEAD", "POST"]


def ke_pohon(sasaran: Sasaran) -> str:
    """The tree page that shows `sasaran` (its PD's branch, or the city tree), anchored at the node."""
    if sasaran.perangkat_daerah_id:
        url = reverse("perencanaan:pohon_pd", kwargs={"pd_id": sasaran.perangkat_daerah_id})
    else:
        url = reverse("perencanaan:pohon")
    return f"{url}#simpul-{sasaran.pk}"


def _ambil_simpul(request, pk: int) -> Sasaran:
    """The node in the user's scope (404 otherwise) that the user may write (403 otherwise)."""
    sasaran = ambil_untuk(Sasaran.objects.select_related("tingkat", "periode", "induk", "perangkat_daerah"),
                          request.user, pk=pk)  # fmt: skip
    wajib_hak(request.user, pilih.aksi_simpul(sasaran), sasaran)
    return sasaran


def _galat(exc) -> tuple[dict[str, list[str]], list[str]]:
    """A refusal as (messages by field, messages of the whole form)."""
    if isinstance(exc, VersiKedaluwarsa):
        return {}, [str(exc)]
    if hasattr(exc, "error_dict"):
        per_kolom = dict(exc.message_dict)
        return per_kolom, per_kolom.pop("__all__", [])
    return {}, exc.messages


def _tulis(form, tulis):
    """Run the service `tulis(data)` on a bound form: (row, None) or (None, (messages, status))."""
    try:
        if not form.is_valid():
            raise ValidationError({kolom: list(pesan) for kolom, pesan in form.errors.items()})
        return tulis(form.cleaned_data), None
    except (ValidationError, VersiKedaluwarsa) as exc:
        return None, (_galat(exc), 409 if isinstance(exc, VersiKedaluwarsa) else 400)


# --- nodes -------------------------------------------------------------------------------------------


def _isian_awal_simpul(sasaran: Sasaran) -> dict:
    awal = {k: getattr(sasaran, k) or "" for k in ("kode", "uraian", "tema", "kode_nomenklatur", "jabatan", "nip")}
    for k in ("induk", "tingkat", "periode"):
        nilai = getattr(sasaran, f"{k}_id")
        awal[k] = str(nilai) if nilai else ""
    return awal | {"versi": str(sasaran.versi)}


def _isian_baru(request, h: pilih.HalamanSimpul) -> dict:
    """A new node's preselections: the parent of `?induk=` (when offered), a level it allows, its period
    (else the period of the working year)."""
    try:
        induk_id = bilangan_bulat_atau_none(request.GET.get("induk", ""), nama="induk")
    except BilanganTidakValid:
        induk_id = None
    induk = next((s for s in h.induk if s.pk == induk_id), None)
    tingkat = pilih.tingkat_anak(h.tingkat, induk)
    periode = induk.periode_id if induk is not None and induk.periode_id else None
    if periode is None:
        tahun = request.tahun
        periode = next((p.pk for p in h.periode if p.tahun_mulai <= tahun <= p.tahun_akhir), None)
    return {"induk": str(induk.pk) if induk else "", "tingkat": str(tingkat.pk) if tingkat else "",
            "periode": str(periode or "")}  # fmt: skip


def _render_simpul(request, h, isian, galat=None, status=200):
    per_kolom, umum = galat or ({}, [])
    konteks = {"h": h, "isian": isian, "galat": per_kolom, "galat_umum": umum}
    return render(request, "perencanaan/simpul_form.html", konteks, status=status)


@login_required
@require_http_methods(METODE)
def simpul_baru(request):
    """A new node of the user's own PD (operator, kepala) or of the city (Bagian Organisasi); other roles 403."""
    pemda, pd = layanan.pemilik_simpul_baru(request.user)
    pd_id = pd.pk if pd else None
    periode = PeriodePerencanaan.objects.filter(pemda=pemda, tahun_mulai__lte=request.tahun,
                                                tahun_akhir__gte=request.tahun).first()  # fmt: skip
    terkunci = simpul_terkunci(Sasaran(pemda=pemda, perangkat_daerah=pd, periode=periode))
    h = pilih.halaman_simpul(pemda_id=pemda.pk, pd_id=pd_id, sasaran=None, terkunci=terkunci)
    if request.method != "POST":
        return _render_simpul(request, h, _isian_baru(request, h))
    form = SimpulForm(request.POST)
    baru, gagal = _tulis(form, lambda d: layanan.simpul_buat(oleh=request.user, nilai=form.nilai(), alasan=d["alasan"]))
    if gagal:
        return _render_simpul(request, h, request.POST, *gagal)
    messages.success(request, _("Simpul %(kode)s tersimpan.") % {"kode": baru.kode})
    return redirect(ke_pohon(baru))


@login_required
@require_http_methods(METODE)
def simpul_ubah(request, pk: int):
    """Change a node (its PD's operator or kepala, or Bagian Organisasi for a city node)."""
    sasaran = _ambil_simpul(request, pk)
    h = pilih.halaman_simpul(pemda_id=sasaran.pemda_id, pd_id=sasaran.perangkat_daerah_id, sasaran=sasaran,
                             terkunci=simpul_terkunci(sasaran))  # fmt: skip
    if request.method != "POST":
        return _render_simpul(request, h, _isian_awal_simpul(sasaran))
    form = SimpulForm(request.POST)
    hasil, gagal = _tulis(form, lambda d: layanan.simpul_ubah(
        sasaran=sasaran, oleh=request.user, nilai=form.nilai(), versi=d["versi"], alasan=d["alasan"]))  # fmt: skip
    if gagal:
        return _render_simpul(request, h, request.POST, *gagal)
    messages.success(request, _("Simpul %(kode)s tersimpan.") % {"kode": hasil.kode})
    return redirect(ke_pohon(hasil))


@login_required
@require_http_methods(METODE)
def simpul_hapus(request, pk: int):
    """The confirmation page of deleting a node (GET) and the deletion (POST); refused in Indonesian for a
    node with children, realisations or budgets."""
    sasaran = _ambil_simpul(request, pk)
    konteks = {
        "sasaran": sasaran,
        "halangan": layanan.alasan_tidak_dapat_dihapus(sasaran),
        "terkunci": simpul_terkunci(sasaran),
        "jumlah_indikator": sasaran.indikator.count(),
        "kembali": ke_pohon(sasaran),
        "galat": {},
        "galat_umum": [],
        "sesudah": ke_pohon(sasaran.induk) if sasaran.induk else ke_pohon(sasaran).partition("#")[0],
    }
    if request.method != "POST":
        return render(request, "perencanaan/simpul_hapus.html", konteks)
    form = SimpulForm(request.POST)
    _hasil, gagal = _tulis(form, lambda d: layanan.simpul_hapus(
        sasaran=sasaran, oleh=request.user, versi=d["versi"], alasan=d["alasan"]))  # fmt: skip
    if gagal:
        (konteks["galat"], konteks["galat_umum"]), status = gagal
        return render(request, "perencanaan/simpul_hapus.html", konteks, status=status)
    messages.success(request, _("Simpul %(kode)s dihapus.") % {"kode": sasaran.kode})
    return redirect(konteks["sesudah"])


# --- indicators --------------------------------------------------------------------------------------


def _isian_awal_indikator(ind: Indikator | None) -> dict:
    if ind is None:
        return {"arah": Indikator.Arah.NAIK, "agregasi": Indikator.Agregasi.AKHIR}
    awal = {k: getattr(ind, k) for k in ("kode", "uraian", "satuan", "arah", "agregasi", "relasi_induk")}
    for k in ("nilai_minimum", "nilai_maksimum"):
        nilai = getattr(ind, k)
        awal[k] = pilih.angka_isian(nilai) if nilai is not None else ""
    awal["iku"], awal["boleh_negatif"] = "1" if ind.iku else "", "1" if ind.boleh_negatif else ""
    awal["induk_indikator"] = str(ind.induk_indikator_id or "")
    awal["bilangan_bulat"] = {None: "", True: "1", False: "0"}[ind.bilangan_bulat]
    return awal | {"versi": str(ind.versi)}


def _isian_pembanding(ind: Indikator | None) -> dict:
    """The benchmark form's values as stored (typed-again numbers), with the indicator's version."""
    if ind is None:
        return {}
    nilai = ind.pembanding_nilai
    return {
        "pembanding_nilai": pilih.angka_isian(nilai) if nilai is not None else "",
        "pembanding_tingkat": ind.pembanding_tingkat, "pembanding_sumber": ind.pembanding_sumber,
        "pembanding_tahun": str(ind.pembanding_tahun or ""), "versi": str(ind.versi),
    }  # fmt: skip


def _render_indikator(request, h, isian, galat=None, status=200, pembanding=None):
    """The indicator page: the indicator's form (`isian`, `galat`) and, for a saved indicator, its benchmark's
    own form (`pembanding`: (what was typed, messages by field, messages of the form) after a refusal)."""
    per_kolom, umum = galat or ({}, [])
    for b in h.target:
        b.galat = per_kolom.get(f"target_{b.tahun}", [])
        if request.method == "POST" and pembanding is None:
            b.nilai = request.POST.get(f"target-{b.tahun}", b.nilai)
    pb_isian, pb_galat, pb_umum = pembanding or (_isian_pembanding(h.indikator), {}, [])
    konteks = {"h": h, "isian": isian, "galat": per_kolom, "galat_umum": umum, "arah": Indikator.Arah.choices,
               "agregasi": Indikator.Agregasi.choices, "relasi": Indikator.Relasi.choices,
               "pb": {"isian": pb_isian, "galat": pb_galat, "galat_umum": pb_umum,
                      "tingkat": Indikator._meta.get_field("pembanding_tingkat").choices}}  # fmt: skip
    return render(request, "perencanaan/simpul_indikator.html", konteks, status=status)


def _simpan_indikator(request, sasaran: Sasaran, indikator: Indikator | None, h):
    form = IndikatorForm(request.POST)
    target = target_dari_post(request.POST, [b.tahun for b in h.target])
    if indikator is None:
        tulis = lambda d: layanan.indikator_buat(  # noqa: E731
            sasaran=sasaran, oleh=request.user, nilai=form.nilai(), target=target, alasan=d["alasan"])  # fmt: skip
    else:
        tulis = lambda d: layanan.indikator_ubah(  # noqa: E731
            indikator=indikator, oleh=request.user, nilai=form.nilai(), versi=d["versi"], target=target,
            alasan=d["alasan"])  # fmt: skip
    hasil, gagal = _tulis(form, tulis)
    if gagal:
        return _render_indikator(request, h, request.POST, *gagal)
    messages.success(request, _("Indikator %(kode)s tersimpan.") % {"kode": hasil.kode})
    return redirect(ke_pohon(sasaran))


@login_required
@require_http_methods(METODE)
def indikator_baru(request, pk: int):
    """A new indicator of a node, with its targets of the node's period."""
    sasaran = _ambil_simpul(request, pk)
    h = pilih.halaman_indikator(sasaran=sasaran, indikator=None, terkunci=simpul_terkunci(sasaran))
    if request.method != "POST":
        return _render_indikator(request, h, _isian_awal_indikator(None))
    return _simpan_indikator(request, sasaran, None, h)


@login_required
@require_http_methods(METODE)
def indikator_ubah(request, pk: int):
    """Change an indicator of a node and its targets (a target of a set PK is changed on the PK page)."""
    ind = ambil_untuk(Indikator.objects.select_related("sasaran"), request.user, pk=pk)
    sasaran = _ambil_simpul(request, ind.sasaran_id)
    h = pilih.halaman_indikator(sasaran=sasaran, indikator=ind, terkunci=simpul_terkunci(sasaran))
    if request.method != "POST":
        return _render_indikator(request, h, _isian_awal_indikator(ind))
    return _simpan_indikator(request, sasaran, ind, h)


@login_required
@require_http_methods(METODE)
def indikator_hapus(request, pk: int):
    """The confirmation page of deleting an indicator (GET) and the deletion (POST), for who may change it;
    refused in Indonesian for an indicator with realisations, its node's only one, a parent of other
    indicators or in a set PK."""
    ind = ambil_untuk(Indikator.objects.select_related("sasaran"), request.user, pk=pk)
    sasaran = _ambil_simpul(request, ind.sasaran_id)
    konteks = {
        "indikator": ind, "sasaran": sasaran, "halangan": layanan.alasan_indikator_tidak_dapat_dihapus(ind),
        "terkunci": simpul_terkunci(sasaran), "kembali": reverse("perencanaan:indikator_ubah", args=[ind.pk]),
        "galat": {}, "galat_umum": [],
    }  # fmt: skip
    if request.method != "POST":
        return render(request, "perencanaan/indikator_hapus.html", konteks)
    form = IndikatorForm(request.POST)
    _hasil, gagal = _tulis(form, lambda d: layanan.indikator_hapus(
        indikator=ind, oleh=request.user, versi=d["versi"], alasan=d["alasan"]))  # fmt: skip
    if gagal:
        (konteks["galat"], konteks["galat_umum"]), status = gagal
        return render(request, "perencanaan/indikator_hapus.html", konteks, status=status)
    messages.success(request, _("Indikator %(kode)s dihapus.") % {"kode": ind.kode})
    return redirect(ke_pohon(sasaran))


@login_required
@require_POST
def indikator_pembanding(request, pk: int):
    """Save an indicator's benchmark (the LKjIP's fourth analysis) from its own form on the indicator page, then
    back to that page; a refusal shows the page with what was typed and the messages beside the fields."""
    ind = ambil_untuk(Indikator.objects.select_related("sasaran"), request.user, pk=pk)
    sasaran = _ambil_simpul(request, ind.sasaran_id)
    form = PembandingForm(request.POST)
    tulis = lambda d: pembanding_simpan(indikator=ind, oleh=request.user, nilai=form.nilai(), versi=d["versi"])  # noqa: E731
    _hasil, gagal = _tulis(form, tulis)
    if gagal:
        (per_kolom, umum), status = gagal
        h = pilih.halaman_indikator(sasaran=sasaran, indikator=ind, terkunci=simpul_terkunci(sasaran))
        ind.refresh_from_db()
        return _render_indikator(request, h, _isian_awal_indikator(ind), status=status,
                                 pembanding=(request.POST, per_kolom, umum))  # fmt: skip
    messages.success(request, _("Pembanding indikator %(kode)s tersimpan.") % {"kode": ind.kode})
    return redirect(reverse("perencanaan:indikator_ubah", args=[ind.pk]) + "#pembanding")
