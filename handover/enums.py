"""States and kinds of a hand-over of results (issue 19), and the one table of its allowed state changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HandOverState(models.TextChoices):
    DUE = "belum", pgettext_lazy("hand-over state", "Not yet handed over")
    SUBMITTED = "diserahkan", pgettext_lazy("hand-over state", "Handed over, awaiting confirmation")
    MORE_REQUESTED = "perlu_tambahan", pgettext_lazy("hand-over state", "More requested")
    RECEIVED = "diterima", pgettext_lazy("hand-over state", "Received")


HANDOVER_ALLOWED = {
    HandOverState.DUE: {HandOverState.SUBMITTED},
    HandOverState.SUBMITTED: {HandOverState.RECEIVED, HandOverState.MORE_REQUESTED},
    HandOverState.MORE_REQUESTED: {HandOverState.SUBMITTED},
    HandOverState.RECEIVED: set(),
}

# The agency may still add or remove items and hand over: nothing handed over yet, or the office asked for more.
OPEN_STATES = (HandOverState.DUE, HandOverState.MORE_REQUESTED)


class ItemKind(models.TextChoices):
    PUBLICATION = "publikasi", _("Publication (PDF)")
    DATASET = "dataset", _("Link to the dataset")
    QUESTIONNAIRE = "kuesioner", _("Final questionnaire (PDF)")
    METADATA = "metadata", _("Final MS-Keg/MS-Var/MS-Ind (PDF)")


# Kinds that are a link, not a file; kinds the public catalogue shows once the office has received them.
LINK_KINDS = frozenset({ItemKind.DATASET})
PUBLIC_KINDS = frozenset({ItemKind.PUBLICATION, ItemKind.DATASET})
# A hand-over needs at least one of these: the results themselves.
RESULT_KINDS = frozenset({ItemKind.PUBLICATION, ItemKind.DATASET})
