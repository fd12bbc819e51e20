"""Small blocks other apps' pages include: the rating link on a submission, the ratings an agency still
owes on its dashboard, and the kiosk button on a front-desk guest page. Each costs at most one query."""

from django import template

from submissions.enums import GuestStatus
from submissions.states import State

from ..models import SurveyResponse
from ..selectors import submissions_awaiting_rating

register = template.Library()

DASHBOARD_LIMIT = 5


@register.inclusion_tag("satisfaction/_rating_block.html", takes_context=True)
def skm_rating_block(context, submission):
    """On the submission overview, for the agency: rate the service once the letter is issued."""
    user = context["request"].user
    show = submission.state == State.ISSUED and user.has_perm("satisfaction.rate_submission", submission)
    response = SurveyResponse.objects.filter(submission=submission).only("answered_on").first() if show else None
    return {"show": show, "submission": submission, "response": response}


@register.inclusion_tag("satisfaction/_pending_ratings.html", takes_context=True)
def skm_pending_ratings(context):
    """On the agency dashboard: issued submissions nobody of the agency has rated yet."""
    user = context["request"].user
    return {"pending": list(submissions_awaiting_rating(user)[:DASHBOARD_LIMIT])}


@register.inclusion_tag("satisfaction/_kiosk_button.html", takes_context=True)
def skm_kiosk_button(context, entry):
    """On the front desk's guest page, once the visit has ended: open the kiosk questionnaire."""
    user = context["request"].user
    show = entry.status == GuestStatus.DONE and user.has_perm("satisfaction.open_kiosk", entry.office)
    answered = show and SurveyResponse.objects.filter(guest=entry).exists()
    return {"show": show, "answered": answered, "entry": entry}
