"""The two dashboards: read only, for the roles of dasbor.navigasi (anyone else gets 403).

The content of a dashboard is rendered once per data fingerprint (dasbor.tembolok) and reused until any
write changes the data; the layout around it (menu, user, year selector) is rendered per request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
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
from perangkat_daerah.access import profil_pengguna
from perangkat_daerah.models import PerangkatDaerah

from . import excel, tembolok
from .navigasi import PERAN_ORGANISASI, PERAN_PIMPINAN
from .selectors import KOLOM_URUT, dasbor_organisasi, dasbor_pimpinan, urutkan


def _wajib_peran(request, peran: frozenset):
    profil = profil_pengguna(request.user)
    if profil is None or profil.peran not in peran:
        raise PermissionDenied(_("Dasbor ini hanya untuk pimpinan dan Bagian Organisasi."))
    return profil


def _dengan_tahun(url: str, tahun: int) -> str:
    return f"{url}?{urlencode({'tahun': tahun})}"


def _halaman(request, template: str, isi: str) -> HttpResponse:
    # The content was rendered (autoescaped) by our own fragment template, here or for an earlier request.
    return render(request, template, {"isi": mark_safe(isi), "tahun_teks": str(request.tahun)})  # noqa: S308


@login_required
@require_safe
def pimpinan(request):
    """The wali kota's dashboard."""
    profil = _wajib_peran(request, PERAN_PIMPINAN)
    sidik, jumlah_pd = tembolok.penanda(pemda_id=profil.pemda_id)

    def buat() -> str:
        d = dasbor_pimpinan(user=request.user, tahun=request.tahun, jumlah_pd=jumlah_pd)
        berisiko = iku_berisiko(user=request.user, pemda_id=profil.pemda_id, tahun=request.tahun)
        return render_to_string("dasbor/_pimpinan.html", {"d": d, "berisiko": berisiko})

    bagian = ("pimpinan", profil.pemda_id, profil.peran, request.tahun)
    return _halaman(request, "dasbor/pimpinan.html", tembolok.halaman(bagian=bagian, sidik=sidik, buat=buat))


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
    profil = _wajib_peran(request, PERAN_ORGANISASI)
    pilihan = _pilihan(request)
    sidik, _jumlah = tembolok.penanda(pemda_id=profil.pemda_id)

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
            "berisiko": iku_berisiko(user=request.user, pemda_id=profil.pemda_id, tahun=request.tahun),
        }
        return render_to_string("dasbor/_organisasi.html", konteks)

    bagian = ("organisasi", profil.pemda_id, profil.peran, request.tahun, tuple(sorted(pilihan.items())))
    return _halaman(request, "dasbor/organisasi.html", tembolok.halaman(bagian=bagian, sidik=sidik, buat=buat))


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
