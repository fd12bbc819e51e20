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
* A section of the form (review/_section.html: its answers, table or attachments): the submission's version, the
  section and the shape of its notes and form; the notes (`note_item`, kept or not) and the form for a new note
  (its CSRF token) are put in their places on each view.
* A note: its columns, author, question and marks, and whether the reader may delete it; its delete button's
  CSRF token is kept as a mark (`CSRF_MARK`) that each view replaces with the reader's own token (as in the
  pre-review's list, `prereview_list`).
* The respondent burden (ceksurvei's `{% respondent_burden %}`, `respondent_burden_kept`): the version (the number of
  variables), the submission's respondents, minutes per questionnaire and organiser's province, and the language.
* The message log (notifications/_message_log.html): a digest of every column its rows show, read as plain values
  in one query (`notifications.selectors.submission_message_stamp`: the outbox changes a message's state, attempts
  and error as it works, with no version to key it), with the time zone and the language. A log with a failed
  message to resend (a form with the reader's permission and CSRF token) is always rendered.

The standard classifications' names (the variables) and the names of the people who took the steps (the
timeline) are not in the keys: an entry is kept for at most `TTL_S` seconds. The entries are bounded in total
size (`MAX_CHARS`, the least recently used go first)."""

import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import replace

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from notifications.selectors import submission_message_log, submission_message_stamp
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


def _note_common(context) -> tuple:
    """What every note of a view shares: its template, the language and the time zone (looked up once for a
    section's notes, not once per note: issue 20)."""
    return (
        context.template.engine.get_template(NOTE_TEMPLATE),
        get_language(),
        str(timezone.get_current_timezone()),
    )


@register.simple_tag(takes_context=True)
def note_item(context, note) -> SafeString:
    """One note of the review page, as `{% include "review/_note.html" %}` would render it."""
    if isinstance(note, _Mark):
        return SafeString(note.text)
    return _note_html(context, note, _note_common(context))


def _note_html(context, note, common: tuple) -> SafeString:
    template, language, zone = common

    def render() -> SafeString:
        with context.push(note=note):
            return template.render(context)

    deletable = bool(getattr(note, "deletable", False))
    key = (
        "note",
        language,
        zone,
        note.pk,
        note.round,
        note.text,
        note.response,
        note.created_at,
        note.addressed_at,
        str(note.author) if note.author_id else "",
        getattr(note, "question_label", ""),
        bool(getattr(note, "returned", False)),
        deletable,
    )
    if not deletable:
        return kept_html(key, render)
    # Its delete button is a form: kept with the CSRF token's mark, filled with the reader's token on each view.
    return _csrf_filled(context, kept_html(key, _csrf_marked(context, render)))


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


MESSAGE_LOG_TEMPLATE = "notifications/_message_log.html"


@register.simple_tag(takes_context=True)
def message_log(context, submission) -> SafeString:
    """The staff's message log of `submission`, as `{% include "notifications/_message_log.html" %}` with
    `message_log` = `notifications.selectors.submission_message_log(submission)` would render it (nothing for
    whoever is not of the office's staff: `can.staff`)."""
    template = context.template.engine.get_template(MESSAGE_LOG_TEMPLATE)
    if not context.get("can", {}).get("staff"):
        return template.render(context)

    def render() -> SafeString:
        with context.push(message_log=submission_message_log(submission)):
            return template.render(context)

    stamp = submission_message_stamp(submission)
    if stamp.resendable:
        return render()
    key = ("messages", get_language(), str(timezone.get_current_timezone()), submission.pk, stamp.count, stamp.digest)
    return kept_html(key, render)


SECTION_TEMPLATE = "review/_section.html"
NOTE_FORM_TEMPLATE = "review/_section_note_form.html"


class FormLater:
    """An empty form that a kept part makes only when it renders its HTML again (`section_card`: a section's form
    for a new note, the same for every reviewer, is kept with the section; issue 20: making a dozen forms a view
    that were never rendered cost the assigned reviewer's page ~1 ms). Not bound; `form()` makes it, once."""

    is_bound = False

    def __init__(self, make):
        self._make, self._form = make, None

    def form(self):
        if self._form is None:
            self._form = self._make()
        return self._form


class _Mark:
    """Stands, in the kept HTML of a section (`section_card`), for what each view renders for its reader: the notes
    on one question, the notes on the section, the form for a new note."""

    def __init__(self, name: str, *, is_bound: bool = False):
        self.text = f"\x00review-{name}\x00"
        self.is_bound = is_bound  # the note form's mark: whether the form it stands for is shown with errors

    def __str__(self):
        return self.text


@register.simple_tag(takes_context=True)
def section_note_form(context, view) -> SafeString:
    """The form for a new note on `view`'s section (review/_section_note_form.html), or its mark (`section_card`)."""
    if isinstance(view.note_form, _Mark):
        return SafeString(view.note_form.text)
    template = context.template.engine.get_template(NOTE_FORM_TEMPLATE)
    with context.push(view=view):
        return template.render(context)


@register.simple_tag(takes_context=True)
def section_card(context, submission, view) -> SafeString:
    """One section of the form (`view`: submissions.answers.SectionAnswers with its notes placed and, for a
    reviewer, its note form), as review/_section.html. Its HTML is kept under what decides it besides the notes
    and the form: the submission's version (the answers, the tables, the attachments, which every write bumps), the
    section, which questions have notes, whether the section has notes and a form (and whether it is bound),
    the number of notes, the renewal's marks, the reader's right to download the attachments and the language;
    where the notes go it holds marks, which each view replaces with them as `note_item` renders them for this
    reader (a note's delete button), and so for a form shown again with its errors (`section_note_form`); an empty
    form for a new note (its questions are the section's, decided by the version) is kept, its CSRF token as a
    mark that each view fills with the reader's own."""
    template = context.template.engine.get_template(SECTION_TEMPLATE)
    key_of = view.section.key
    noted = [row for row in view.answers if row.notes]
    form = view.note_form
    key = (
        "section",
        get_language(),
        *version_key(submission),
        key_of,
        view.note_count,
        tuple(row.field for row in noted),
        bool(view.notes),
        form is not None,
        bool(form is not None and form.is_bound),  # an empty form (the same for every reviewer) is kept
        key_of in context.get("renewal_changed", ()),
        key_of in context.get("renewal_unchanged", ()),
        bool(context.get("can_download")) if key_of == "attachments" else None,
    )

    bound = form is not None and form.is_bound

    def render() -> SafeString:
        marked = replace(
            view,
            answers=[replace(row, notes=[_Mark(f"notes:{row.field}")] if row.notes else []) for row in view.answers],
            notes=[_Mark("section-notes")] if view.notes else [],
            note_form=_Mark("note-form", is_bound=True)
            if bound
            else form.form()
            if isinstance(form, FormLater)
            else form,
        )
        with context.push(view=marked):
            return template.render(context)

    html = kept_html(key, _csrf_marked(context, render))
    common = _note_common(context) if noted or view.notes else None
    for row in noted:
        html = html.replace(_Mark(f"notes:{row.field}").text, _notes_html(context, row.notes, common))
    if view.notes:
        html = html.replace(_Mark("section-notes").text, _notes_html(context, view.notes, common))
    if bound:
        html = html.replace(_Mark("note-form").text, section_note_form(context, view))
    return _csrf_filled(context, html)


def _notes_html(context, notes, common: tuple) -> str:
    return "".join(_note_html(context, note, common) for note in notes)


# The request's CSRF token in kept HTML: rendered as this mark, replaced on each view by the reader's own token.
CSRF_MARK = "\x00review-csrf\x00"


def _csrf_marked(context, render):
    """`render()` with the CSRF token's mark in place of the request's token."""

    def marked() -> SafeString:
        with context.push(csrf_token=CSRF_MARK):
            return render()

    return marked


def _csrf_filled(context, html: str) -> SafeString:
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, str(context.get("csrf_token", "")))
    return SafeString(html)


# The respondent burden (ceksurvei's tag, loaded by name: review imports nothing of ceksurvei).
_BURDEN_SOURCE = "{% load ceksurvei_burden %}{% respondent_burden submission %}"
_burden_templates: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # per template engine


@register.simple_tag(takes_context=True)
def respondent_burden_kept(context, submission) -> SafeString:
    """`{% respondent_burden submission %}` (ceksurvei), kept: the burden is worked out from the number of the
    submission's variables (decided by its version, which every write of a variable bumps), its respondents and
    minutes per questionnaire (its own columns, also in the key), its organiser's province (the wage's and the
    province's name come from the wage file, read once per process) and the language. A kept view does not count
    the variables."""
    engine = context.template.engine
    template = _burden_templates.get(engine)
    if template is None:
        template = _burden_templates[engine] = engine.from_string(_BURDEN_SOURCE)
    province = submission.organizer_province
    key = (
        "burden",
        get_language(),
        *version_key(submission),
        submission.respondents_count,
        submission.questionnaire_minutes,
        province.code if province is not None else "",
    )

    def render() -> SafeString:
        with context.push(submission=submission):
            return template.render(context)

    return kept_html(key, render)


PREREVIEW_TEMPLATE = "review/_prereview.html"


@register.simple_tag(takes_context=True)
def prereview_list(context, submission) -> SafeString:
    """The automatic pre-review's results (`prereview`, with `prereview_violations` and `can.review`), as
    `{% include "review/_prereview.html" %}` would render them: kept under every shown column of every result
    (the results themselves are kept per version and rules: submissions.prereview_input.prereview_results_kept),
    whether a violation is already a note, the reader's right to make one and the language; the forms' CSRF token
    is the reader's own on each view."""
    template = context.template.engine.get_template(PREREVIEW_TEMPLATE)
    results = context.get("prereview") or []
    key = (
        "prereview",
        get_language(),
        submission.pk,
        bool(context.get("can", {}).get("review")),
        context.get("prereview_violations"),
        tuple((r.key, r.title, r.section, r.field, r.status, r.text, r.fix, r.noted) for r in results),
    )
    html = kept_html(key, _csrf_marked(context, lambda: template.render(context)))
    return _csrf_filled(context, html)
