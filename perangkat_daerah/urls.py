from django.urls import path

from . import views, views_pejabat

app_name = "pd"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("saya/", views.milik_saya, name="milik_saya"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/profil/", views.profil_instansi, name="profil_instansi"),
    path("kota/profil/", views.profil_kota, name="profil_kota"),
    path("<int:pk>/pejabat/", views_pejabat.pejabat_pd, name="pejabat"),
    path("kota/pejabat/", views_pejabat.pejabat_kota, name="pejabat_kota"),
]
