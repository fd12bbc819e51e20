from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    """Issue 19: an agency that ran a recommended activity hands its results over to BPS (publication, dataset
    link, final questionnaire and metadata), per period, due from block VIII's release dates; the office confirms."""

    name = "handover"
    verbose_name = _("Hand-over of results")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers, rules  # noqa: F401 - connects letters.signals.letter_issued; registers perms
