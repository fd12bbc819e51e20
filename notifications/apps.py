from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: every message the portal sends, written with its cause, sent after commit."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import receivers  # noqa: F401 - connects them to the core's signals (receivers.py)
