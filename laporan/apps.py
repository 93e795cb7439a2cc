from django.apps import AppConfig


class LaporanConfig(AppConfig):
    """Report jobs: LKjIP/LAKIP PDFs, PK documents and LKE workbooks."""

    name = "laporan"
    verbose_name = "Laporan"
