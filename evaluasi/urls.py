"""Pages of the evaluasi app (mounted at /evaluasi/): stable paths per DESIGN.md."""

from django.urls import path

from . import views
from .views.migrasi import migrasi_jawaban

app_name = "evaluasi"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("buat/", views.buat, name="buat"),
    path("kota/", views.kota, name="kota"),
    path("resmi/baru/", views.resmi_baru, name="resmi_baru"),
    path("lhe-pd/baru/", views.lhe_pd_baru, name="lhe_pd_baru"),
    path("pengaturan/", views.pengaturan, name="pengaturan"),
    path("rekomendasi/", views.rekomendasi_daftar, name="rekomendasi_daftar"),
    path("rekomendasi/<int:pk>/", views.rekomendasi_detail, name="rekomendasi_detail"),
    path("rekomendasi/<int:pk>/bukti/", views.rekomendasi_bukti, name="rekomendasi_bukti"),
    path("jawaban/<int:pk>/bukti/", views.bukti, name="bukti"),
    path("<int:pk>/", views.lembar, name="lembar"),
    path("<int:pk>/pratinjau/", views.pratinjau, name="pratinjau"),
    path("<int:pk>/migrasi/", migrasi_jawaban, name="migrasi"),
    path("<int:pk>/hasil/", views.hasil, name="hasil"),
    path("<int:pk>/rencana/", views.rencana, name="rencana"),
    path("<int:pk>/status/<str:aksi>/", views.ubah_status, name="ubah_status"),
    path("<int:pk>/rekomendasi/baru/", views.rekomendasi_baru, name="rekomendasi_baru"),
]
