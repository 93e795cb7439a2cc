from django.apps import AppConfig


class PerangkatDaerahConfig(AppConfig):
    """Organisations and people: Pemda, PerangkatDaerah, Profil, and the access rules."""

    name = "perangkat_daerah"
    verbose_name = "Perangkat Daerah"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import catat_awal_sesi
        from .tahun import tahun_pulihkan

        user_logged_in.connect(catat_awal_sesi, dispatch_uid="sakip-awal-sesi")
        user_logged_in.connect(tahun_pulihkan, dispatch_uid="sakip-tahun-kerja")
