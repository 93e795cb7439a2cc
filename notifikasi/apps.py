from django.apps import AppConfig


class NotifikasiConfig(AppConfig):
    """Reminders and notifications: in-app, a daily e-mail digest and a pemda's webhook (issue 16 point 5)."""

    name = "notifikasi"
    verbose_name = "Notifikasi"

    def ready(self) -> None:
        from sakip.peristiwa import terjadi

        from .services import peristiwa_terima

        terjadi.connect(peristiwa_terima, dispatch_uid="notifikasi.peristiwa_terima")
