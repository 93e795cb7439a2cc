"""The pemda's evaluation settings page: its default instruments and predicate scale, switched in one action
with a confirmation that says what changes (services.pengaturan)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, profil_pengguna, wajib_hak
from perangkat_daerah.services import VersiKedaluwarsa

from ..selectors.pilihan import instrumen_lembar, salinan_inklusif, skala_lembar
from ..services.pengaturan import pengaturan_terapkan, pilihan_sekarang, rencana_pengaturan
from .dasar import pesan_galat


def _pilihan_skala(pemda) -> list[tuple[str, str]]:
    """The scale choices: every table the pemda may use, and for each exclusive one without a pemda copy yet,
    "copy it as lower-bound-inclusive"."""
    pilihan = []
    for s in skala_lembar(pemda.pk).order_by("pemda_id", "versi"):
        aturan = _("70,00 → BB") if s.bawah_inklusif else _("70,00 → B")
        milik = _("milik pemda") if s.pemda_id else _("nasional")
        pilihan.append((f"skala:{s.pk}", f"{s.versi} ({milik}, {aturan})"))
        if not s.bawah_inklusif and salinan_inklusif(s, pemda) is None:
            pilihan.append(
                (f"inklusif:{s.pk}", _("Salin %(v)s sebagai batas bawah inklusif (70,00 → BB)") % {"v": s.versi})
            )
    return pilihan


def _pilihan_instrumen(pemda_id: int, *, kota: bool) -> list[tuple[int, str]]:
    qs = instrumen_lembar(pemda_id, kota=kota).select_related("skala_predikat")
    return [
        (
            i.pk,
            f"{i} · {i.tahun_berlaku} · {_('milik pemda') if i.pemda_id else _('nasional')}"
            f"{'' if i.aktif else ' · ' + _('tidak aktif')} · {_('skala')} {i.skala_predikat.versi}",
        )
        for i in qs.order_by("-tahun_berlaku", "kode", "-versi")
    ]


@login_required
def pengaturan(request):
    """Bagian Organisasi / admin (KELOLA on its pemda): see and switch the default instruments and scale."""
    profil = profil_pengguna(request.user)
    if profil is None:
        raise PermissionDenied(_("Akun ini belum punya profil."))
    wajib_hak(request.user, Aksi.KELOLA, profil.pemda, pesan=_("Hanya Bagian Organisasi yang mengatur evaluasi pemda."))
    pemda_id = profil.pemda_id
    baris, ins_kota, ins_pd, skala = pilihan_sekarang(pemda_id)
    data = request.POST if request.method == "POST" else {}
    dipilih = {
        "instrumen_kota": data.get("instrumen_kota") or (str(ins_kota.pk) if ins_kota else ""),
        "instrumen_pd": data.get("instrumen_pd") or (str(ins_pd.pk) if ins_pd else ""),
        "skala": data.get("skala") or (f"skala:{skala.pk}" if skala else ""),
        "versi": data.get("versi") or str(baris.versi if baris.pk else ""),
    }
    rencana = None
    if request.method == "POST":
        argumen = {k: dipilih[k] for k in ("instrumen_kota", "instrumen_pd", "skala")}
        try:
            if data.get("konfirmasi") == "1":
                versi = int(dipilih["versi"]) if dipilih["versi"].isdigit() else None
                pengaturan_terapkan(oleh=request.user, versi=versi, **argumen)
                messages.success(request, _("Pengaturan evaluasi disimpan."))
                return redirect("evaluasi:pengaturan")
            rencana = rencana_pengaturan(oleh=request.user, **argumen)
        except ValidationError as exc:
            pesan_galat(request, exc)
        except VersiKedaluwarsa as exc:
            messages.error(request, str(exc))
    konteks = {
        "ins_kota": ins_kota,
        "ins_pd": ins_pd,
        "skala": skala,
        "dipilih": dipilih,
        "rencana": rencana,
        "pilihan_kota": _pilihan_instrumen(pemda_id, kota=True),
        "pilihan_pd": _pilihan_instrumen(pemda_id, kota=False),
        "pilihan_skala": _pilihan_skala(profil.pemda),
    }
    return render(request, "evaluasi/pengaturan.html", konteks)
