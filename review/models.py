from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import State


class Transition(models.Model):
    """One change of a submission's state: who, when, from, to, note."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["submission", "at"])]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.submission_id}: {self.from_state} → {self.to_state}"
