from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """The workflow: states, transitions, rounds, notes, assignment, SLA clock, queues."""

    name = "review"
    verbose_name = _("Review")
