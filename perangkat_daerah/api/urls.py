from rest_framework.routers import DefaultRouter

from .views import PerangkatDaerahViewSet

router = DefaultRouter()
router.register("perangkat-daerah", PerangkatDaerahViewSet, basename="perangkat-daerah")
urlpatterns = router.urls
