from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RomantikConfig(AppConfig):
    name = "romantik"
    verbose_name = _("Offices, agencies and people")
