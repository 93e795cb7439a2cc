"""The laporan API: request report jobs, watch their progress, download the files. Scoped by the access
choke point; requests are throttled (rendering is costly)."""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from perangkat_daerah.access import ambil_untuk
from perangkat_daerah.api.dasar import ViewSetBacaBerlingkup
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.pembatas import BatasLajuApi
from perangkat_daerah.unduhan import unduhan_berkas
from sakip.api import IdFilter, TahunFilter

from .. import services
from ..kelengkapan import DataBelumLengkap
from ..models import Laporan, Narasi
from .serializers import LaporanMintaSerializer, LaporanSerializer, NarasiSerializer


class LaporanFilter(django_filters.FilterSet):
    """Filters of the report list; ids and years through the one whole-number parser."""

    tahun = TahunFilter(label="tahun")
    perangkat_daerah = IdFilter(label="perangkat daerah")

    class Meta:
        model = Laporan
        fields = ["tahun", "jenis", "perangkat_daerah", "status"]


class NarasiFilter(django_filters.FilterSet):
    """Filters of the narrative list; ids and years through the one whole-number parser."""

    tahun = TahunFilter(label="tahun")
    perangkat_daerah = IdFilter(label="perangkat daerah")

    class Meta:
        model = Narasi
        fields = ["tahun", "perangkat_daerah", "bab"]


class LaporanViewSet(ViewSetBacaBerlingkup):
    """Report jobs the user may see (operators: their own PD's; city roles: the whole pemda; an LKE workbook
    only to whoever may see its evaluation: the job QuerySet's own `for_user`, applied by the base). Requesting
    and retrying are checked by the service's one guard, from the kind's registry entry."""

    queryset = Laporan.objects.select_related("perangkat_daerah")
    serializer_class = LaporanSerializer
    filterset_class = LaporanFilter
    throttle_scope = "laporan"

    def get_throttles(self):
        # the same limit as the pages' (perangkat_daerah/pembatas.py): per user and per pemda
        return [BatasLajuApi()] if self.action in ("create", "ulangi") else super().get_throttles()

    @extend_schema(
        request=LaporanMintaSerializer,
        responses={202: LaporanSerializer, 200: LaporanSerializer, 409: OpenApiTypes.OBJECT},
    )
    def create(self, request):
        """Request a report; it is rendered in the background (poll the job, then download). An unfinished
        job for the same document is returned instead (200) of a new one (202). An LKjIP of a year with missing
        or unverified data answers 409 with the list (`data_belum_lengkap`) unless `konfirmasi` is true."""
        masuk = LaporanMintaSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        isian = masuk.validated_data
        pd = None
        if isian.get("perangkat_daerah"):
            pd = ambil_untuk(PerangkatDaerah.objects.all(), request.user, pk=isian["perangkat_daerah"])
        try:
            laporan = services.laporan_minta(
                user=request.user, jenis=isian["jenis"], tahun=isian.get("tahun") or request.tahun,
                perangkat_daerah=pd, evaluasi_id=isian.get("evaluasi"), tanggal=isian.get("tanggal"),
                konfirmasi=isian["konfirmasi"], triwulan=isian.get("triwulan"),
            )  # fmt: skip
        except DataBelumLengkap as exc:
            kurang = exc.kelengkapan
            isi = {"detail": str(exc), "kode": "data_belum_lengkap", "data_belum_lengkap": kurang.teks(),
                   "butir": kurang.butir}  # fmt: skip
            return Response(isi, status=status.HTTP_409_CONFLICT)
        kode = status.HTTP_200_OK if laporan.sudah_ada else status.HTTP_202_ACCEPTED
        return Response(LaporanSerializer(laporan, context={"request": request}).data, status=kode)

    @extend_schema(request=None, responses={202: LaporanSerializer})
    @action(detail=True, methods=["post"])
    def ulangi(self, request, pk=None):
        """Retry a failed job."""
        laporan = services.laporan_ulangi(user=request.user, laporan=self.get_object())
        return Response(LaporanSerializer(laporan, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def unduh(self, request, pk=None):
        """The finished file (404 until the job is done)."""
        laporan = self.get_object()
        if laporan.status != Laporan.Status.SELESAI or not laporan.berkas:
            raise Http404(_("Berkas laporan belum tersedia."))
        return unduhan_berkas(laporan.berkas, laporan.nama_berkas)


class NarasiViewSet(ViewSetBacaBerlingkup):
    """Saved LKjIP chapter narratives in scope (edited on the narrative page; unsaved chapters use the
    generated default)."""

    queryset = Narasi.objects.order_by("tahun", "perangkat_daerah", "bab")
    serializer_class = NarasiSerializer
    filterset_class = NarasiFilter
