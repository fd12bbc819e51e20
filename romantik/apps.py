from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RomantikConfig(AppConfig):
    name = "romantik"
    verbose_name = _("Offices, agencies and people")

    def ready(self):
        from . import security  # noqa: F401 - connects the log-in and two-factor signal receivers
