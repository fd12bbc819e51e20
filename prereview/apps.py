from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrereviewConfig(AppConfig):
    """Automatic pre-review (issue 22): a catalogue of design rules, checked on a plain description of an activity
    (submissions.prereview_input builds it). Imports nothing of submissions."""

    name = "prereview"
    verbose_name = _("Automatic pre-review")
    default_auto_field = "django.db.models.BigAutoField"
