from rest_framework.routers import SimpleRouter

from .views import EvaluasiViewSet, InstrumenViewSet, RekomendasiViewSet

router = SimpleRouter()
router.register("instrumen", InstrumenViewSet, basename="instrumen")
router.register("evaluasi", EvaluasiViewSet, basename="evaluasi")
router.register("rekomendasi", RekomendasiViewSet, basename="rekomendasi")
urlpatterns = router.urls
