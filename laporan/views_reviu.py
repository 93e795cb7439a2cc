"""Pages of the Inspektorat's reviu of the LKjIP (issue 14 point 9): the year's list of LKjIP documents with their
reviu status, and one reviu page per document (the checklist, the notes, Kembalikan / Selesai after a
confirmation). The workflow and the reads are `laporan/reviu.py`; these views only parse and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perangkat_daerah import pejabat
from perangkat_daerah.access import Aksi, Peran, ambil_untuk, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import VersiKedaluwarsa
from perangkat_daerah.validasi import bulat_atau_galat, teks_atau_galat

from . import reviu as alur
from .models import Laporan
from .views import _alamat

PERLU_KONFIRMASI = {"kembalikan": gettext_lazy("mengembalikan LKjIP ini untuk diperbaiki"),
                    "selesai": gettext_lazy("menyelesaikan reviu ini")}  # fmt: skip
# the actions of the form that carries the checklist; Mulai / Reviu ulang / Buka kembali keep the stored one
DENGAN_KERTAS_KERJA = frozenset({"simpan", "kembalikan", "selesai"})


def _pemda(request):
    profil = profil_pengguna(request.user)
    if profil is None:
        raise Http404(_("Data tidak ditemukan atau bukan wewenang Anda."))
    return profil.pemda


@login_required
def daftar(request):
    """The LKjIP documents of the working year in the user's scope, each with its reviu status."""
    baris = alur.daftar_dokumen(request.user, _pemda(request), request.tahun)
    konteks = {"baris": baris, "status": alur.S, "ringkasan": alur.ringkasan(baris)}
    return render(request, "laporan/reviu_daftar.html", konteks)


def _isian(post) -> dict:
    return {b.kode: (post.get(f"jawaban-{b.kode}", ""), post.get(f"catatan-{b.kode}", "")) for b in alur.BUTIR_REVIU}


def _periksa_dahulu(pemda, pd, tahun: int, aksi: str, isian: dict, catatan: str) -> None:
    """What the confirmed action would refuse (a missing note, unanswered items), refused before "Anda yakin?"
    is asked: the same checks `reviu_tindak` makes, on the stored state, so no one confirms an action that
    then fails."""
    reviu = alur.reviu_dokumen(pemda, pd, tahun)
    kini = reviu.status if reviu else alur.S.BELUM
    alur._periksa(kini, aksi, alur.jawaban_bersih(isian), teks_atau_galat(catatan, "catatan"))


def _kirim(request, pemda, pd) -> dict:
    """Handle the form: the result is a redirect (`respons`), a confirmation to ask, or the refusal to show."""
    aksi = request.POST.get("aksi", "")
    isian = _isian(request.POST) if aksi in DENGAN_KERTAS_KERJA else None
    hasil = {"isian": isian, "galat": {}, "kode": 200, "konfirmasi": None, "respons": None}
    try:
        alur.wajib_peninjau(request.user, pemda, pd)
        versi = bulat_atau_galat(request.POST.get("versi", "0"), "versi", minimum=0, maksimum=2**31 - 1)
        if aksi in PERLU_KONFIRMASI and request.POST.get("konfirmasi") != aksi:
            _periksa_dahulu(pemda, pd, request.tahun, aksi, isian, request.POST.get("catatan", ""))
            hasil["konfirmasi"] = aksi
            return hasil
        alur.reviu_tindak(
            oleh=request.user, pemda=pemda, perangkat_daerah=pd, tahun=request.tahun, aksi=aksi, versi=versi,
            isian=isian, catatan=request.POST.get("catatan", ""),
        )  # fmt: skip
    except VersiKedaluwarsa as exc:
        return hasil | {"galat": {"__all__": [str(exc)]}, "kode": 409}
    except ValidationError as exc:
        return hasil | {"galat": exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages},
                        "kode": 400}  # fmt: skip
    messages.success(request, alur.PESAN_BERHASIL.get(aksi, _("Reviu disimpan.")))
    return hasil | {"respons": redirect(request.get_full_path())}


def _halaman(request, pd: PerangkatDaerah | None):
    pemda = pd.pemda if pd else _pemda(request)
    hasil = {"isian": None, "galat": {}, "kode": 200, "konfirmasi": None, "respons": None}
    if request.method == "POST":
        hasil = _kirim(request, pemda, pd)
        if hasil["respons"] is not None:
            return hasil["respons"]
    reviu = alur.reviu_dokumen(pemda, pd, request.tahun)
    galat, konfirmasi = hasil["galat"], hasil["konfirmasi"]
    konteks = {
        "pd": pd, "reviu": reviu, "status": reviu.status if reviu else alur.S.BELUM, "S": alur.S,
        "kelompok": alur.butir_halaman(reviu, hasil["isian"], galat), "jawaban_pilihan": alur.JAWABAN.items(),
        "boleh_mereviu": alur.boleh_mereviu(request.user, pemda, pd), "catatan_list": alur.catatan_reviu(reviu),
        "galat": galat, "galat_umum": galat.get("__all__", []), "galat_catatan": galat.get("catatan", []),
        "konfirmasi": konfirmasi, "konfirmasi_kata": PERLU_KONFIRMASI.get(konfirmasi or ""),
        "catatan_isi": request.POST.get("catatan", ""), "berkas": _berkas_terakhir(request.user, pd, request.tahun),
        "ada_berkas": alur.ada_berkas_lkjip(pemda, pd, request.tahun),
        **_pernyataan(reviu, pemda, pd, request.tahun, hasil["isian"] if konfirmasi == "selesai" else None),
        "kembali": _alamat("laporan:reviu_daftar", request.tahun),
        "penyusun": _("perangkat daerah") if pd else _("Bagian Organisasi"),  # who made the LKjIP and fixes it
    }  # fmt: skip
    return render(request, "laporan/reviu.html", konteks, status=hasil["kode"])


def _pernyataan(reviu, pemda, pd, tahun: int, isian: dict | None) -> dict:
    """The statement as it prints (or will, with the checklist being confirmed), and its signer."""
    jawaban = alur.jawaban_bersih(isian) if isian is not None else (reviu.jawaban if reviu else {})
    return {
        "pernyataan": alur.paragraf_pernyataan(pd.nama if pd else pemda.nama, tahun, jawaban),
        "temuan": alur.temuan(jawaban),
        "penandatangan": pejabat.inspektur(pemda).sebagai_dict(),
    }


def _berkas_terakhir(user, pd, tahun: int) -> Laporan | None:
    """The newest finished LKjIP PDF of the document the user may download, for the reviewer to read."""
    jenis = Laporan.Jenis.LKJIP_PD if pd else Laporan.Jenis.LKJIP_PEMDA
    qs = Laporan.objects.for_user(user).filter(jenis=jenis, perangkat_daerah=pd, tahun=tahun, status="selesai")
    return qs.order_by("-selesai_pada").first()


@login_required
def halaman_pd(request, pd_id: int):
    """The reviu of one PD's LKjIP: the Inspektorat works on it; the PD and the city roles read it."""
    pd = ambil_untuk(PerangkatDaerah.objects.select_related("pemda"), request.user, Aksi.LIHAT, pk=pd_id)
    return _halaman(request, pd)


@login_required
def halaman_kota(request):
    """The reviu of the city's LKjIP: city roles only (a PD's staff have no part in it)."""
    profil = profil_pengguna(request.user)
    if profil is None or Peran.terikat_pd(profil.peran):
        raise Http404(_("Data tidak ditemukan atau bukan wewenang Anda."))
    return _halaman(request, None)
