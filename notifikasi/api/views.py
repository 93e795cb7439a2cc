"""The notifikasi API: the user's own notifications (scoped by the choke point, then to the user), and
marking them read."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from perangkat_daerah.api.dasar import ViewSetBerlingkup

from .. import services
from ..models import Jenis, Notifikasi
from .serializers import BacaHasilSerializer, BacaSerializer, NotifikasiSerializer


class NotifikasiFilter(django_filters.FilterSet):
    """`jenis` of the event; `belum_dibaca=true` for the unread ones only."""

    jenis = django_filters.ChoiceFilter(field_name="peristiwa__jenis", choices=Jenis.choices)
    belum_dibaca = django_filters.BooleanFilter(field_name="dibaca_pada", lookup_expr="isnull")

    class Meta:
        model = Notifikasi
        fields = ["jenis", "belum_dibaca"]


class NotifikasiViewSet(mixins.ListModelMixin, ViewSetBerlingkup):
    """The notifications shown to the user in the app, newest first. Only the user's own: another user's,
    another PD's or another pemda's never appear."""

    queryset = (
        Notifikasi.objects.filter(tampil=True).select_related("peristiwa").order_by("-peristiwa__dibuat_pada", "-pk")
    )
    serializer_class = NotifikasiSerializer
    filterset_class = NotifikasiFilter

    def get_queryset(self):
        return super().get_queryset().filter(user=self.request.user)

    @extend_schema(request=BacaSerializer, responses=BacaHasilSerializer)
    @action(detail=False, methods=["post"])
    def baca(self, request):
        """Mark the user's notifications read: `{"id": [..]}` or `{"semua": true}`."""
        data = BacaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["semua"]:
            n = services.tandai_semua_dibaca(user=request.user)
        else:
            n = services.tandai_dibaca(user=request.user, ids=data.validated_data["id"])
        return Response({"ditandai": n})
