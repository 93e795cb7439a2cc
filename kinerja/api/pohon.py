"""The performance tree (pohon kinerja) in the API, read-only (issue 13 point 9): nodes with their level, PD,
period and indicators. Who sees which node is THE rule of the tree pages (`kinerja/selectors/pohon.py`):
a PD user sees its own PD's nodes, the crosscutting nodes it accepted and the city nodes above them."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from perangkat_daerah.api.dasar import ViewSetBacaBerlingkup
from sakip.api import IdFilter

from ..models import Indikator, Kontributor, Sasaran, TingkatPohon
from ..selectors import pohon


class TingkatPohonRingkasSerializer(serializers.ModelSerializer):
    """A node's level: its code and name."""

    class Meta:
        model = TingkatPohon
        fields = ["kode", "nama"]
        read_only_fields = fields


class IndikatorPohonSerializer(serializers.ModelSerializer):
    """An indicator of a node, with the parent node's indicator it serves and how (cascading)."""

    class Meta:
        model = Indikator
        fields = ["id", "kode", "uraian", "satuan", "iku", "induk_indikator", "relasi_induk"]
        read_only_fields = fields


class PohonKinerjaSerializer(serializers.ModelSerializer):
    """One node of the tree; `induk` is the parent node's id (null for a root), `perangkat_daerah` null for a
    city node; `lintas_pd` whether the node has contributors (a crosscutting node)."""

    tingkat = TingkatPohonRingkasSerializer(read_only=True, allow_null=True)
    nama_perangkat_daerah = serializers.CharField(source="perangkat_daerah.nama", read_only=True, allow_null=True)
    lintas_pd = serializers.BooleanField(read_only=True)
    indikator = IndikatorPohonSerializer(many=True, read_only=True)

    class Meta:
        model = Sasaran
        fields = [
            "id", "kode", "uraian", "induk", "tingkat", "perangkat_daerah", "nama_perangkat_daerah", "periode",
            "tema", "kode_nomenklatur", "lintas_pd", "indikator",
        ]  # fmt: skip
        read_only_fields = fields


class PohonKinerjaFilter(django_filters.FilterSet):
    pd = IdFilter(field_name="perangkat_daerah", label="perangkat daerah")
    tingkat = django_filters.CharFilter(field_name="tingkat__kode", max_length=40, label="kode tingkat")
    periode = IdFilter(label="periode perencanaan")
    tema = django_filters.CharFilter(lookup_expr="icontains", max_length=100, label="tema")
    akar = IdFilter(method="saring_akar", label="akar: simpul dan seluruh turunannya")

    class Meta:
        model = Sasaran
        fields = ["pd", "tingkat", "periode", "tema", "akar"]

    @extend_schema_field(OpenApiTypes.INT)
    def saring_akar(self, queryset, name, value):
        """The node `value` and every node below it among those the user sees (one query)."""
        anak: dict[int | None, list[int]] = {}
        for pk, induk in queryset.values_list("pk", "induk_id"):
            anak.setdefault(induk, []).append(pk)
        if not any(value in daftar for daftar in anak.values()):
            return queryset.none()
        pilih, antre = set(), [value]
        while antre:
            pk = antre.pop()
            if pk not in pilih:
                pilih.add(pk)
                antre.extend(anak.get(pk, []))
        return queryset.filter(pk__in=pilih)


class PohonKinerjaViewSet(ViewSetBacaBerlingkup):
    """The tree's nodes the user may see (the tree pages' rule), with their indicators; fixed query count."""

    queryset = Sasaran.objects.select_related("tingkat", "perangkat_daerah").prefetch_related(
        Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "kode"))
    )
    serializer_class = PohonKinerjaSerializer
    filterset_class = PohonKinerjaFilter

    def get_queryset(self):
        # the choke point's scope, widened by the tree rule (the city nodes above a PD's and its crosscutting
        # nodes): the same selector as the pages, never restated here
        qs = super().get_queryset() | pohon.sasaran_terlihat(self.request.user)
        lintas = Kontributor.objects.filter(sasaran=OuterRef("pk"))
        return qs.annotate(lintas_pd=Exists(lintas)).order_by("kode", "pk")
