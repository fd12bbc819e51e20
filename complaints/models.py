"""A complaint (pengaduan) filed with a BPS office, and its log of replies and status changes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import FINAL_STATUSES, OPEN_STATUSES, STATUS_BADGES, Category, EventKind, Kind, Status

# Extension per content type the upload check recognised; the stored name never comes from the user.
ATTACHMENT_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def _attachment_path(instance, filename):
    extension = ATTACHMENT_EXTENSIONS.get(instance.attachment_type, "bin")
    return f"complaints/{uuid.uuid4().hex}.{extension}"


class Complaint(models.Model):
    # ADU-<office code>-<year>-<seq:05d>, from a gap-free counter per office and year.
    number = models.CharField(_("tracking number"), max_length=40, unique=True)
    office = models.ForeignKey("romantik.Office", on_delete=models.PROTECT, related_name="complaints")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SIMPLE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    description = models.TextField(_("description"))

    contact_name = models.CharField(_("name"), max_length=150)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    # SHA-256 of the tracking key only the complainant received (complaints.tracking); never the key itself.
    # Empty for complaints filed before tracking keys: their complainant follows them signed in, or with a
    # new key the office sends to the contact address.
    tracking_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A signed-in agency user complaining about one of their agency's submissions.
    submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )

    # Never served from MEDIA_URL: downloaded through a permission-checked view.
    attachment = models.FileField(_("attachment"), upload_to=_attachment_path, blank=True)
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True)

    created_at = models.DateTimeField(_("filed"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("closed"), null=True, blank=True)
    first_response_due = models.DateField(_("first response due"))
    resolution_due = models.DateField(_("resolution due"))

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The office queue: by status, most urgent (earliest due) first.
            models.Index(fields=["office", "status", "resolution_due"], name="complaint_queue_idx"),
            models.Index(fields=["office", "-created_at"], name="complaint_office_new_idx"),
        ]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES.get(self.status, "text-bg-light")

    @property
    def attachment_is_image(self) -> bool:
        return self.attachment_type.startswith("image/")

    def first_response_overdue(self, today) -> bool:
        """No public answer yet and the due day has passed."""
        return self.first_response_at is None and self.first_response_due < today

    def resolution_overdue(self, today) -> bool:
        """Still open and the due day has passed."""
        return self.is_open and self.resolution_due < today


class ComplaintEvent(models.Model):
    """One line of a complaint's log: a reply, a status change, an internal note or a change of kind.
    Public lines are what the complainant reads on the tracking page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    public = models.BooleanField(_("visible to the complainant"), default=True)
    text = models.TextField(_("text"), blank=True)
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="complaint_event_idx")]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self):
        return f"{self.complaint_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_filing(self) -> bool:
        return self.kind == EventKind.STATUS and not self.from_status

    @property
    def new_kind_label(self) -> str:
        """For a change of kind: the label of the kind it was set to (kept in `text`)."""
        return str(Kind(self.text).label) if self.kind == EventKind.KIND and self.text in Kind.values else ""
