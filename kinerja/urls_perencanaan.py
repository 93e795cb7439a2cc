"""Planning pages (perencanaan), served under /perencanaan/ (docs/ARCHITECTURE.md "Perencanaan")."""

from django.urls import path

from perangkat_daerah import views as pd_views

from .views import anggaran_pohon, e81, manual, pohon, pohon_excel, rencana, simpul, usulan

app_name = "perencanaan"

urlpatterns = [
    path("", pd_views.awalan, name="awal"),  # a bare prefix typed: the role's own page under it
    path("pohon/", pohon.pohon, name="pohon"),
    path("pohon/pd/<int:pd_id>/", pohon.pohon_pd, name="pohon_pd"),
    path("pohon/xlsx/", pohon_excel.ekspor, name="pohon_xlsx"),
    path("pohon/pd/<int:pd_id>/xlsx/", pohon_excel.ekspor_pd, name="pohon_pd_xlsx"),
    path("pohon/impor/", pohon_excel.impor, name="pohon_impor"),
    path("mutu/", pohon.mutu, name="mutu"),
    path("anggaran/<tahun:tahun>/", anggaran_pohon.anggaran_kota, name="anggaran"),
    path("anggaran/pd/<int:pd_id>/<tahun:tahun>/", anggaran_pohon.anggaran_pd, name="anggaran_pd"),
    path("usulan/", usulan.usulan_daftar, name="usulan"),
    path("usulan/baru/", usulan.usulan_baru, name="usulan_baru"),
    path("usulan/<int:pk>/putuskan/", usulan.usulan_putuskan, name="usulan_putuskan"),
    path("kontributor/<int:pk>/putuskan/", usulan.kontributor_putuskan, name="kontributor_putuskan"),
    path("manual/<int:indikator_id>/", manual.manual, name="manual"),
    path("iku/", manual.iku_kota, name="iku"),
    path("iku/tetapkan/", manual.iku_tetapkan, name="iku_tetapkan"),
    path("iku/pd/<int:pd_id>/", manual.iku_pd, name="iku_pd"),
    path("iku/pd/<int:pd_id>/tetapkan/", manual.iku_tetapkan, name="iku_pd_tetapkan"),
    path("simpul/baru/", simpul.simpul_baru, name="simpul_baru"),
    path("simpul/<int:pk>/ubah/", simpul.simpul_ubah, name="simpul_ubah"),
    path("simpul/<int:pk>/hapus/", simpul.simpul_hapus, name="simpul_hapus"),
    path("simpul/<int:pk>/indikator/baru/", simpul.indikator_baru, name="indikator_baru"),
    path("indikator/<int:pk>/ubah/", simpul.indikator_ubah, name="indikator_ubah"),
    path("indikator/<int:pk>/hapus/", simpul.indikator_hapus, name="indikator_hapus"),
    path("indikator/<int:pk>/pembanding/", simpul.indikator_pembanding, name="indikator_pembanding"),
    path("rpjmd/", rencana.rpjmd, name="rpjmd"),
    path("rpjmd/<int:periode_id>/ubah/", rencana.rpjmd_ubah, name="rpjmd_ubah"),
    path("rpjmd/<int:periode_id>/tetapkan/", rencana.rpjmd_tetapkan, name="rpjmd_tetapkan"),
    path("renstra/", rencana.renstra_daftar, name="renstra"),
    path("renstra/pd/<int:pd_id>/", rencana.renstra_pd, name="renstra_pd"),
    path("renstra/pd/<int:pd_id>/tetapkan/", rencana.renstra_tetapkan, name="renstra_tetapkan"),
    path("renja/pd/<int:pd_id>/<int:tahun>/", rencana.renja_pd, name="renja_pd"),
    path("renja/pd/<int:pd_id>/<int:tahun>/tetapkan/", rencana.renja_tetapkan, name="renja_tetapkan"),
    path("renja/pd/<int:pd_id>/<tahun:tahun>/e81.xlsx", e81.renja_e81, name="renja_e81"),
]
