"""The hand-over block on the agency's submission page (a lower app's page: it loads this tag, its Python imports
nothing of the hand-over). One query, only for an issued submission."""

from django import template

from submissions.states import State

from ..enums import OPEN_STATES
from ..models import HandOver

register = template.Library()


@register.inclusion_tag("handover/_submission_block.html", takes_context=True)
def handover_block(context, submission):
    """The hand-overs due for this recommendation, with a link to the hand-over page, for the agency's members."""
    user = context["request"].user
    show = submission.state == State.ISSUED and user.has_perm("handover.hand_over", submission)
    handovers = list(HandOver.objects.filter(submission=submission).only("period", "due_date", "state")) if show else []
    return {"submission": submission, "handovers": handovers, "open_states": OPEN_STATES}
