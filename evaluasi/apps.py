from django.apps import AppConfig


class EvaluasiConfig(AppConfig):
    """The LKE instrument, evaluations, results and recommendations."""

    name = "evaluasi"
    verbose_name = "Evaluasi"
