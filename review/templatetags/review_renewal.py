"""The light check of a renewal (issue 19, submissions/renewal.py): at the top of its review page, only what
differs from the recommendation it renews — the questions, variables and indicators changed since that
submission's approved snapshot, with the round diff's machinery — and the sections that did not change, marked
"tidak berubah", with a link to the previous recommendation."""

from django import template

from submissions.renewal import renewal_changes
from submissions.sections import SECTIONS_BY_KEY

register = template.Library()


@register.inclusion_tag("review/_renewal_changes.html", takes_context=True)
def renewal_changes_panel(context, submission, found=None):
    """`found`: the page's `renewal_changes(submission)` when it has it already (the review page does)."""
    found = found or renewal_changes(submission)
    if found is None:
        return {"renewal": None}
    groups: dict[str, dict] = {}
    for change in found.changes:
        group = groups.setdefault(
            change.section, {"key": change.section, "title": SECTIONS_BY_KEY[change.section].title, "changes": []}
        )
        group["changes"].append(change)
    previous = found.previous
    user = context["request"].user
    return {
        "renewal": submission,
        "previous": previous,
        "previous_letter": getattr(previous, "letter", None),
        "previous_reviewable": user.has_perm("review.comment_submission", previous),
        "changes": found.changes,
        "groups": list(groups.values()),
        "unchanged": [SECTIONS_BY_KEY[key] for key in found.unchanged_sections],
    }
