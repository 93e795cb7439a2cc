"""Planning pages (perencanaan), served under /perencanaan/ (docs/ARCHITECTURE.md "Perencanaan")."""

from django.urls import path

from .views import manual, pohon

app_name = "perencanaan"

urlpatterns = [
    path("pohon/", pohon.pohon, name="pohon"),
    path("pohon/pd/<int:pd_id>/", pohon.pohon_pd, name="pohon_pd"),
    path("manual/<int:indikator_id>/", manual.manual, name="manual"),
    path("iku/", manual.iku_kota, name="iku"),
    path("iku/tetapkan/", manual.iku_tetapkan, name="iku_tetapkan"),
    path("iku/pd/<int:pd_id>/", manual.iku_pd, name="iku_pd"),
    path("iku/pd/<int:pd_id>/tetapkan/", manual.iku_tetapkan, name="iku_pd_tetapkan"),
]
