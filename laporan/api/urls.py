from rest_framework.routers import SimpleRouter

from .views import LaporanViewSet

router = SimpleRouter()
router.register("laporan", LaporanViewSet, basename="laporan")
urlpatterns = router.urls
