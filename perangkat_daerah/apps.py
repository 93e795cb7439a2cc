from django.apps import AppConfig


class PerangkatDaerahConfig(AppConfig):
    """Organisations and people: Pemda, PerangkatDaerah, Profil, and the access rules."""

    name = "perangkat_daerah"
    verbose_name = "Perangkat Daerah"
