"""API views of the perangkat_daerah app, scoped by the access choke point."""

from rest_framework import viewsets

from ..access import Aksi
from ..models import PerangkatDaerah
from .serializers import PerangkatDaerahSerializer


class PerangkatDaerahViewSet(viewsets.ReadOnlyModelViewSet):
    """Perangkat daerah the user may see: operators their own; city roles the whole pemda."""

    serializer_class = PerangkatDaerahSerializer
    filterset_fields = ["jenis", "aktif"]

    def get_queryset(self):
        return PerangkatDaerah.objects.for_user(self.request.user, Aksi.LIHAT).select_related("pemda").order_by("kode")
