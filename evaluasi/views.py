"""Pages of the evaluasi app: the list, the worksheet (self-assessment / Inspektorat) with a live htmx
preview, the result with lost points and the what-if plan, the city years, the official result form, and
recommendations. Thin: reads through selectors, writes through services, formatting in `tampilan`."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import Aksi, Peran, ambil_untuk, boleh, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.tahun import baca_tahun
from sakip.lib.angka import AngkaTidakValid, parse_angka
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat

from . import scoring, selectors, services, tampilan
from .forms import HasilResmiForm, RekomendasiForm, TindakLanjutForm, VerifikasiForm
from .models import Evaluasi, Jawaban, Kriteria, Rekomendasi
from .selectors import Masukan

J, S = Evaluasi.Jenis, Evaluasi.Status


def _ambil(request, pk: int, aksi: str = Aksi.LIHAT) -> Evaluasi:
    return ambil_untuk(selectors.evaluasi_dasar(request.user), request.user, aksi, pk=pk)


def _pesan_galat(request, exc: ValidationError) -> None:
    """Each message of `exc`, prefixed by its field when it names one (a criterion code, "catatan")."""
    if not hasattr(exc, "error_dict"):
        for pesan in exc.messages:
            messages.error(request, pesan)
        return
    for kunci, daftar_pesan in exc.message_dict.items():
        for pesan in daftar_pesan:
            messages.error(request, pesan if kunci == "__all__" else f"{kunci}: {pesan}")


def _bulat(nilai, nama: str, **batas) -> int:
    """A whole number from the request through the one parser; BadRequest (400) with its message otherwise."""
    try:
        return bilangan_bulat(nilai, nama=nama, **batas)
    except BilanganTidakValid as exc:
        raise BadRequest(str(exc)) from None


def _tahun(nilai) -> int:
    """A posted year that the year selector offers (perangkat_daerah.tahun), else BadRequest."""
    try:
        return baca_tahun(nilai)
    except BilanganTidakValid as exc:
        raise BadRequest(str(exc)) from None


def _tolak_400(view):
    """A malformed number in the request is a 400 page that says what was wrong, never a 500."""

    @functools.wraps(view)
    def dibungkus(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return render(request, "evaluasi/galat.html", {"pesan": str(exc)}, status=400)

    return dibungkus


# --- List -----------------------------------------------------------------------------------------------------


@login_required
def daftar(request):
    """The evaluations of the year shown (the working year, which a ?tahun= sets: TahunMiddleware) the user
    may see, with live or frozen scores; its "Mulai" buttons post that same year (issue 11 §5)."""
    tahun = request.tahun
    jenis = request.GET.get("jenis", "")
    if jenis not in J.values:
        jenis = ""
    evaluasi = list(selectors.evaluasi_list(user=request.user, tahun=tahun, jenis=jenis))
    tahun_ada = selectors.evaluasi_list(user=request.user).values_list("tahun", flat=True).distinct().order_by("-tahun")
    hasil = selectors.hasil_banyak(e for e in evaluasi if not selectors.punya_hasil(e))
    baris = [_baris_daftar(e, hasil.get(e.pk)) for e in evaluasi]
    return render(
        request,
        "evaluasi/daftar.html",
        {
            "baris": baris,
            "tahun": tahun,
            "tahun_ada": list(tahun_ada),
            "jenis": jenis,
            "jenis_pilihan": J.choices,
            "bisa_buat": _pilihan_buat(request, evaluasi, tahun),
        },
    )


def _baris_daftar(e: Evaluasi, hasil) -> dict:
    if selectors.punya_hasil(e):
        total, predikat, lengkap = tampilan.F(e.hasil.total), e.hasil.predikat, True
    elif hasil is not None:
        total, predikat, lengkap = tampilan.F(hasil.total), hasil.predikat.kode, hasil.lengkap
    else:
        total, predikat, lengkap = "–", "", False
    return {"e": e, "total": total, "predikat": predikat, "lengkap": lengkap}


def _pilihan_buat(request, evaluasi: list[Evaluasi], tahun: int) -> list[dict]:
    """What the user may open for the year shown: own PD's self-assessment, internal evaluations, city.

    When the list is filtered by kind, what already exists is read again for the year (one query)."""
    profil = profil_pengguna(request.user)
    if profil is None:
        return []
    if request.GET.get("jenis"):
        ada = set(selectors.evaluasi_list(user=request.user, tahun=tahun).values_list("perangkat_daerah_id", "jenis"))
    else:
        ada = {(e.perangkat_daerah_id, e.jenis) for e in evaluasi}
    pilihan = []
    if (
        boleh(request.user, Aksi.ISI)
        and profil.perangkat_daerah_id
        and (profil.perangkat_daerah_id, J.MANDIRI) not in ada
    ):
        pilihan.append({"jenis": J.MANDIRI, "pd": profil.perangkat_daerah, "label": _("Mulai penilaian mandiri")})
    if boleh(request.user, Aksi.EVALUASI):
        for pd in PerangkatDaerah.objects.for_user(request.user, Aksi.EVALUASI).filter(aktif=True).order_by("kode"):
            if (pd.pk, J.INTERNAL) not in ada:
                pilihan.append({"jenis": J.INTERNAL, "pd": pd, "label": _("Mulai evaluasi internal")})
    if boleh(request.user, Aksi.KELOLA) and (None, J.MANDIRI) not in ada:
        pilihan.append({"jenis": J.MANDIRI, "pd": None, "label": _("Mulai perkiraan mandiri kota")})
    return pilihan


@login_required
@require_POST
@_tolak_400
def buat(request):
    """Open an evaluation for the year the list showed (posted with the form), then go to its worksheet."""
    tahun = _tahun(request.POST.get("tahun", ""))
    pd = None
    if request.POST.get("perangkat_daerah"):
        pd_id = _bulat(request.POST["perangkat_daerah"], _("Perangkat daerah"))
        pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=pd_id)
    try:
        e = services.evaluasi_buat(
            oleh=request.user, tahun=tahun, jenis=request.POST.get("jenis", ""), perangkat_daerah=pd
        )
    except ValidationError as exc:
        _pesan_galat(request, exc)
        return redirect(f"{reverse('evaluasi:daftar')}?tahun={tahun}")
    messages.success(request, _("Evaluasi dibuka. Jawaban dapat disimpan sebagian."))
    return redirect("evaluasi:lembar", pk=e.pk)


# --- Worksheet --------------------------------------------------------------------------------------------


def _konteks_lembar(request, e: Evaluasi) -> dict:
    siap = selectors.instrumen_siap(e.instrumen)
    jawaban = selectors.jawaban_baris(e)
    nilai_sub = selectors.nilai_sub_baris(e)
    masukan = selectors.masukan_dari_baris(
        siap, [(k, j.nilai) for k, j in jawaban.items()], [(k, n.nilai) for k, n in nilai_sub.items()]
    )
    hasil = selectors.hitung(siap, masukan)
    pasangan = selectors.evaluasi_pasangan_mandiri(e)
    tombol = _tombol_status(request.user, e)
    jawaban_pd = selectors.jawaban_baris(pasangan) if pasangan else None
    return {
        "e": e,
        "siap": siap,
        "metode_a": siap.metode == scoring.METODE_A,
        "komponen": tampilan.baris_lembar(siap, jawaban, jawaban_pd, nilai_sub, hasil),
        "ringkasan": tampilan.ringkasan_hasil(siap, hasil),
        "pasangan": pasangan,
        "bisa_isi": services.boleh_mengisi(request.user, e),
        "tombol_simpan": [t for t in tombol if t["aksi"] in ("ajukan", "nilai")],
        "tombol_status": [t for t in tombol if t["aksi"] not in ("ajukan", "nilai")],
        "nilai_a_pilihan": siap.nilai_a_pilihan,
    }


def _tombol_status(user, e: Evaluasi) -> list[dict]:
    """The workflow buttons this user may press now."""
    tombol = []
    isi = Evaluasi.objects.for_user(user, services.aksi_isi(e)).filter(pk=e.pk).exists()
    evaluator = Evaluasi.objects.for_user(user, Aksi.EVALUASI).filter(pk=e.pk).exists()
    kota = e.perangkat_daerah_id is None
    if e.status == S.DRAF and isi:
        tombol.append(
            {
                "aksi": "ajukan" if e.jenis == J.MANDIRI else "nilai",
                "label": _("Simpan dan ajukan") if e.jenis == J.MANDIRI else _("Simpan dan tandai dinilai"),
                "utama": True,
            }
        )
    if e.status == S.DIAJUKAN and e.jenis == J.MANDIRI and ((evaluator and not kota) or (kota and isi)):
        tombol.append({"aksi": "kembalikan", "label": _("Kembalikan ke draf"), "catatan": True})
    if e.status == S.DINILAI and evaluator:
        tombol.append({"aksi": "kembalikan", "label": _("Kembalikan ke draf"), "catatan": True})
    if (e.status == S.DINILAI and evaluator) or (e.status == S.DIAJUKAN and kota and isi):
        tombol.append({"aksi": "finalkan", "label": _("Finalkan hasil"), "utama": True})
    return tombol


@login_required
@_tolak_400
def lembar(request, pk: int):
    """The worksheet: answer, note and evidence per criterion; partial saves; submit when complete."""
    e = _ambil(request, pk)
    if e.jenis == J.RESMI:
        return redirect("evaluasi:hasil", pk=e.pk)
    if request.method == "POST":
        return _simpan_lembar(request, e)
    return render(request, "evaluasi/lembar.html", _konteks_lembar(request, e))


def _isian_dari_post(post, siap: selectors.InstrumenSiap) -> list[services.IsianJawaban]:
    isian = []
    for kr in siap.kriteria_kode.values():
        if f"versi-{kr.id}" in post:
            isian.append(
                services.IsianJawaban(
                    kr.kode,
                    post.get(f"nilai-{kr.id}", ""),
                    _bulat(post.get(f"versi-{kr.id}"), f"versi {kr.kode}"),
                    post.get(f"catatan-{kr.id}", ""),
                )
            )
    for s in siap.sub_kode.values():
        if f"subversi-{s.id}" in post:
            isian.append(
                services.IsianJawaban(
                    s.kode,
                    post.get(f"sub-{s.id}", ""),
                    _bulat(post.get(f"subversi-{s.id}"), f"versi {s.kode}"),
                    post.get(f"subcatatan-{s.id}", ""),
                    subkomponen=True,
                )
            )
    return isian


def _simpan_lembar(request, e: Evaluasi):
    siap = selectors.instrumen_siap(e.instrumen)
    aksi = request.POST.get("aksi", "simpan")
    try:
        with transaction.atomic():
            isian = _unggah_bukti(request, e, siap, _isian_dari_post(request.POST, siap))
            n = services.jawaban_simpan(evaluasi=e, oleh=request.user, isian=isian)
            if aksi == "ajukan":
                services.evaluasi_ajukan(evaluasi=e, oleh=request.user)
            elif aksi == "nilai":
                services.evaluasi_tandai_dinilai(evaluasi=e, oleh=request.user)
    except VersiKedaluwarsa as exc:
        messages.error(request, str(exc))
        return redirect("evaluasi:lembar", pk=e.pk)
    except ValidationError as exc:
        _pesan_galat(request, exc)
        if aksi in ("ajukan", "nilai"):  # the answers are worth keeping even when the submission is refused
            _simpan_saja(request, e, siap)
        return redirect("evaluasi:lembar", pk=e.pk)
    if aksi == "ajukan":
        messages.success(request, _("Penilaian mandiri diajukan."))
    elif aksi == "nilai":
        messages.success(request, _("Evaluasi ditandai dinilai. Periksa hasilnya, lalu finalkan."))
    else:
        messages.success(request, _("%(n)s jawaban disimpan.") % {"n": n})
    return redirect("evaluasi:lembar", pk=e.pk)


def _simpan_saja(request, e: Evaluasi, siap) -> None:
    try:
        n = services.jawaban_simpan(evaluasi=e, oleh=request.user, isian=_isian_dari_post(request.POST, siap))
        if n:
            messages.info(request, _("%(n)s jawaban tetap disimpan.") % {"n": n})
    except (ValidationError, VersiKedaluwarsa, PermissionDenied, BadRequest):
        pass


def _unggah_bukti(request, e: Evaluasi, siap, isian: list) -> list:
    """Store uploaded evidence first; the answers saved after carry the bumped versi of those rows."""
    if not request.FILES:
        return isian
    baris = selectors.jawaban_baris(e)
    naik = set()
    for nama, berkas in request.FILES.items():
        kid = _bulat(nama.removeprefix("bukti-"), _("Berkas bukti"))
        if kid not in baris:
            continue
        kr = siap.kriteria_id[kid]
        versi = next((i.versi for i in isian if i.kode == kr.kode and not i.subkomponen), baris[kid].versi)
        services.bukti_unggah(jawaban=baris[kid], berkas=berkas, oleh=request.user, versi=versi)
        naik.add(kr.kode)
    return [
        services.IsianJawaban(i.kode, i.nilai, i.versi + 1, i.catatan, i.subkomponen)
        if i.kode in naik and not i.subkomponen
        else i
        for i in isian
    ]


@login_required
@require_POST
def pratinjau(request, pk: int):
    """htmx: the live result of the answers on the form (nothing is saved)."""
    e = _ambil(request, pk)
    siap = selectors.instrumen_siap(e.instrumen)
    jawaban = {}
    for kr in siap.kriteria_kode.values():
        nilai = request.POST.get(f"nilai-{kr.id}", "")
        if nilai in kr.pilihan:
            jawaban[kr.kode] = nilai
    nilai_sub = {}
    if siap.metode == scoring.METODE_A:
        nilai_sub = {
            s.kode: v
            for s in siap.sub_kode.values()
            if (v := request.POST.get(f"sub-{s.id}", "")) in siap.nilai_a_pilihan
        }
    hasil = selectors.hitung(siap, Masukan(jawaban, nilai_sub))
    return render(
        request,
        "evaluasi/_pratinjau.html",
        {"ringkasan": tampilan.ringkasan_hasil(siap, hasil), "e": e, "langsung": True},
    )


@login_required
@require_POST
def ubah_status(request, pk: int, aksi: str):
    """Workflow buttons: kembalikan (with a note) and finalkan."""
    e = _ambil(request, pk)
    try:
        if aksi == "kembalikan":
            services.evaluasi_kembalikan(evaluasi=e, oleh=request.user, catatan=request.POST.get("catatan", ""))
            messages.success(request, _("Evaluasi dikembalikan ke draf."))
        elif aksi == "finalkan":
            services.evaluasi_finalkan(evaluasi=e, oleh=request.user)
            messages.success(request, _("Hasil evaluasi difinalkan dan dibekukan."))
            return redirect("evaluasi:hasil", pk=e.pk)
        else:
            raise Http404
    except ValidationError as exc:
        _pesan_galat(request, exc)
    return redirect("evaluasi:lembar", pk=e.pk)


@login_required
def bukti(request, pk: int):
    """Download an answer's evidence: only for users who may see its evaluation."""
    j = ambil_untuk(Jawaban.objects.select_related("evaluasi"), request.user, pk=pk)
    _ambil(request, j.evaluasi_id)  # a PD does not see the Inspektorat's evidence before final
    if not j.bukti:
        raise Http404(_("Tidak ada berkas bukti."))
    return FileResponse(
        j.bukti.open("rb"), as_attachment=True, filename=j.bukti_nama or "bukti", content_type=j.bukti_jenis
    )


# --- Result and what-if -----------------------------------------------------------------------------------


@login_required
def hasil(request, pk: int):
    """The result: components as value / maximum, the total and predicate, lost points, and the what-if plan."""
    e = _ambil(request, pk)
    siap = selectors.instrumen_siap(e.instrumen)
    konteks = {"e": e, "siap": siap, "skala": _pilihan_predikat(siap)}
    if e.jenis == J.RESMI:
        konteks["ringkasan"] = tampilan.ringkasan_resmi(siap, e.hasil)
        konteks["pengganti"] = _pengganti_resmi(request, e)
        return render(request, "evaluasi/hasil.html", konteks)
    masukan = selectors.masukan_evaluasi(e, siap)
    h = selectors.hitung(siap, masukan)
    konteks.update(
        ringkasan=tampilan.ringkasan_hasil(siap, h),
        poin_hilang=tampilan.poin_hilang(siap, h),
        beku=e.hasil if selectors.punya_hasil(e) else None,
        rencana=_rencana_dari_get(request, siap, masukan),
        target_isian=request.GET.get("target", ""),
        predikat_isian=request.GET.get("predikat", ""),
        rekomendasi_baru=_boleh_rekomendasi(request.user, e),
    )
    return render(request, "evaluasi/hasil.html", konteks)


def _pengganti_resmi(request, e: Evaluasi):
    """The city's self-estimate of the same year: the answered worksheet behind an official result."""
    return (
        selectors.evaluasi_list(user=request.user, tahun=e.tahun, jenis=J.MANDIRI).filter(perangkat_daerah=None).first()
    )


def _boleh_rekomendasi(user, e: Evaluasi) -> bool:
    aksi = Aksi.EVALUASI if e.jenis == J.INTERNAL else Aksi.KELOLA
    return e.final and Evaluasi.objects.for_user(user, aksi).filter(pk=e.pk).exists()


def _pilihan_predikat(siap) -> list[dict]:
    skala = siap.skala_predikat
    return [
        {"kode": b.kode, "nama": b.nama, "minimal": tampilan.F(scoring.total_minimal(b.kode, skala))}
        for b in skala.urut_turun()
    ]


def _rencana_dari_get(request, siap, masukan) -> dict | None:
    """The plan for ?target=70 (or 70,01) and/or ?predikat=BB; None without a target; an error text if invalid."""
    target_teks, kode = request.GET.get("target", "").strip(), request.GET.get("predikat", "").strip()
    if not target_teks and not kode:
        return None
    try:
        target = parse_angka(target_teks) if target_teks else None
        if kode:
            siap.skala_predikat.band(kode)
        if target is not None and not 0 <= target <= 100:
            raise ValueError(_("Target nilai harus antara 0 dan 100."))
        r = selectors.rencana(siap, masukan, target_total=target, target_predikat=kode or None)
    except (AngkaTidakValid, ValueError) as exc:
        return {"galat": str(exc)}
    return tampilan.rencana_tampil(siap, r)


@login_required
def rencana(request, pk: int):
    """htmx: the what-if plan panel for a target total or predicate."""
    e = _ambil(request, pk)
    if e.jenis == J.RESMI:
        raise Http404
    siap = selectors.instrumen_siap(e.instrumen)
    r = _rencana_dari_get(request, siap, selectors.masukan_evaluasi(e, siap))
    return render(request, "evaluasi/_rencana.html", {"rencana": r, "e": e})


# --- City years and the official result -----------------------------------------------------------------------


class TanpaInstrumen(Exception):
    """The pemda has no active instrument for the page (the admin activates one)."""


def _instrumen_kota(pemda_id: int):
    try:
        return services.instrumen_bawaan(J.RESMI, kota=True, pemda_id=pemda_id)
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


@login_required
@_tanpa_instrumen
def resmi_baru(request):
    """Bagian Organisasi records the official result from the LHE; validated against weights and bands."""
    if not boleh(request.user, Aksi.KELOLA):
        raise PermissionDenied(_("Hanya Bagian Organisasi yang mencatat hasil resmi."))
    instrumen = _instrumen_kota(profil_pengguna(request.user).pemda_id)
    siap = selectors.instrumen_siap(instrumen)
    pilihan = [(b.kode, b.nama) for b in siap.skala_predikat.urut_turun()]
    form = HasilResmiForm(
        request.POST or None, komponen=siap.komponen, predikat=pilihan, initial={"tahun": request.tahun}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            h = services.hasil_resmi_catat(
                oleh=request.user, tahun=d["tahun"], total=d["total"], predikat=d["predikat"],
                nilai_komponen=form.nilai_komponen(), nomor_lhe=d["nomor_lhe"], tanggal_lhe=d["tanggal_lhe"],
                catatan=d["catatan"], instrumen=instrumen,
            )  # fmt: skip
        except ValidationError as exc:
            for kunci, pesan in exc.message_dict.items():
                form.add_error(kunci if kunci in form.fields else None, pesan)
        else:
            messages.success(request, _("Hasil resmi tahun %(t)s dicatat.") % {"t": d["tahun"]})
            return redirect("evaluasi:hasil", pk=h.evaluasi_id)
    return render(request, "evaluasi/resmi_baru.html", {"form": form})


# --- Recommendations ----------------------------------------------------------------------------------------


@login_required
def rekomendasi_daftar(request):
    """Recommendations in scope, overdue ones highlighted, each with the points its criteria would regain."""
    status = request.GET.get("status", "")
    daftar = list(selectors.rekomendasi_list(user=request.user, status=status))
    poin = selectors.poin_rekomendasi(daftar)
    baris = [_baris_rek(r, poin.get(r.pk)) for r in daftar]
    return render(
        request,
        "evaluasi/rekomendasi_daftar.html",
        {
            "baris": baris,
            "status": status,
            "status_pilihan": Rekomendasi.Status.choices,
            "terlambat": sum(b["terlambat"] for b in baris),
        },
    )


def _baris_rek(r: Rekomendasi, poin) -> dict:
    return {
        "r": r,
        "terlambat": r.terlambat(),
        "batas": tampilan.tanggal(r.batas_waktu),
        "poin": tampilan.F(poin) if poin is not None else "–",
        "kriteria": ", ".join(k.kode for k in r.kriteria.all()),
    }


@login_required
def rekomendasi_detail(request, pk: int):
    """One recommendation: follow-up (responsible PD) and verification (Bagian Organisasi)."""
    r = ambil_untuk(selectors.rekomendasi_list(user=request.user), request.user, pk=pk)
    tl_form = TindakLanjutForm(initial={"versi": r.versi, "tindak_lanjut": r.tindak_lanjut})
    ver_form = VerifikasiForm(initial={"versi": r.versi})
    if request.method == "POST":
        hasil_post = _post_rekomendasi(request, r)
        if hasil_post is None:
            return redirect("evaluasi:rekomendasi_detail", pk=r.pk)
        tl_form, ver_form = hasil_post
    poin = selectors.poin_rekomendasi([r]).get(r.pk)
    bisa_tl = services.boleh_tindak_lanjut(request.user, r)
    bisa_verifikasi = services.boleh_verifikasi(request.user, r)
    return render(
        request,
        "evaluasi/rekomendasi_detail.html",
        {
            "b": _baris_rek(r, poin),
            "r": r,
            "kriteria": list(r.kriteria.all()),
            "tl_form": tl_form if bisa_tl else None,
            "ver_form": ver_form if bisa_verifikasi else None,
        },
    )


def _post_rekomendasi(request, r: Rekomendasi):
    """Handle a follow-up or verification post; None on success, else the forms with their errors."""
    tl_form, ver_form = TindakLanjutForm(initial={"versi": r.versi}), VerifikasiForm(initial={"versi": r.versi})
    try:
        if request.POST.get("aksi") == "verifikasi":
            ver_form = VerifikasiForm(request.POST)
            if not ver_form.is_valid():
                return tl_form, ver_form
            d = ver_form.cleaned_data
            services.rekomendasi_verifikasi(
                rekomendasi=r, oleh=request.user, versi=d["versi"], diterima=d["diterima"], catatan=d["catatan"]
            )
        else:
            tl_form = TindakLanjutForm(request.POST, request.FILES)
            if not tl_form.is_valid():
                return tl_form, ver_form
            d = tl_form.cleaned_data
            services.rekomendasi_tindak_lanjut(
                rekomendasi=r, oleh=request.user, versi=d["versi"], tindak_lanjut=d["tindak_lanjut"], berkas=d["bukti"]
            )
    except VersiKedaluwarsa as exc:
        messages.error(request, str(exc))
        return None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):  # a field's message goes beside the field, the text kept
            formulir = ver_form if request.POST.get("aksi") == "verifikasi" else tl_form
            for kunci, pesan in exc.message_dict.items():
                formulir.add_error(kunci if kunci in formulir.fields else None, pesan)
            return tl_form, ver_form
        _pesan_galat(request, exc)
        return None
    messages.success(request, _("Rekomendasi diperbarui."))
    return None


@login_required
def rekomendasi_bukti(request, pk: int):
    """Download a follow-up's evidence, for users who may see the recommendation."""
    r = ambil_untuk(Rekomendasi.objects.all(), request.user, pk=pk)
    if not r.bukti:
        raise Http404(_("Tidak ada berkas bukti."))
    return FileResponse(
        r.bukti.open("rb"), as_attachment=True, filename=r.bukti_nama or "bukti", content_type=r.bukti_jenis
    )


@login_required
def rekomendasi_baru(request, pk: int):
    """Issue a recommendation from a final evaluation's LHE (Inspektorat: internal; Bagian Organisasi: official)."""
    e = _ambil(request, pk)
    if not _boleh_rekomendasi(request.user, e):
        raise PermissionDenied(_("Anda tidak berwenang menerbitkan rekomendasi untuk evaluasi ini."))
    form = RekomendasiForm(
        request.POST or None,
        pd_qs=PerangkatDaerah.objects.filter(pemda_id=e.pemda_id, aktif=True).order_by("kode"),
        kriteria_qs=Kriteria.objects.filter(subkomponen__komponen__instrumen=e.instrumen).order_by(
            "subkomponen__komponen__urutan", "subkomponen__urutan", "nomor"
        ),
        initial={"perangkat_daerah": e.perangkat_daerah_id},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            r = services.rekomendasi_buat(
                evaluasi=e, oleh=request.user, uraian=d["uraian"], batas_waktu=d["batas_waktu"],
                perangkat_daerah=d["perangkat_daerah"], kriteria=d["kriteria"],
            )  # fmt: skip
        except ValidationError as exc:
            for kunci, pesan in exc.message_dict.items():
                form.add_error(kunci if kunci in form.fields else None, pesan)
        else:
            messages.success(request, _("Rekomendasi diterbitkan."))
            return redirect("evaluasi:rekomendasi_detail", pk=r.pk)
    return render(
        request,
        "evaluasi/rekomendasi_baru.html",
        {"form": form, "e": e, "kembali": reverse("evaluasi:hasil", args=[e.pk])},
    )
