from rest_framework.routers import SimpleRouter

from .views import NotifikasiViewSet

router = SimpleRouter()
router.register("notifikasi", NotifikasiViewSet, basename="notifikasi")
urlpatterns = router.urls
