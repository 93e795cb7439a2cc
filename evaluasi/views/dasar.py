"""What the evaluasi pages share: the evaluation lookup in scope, error messages and the 400 page."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import render

from perangkat_daerah.access import Aksi, ambil_untuk
from perangkat_daerah.tahun import baca_tahun
from sakip.lib.bilangan import BilanganTidakValid, bilangan_bulat

from .. import selectors
from ..models import Evaluasi


def ambil_evaluasi(request, pk: int, aksi: str = Aksi.LIHAT) -> Evaluasi:
    return ambil_untuk(selectors.evaluasi_dasar(request.user), request.user, aksi, pk=pk)


def pesan_galat(request, exc: ValidationError) -> None:
    """Each message of `exc`, prefixed by its field when it names one (a criterion code, "catatan")."""
    if not hasattr(exc, "error_dict"):
        for pesan in exc.messages:
            messages.error(request, pesan)
        return
    for kunci, daftar_pesan in exc.message_dict.items():
        for pesan in daftar_pesan:
            messages.error(request, pesan if kunci == "__all__" else f"{kunci}: {pesan}")


def bulat_atau_400(nilai, nama: str, **batas) -> int:
    """A whole number from the request through the one parser; BadRequest (400) with its message otherwise."""
    try:
        return bilangan_bulat(nilai, nama=nama, **batas)
    except BilanganTidakValid as exc:
        raise BadRequest(str(exc)) from None


def tahun_atau_400(nilai) -> int:
    """A posted year that the year selector offers (perangkat_daerah.tahun), else BadRequest."""
    try:
        return baca_tahun(nilai)
    except BilanganTidakValid as exc:
        raise BadRequest(str(exc)) from None


def tolak_400(view):
    """A malformed number in the request is a 400 page that says what was wrong, never a 500."""

    @functools.wraps(view)
    def dibungkus(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return render(request, "evaluasi/galat.html", {"pesan": str(exc)}, status=400)

    return dibungkus
