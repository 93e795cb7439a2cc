from rest_framework.routers import SimpleRouter

from .views import LaporanViewSet, NarasiViewSet

router = SimpleRouter()
router.register("laporan", LaporanViewSet, basename="laporan")
router.register("narasi", NarasiViewSet, basename="narasi")
urlpatterns = router.urls
