"""The review page's parts that grow with a large form, rendered once per content in each process (issue 20):
`{% variables_list submission %}` and `{% indicators_list submission %}` (MS-Var, MS-Ind) and `{% note_item note %}`
(a reviewer's note, review/_note.html).

A large form (300 variables of a dozen columns each, 50 notes over its rounds) cost the review page more in
template rendering than all the rest of the page together (docs/PERFORMANCE.md), and what it shows does not change
between two views: viewed again, the page reuses the HTML. The key holds everything the HTML shows (variables and
indicators: a digest of every stored column of every row; a note: its columns, author, question and marks), the
language and the time zone: any change is a new key, nothing to invalidate. A note with a form (its delete button
carries the request's CSRF token) is always rendered. The standard classifications' names, read when the
variables' HTML is made, are not in its key: an entry is kept for at most `TTL_S` seconds. The entries are bounded
in total size (`MAX_CHARS`, the least recently used go first). The review view prefetches the variables and
indicators, so their digest costs no query."""

import hashlib
import threading
import time
from collections import OrderedDict
from operator import attrgetter

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from submissions.answers import variable_rows

register = template.Library()

TTL_S = 600
MAX_CHARS = 16_000_000  # ≈ 100 of the largest forms' variables
_kept: OrderedDict[tuple, tuple[float, SafeString]] = OrderedDict()
_lock = threading.Lock()
_size = 0


def rows_digest(rows) -> str:
    """A digest of every stored column of `rows` (model instances of one model), in order."""
    if not rows:
        return ""
    columns = attrgetter(*(field.attname for field in rows[0]._meta.concrete_fields))
    return hashlib.blake2b(repr([columns(row) for row in rows]).encode(), digest_size=16).hexdigest()


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
    variables = list(submission.variables.all())
    return kept_html(
        ("variables", get_language(), rows_digest(variables)),
        lambda: render_to_string("review/_variables.html", {"variables": variable_rows(submission)}),
    )


@register.simple_tag
def indicators_list(submission) -> SafeString:
    indicators = list(submission.indicators.all())
    return kept_html(
        ("indicators", get_language(), rows_digest(indicators)),
        lambda: render_to_string("review/_indicators.html", {"indicators": indicators}),
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
