"""The worksheet: answers, notes and evidence, the live preview, the workflow buttons, evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perangkat_daerah.access import Aksi, ambil_untuk
from perangkat_daerah.services import VersiKedaluwarsa

from .. import scoring, selectors, services, tampilan
from ..models import Evaluasi, Jawaban
from ..selectors import Masukan
from .dasar import ambil_evaluasi, bulat_atau_400, pesan_galat, tolak_400

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
    if e.status == Evaluasi.Status.DRAF and isi:
        tombol.append(
            {
                "aksi": "ajukan" if e.jenis == Evaluasi.Jenis.MANDIRI else "nilai",
                "label": _("Simpan dan ajukan")
                if e.jenis == Evaluasi.Jenis.MANDIRI
                else _("Simpan dan tandai dinilai"),
                "utama": True,
            }
        )
    if (
        e.status == Evaluasi.Status.DIAJUKAN
        and e.jenis == Evaluasi.Jenis.MANDIRI
        and ((evaluator and not kota) or (kota and isi))
    ):
        tombol.append({"aksi": "kembalikan", "label": _("Kembalikan ke draf"), "catatan": True})
    if e.status == Evaluasi.Status.DINILAI and evaluator:
        tombol.append({"aksi": "kembalikan", "label": _("Kembalikan ke draf"), "catatan": True})
    if (e.status == Evaluasi.Status.DINILAI and evaluator) or (e.status == Evaluasi.Status.DIAJUKAN and kota and isi):
        tombol.append({"aksi": "finalkan", "label": _("Finalkan hasil"), "utama": True})
    return tombol


@login_required
@tolak_400
def lembar(request, pk: int):
    """The worksheet: answer, note and evidence per criterion; partial saves; submit when complete."""
    e = ambil_evaluasi(request, pk)
    if e.jenis == Evaluasi.Jenis.RESMI:
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
                    bulat_atau_400(post.get(f"versi-{kr.id}"), f"versi {kr.kode}"),
                    post.get(f"catatan-{kr.id}", ""),
                )
            )
    for s in siap.sub_kode.values():
        if f"subversi-{s.id}" in post:
            isian.append(
                services.IsianJawaban(
                    s.kode,
                    post.get(f"sub-{s.id}", ""),
                    bulat_atau_400(post.get(f"subversi-{s.id}"), f"versi {s.kode}"),
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
        pesan_galat(request, exc)
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
        kid = bulat_atau_400(nama.removeprefix("bukti-"), _("Berkas bukti"))
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
    e = ambil_evaluasi(request, pk)
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
    e = ambil_evaluasi(request, pk)
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
        pesan_galat(request, exc)
    return redirect("evaluasi:lembar", pk=e.pk)


@login_required
def bukti(request, pk: int):
    """Download an answer's evidence: only for users who may see its evaluation."""
    j = ambil_untuk(Jawaban.objects.select_related("evaluasi"), request.user, pk=pk)
    ambil_evaluasi(request, j.evaluasi_id)  # a PD does not see the Inspektorat's evidence before final
    if not j.bukti:
        raise Http404(_("Tidak ada berkas bukti."))
    return FileResponse(
        j.bukti.open("rb"), as_attachment=True, filename=j.bukti_nama or "bukti", content_type=j.bukti_jenis
    )
