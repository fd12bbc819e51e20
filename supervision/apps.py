from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """How the offices serve, for the offices that supervise them (a province office, BPS RI), and in public."""

    name = "supervision"
    verbose_name = _("Supervision")
