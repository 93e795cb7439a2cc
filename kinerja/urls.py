from django.urls import path

from perangkat_daerah import views as pd_views

from .views import anggaran, excel, pk, realisasi, renaksi, renaksi_laporan, verifikasi

app_name = "kinerja"

# <tahun:...> and <triwulan:...> are sakip.konverter's (registered in sakip/urls.py): an unoffered year or a
# quarter outside 1-4 is a 404 before the view runs.
_TW = "<int:pd_id>/<tahun:tahun>/<triwulan:triwulan>/"
_IND_TW = "<int:indikator_id>/<tahun:tahun>/<triwulan:triwulan>/"

urlpatterns = [
    path("", pd_views.awalan, name="awal"),  # a bare prefix typed: the role's own page under it
    path("realisasi/", realisasi.realisasi_saya, name="realisasi_saya"),
    path(f"realisasi/{_TW}", realisasi.realisasi_input, name="realisasi"),
    path("realisasi/kota/", realisasi.realisasi_kota_ini, name="realisasi_kota_ini"),
    path("realisasi/kota/<tahun:tahun>/<triwulan:triwulan>/", realisasi.realisasi_kota, name="realisasi_kota"),
    path(f"realisasi/{_TW}templat.xlsx", excel.templat_realisasi, name="templat_realisasi"),
    path(f"realisasi/{_TW}impor/", excel.impor_realisasi, name="impor_realisasi"),
    path(f"capaian/{_IND_TW}", realisasi.pratinjau_capaian, name="pratinjau"),
    path(f"riwayat/{_IND_TW}", realisasi.riwayat_realisasi, name="riwayat"),
    path("bukti/<int:pk>/", realisasi.bukti_unduh, name="bukti"),
    path("verifikasi/", verifikasi.kotak, name="verifikasi"),
    path(f"verifikasi/{_TW}", verifikasi.putuskan, name="verifikasi_putuskan"),
    path("verifikasi/kota/<tahun:tahun>/<triwulan:triwulan>/", verifikasi.putuskan_kota, name="verifikasi_kota"),
    path("kunci/", verifikasi.kunci, name="kunci"),
    path("kelengkapan/", verifikasi.kelengkapan_ini, name="kelengkapan_ini"),
    path("kelengkapan/<tahun:tahun>/", verifikasi.kelengkapan, name="kelengkapan"),
    path("kelengkapan/<tahun:tahun>/xlsx/", verifikasi.kelengkapan_xlsx, name="kelengkapan_xlsx"),
    path("pk/", pk.pk_saya, name="pk_saya"),
    path("pk/<int:pd_id>/<tahun:tahun>/", pk.pk_detail, name="pk"),
    path("pk/<int:pd_id>/<tahun:tahun>/tetapkan/", pk.pk_tetapkan, name="pk_tetapkan"),
    path("pk/<int:pd_id>/<tahun:tahun>/target/<int:indikator_id>/", pk.target_ubah, name="target_ubah"),
    path(
        "pk/<int:pd_id>/<tahun:tahun>/target/<int:indikator_id>/triwulan/",
        pk.target_isi_triwulan,
        name="target_isi_triwulan",
    ),
    path("anggaran/", anggaran.anggaran_daftar, name="anggaran"),
    path("anggaran/<int:pd_id>/<tahun:tahun>/", anggaran.anggaran_pd, name="anggaran_pd"),
    path("target/impor/", excel.impor_target, name="impor_target"),
    path("target/templat.xlsx", excel.templat_target, name="templat_target"),
    # rencana aksi (issue 16 point 1)
    path("renaksi/", renaksi.renaksi_saya, name="renaksi_saya"),
    path("renaksi/verifikasi/", renaksi_laporan.renaksi_verifikasi, name="renaksi_verifikasi"),
    path("renaksi/<int:pd_id>/<tahun:tahun>/", renaksi.renaksi_pd, name="renaksi"),
    path("renaksi/<int:pd_id>/<tahun:tahun>/laporan/", renaksi_laporan.renaksi_laporan, name="renaksi_laporan"),
    path("renaksi/<int:pd_id>/<tahun:tahun>/templat.xlsx", excel.templat_renaksi, name="templat_renaksi"),
    path("renaksi/<int:pd_id>/<tahun:tahun>/impor/", excel.impor_renaksi, name="impor_renaksi"),
    path(
        "renaksi/<int:pd_id>/<tahun:tahun>/indikator/<int:indikator_id>/tambah/",
        renaksi.renaksi_tambah,
        name="renaksi_tambah",
    ),
    path("renaksi/aksi/<int:pk>/ubah/", renaksi.renaksi_ubah, name="renaksi_ubah"),
    path("renaksi/aksi/<int:pk>/hapus/", renaksi.renaksi_hapus, name="renaksi_hapus"),
    path("renaksi/realisasi/<int:pk>/putuskan/", renaksi_laporan.renaksi_putuskan, name="renaksi_putuskan"),
    path("renaksi/realisasi/<int:pk>/bukti/", renaksi_laporan.renaksi_bukti, name="renaksi_bukti"),
]
