"""`{% respondent_burden submission %}`: the activity's respondent burden (ceksurvei.burden), one line, shown on
the review page (review) and the public summary (catalogue), whose Python imports nothing of this app."""

from django import template

from ..burden import MINUTES_PER_QUESTION, submission_burden

register = template.Library()


@register.inclusion_tag("ceksurvei/_burden.html")
def respondent_burden(submission):
    return {"burden": submission_burden(submission), "per_question": MINUTES_PER_QUESTION}
