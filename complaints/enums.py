"""Choice lists of a complaint (pengaduan), its statuses with the one table of allowed changes, and the
response-time targets of SP4N-LAPOR that the offices use as their yardstick (DOMAIN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SERVICE_TIME = "waktu_layanan", _("Service time")
    REQUIREMENTS = "persyaratan", _("Requirements")
    OFFICER_BEHAVIOUR = "perilaku_petugas", _("Officer behaviour")
    LETTER_CONTENT = "isi_surat", _("Letter content")
    SYSTEM = "sistem", _("System (the Romantik application)")
    OTHER = "lainnya", _("Other")


class Status(models.TextChoices):
    RECEIVED = "diterima", pgettext_lazy("complaint status", "Received")
    IN_PROGRESS = "diproses", pgettext_lazy("complaint status", "In progress")
    RESOLVED = "selesai", pgettext_lazy("complaint status", "Resolved")
    REJECTED = "ditolak", pgettext_lazy("complaint status", "Rejected")


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.IN_PROGRESS})
FINAL_STATUSES = frozenset({Status.RESOLVED, Status.REJECTED})

# The one table. A closed complaint may be reopened (the complainant answers that it is not solved);
# nothing ever goes back to "received", which only the filing sets.
ALLOWED = {
    Status.RECEIVED: {Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED},
    Status.IN_PROGRESS: {Status.RESOLVED, Status.REJECTED},
    Status.RESOLVED: {Status.IN_PROGRESS},
    Status.REJECTED: {Status.IN_PROGRESS},
}

# The complainant must learn why: closing needs a note, which they read.
NOTE_REQUIRED = FINAL_STATUSES

# Bootstrap badge per status (the same colours on every page).
STATUS_BADGES = {
    Status.RECEIVED: "text-bg-primary",
    Status.IN_PROGRESS: "text-bg-warning",
    Status.RESOLVED: "text-bg-success",
    Status.REJECTED: "text-bg-secondary",
}


class Kind(models.TextChoices):
    """How much handling a complaint needs; the handler sets it at triage."""

    SIMPLE = "sederhana", _("Simple: resolved within 5 working days")
    OTHER = "tidak_sederhana", _("Not simple (no field check): resolved within 14 working days")


# SP4N-LAPOR's yardstick, in working days counted from the day after filing.
FIRST_RESPONSE_DAYS = 3
RESOLUTION_DAYS = {Kind.SIMPLE: 5, Kind.OTHER: 14}


class EventKind(models.TextChoices):
    REPLY = "balasan", _("Reply")
    STATUS = "status", _("Status change")
    NOTE = "catatan", _("Internal note")
    KIND = "jenis", _("Kind change")
    LINK = "tautan", _("New tracking link sent")
