from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: every message the portal sends, written with its cause, sent after commit."""

    name = "notifications"
    verbose_name = _("Notifications")
