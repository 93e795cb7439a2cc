from django.urls import path

from perangkat_daerah import views as pd_views

from . import views, views_wilayah

app_name = "dasbor"

urlpatterns = [
    path("", pd_views.awalan, name="awal"),  # a bare prefix typed: the role's own page under it
    path("pimpinan/", views.pimpinan, name="pimpinan"),
    path("organisasi/", views.organisasi, name="organisasi"),
    path("organisasi/xlsx/", views.organisasi_xlsx, name="organisasi_xlsx"),
    # the pembina's group dashboard (issue 18): their groups, one group, its workbook, one member's figures
    path("wilayah/", views_wilayah.daftar, name="wilayah"),
    path("wilayah/<int:pk>/", views_wilayah.grup, name="wilayah_grup"),
    path("wilayah/<int:pk>/xlsx/", views_wilayah.grup_xlsx, name="wilayah_xlsx"),
    path("wilayah/<int:pk>/pemda/<int:pemda_id>/", views_wilayah.pemda, name="wilayah_pemda"),
]
