from rest_framework.routers import SimpleRouter

from .manual import ManualIKViewSet
from .pohon import PohonKinerjaViewSet
from .renaksi import RencanaAksiViewSet
from .views import (
    AnggaranViewSet,
    IndikatorViewSet,
    KunciTriwulanViewSet,
    PerjanjianKinerjaViewSet,
    RealisasiViewSet,
    SasaranViewSet,
    TargetViewSet,
)

router = SimpleRouter()
router.register("sasaran", SasaranViewSet, basename="sasaran")
router.register("indikator", IndikatorViewSet, basename="indikator")
router.register("target", TargetViewSet, basename="target")
router.register("realisasi", RealisasiViewSet, basename="realisasi")
router.register("perjanjian-kinerja", PerjanjianKinerjaViewSet, basename="perjanjian-kinerja")
router.register("anggaran", AnggaranViewSet, basename="anggaran")
router.register("kunci-triwulan", KunciTriwulanViewSet, basename="kunci-triwulan")
router.register("manual-ik", ManualIKViewSet, basename="manual-ik")
router.register("pohon-kinerja", PohonKinerjaViewSet, basename="pohon-kinerja")
router.register("rencana-aksi", RencanaAksiViewSet, basename="rencana-aksi")
urlpatterns = router.urls
