"""The public SAKIP page (no login): /publik/ and /publik/<kode>/, and the published LKjIP downloads."""

from django.urls import path

from . import views_publik

app_name = "publik"

urlpatterns = [
    path("", views_publik.beranda, name="beranda"),
    path("laporan/<int:pk>/unduh/", views_publik.unduh, name="unduh"),
    path("<slug:kode>/", views_publik.pemda, name="pemda"),
    path("<slug:kode>/laporan/<int:pk>/unduh/", views_publik.unduh_pemda, name="unduh_pemda"),
]
