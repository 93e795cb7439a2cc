"""The worksheet: answers, notes and evidence, the live preview, the workflow buttons, evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from perangkat_daerah.access import ambil_untuk
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.unduhan import unduhan_bukti

from .. import scoring, selectors, services, tampilan
from ..models import Evaluasi, Jawaban
from ..selectors import Masukan, fakta
from .dasar import ambil_evaluasi, bulat_atau_400, pesan_galat, tolak_400

# How the page shows each workflow step the services offer (services.tindakan_tersedia).
TAMPILAN_TINDAKAN = {
    services.AJUKAN: {"label": _lazy("Simpan dan ajukan"), "utama": True},
    services.NILAI: {"label": _lazy("Simpan dan tandai dinilai"), "utama": True},
    services.KEMBALIKAN: {"label": _lazy("Kembalikan ke draf"), "catatan": True},
    services.FINALKAN: {"label": _lazy("Finalkan hasil"), "utama": True},
}
LANJUT_SIMPAN = (services.AJUKAN, services.NILAI)  # steps pressed on the worksheet's own form, after saving


def _isi_kembali(post, jawaban: dict, nilai_sub: dict) -> None:
    """Put a refused form's values back on the (unsaved) rows, so the page shows what the user typed."""
    for kid, j in jawaban.items():
        if f"versi-{kid}" in post:
            j.nilai, j.catatan = post.get(f"nilai-{kid}", ""), post.get(f"catatan-{kid}", "")
    for sid, n in nilai_sub.items():
        if f"subversi-{sid}" in post:
            n.nilai, n.catatan = post.get(f"sub-{sid}", ""), post.get(f"subcatatan-{sid}", n.catatan)
            n.alasan = post.get(f"subalasan-{sid}", n.alasan)


def _konteks_lembar(request, e: Evaluasi, *, ditolak: ValidationError | None = None) -> dict:
    """The worksheet's context; with `ditolak` (a refused save) the posted values are shown, unsaved, with
    each refused sub-component's message beside its grade."""
    siap = selectors.instrumen_siap(e.instrumen)
    jawaban = selectors.jawaban_baris(e)
    nilai_sub = selectors.nilai_sub_baris(e)
    if ditolak is not None:
        _isi_kembali(request.POST, jawaban, nilai_sub)
    masukan = selectors.masukan_dari_baris(
        siap, [(k, j.nilai) for k, j in jawaban.items()], [(k, n.nilai) for k, n in nilai_sub.items()]
    )
    hasil = selectors.hitung(siap, masukan)
    pasangan = selectors.evaluasi_pasangan_mandiri(e)
    tombol = [{"aksi": t, **TAMPILAN_TINDAKAN[t]} for t in services.tindakan_tersedia(request.user, e)]
    jawaban_pd = selectors.jawaban_baris(pasangan) if pasangan else None
    komponen = tampilan.baris_lembar(siap, jawaban, jawaban_pd, nilai_sub, hasil)
    fakta.tempel(komponen, fakta.fakta_lembar(evaluasi=e, user=request.user))  # facts beside each criterion
    galat = getattr(ditolak, "message_dict", {}) if ditolak is not None else {}
    for k in komponen:
        for s in k["subs"]:
            s["galat"] = " ".join(galat.get(s["info"].kode, []))
    metode_a = siap.metode == scoring.METODE_A
    return {
        "e": e,
        "siap": siap,
        "metode_a": metode_a,
        "komponen": komponen,
        "ringkasan": tampilan.ringkasan_hasil(siap, hasil),
        "langsung": ditolak is not None,  # the preview shows unsaved values
        "pasangan": pasangan,
        "bisa_isi": services.boleh_mengisi(request.user, e),
        "keterangan_status": tampilan.keterangan_status(e),
        "dukungan_ditolak": metode_a and services.dukungan_ditolak(e.pemda_id),
        "tombol_simpan": [t for t in tombol if t["aksi"] in LANJUT_SIMPAN],
        "tombol_status": [t for t in tombol if t["aksi"] not in LANJUT_SIMPAN],
        "nilai_a_pilihan": siap.nilai_a_pilihan,
    }


@login_required
@tolak_400
def lembar(request, pk: int):
    """The worksheet: answer, note and evidence per criterion; partial saves; submit when complete."""
    e = ambil_evaluasi(request, pk)
    if e.dari_lhe:  # figures read from an LHE: there is no worksheet behind them
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
                    post.get(f"subcatatan-{s.id}"),  # None (unchanged): the page has no field for it
                    subkomponen=True,
                    alasan=post.get(f"subalasan-{s.id}"),  # None (unchanged) when the page offers no field
                )
            )
    return isian


def _bukti_dari_files(files) -> dict:
    """The posted evidence files by criterion id (field names bukti-<id>)."""
    return {bulat_atau_400(nama.removeprefix("bukti-"), _("Berkas bukti")): berkas for nama, berkas in files.items()}


def _simpan_lembar(request, e: Evaluasi):
    siap = selectors.instrumen_siap(e.instrumen)
    aksi = request.POST.get("aksi", "simpan")
    lanjut = aksi if aksi in LANJUT_SIMPAN else None
    try:
        hasil = services.lembar_simpan(
            evaluasi=e, oleh=request.user, isian=_isian_dari_post(request.POST, siap),
            bukti=_bukti_dari_files(request.FILES), lanjut=lanjut,
        )  # fmt: skip
    except VersiKedaluwarsa as exc:
        messages.error(request, str(exc))
        return redirect("evaluasi:lembar", pk=e.pk)
    except ValidationError as exc:  # nothing was saved: the page again, with what was typed and why not
        pesan_galat(request, exc)
        messages.warning(
            request, _("Belum ada yang disimpan. Berkas bukti yang tadi dipilih, bila ada, perlu dipilih ulang.")
        )
        return render(request, "evaluasi/lembar.html", _konteks_lembar(request, e, ditolak=exc))
    if hasil.ditolak is not None:
        pesan_galat(request, hasil.ditolak)
        if hasil.berubah:
            messages.info(request, _("%(n)s jawaban tetap disimpan.") % {"n": hasil.berubah})
    elif lanjut == services.AJUKAN:
        messages.success(request, _("Penilaian mandiri diajukan."))
    elif lanjut == services.NILAI:
        messages.success(request, _("Evaluasi ditandai dinilai. Periksa hasilnya, lalu finalkan."))
    else:
        messages.success(request, _("%(n)s jawaban disimpan.") % {"n": hasil.berubah})
    return redirect("evaluasi:lembar", pk=e.pk)


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
        if aksi == services.KEMBALIKAN:
            services.evaluasi_kembalikan(evaluasi=e, oleh=request.user, catatan=request.POST.get("catatan", ""))
            messages.success(request, _("Evaluasi dikembalikan ke draf."))
        elif aksi == services.FINALKAN:
            if request.POST.get("konfirmasi") != "1":
                return _konfirmasi_final(request, e)
            services.evaluasi_finalkan(evaluasi=e, oleh=request.user, konfirmasi=True)
            messages.success(request, _("Hasil evaluasi difinalkan dan dibekukan."))
            return redirect("evaluasi:hasil", pk=e.pk)
        else:
            raise Http404
    except ValidationError as exc:
        pesan_galat(request, exc)
    return redirect("evaluasi:lembar", pk=e.pk)


def _konfirmasi_final(request, e: Evaluasi):
    """Finalising asks first: the result it would freeze and every grade above its criteria's support with
    its justification (the checks of the finalise itself; nothing is written here)."""
    hasil = services.evaluasi_siap_final(evaluasi=e, oleh=request.user)
    siap = selectors.instrumen_siap(e.instrumen)
    konteks = {
        "e": e,
        "ringkasan": tampilan.ringkasan_hasil(siap, hasil),
        "penyimpangan": tampilan.penyimpangan_evaluasi(e, siap, hasil),
    }
    return render(request, "evaluasi/konfirmasi_final.html", konteks)


@login_required
def bukti(request, pk: int):
    """Download an answer's evidence: only for users who may see its evaluation."""
    j = ambil_untuk(Jawaban.objects.select_related("evaluasi"), request.user, pk=pk)
    ambil_evaluasi(request, j.evaluasi_id)  # a PD does not see the Inspektorat's evidence before final
    if not j.bukti:
        raise Http404(_("Tidak ada berkas bukti."))
    return unduhan_bukti(j.bukti, j.bukti_nama or "bukti", j.bukti_jenis)
