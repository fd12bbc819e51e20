from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Complaint intake: the public and signed-in forms, tracking, and the offices' handling."""

    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from romantik.officetime import office_of_url_register

        # A complaint's public pages (by its number, ADU-<office code>-<year>-<seq>) show its office's time.
        office_of_url_register(
            ["complaints:filed", "complaints:track_detail", "complaints:attachment"],
            lambda kwargs: (
                (kwargs.get("number") or "").split("-")[1] if (kwargs.get("number") or "").count("-") >= 2 else None
            ),
        )
