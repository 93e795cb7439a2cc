"""The two dashboards: read only, for the roles of dasbor.navigasi (anyone else gets 403).

The content of a dashboard is rendered once per data fingerprint of the pemda (dasbor.tembolok) and reused
by the scope's users until a write of that pemda changes the data; the whole page around it (menu, user, year
selector) is kept per user, scope, path and language under the same fingerprint, so a cached request renders
no template: it reads the user's scope and the fingerprint in one query and puts its own CSRF token in.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kinerja.selectors import mutu_pohon_halaman
from kinerja.selectors.pohon import mutu_terlihat
from kinerja.selectors.proyeksi import iku_berisiko
from perangkat_daerah.models import PerangkatDaerah

from . import excel, tembolok
from .navigasi import PERAN_ORGANISASI, PERAN_PIMPINAN
from .selectors import KOLOM_URUT, dasbor_organisasi, dasbor_pimpinan, urutkan


def _wajib_peran(request, peran: frozenset) -> tembolok.Sidik:
    """The user's scope (as the database holds it now) with their pemda's fingerprint, in one query; 403 for a
    role outside `peran` or a user without a profile."""
    sidik = tembolok.penanda_pengguna(request.user)
    if sidik is None or sidik.lingkup.peran not in peran:
        raise PermissionDenied(_("Dasbor ini hanya untuk pimpinan dan Bagian Organisasi."))
    return sidik


def _dengan_tahun(url: str, tahun: int) -> str:
    return f"{url}?{urlencode({'tahun': tahun})}"


def _halaman(request, template: str, isi: str, **tambahan) -> HttpResponse:
    # The content was rendered (autoescaped) by our own fragment template, here or for an earlier request.
    konteks = {"isi": mark_safe(isi), "tahun_teks": str(request.tahun), **tambahan}  # noqa: S308
    return render(request, template, konteks)


def _respons(request, template: str, sidik: tembolok.Sidik, bagian: tuple, buat: Callable[[], str]) -> HttpResponse:
    """The whole page: its bytes cached per user, scope, path and language under the pemda's fingerprint
    (`tembolok.respons`), the content shared by the scope's users (`tembolok.halaman`)."""

    def isi() -> str:
        return tembolok.halaman(bagian=bagian, sidik=sidik.sidik, buat=buat)

    if len(get_messages(request)):  # a message shows once, in the layout: this page is not kept
        return _halaman(request, template, isi())

    def penuh() -> bytes:
        return _halaman(request, template, isi(), csrf_token=tembolok.TOKEN_SEMENTARA).content

    return HttpResponse(tembolok.respons(request, lingkup=sidik.lingkup, bagian=bagian, sidik=sidik.sidik, buat=penuh))


@login_required
@require_safe
def pimpinan(request):
    """The wali kota's dashboard."""
    sidik = _wajib_peran(request, PERAN_PIMPINAN)
    pemda_id = sidik.lingkup.pemda_id

    def buat() -> str:
        d = dasbor_pimpinan(user=request.user, tahun=request.tahun, jumlah_pd=sidik.jumlah_pd)
        berisiko = iku_berisiko(user=request.user, pemda_id=pemda_id, tahun=request.tahun)
        return render_to_string("dasbor/_pimpinan.html", {"d": d, "berisiko": berisiko})

    bagian = ("pimpinan", pemda_id, sidik.lingkup.peran, request.tahun)
    return _respons(request, "dasbor/pimpinan.html", sidik, bagian, buat)


def _pilihan(request) -> dict:
    """The table's filter and order from the query string (unknown values fall back to the defaults)."""
    jenis = request.GET.get("jenis", "")
    if jenis not in PerangkatDaerah.Jenis.values:
        jenis = ""
    urut = request.GET.get("urut", "kode")
    if urut not in KOLOM_URUT:
        urut = "kode"
    arah = "turun" if request.GET.get("arah") == "turun" else "naik"
    return {"jenis": jenis, "urut": urut, "arah": arah}


def _data_organisasi(request, pilihan: dict):
    d = dasbor_organisasi(user=request.user, tahun=request.tahun, jenis=pilihan["jenis"])
    d.baris = urutkan(d.baris, kolom=pilihan["urut"], turun=pilihan["arah"] == "turun")
    return d


def _kueri(pilihan: dict, tahun: int, **ganti) -> str:
    """The table's query string, carrying the year the page shows (so a sort or filter keeps it)."""
    return urlencode({**pilihan, **ganti, "tahun": tahun})


def _kolom(pilihan: dict, tahun: int) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (toggling the direction) and its aria-sort."""
    hasil = {}
    for kolom in KOLOM_URUT:
        aktif = pilihan["urut"] == kolom
        arah = "turun" if aktif and pilihan["arah"] == "naik" else "naik"
        kueri = f"?{_kueri(pilihan, tahun, urut=kolom, arah=arah)}"
        sort = ("ascending" if pilihan["arah"] == "naik" else "descending") if aktif else "none"
        hasil[kolom] = {"url": kueri, "aria": sort, "aktif": aktif}
    return hasil


@login_required
@require_safe
def organisasi(request):
    """Bagian Organisasi's review dashboard: the PD table (sortable, filtered by jenis), heatmap, completeness."""
    sidik = _wajib_peran(request, PERAN_ORGANISASI)
    pemda_id = sidik.lingkup.pemda_id
    pilihan = _pilihan(request)

    def buat() -> str:
        d = _data_organisasi(request, pilihan)
        konteks = {
            "d": d,
            "pilihan": pilihan,
            "kueri": _kueri(pilihan, request.tahun),
            "jenis_pilihan": PerangkatDaerah.Jenis.choices,
            "kolom": _kolom(pilihan, request.tahun),
            "url_verifikasi": _dengan_tahun(reverse("kinerja:verifikasi"), request.tahun),
            "url_kelengkapan": reverse("kinerja:kelengkapan", args=[d.tahun]),
            # the tree's quality checks (kinerja/selectors/mutu_pohon.py); the fingerprint sees tree writes
            "mutu": mutu_pohon_halaman.ringkasan_kota(
                mutu_terlihat(request.user, tahun=request.tahun),
                pilihan_pd=list(PerangkatDaerah.objects.for_user(request.user).order_by("kode")),
            ),
            "url_mutu": _dengan_tahun(reverse("perencanaan:mutu"), request.tahun),
            "berisiko": iku_berisiko(user=request.user, pemda_id=pemda_id, tahun=request.tahun),
        }
        return render_to_string("dasbor/_organisasi.html", konteks)

    bagian = ("organisasi", pemda_id, sidik.lingkup.peran, request.tahun, tuple(sorted(pilihan.items())))
    return _respons(request, "dasbor/organisasi.html", sidik, bagian, buat)


@login_required
@require_safe
def organisasi_xlsx(request):
    """The PD table as an Excel workbook, filtered and sorted as on the page."""
    _wajib_peran(request, PERAN_ORGANISASI)
    d = _data_organisasi(request, _pilihan(request))
    respons = HttpResponse(
        excel.tabel_pd(d), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    respons["Content-Disposition"] = content_disposition_header(True, f"dasbor-organisasi-{d.tahun}.xlsx")
    return respons
