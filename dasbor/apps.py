from django.apps import AppConfig


class DasborConfig(AppConfig):
    """The wali kota's and Bagian Organisasi's dashboards: reads only, on top of every other app."""

    name = "dasbor"
    verbose_name = "Dasbor"
