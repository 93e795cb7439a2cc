from django.urls import path

from . import views, views_batch, views_reviu, views_terbit

app_name = "laporan"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("buat/", views.buat, name="buat"),
    path("semua-pd/", views.batch_buat, name="batch_buat"),
    path("semua-pd/periksa/", views.batch_periksa, name="batch_periksa"),
    path("narasi/", views.narasi, name="narasi"),
    path("reviu/", views_reviu.daftar, name="reviu_daftar"),
    path("reviu/kota/", views_reviu.halaman_kota, name="reviu_kota"),
    path("reviu/pd/<int:pd_id>/", views_reviu.halaman_pd, name="reviu_pd"),
    path("batch/<int:pk>/", views.batch, name="batch"),
    path("batch/<int:pk>/zip/", views_batch.batch_zip, name="batch_zip"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/unduh/", views.unduh, name="unduh"),
    path("<int:pk>/ulangi/", views.ulangi, name="ulangi"),
    path("<int:pk>/terbit/", views_terbit.terbit, name="terbit"),
]
