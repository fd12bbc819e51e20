from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Complaint intake: the public and signed-in forms, tracking, and the offices' handling."""

    name = "complaints"
    verbose_name = _("Complaints")
