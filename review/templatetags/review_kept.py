"""The review page's parts that grow with a large form, rendered once per content in each process (issue 20):
`{% variables_list submission %}` and `{% indicators_list submission %}` (MS-Var, MS-Ind) and `{% note_item note %}`
(a reviewer's note, review/_note.html).

A large form (300 variables of a dozen columns each, 50 notes over its rounds) cost the review page more in
template rendering than all the rest of the page together (docs/PERFORMANCE.md), and what it shows does not change
between two views: viewed again, the page reuses the HTML. The key holds what decides the HTML with the language
and, for a note, the time zone: any change is a new key, nothing to invalidate.

* Variables and indicators: the submission's version, `Submission.updated_at` ("last saved"), which every write of
  a table row bumps in the same transaction (`submissions.tables.rows`: save, delete, move, the spreadsheet
  import; the agency's pages, the API and the variable reuse all write through it), and the submission's pk (a
  copy or a renewal is a new submission). Reading it costs nothing: the page has loaded the submission; the rows
  themselves are read only when the HTML is made. A write that bypasses those services (a raw `UPDATE`) is not
  seen until the entry ages out.
* The staff's timeline (review/_timeline.html): the submission's version too (a transition is logged only by the
  workflow's door, which saves the submission in the same transaction), with the assignments and consultations
  the page has read (their times, texts and people), the time zone and the language. The transitions are read
  only when the HTML is made.
* A note: its columns, author, question and marks. A note with a form (its delete button carries the request's
  CSRF token) is always rendered.

The standard classifications' names (the variables) and the names of the people who took the steps (the
timeline) are not in the keys: an entry is kept for at most `TTL_S` seconds. The entries are bounded in total
size (`MAX_CHARS`, the least recently used go first)."""

import threading
import time
from collections import OrderedDict

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from submissions.answers import variable_rows

from ..timeline import timeline_for

register = template.Library()

TTL_S = 600
MAX_CHARS = 16_000_000  # ≈ 100 of the largest forms' variables
_kept: OrderedDict[tuple, tuple[float, SafeString]] = OrderedDict()
_lock = threading.Lock()
_size = 0


def version_key(submission) -> tuple:
    """What decides the variables' and indicators' HTML of `submission`, besides the language."""
    return (submission.pk, submission.updated_at)


def kept_html(key: tuple, render) -> SafeString:
    """The HTML kept under `key`, or `render()`'s, then kept."""
    global _size
    now = time.monotonic()
    with _lock:
        found = _kept.get(key)
        if found is not None and now - found[0] < TTL_S:
            _kept.move_to_end(key)
            return found[1]
    html = render()
    with _lock:
        old = _kept.pop(key, None)
        if old is not None:
            _size -= len(old[1])
        _kept[key] = (now, html)
        _size += len(html)
        while _size > MAX_CHARS and len(_kept) > 1:
            _size -= len(_kept.popitem(last=False)[1][1])
    return html


def kept_clear() -> None:
    global _size
    with _lock:
        _kept.clear()
        _size = 0


@register.simple_tag
def variables_list(submission) -> SafeString:
    return kept_html(
        ("variables", get_language(), *version_key(submission)),
        lambda: render_to_string("review/_variables.html", {"variables": variable_rows(submission)}),
    )


@register.simple_tag
def indicators_list(submission) -> SafeString:
    return kept_html(
        ("indicators", get_language(), *version_key(submission)),
        lambda: render_to_string("review/_indicators.html", {"indicators": list(submission.indicators.all())}),
    )


NOTE_TEMPLATE = "review/_note.html"


@register.simple_tag(takes_context=True)
def note_item(context, note) -> SafeString:
    """One note of the review page, as `{% include "review/_note.html" %}` would render it."""
    template = context.template.engine.get_template(NOTE_TEMPLATE)

    def render() -> SafeString:
        with context.push(note=note):
            return template.render(context)

    if getattr(note, "deletable", False):
        return render()
    key = (
        "note",
        get_language(),
        str(timezone.get_current_timezone()),
        note.pk,
        note.round,
        note.text,
        note.response,
        note.created_at,
        note.addressed_at,
        str(note.author) if note.author_id else "",
        getattr(note, "question_label", ""),
        bool(getattr(note, "returned", False)),
    )
    return kept_html(key, render)


def _name(user) -> str:
    return str(user) if user is not None else ""


@register.simple_tag
def staff_timeline(submission, consultations) -> SafeString:
    """The staff's timeline of `submission`, as `{% include "review/_timeline.html" %}` with
    `timeline_for(submission, staff=True, ...)` would render it; `consultations`: every consultation of it, read by
    the page with their people and office (the assignments are prefetched by the page)."""
    assignments = list(submission.assignments.all())
    key = (
        "timeline",
        get_language(),
        str(timezone.get_current_timezone()),
        *version_key(submission),
        tuple(
            (a.pk, a.at, a.reviewer_id, a.assigned_by_id, _name(a.reviewer), _name(a.assigned_by)) for a in assignments
        ),
        tuple(
            (
                c.pk,
                c.asked_at,
                c.question,
                c.answered_at,
                c.answer,
                _name(c.requested_by),
                _name(c.to_user or c.to_office),
                _name(c.answered_by),
            )
            for c in consultations
        ),
    )
    return kept_html(
        key,
        lambda: render_to_string(
            "review/_timeline.html",
            {
                "timeline": timeline_for(
                    submission, staff=True, assignments=assignments, consultations=list(consultations)
                )
            },
        ),
    )
