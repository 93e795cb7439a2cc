from django.urls import path

from . import views

app_name = "dasbor"

urlpatterns = [
    path("pimpinan/", views.pimpinan, name="pimpinan"),
    path("organisasi/", views.organisasi, name="organisasi"),
    path("organisasi/xlsx/", views.organisasi_xlsx, name="organisasi_xlsx"),
]
