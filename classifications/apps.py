from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationsConfig(AppConfig):
    """Standard BPS classifications (issue 22, reuse): KBLI 2020, KBJI 2014 and the region codes, shipped as data
    (classifications/data/*.csv, checked when loaded) for a variable's answers to reference. Imports only romantik."""

    name = "classifications"
    verbose_name = _("Standard classifications")
    default_auto_field = "django.db.models.BigAutoField"
