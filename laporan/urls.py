from django.urls import path

from . import views

app_name = "laporan"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("buat/", views.buat, name="buat"),
    path("semua-pd/", views.batch_buat, name="batch_buat"),
    path("narasi/", views.narasi, name="narasi"),
    path("batch/<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/unduh/", views.unduh, name="unduh"),
    path("<int:pk>/ulangi/", views.ulangi, name="ulangi"),
]
