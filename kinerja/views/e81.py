"""The download of a PD's Renja evaluation, Permendagri 86/2017 Tabel E.81 (issue 16 point 3): the PD is
fetched through the choke point (its own staff, Bagian Organisasi, Inspektorat, pimpinan; another PD's is a
404), the table read in the user's scope by `kinerja/selectors/e81.py` and written by `kinerja/excel_e81.py`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe

from perangkat_daerah.access import ambil_untuk
from perangkat_daerah.models import PerangkatDaerah

from ..excel_e81 import buku_e81
from ..selectors.e81 import tabel_e81
from .excel import _unduhan


@login_required
@require_safe
def renja_e81(request, pd_id: int, tahun: int):
    """The E.81 workbook of one PD and year."""
    pd = ambil_untuk(PerangkatDaerah.objects.select_related("pemda"), request.user, pk=pd_id)
    isi = buku_e81(tabel_e81(user=request.user, pd=pd, tahun=tahun))
    return _unduhan(isi, f"evaluasi-renja-e81-{pd.kode}-{tahun}.xlsx")
