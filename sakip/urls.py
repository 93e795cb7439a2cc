"""URL configuration: every app's pages and API under stable paths (docs/ARCHITECTURE.md)."""

from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from perangkat_daerah import views as pd_views
from sakip.konverter import TahunConverter, TriwulanConverter

# Registered before the apps' URLconfs are included: they use <tahun:...> and <triwulan:...>.
register_converter(TahunConverter, "tahun")
register_converter(TriwulanConverter, "triwulan")

urlpatterns = [
    path("masuk/", pd_views.MasukView.as_view(), name="masuk"),
    path("keluar/", pd_views.KeluarView.as_view(), name="keluar"),
    path("tahun/", pd_views.pilih_tahun, name="pilih_tahun"),
    path("profil/", pd_views.profil, name="profil"),
    path("", pd_views.beranda, name="beranda"),
    path("pd/", include("perangkat_daerah.urls")),
    path("kinerja/", include("kinerja.urls")),
    path("perencanaan/", include("kinerja.urls_perencanaan")),
    path("evaluasi/", include("evaluasi.urls")),
    path("laporan/", include("laporan.urls")),
    path("dasbor/", include("dasbor.urls")),
    path("publik/", include("dasbor.urls_publik")),  # the public SAKIP page: no login
    path("notifikasi/", include("notifikasi.urls")),
    path("api/v1/", include("perangkat_daerah.api.urls")),
    path("api/v1/", include("nomenklatur.api.urls")),
    path("api/v1/", include("kinerja.api.urls")),
    path("api/v1/", include("evaluasi.api.urls")),
    path("api/v1/", include("laporan.api.urls")),
    path("api/v1/", include("notifikasi.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler400 = "sakip.api.permintaan_buruk"
handler404 = "sakip.api.tidak_ditemukan"
