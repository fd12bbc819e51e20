"""The catalogue's panels on pages of the apps below it (a template tag, so those apps import nothing of the
catalogue: docs/ARCHITECTURE.md "Layers")."""

from urllib.parse import urlencode

from django import template

from ..selectors import similar_explained, similar_to_submission
from ..views.similar import MAX_TEXT, MAX_VARIABLES

register = template.Library()


@register.inclusion_tag("catalogue/_similar.html")
def similar_activities_panel(submission):
    """Duplicate detection: recommended activities like this submission (the agency's overview, the review page)."""
    return {"similar_activities": similar_explained(similar_to_submission(submission))}


def _described(submission) -> str:
    """The stored submission as the suggestions' parameters (catalogue.views.similar.described_activity)."""
    params = [
        ("judul", submission.title),
        ("tujuan", submission.objective[:MAX_TEXT]),
        ("sektor", submission.sector or ""),
        ("provinsi", submission.organizer_province_id or ""),
        ("kabkota", submission.organizer_regency_id or ""),
        ("kecuali", submission.pk),
    ]
    params += [("variabel", name) for name in submission.variables.values_list("name", flat=True)[:MAX_VARIABLES]]
    return urlencode([(key, value) for key, value in params if value != ""])


@register.inclusion_tag("catalogue/_similar_live.html")
def similar_suggestions_box(submission=None, watch=""):
    """Duplicate detection while the agency types: the suggestions for `submission` as stored (none on the
    new-submission page), updated by static/js/similar.js as the fields named in `watch` change
    ("title=judul,sector=sektor": the field's name = the parameter; "name=variabel+": added to the stored ones)."""
    found = similar_explained(similar_to_submission(submission)) if submission is not None else []
    return {
        "similar_activities": found,
        "searched": submission is not None and bool(submission.title.strip()),
        "base": _described(submission) if submission is not None else "",
        "watch": watch,
    }
