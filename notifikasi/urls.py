from django.urls import path

from . import views

app_name = "notifikasi"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("lonceng/", views.lonceng, name="lonceng"),
    path("baca/", views.baca, name="baca"),
    path("baca-semua/", views.baca_semua, name="baca_semua"),
    path("preferensi/", views.preferensi, name="preferensi"),
]
