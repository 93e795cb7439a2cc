from django.apps import AppConfig


class PerangkatDaerahConfig(AppConfig):
    """Organisations and people: Pemda, PerangkatDaerah, Profil, and the access rules."""

    name = "perangkat_daerah"
    verbose_name = "Perangkat Daerah"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import catat_awal_sesi

        user_logged_in.connect(catat_awal_sesi, dispatch_uid="sakip-awal-sesi")
