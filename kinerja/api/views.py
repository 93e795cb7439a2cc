"""API views of the kinerja app, all on the one scoped base (`ViewSetBerlingkup`): rows of another PD or
pemda are 404; a forbidden action on a visible row is 403; a stale `versi` is 409 and changes nothing."""

from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from perangkat_daerah.access import Aksi, ambil_untuk
from perangkat_daerah.api.dasar import ViewSetBacaBerlingkup
from sakip.api import TAHUN_MAKS, TAHUN_MIN, BilanganBulatFilter, IdFilter, TahunFilter
from sakip.lib.bilangan import bilangan_bulat_atau_none

from .. import services
from ..models import Anggaran, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, Sasaran, Target
from ..selectors.proyeksi import siapkan
from . import serializers as s
from .proyeksi import proyeksi_indikator


class _PdFilter(django_filters.FilterSet):
    pd = IdFilter(field_name="perangkat_daerah", label="perangkat daerah")


class SasaranFilter(_PdFilter):
    class Meta:
        model = Sasaran
        fields = ["pd"]


class IndikatorFilter(_PdFilter):
    sasaran = IdFilter(label="sasaran")
    tahun = TahunFilter(label="tahun proyeksi (bawaan: tahun kerja); tidak menyaring", method="_tahun_proyeksi")

    class Meta:
        model = Indikator
        fields = ["pd", "sasaran", "iku", "arah", "agregasi", "tahun"]

    @extend_schema_field(OpenApiTypes.INT)
    def _tahun_proyeksi(self, queryset, name, value):
        return queryset  # validated here (400 for a bad year); the view reads it for the projection


class TargetFilter(django_filters.FilterSet):
    pd = IdFilter(field_name="indikator__perangkat_daerah", label="perangkat daerah")
    indikator = IdFilter(label="indikator")
    tahun = TahunFilter(label="tahun")

    class Meta:
        model = Target
        fields = ["pd", "indikator", "tahun"]


class RealisasiFilter(TargetFilter):
    triwulan = BilanganBulatFilter(label="triwulan", minimum=1, maksimum=4)

    class Meta:
        model = Realisasi
        fields = ["pd", "indikator", "tahun", "triwulan", "status"]


class SasaranViewSet(ViewSetBacaBerlingkup):
    """Sasaran the user may see."""

    queryset = Sasaran.objects.order_by("kode", "pk")
    serializer_class = s.SasaranSerializer
    filterset_class = SasaranFilter


_TAHUN_PROYEKSI = OpenApiParameter(
    "tahun", int, description="Tahun proyeksi (bawaan: tahun kerja); tidak menyaring indikator."
)


@extend_schema_view(
    list=extend_schema(parameters=[_TAHUN_PROYEKSI]), retrieve=extend_schema(parameters=[_TAHUN_PROYEKSI])
)
class IndikatorViewSet(ViewSetBacaBerlingkup):
    """Indicators the user may see (operators: their own PD's)."""

    queryset = Indikator.objects.order_by("kode", "pk")
    serializer_class = s.IndikatorSerializer
    filterset_class = IndikatorFilter

    def get_queryset(self):
        return siapkan(super().get_queryset())

    def get_serializer(self, *args, **kwargs):
        """The projections of the page's (or the one) indicators, read at once into the context."""
        if args:
            daftar = list(args[0]) if kwargs.get("many") else [args[0]]
            teks = self.request.query_params.get("tahun")
            tahun = bilangan_bulat_atau_none(teks, minimum=TAHUN_MIN, maksimum=TAHUN_MAKS) or self.request.tahun
            kwargs["context"] = {**self.get_serializer_context(), "proyeksi": proyeksi_indikator(daftar, tahun)}
        return super().get_serializer(*args, **kwargs)


class TargetViewSet(ViewSetBacaBerlingkup):
    """Targets the user may see; they change on the PK page or by import (PK lock, revisions)."""

    queryset = Target.objects.order_by("indikator__kode", "tahun", "pk")
    serializer_class = s.TargetSerializer
    filterset_class = TargetFilter


class RealisasiViewSet(mixins.CreateModelMixin, ViewSetBacaBerlingkup):
    """Quarterly realisations: list (filters pd, tahun, triwulan, status), create, PATCH with `versi`, and
    the workflow actions ajukan (submit), verifikasi (verify) and kembalikan (return with a note).

    Who may enter a realisasi is a union of rights (the PD's own ISI, the city's KELOLA:
    `selectors.indikator_dapat_diisi`), so the services guard the writes; verification is one right."""

    queryset = Realisasi.objects.select_related("indikator").order_by("indikator__kode", "tahun", "triwulan", "pk")
    serializer_class = s.RealisasiSerializer
    filterset_class = RealisasiFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    aksi_tindakan = {"verifikasi": Aksi.VERIFIKASI, "kembalikan": Aksi.VERIFIKASI}

    def _jawab(self, obj, kode=status.HTTP_200_OK) -> Response:
        return Response(s.RealisasiSerializer(obj).data, status=kode)

    @extend_schema(request=s.RealisasiBuatSerializer, responses={201: s.RealisasiSerializer})
    def create(self, request, *args, **kwargs):
        masuk = s.RealisasiBuatSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        data = dict(masuk.validated_data)
        indikator = ambil_untuk(Indikator.objects, request.user, pk=data.pop("indikator"))
        obj = services.realisasi_simpan(indikator=indikator, oleh=request.user, versi=None, **data)
        return self._jawab(obj, status.HTTP_201_CREATED)

    @extend_schema(request=s.RealisasiUbahSerializer, responses=s.RealisasiSerializer)
    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        masuk = s.RealisasiUbahSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        data = dict(masuk.validated_data)
        versi = data.pop("versi")
        isian = {
            "nilai": obj.nilai, "belum_tersedia": obj.belum_tersedia,
            "alasan_belum_tersedia": obj.alasan_belum_tersedia, "penjelasan": obj.penjelasan, **data,
        }  # fmt: skip
        obj = services.realisasi_simpan(
            indikator=obj.indikator, tahun=obj.tahun, triwulan=obj.triwulan, oleh=request.user, versi=versi, **isian
        )
        return self._jawab(obj)

    @extend_schema(request=s.AjukanSerializer, responses=s.RealisasiSerializer)
    @action(detail=True, methods=["post"])
    def ajukan(self, request, pk=None):
        """Submit for verification."""
        obj = self.get_object()
        masuk = s.AjukanSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        return self._jawab(services.realisasi_ajukan(realisasi=obj, oleh=request.user, **masuk.validated_data))

    @extend_schema(request=s.VersiSerializer, responses=s.RealisasiSerializer)
    @action(detail=True, methods=["post"])
    def verifikasi(self, request, pk=None):
        """Verify a submitted realisasi (Bagian Organisasi)."""
        obj = self.get_object()
        masuk = s.VersiSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        return self._jawab(services.realisasi_verifikasi(realisasi=obj, oleh=request.user, **masuk.validated_data))

    @extend_schema(request=s.KembalikanSerializer, responses=s.RealisasiSerializer)
    @action(detail=True, methods=["post"])
    def kembalikan(self, request, pk=None):
        """Return a submitted realisasi to the PD with a note (Bagian Organisasi)."""
        obj = self.get_object()
        masuk = s.KembalikanSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        return self._jawab(services.realisasi_kembalikan(realisasi=obj, oleh=request.user, **masuk.validated_data))


class _TahunPdFilter(django_filters.FilterSet):
    pd = IdFilter(field_name="perangkat_daerah", label="perangkat daerah")
    tahun = TahunFilter(label="tahun")


class PerjanjianKinerjaFilter(_TahunPdFilter):
    class Meta:
        model = PerjanjianKinerja
        fields = ["pd", "tahun", "status"]


class AnggaranFilter(_TahunPdFilter):
    class Meta:
        model = Anggaran
        fields = ["pd", "tahun"]


class PerjanjianKinerjaViewSet(ViewSetBacaBerlingkup):
    """Performance agreements (PK) in scope; set by the kepala PD on the PK page."""

    queryset = PerjanjianKinerja.objects.order_by("perangkat_daerah__kode", "tahun")
    serializer_class = s.PerjanjianKinerjaSerializer
    filterset_class = PerjanjianKinerjaFilter


class AnggaranViewSet(ViewSetBacaBerlingkup):
    """Budgets in scope (operators: their own PD's); entered by Bagian Organisasi on the budget page."""

    queryset = Anggaran.objects.order_by("perangkat_daerah__kode", "tahun")
    serializer_class = s.AnggaranSerializer
    filterset_class = AnggaranFilter


class KunciTriwulanFilter(django_filters.FilterSet):
    tahun = TahunFilter(label="tahun")
    triwulan = BilanganBulatFilter(label="triwulan", minimum=1, maksimum=4)

    class Meta:
        model = KunciTriwulan
        fields = ["tahun", "triwulan", "terkunci"]


class KunciTriwulanViewSet(ViewSetBacaBerlingkup):
    """Quarter deadlines and locks of the user's pemda; set by Bagian Organisasi."""

    queryset = KunciTriwulan.objects.order_by("tahun", "triwulan")
    serializer_class = s.KunciTriwulanSerializer
    filterset_class = KunciTriwulanFilter
