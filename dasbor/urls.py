from django.urls import path

from perangkat_daerah import views as pd_views

from . import views

app_name = "dasbor"

urlpatterns = [
    path("", pd_views.awalan, name="awal"),  # a bare prefix typed: the role's own page under it
    path("pimpinan/", views.pimpinan, name="pimpinan"),
    path("organisasi/", views.organisasi, name="organisasi"),
    path("organisasi/xlsx/", views.organisasi_xlsx, name="organisasi_xlsx"),
]
