from rest_framework.routers import DefaultRouter

from .views import NomenklaturViewSet

router = DefaultRouter()
router.register("nomenklatur", NomenklaturViewSet, basename="nomenklatur")
urlpatterns = router.urls
