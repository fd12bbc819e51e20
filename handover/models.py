import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from romantik.transitions import StateChange

from .enums import HandOverState, ItemKind


def _item_path(instance, filename):
    # A random name: the uploader's name is kept in `original_name` only (as submissions' attachments).
    return f"handover/{uuid.uuid4().hex}.pdf"


class HandOver(models.Model):
    """The results of one period of a recommended activity, due to BPS on `due_date` (block VIII)."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.PROTECT, related_name="handovers")
    letter = models.ForeignKey("letters.Letter", on_delete=models.PROTECT, related_name="handovers")
    period = models.CharField(_("period"), max_length=7)  # "YYYY-MM" of the release it follows
    due_date = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=16, choices=HandOverState.choices, default=HandOverState.DUE)
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    office_note = models.TextField(_("office's note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["submission", "period"], name="handover_one_per_period")]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self):
        return f"{self.submission_id} {self.period}"


class HandOverItem(models.Model):
    handover = models.ForeignKey(HandOver, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    file = models.FileField(upload_to=_item_path, blank=True)
    original_name = models.CharField(max_length=150, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.original_name or self.url}"


class HandOverTransition(StateChange):
    """One change of a hand-over's state (handover.workflow.handover_transition)."""

    handover = models.ForeignKey(HandOver, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=HandOverState.choices)
    to_state = models.CharField(max_length=16, choices=HandOverState.choices)

    class Meta(StateChange.Meta):
        pass

    def __str__(self):
        return f"{self.from_state} -> {self.to_state}"


class EvidencePack(models.Model):
    """An EPSS evidence pack (handover/evidence.py): one agency's recommendations, letters and hand-overs of one
    year as a ZIP (a PDF summary, the signed letters, the handed-over files), built by a Celery task whose progress
    (`done` of `total` files) the page shows. `office` set: the office's pack (its own submissions only), asked on
    its compliance page; empty: the agency's own pack (every office), asked by one of its verified members."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("evidence pack state", "Waiting")
        RUNNING = "running", pgettext_lazy("evidence pack state", "Being built")
        DONE = "done", pgettext_lazy("evidence pack state", "Ready")
        FAILED = "failed", pgettext_lazy("evidence pack state", "Failed")

    agency = models.ForeignKey("romantik.Agency", on_delete=models.CASCADE, related_name="evidence_packs")
    office = models.ForeignKey(
        "romantik.Office", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence_packs"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="handover/evidence/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self):
        return f"{self.agency_id} {self.year} {self.state}"

    @property
    def open(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
