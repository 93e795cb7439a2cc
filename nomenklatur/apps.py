from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NomenklaturConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nomenklatur"
    verbose_name = _("Nomenklatur")
