"""The workflow's timeline of a submission as a panel for the pages of the apps below review (the agency's
overview): a template tag, so they import nothing of review (docs/ARCHITECTURE.md "Layers")."""

from django import template

from ..timeline import timeline_for

register = template.Library()


@register.inclusion_tag("review/_timeline.html")
def agency_timeline(submission):
    """What happened to the submission, in the agency's words (staff-only steps left out)."""
    return {"timeline": timeline_for(submission, staff=False)}
