from django.apps import AppConfig


class LaporanConfig(AppConfig):
    """Report jobs: LKjIP/LAKIP PDFs, PK documents and LKE workbooks."""

    name = "laporan"
    verbose_name = "Laporan"

    def ready(self) -> None:
        from . import fakta  # noqa: F401 (registers the LKjIP facts beside the LKE criteria, evaluasi/fakta.py)
