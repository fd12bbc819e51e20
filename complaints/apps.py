from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Satisfaction survey (IKM) and complaint intake."""

    name = "complaints"
    verbose_name = _("Complaints and satisfaction")
