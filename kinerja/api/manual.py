"""The indicator manuals (Manual IK) in the API, read-only (issue 13 point 4): they change on the manual
page, where a final IKU document's lock and its reasons apply."""

from __future__ import annotations

import django_filters
from rest_framework import serializers

from perangkat_daerah.api.dasar import ViewSetBacaBerlingkup
from sakip.api import IdFilter

from ..models import ManualIK


class ManualIKSerializer(serializers.ModelSerializer):
    """One indicator's manual; its direction and aggregation are the indicator's (`/api/v1/indikator/`)."""

    class Meta:
        model = ManualIK
        fields = [
            "id", "indikator", "definisi", "rumus", "alasan", "jenis", "sumber_data", "penanggung_jawab",
            "periode_pelaporan", "versi", "diubah_pada",
        ]  # fmt: skip
        read_only_fields = fields


class ManualIKFilter(django_filters.FilterSet):
    pd = IdFilter(field_name="indikator__perangkat_daerah", label="perangkat daerah")
    indikator = IdFilter(label="indikator")

    class Meta:
        model = ManualIK
        fields = ["pd", "indikator", "jenis"]


class ManualIKViewSet(ViewSetBacaBerlingkup):
    """Manuals of the indicators the user may see (operators: their own PD's)."""

    queryset = ManualIK.objects.order_by("indikator__kode", "pk")
    serializer_class = ManualIKSerializer
    filterset_class = ManualIKFilter
