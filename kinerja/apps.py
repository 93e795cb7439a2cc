from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    """Sasaran, indikator, targets (PK), quarterly realisations and budgets."""

    name = "kinerja"
    verbose_name = "Kinerja"
