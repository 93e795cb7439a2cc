from django.apps import AppConfig


class EvaluasiConfig(AppConfig):
    """The LKE instrument, evaluations, results and recommendations."""

    name = "evaluasi"
    verbose_name = "Evaluasi"

    def ready(self) -> None:
        from .selectors import fakta_kinerja  # noqa: F401 (registers the facts of the performance data)
