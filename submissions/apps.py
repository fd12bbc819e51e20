from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """FS3 / FP-KPA / MS-Keg forms, variables, indicators, attachments, walk-in intake."""

    name = "submissions"
    verbose_name = _("Submissions")
