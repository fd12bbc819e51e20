"""The catalogue's panels on pages of the apps below it (a template tag, so those apps import nothing of the
catalogue: docs/ARCHITECTURE.md "Layers")."""

from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from review.templatetags.review_kept import kept_html

from ..reuse import MAX_QUERY, MAX_RESULTS, MIN_CHARS, reusable_variables_search, search_text
from ..selectors import catalogue_generation, similar_explained, similar_to_submission
from ..views.similar import MAX_TEXT, MAX_VARIABLES

register = template.Library()


SIMILAR_PANEL = "catalogue/_similar.html"


def similar_panel_key(submission) -> tuple | None:
    """What decides the panel's HTML of a stored `submission` (issue 20), besides the language: the submission's
    version (pk and `updated_at`, which every save of its form and every write of a variable bumps in the same
    transaction: the title, purpose, sector, organiser and variables the search reads) and the catalogue's
    generation (bumped by every entry written or removed, now and again at commit: `catalogue/receivers.py`).
    None: not stored, nothing to key."""
    if submission.pk is None or submission.updated_at is None:
        return None
    return ("similar", get_language(), submission.pk, submission.updated_at, catalogue_generation())


@register.simple_tag
def similar_activities_panel(submission) -> SafeString:
    """Duplicate detection: recommended activities like this submission (the agency's overview, the review page).

    The HTML is kept per process under `similar_panel_key` (review.templatetags.review_kept: bounded in size, at
    most `TTL_S` old, which bounds what is not in the key: a region renamed in a reason's words), so a view of an
    unchanged submission in an unchanged catalogue costs one read of the shared cache (the generation), no query
    and no folding of its variables' words."""

    def render() -> SafeString:
        found = similar_explained(similar_to_submission(submission))
        return render_to_string(SIMILAR_PANEL, {"similar_activities": found})

    key = similar_panel_key(submission)
    return render() if key is None else kept_html(key, render)


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


def reuse_context(request, submission) -> dict:
    """The reuse panel's search (?cari=) and its offers, bounded by catalogue.reuse; for the panel below and for
    catalogue.views.reuse (the offers as the agency types)."""
    typed = request.GET.get("cari", "")[:MAX_QUERY]
    query = search_text(typed)
    return {
        "submission": submission,
        "typed": typed,
        "too_short": bool(typed.strip()) and not query,
        "offers": reusable_variables_search(query) if query else [],
        "min_chars": MIN_CHARS,
        "max_results": MAX_RESULTS,
        "max_query": MAX_QUERY,
    }


@register.inclusion_tag("catalogue/_variable_reuse.html", takes_context=True)
def variable_reuse_panel(context, submission):
    """Reuse (issue 22): on the add-variable page, the search of the recommended activities' public variables
    (?cari=, bounded by catalogue.reuse) and their "Salin" links (?salin=, filling the form below); as one types,
    static/js/reuse.js asks catalogue:variable_reuse. The page checked that the user may change `submission`."""
    return reuse_context(context["request"], submission)
