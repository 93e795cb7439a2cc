"""Planning pages (perencanaan), served under /perencanaan/ (docs/ARCHITECTURE.md "Perencanaan")."""

from django.urls import path

from .views import manual, pohon, usulan

app_name = "perencanaan"

urlpatterns = [
    path("pohon/", pohon.pohon, name="pohon"),
    path("pohon/pd/<int:pd_id>/", pohon.pohon_pd, name="pohon_pd"),
    path("mutu/", pohon.mutu, name="mutu"),
    path("usulan/", usulan.usulan_daftar, name="usulan"),
    path("usulan/baru/", usulan.usulan_baru, name="usulan_baru"),
    path("usulan/<int:pk>/putuskan/", usulan.usulan_putuskan, name="usulan_putuskan"),
    path("kontributor/<int:pk>/putuskan/", usulan.kontributor_putuskan, name="kontributor_putuskan"),
    path("manual/<int:indikator_id>/", manual.manual, name="manual"),
    path("iku/", manual.iku_kota, name="iku"),
    path("iku/tetapkan/", manual.iku_tetapkan, name="iku_tetapkan"),
    path("iku/pd/<int:pd_id>/", manual.iku_pd, name="iku_pd"),
    path("iku/pd/<int:pd_id>/tetapkan/", manual.iku_tetapkan, name="iku_pd_tetapkan"),
]
