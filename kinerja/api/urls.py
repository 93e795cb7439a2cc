from rest_framework.routers import SimpleRouter

from .views import IndikatorViewSet, RealisasiViewSet, SasaranViewSet, TargetViewSet

router = SimpleRouter()
router.register("sasaran", SasaranViewSet, basename="sasaran")
router.register("indikator", IndikatorViewSet, basename="indikator")
router.register("target", TargetViewSet, basename="target")
router.register("realisasi", RealisasiViewSet, basename="realisasi")
urlpatterns = router.urls
