"""API views of the perangkat_daerah app, scoped by the access choke point."""

from ..models import PerangkatDaerah
from .dasar import ViewSetBacaBerlingkup
from .serializers import PerangkatDaerahSerializer


class PerangkatDaerahViewSet(ViewSetBacaBerlingkup):
    """Perangkat daerah the user may see: operators their own; city roles the whole pemda."""

    queryset = PerangkatDaerah.objects.select_related("pemda").order_by("kode")
    serializer_class = PerangkatDaerahSerializer
    filterset_fields = ["jenis", "aktif"]
