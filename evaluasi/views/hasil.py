"""The result: components, total and predicate, lost points, and the what-if plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from sakip.lib.angka import AngkaTidakValid, format_angka, parse_angka

from .. import scoring, selectors, services, tampilan
from ..models import Evaluasi
from ..selectors import fakta
from .dasar import ambil_evaluasi

# --- Result and what-if -----------------------------------------------------------------------------------


@login_required
def hasil(request, pk: int):
    """The result: components as value / maximum, the total and predicate, lost points, and the what-if plan."""
    e = ambil_evaluasi(request, pk)
    siap = selectors.instrumen_siap(e.instrumen)
    konteks = {"e": e, "siap": siap, "skala": _pilihan_predikat(siap)}
    konteks["rekomendasi_baru"] = services.boleh_rekomendasi(request.user, e)
    konteks["lhe"] = _cetak_lhe(e)
    if e.dari_lhe:  # figures as read from an LHE: the official result or a PD's recorded internal LHE
        konteks["ringkasan"] = tampilan.ringkasan_resmi(siap, e.hasil)
        konteks["dari_lhe"] = True
        if e.jenis == Evaluasi.Jenis.RESMI:
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
        penyimpangan=tampilan.penyimpangan_evaluasi(e, siap, h),
    )
    # the plan's improvements the product's own data says are missing (a mapped fact below 100 %)
    konteks["perbaikan_fakta"] = fakta.perbaikan_fakta(siap, h, fakta.fakta_lembar(evaluasi=e, user=request.user))
    return render(request, "evaluasi/hasil.html", konteks)


def _cetak_lhe(e: Evaluasi) -> dict:
    """The "Cetak LHE" button: shown when THE rule (`selectors.alasan_lhe_tidak_dicetak`, by which the request is
    refused) lets this evaluation's LHE print; otherwise an internal evaluation's page says why."""
    alasan = selectors.alasan_lhe_tidak_dicetak(e)
    return {"boleh": not alasan, "konsep": not e.final, "alasan": alasan if e.jenis == Evaluasi.Jenis.INTERNAL else ""}


def _pengganti_resmi(request, e: Evaluasi):
    """The city's self-estimate of the same year: the answered worksheet behind an official result."""
    return (
        selectors.evaluasi_list(user=request.user, tahun=e.tahun, jenis=Evaluasi.Jenis.MANDIRI)
        .filter(perangkat_daerah=None)
        .first()
    )


def _pilihan_predikat(siap) -> list[dict]:
    skala = siap.skala_predikat
    return [
        {"kode": b.kode, "nama": b.nama, "minimal": format_angka(scoring.total_minimal(b.kode, skala))}
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
    e = ambil_evaluasi(request, pk)
    if e.jenis == Evaluasi.Jenis.RESMI:
        raise Http404
    siap = selectors.instrumen_siap(e.instrumen)
    r = _rencana_dari_get(request, siap, selectors.masukan_evaluasi(e, siap))
    return render(request, "evaluasi/_rencana.html", {"rencana": r, "e": e})
