"""Planning pages (perencanaan), served under /perencanaan/ (docs/ARCHITECTURE.md "Perencanaan")."""

from django.urls import path

from .views import pohon

app_name = "perencanaan"

urlpatterns = [
    path("pohon/", pohon.pohon, name="pohon"),
    path("pohon/pd/<int:pd_id>/", pohon.pohon_pd, name="pohon_pd"),
]
