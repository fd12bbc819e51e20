"""States of a submission and the one table of allowed transitions."""

from django.db import models
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draf", pgettext_lazy("submission state", "Draft")
    SUBMITTED = "diajukan", pgettext_lazy("submission state", "Submitted")
    IN_REVIEW = "diperiksa", pgettext_lazy("submission state", "Under review")
    NEEDS_REVISION = "perlu_perbaikan", pgettext_lazy("submission state", "Needs revision")
    FEASIBLE = "layak", pgettext_lazy("submission state", "Feasible")
    NOT_FEASIBLE = "tidak_layak", pgettext_lazy("submission state", "Not feasible")
    ISSUED = "surat_terbit", pgettext_lazy("submission state", "Letter issued")


# States in which the agency may change the form.
EDITABLE_STATES = frozenset({State.DRAFT, State.NEEDS_REVISION})
OPEN_STATES = frozenset({State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION, State.FEASIBLE, State.NOT_FEASIBLE})
FINAL_STATES = frozenset({State.ISSUED})

# The one table of the workflow (DOMAIN.md "Workflow").
ALLOWED = {
    State.DRAFT: {State.SUBMITTED},
    State.SUBMITTED: {State.IN_REVIEW, State.DRAFT},
    State.IN_REVIEW: {State.FEASIBLE, State.NOT_FEASIBLE, State.NEEDS_REVISION},
    State.NEEDS_REVISION: {State.SUBMITTED},
    State.FEASIBLE: {State.ISSUED},
    State.NOT_FEASIBLE: {State.ISSUED},
    State.ISSUED: set(),
}
