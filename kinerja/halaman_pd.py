"""The kinerja section of the PD page (`perangkat_daerah.views.detail` finds `BAGIAN` by name): the PD's
indicators flagged berisiko by their year-end projection (issue 16 point 4)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .selectors.proyeksi import iku_berisiko


def berisiko_pd(request, pd) -> str:
    """The PD's indicators whose projected capaian of the working year is below the pemda's threshold, read
    through the choke point as the page's user."""
    daftar = iku_berisiko(
        user=request.user, pemda_id=pd.pemda_id, tahun=request.tahun, perangkat_daerah_id=pd.pk, hanya_iku=False
    )
    konteks = {"daftar": daftar, "tahun": request.tahun}
    return render_to_string("kinerja/_pd_berisiko.html", konteks, request=request)


BAGIAN = [berisiko_pd]
