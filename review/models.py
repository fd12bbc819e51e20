from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """A reviewer working on a submission (assigned by a coordinator, or taken)."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["submission", "reviewer"], name="unique_assignment")]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.submission_id}: {self.reviewer}"


class SectionNote(models.Model):
    """A reviewer's note on one section (optionally one question) of a round; the agency sees it when
    the form is returned, answers it and marks it addressed when revising."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="notes")
    round = models.PositiveSmallIntegerField(_("round"))
    section = models.CharField(_("section"), max_length=20)
    field = models.CharField(_("question"), max_length=50, blank=True)
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("agency's response"), blank=True)
    addressed_at = models.DateTimeField(_("addressed"), null=True, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        indexes = [models.Index(fields=["submission", "round"])]
        verbose_name = _("section note")
        verbose_name_plural = _("section notes")

    def __str__(self):
        return f"{self.submission_id} r{self.round} {self.section}: {self.text[:40]}"


class Comment(models.Model):
    """An internal comment among staff; never shown to the agency."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("internal comment")
        verbose_name_plural = _("internal comments")

    def __str__(self):
        return self.text[:40]


class Consultation(models.Model):
    """A question to a subject-matter colleague or another office, with its answer (seeds 003, 004)."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="consultations")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations_received",
    )
    to_office = models.ForeignKey(
        "romantik.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations_received",
    )
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_user__isnull=False) | models.Q(to_office__isnull=False),
                name="consultation_has_addressee",
            )
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.question[:40]
