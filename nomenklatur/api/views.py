"""API views of the nomenclature: national reference data, readable by every logged-in user with a profile
(any role, any pemda), through the same scoped base as every endpoint (`NomenklaturQuerySet.for_user`)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view

from perangkat_daerah.api.dasar import ViewSetBacaBerlingkup
from sakip.api import IdFilter

from ..kode import KODE_MAKS
from ..models import Jenis, Nomenklatur
from .serializers import NomenklaturSerializer

_KETERANGAN = (
    "Nomenklatur urusan, bidang urusan, program, kegiatan dan sub kegiatan (Kepmendagri 050-5889/2021 dan "
    "perubahannya): data acuan nasional yang sama untuk semua pemda, dapat dibaca setiap pengguna yang masuk "
    "dan tidak dapat diubah lewat API (dimuat dengan perintah `muat_nomenklatur`)."
)


class NomenklaturFilter(django_filters.FilterSet):
    jenis = django_filters.ChoiceFilter(choices=Jenis.choices, label="jenis")
    awalan = django_filters.CharFilter(
        field_name="kode", lookup_expr="startswith", max_length=KODE_MAKS, label="awalan kode (mis. 1.02.02)"
    )
    induk = IdFilter(label="induk")
    berlaku = django_filters.BooleanFilter(method="saring_berlaku", label="masih berlaku")
    q = django_filters.CharFilter(field_name="nama", lookup_expr="icontains", max_length=100, label="cari nama")

    class Meta:
        model = Nomenklatur
        fields = ["jenis", "awalan", "induk", "berlaku", "q"]

    def saring_berlaku(self, queryset, name, value):
        return queryset.filter(dicabut_pada="") if value else queryset.exclude(dicabut_pada="")


@extend_schema_view(list=extend_schema(description=_KETERANGAN), retrieve=extend_schema(description=_KETERANGAN))
class NomenklaturViewSet(ViewSetBacaBerlingkup):
    """Nomenclature codes, in code order; filters by jenis, code prefix, parent, in force and name."""

    queryset = Nomenklatur.objects.select_related("induk").order_by("kode")
    serializer_class = NomenklaturSerializer
    filterset_class = NomenklaturFilter
